// A seal for text that one part of a palermod process hands to another
// through a channel that carries no identity of its own: the web page
// (services/web.h) checks its caller's certificate and token and passes
// the checked caller to the services over gRPC's in-process channel,
// sealed; the services accept only a seal made in the same process.
// HMAC-SHA-512-256 (libsodium crypto_auth) under a key drawn at random
// once per process and never written anywhere.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace palermo::access {

// `text` with its seal: "TEXT.MAC", MAC base64url.
std::string Seal(std::string_view text);

// The text of a sealed value of this process; InvalidArgument for one
// that is not (another process's, changed, or not sealed at all).
Result<std::string> Unseal(std::string_view sealed);

}  // namespace palermo::access
