// Base64 through libsodium, for access/'s text formats (tokens, key files,
// checkpoints). Internal to access/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace palermo::access {

enum class Base64Variant { kStandard, kUrlNoPadding };  // RFC 4648 sections 4 and 5 (JWS)

std::string ToBase64(const uint8_t* data, size_t size, Base64Variant variant = Base64Variant::kStandard);
// False when `text` is not entirely base64 of that variant.
bool FromBase64(std::string_view text, std::vector<uint8_t>* out, Base64Variant variant = Base64Variant::kStandard);

}  // namespace palermo::access
