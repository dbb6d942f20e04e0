#include "access/seal.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

#include "access/base64.h"

namespace palermo::access {
namespace {

const unsigned char* ProcessKey() {
  static const std::vector<unsigned char> key = [] {
    if (sodium_init() < 0) std::abort();  // libsodium cannot start: nothing is safe to seal
    std::vector<unsigned char> k(crypto_auth_KEYBYTES);
    crypto_auth_keygen(k.data());
    return k;
  }();
  return key.data();
}

}  // namespace

std::string Seal(std::string_view text) {
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(text.data()), text.size(), ProcessKey());
  return std::string(text) + "." + ToBase64(mac, sizeof mac, Base64Variant::kUrlNoPadding);
}

Result<std::string> Unseal(std::string_view sealed) {
  const size_t dot = sealed.rfind('.');
  std::vector<uint8_t> mac;
  if (dot == std::string_view::npos || !FromBase64(sealed.substr(dot + 1), &mac, Base64Variant::kUrlNoPadding) ||
      mac.size() != crypto_auth_BYTES) {
    return Status::InvalidArgument("not a sealed value");
  }
  const std::string_view text = sealed.substr(0, dot);
  if (crypto_auth_verify(mac.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size(), ProcessKey()) !=
      0) {
    return Status::InvalidArgument("the seal does not verify");
  }
  return std::string(text);
}

}  // namespace palermo::access
