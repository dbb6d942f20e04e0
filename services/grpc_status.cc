#include "services/grpc_status.h"

#include <google/protobuf/any.pb.h>

#include "common/text.h"
#include "model/vocabulary.h"
#include "google/rpc/status.pb.h"

namespace palermo::services {

grpc::Status ToGrpc(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return grpc::Status::OK;
    case Status::Code::kInvalidArgument: return {grpc::StatusCode::INVALID_ARGUMENT, status.message()};
    case Status::Code::kNotFound: return {grpc::StatusCode::NOT_FOUND, status.message()};
    case Status::Code::kAlreadyExists: return {grpc::StatusCode::ALREADY_EXISTS, status.message()};
    case Status::Code::kBusy: return {grpc::StatusCode::UNAVAILABLE, status.message()};
    case Status::Code::kUnavailable: return {grpc::StatusCode::UNAVAILABLE, status.message()};
    case Status::Code::kCancelled: return {grpc::StatusCode::CANCELLED, status.message()};
    case Status::Code::kCorruption: return {grpc::StatusCode::DATA_LOSS, status.message()};
    case Status::Code::kIoError: return {grpc::StatusCode::INTERNAL, status.message()};
  }
  return {grpc::StatusCode::UNKNOWN, status.message()};
}

grpc::Status WithDetails(grpc::StatusCode code, const std::string& message,
                         const std::vector<const google::protobuf::Message*>& details) {
  google::rpc::Status status;
  status.set_code(static_cast<int32_t>(code));
  status.set_message(message);
  for (const auto* detail : details) status.add_details()->PackFrom(*detail);
  return {code, message, status.SerializeAsString()};
}

namespace {

std::string Quoted(std::string_view value) { return "\"" + EscapeForMessage(value, 200) + "\""; }

}  // namespace

Status CheckText(std::string_view field, std::string_view value) {
  size_t bad = InvalidUtf8Offset(value);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + " " + Quoted(value) + " is not valid UTF-8 (byte " +
                                   std::to_string(bad + 1) + ")");
  }
  bad = ControlCharacterOffset(value);
  if (bad != std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + " " + Quoted(value) + " holds a control character (byte " +
                                   std::to_string(bad + 1) + ")");
  }
  return Status::Ok();
}

Status CheckAgency(std::string_view field, std::string_view agency, bool required) {
  if (agency.empty()) {
    return required ? Status::InvalidArgument(std::string(field) + " is required (an agency name)") : Status::Ok();
  }
  Status s = CheckText(field, agency);
  if (!s.ok()) return s;
  if (agency.find('/') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(field) + " " + Quoted(agency) +
                                   " is not an agency name: it holds '/', which separates agency and id in keys");
  }
  return Status::Ok();
}

Status CheckKey(std::string_view field, std::string_view key, bool required) {
  if (key.empty()) {
    return required ? Status::InvalidArgument(std::string(field) + " is required (a key AGENCY/ID, or an ID)")
                    : Status::Ok();
  }
  Status s = CheckText(field, key);
  if (!s.ok()) return s;
  const size_t slash = key.find('/');
  if (slash != std::string_view::npos &&
      (slash == 0 || slash + 1 == key.size() || key.find('/', slash + 1) != std::string_view::npos)) {
    return Status::InvalidArgument(std::string(field) + " " + Quoted(key) +
                                   " is not a key: a key is AGENCY/ID (one '/', neither side empty) or an ID");
  }
  return Status::Ok();
}

std::string QualifyKey(std::string_view key, std::string_view default_agency) {
  return key.find('/') == std::string_view::npos ? model::GlobalKey(default_agency, key) : std::string(key);
}

}  // namespace palermo::services
