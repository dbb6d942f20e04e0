// The one place where core Status becomes grpc::Status, where the richer
// error model (google.rpc.Status in grpc-status-details-bin) is built, and
// where request fields are checked at the edge, so that each kind of bad
// input gets the same code in every service (docs/ERRORS.md).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace palermo::services {

grpc::Status ToGrpc(const Status& status);

// A status of `code` whose details (grpc-status-details-bin) are a
// google.rpc.Status with the same code and message and each of `details`
// packed in a google.protobuf.Any (type URL type.googleapis.com/FULL.NAME).
grpc::Status WithDetails(grpc::StatusCode code, const std::string& message,
                         const std::vector<const google::protobuf::Message*>& details);

// Request fields. Each returns OK or InvalidArgument naming the field and
// why, with any byte at fault escaped (\xNN).
//
// Text: well-formed UTF-8 without control characters (U+0000..U+001F,
// U+007F..U+009F). Any text field a client sends.
Status CheckText(std::string_view field, std::string_view value);
// An agency name: text holding no '/'; empty only when `required` is false.
Status CheckAgency(std::string_view field, std::string_view agency, bool required);
// A key: "AGENCY/ID" or "ID" (in the default agency): text, non-empty, at
// most one '/', neither side of it empty. Empty only when `required` is
// false. Well-formed is all this says: the record may not exist.
Status CheckKey(std::string_view field, std::string_view key, bool required);
// A key as a caller wrote it, as a global key: one without '/' is an id
// of `default_agency`.
std::string QualifyKey(std::string_view key, std::string_view default_agency);

}  // namespace palermo::services
