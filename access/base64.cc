#include "access/base64.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>

namespace palermo::access {
namespace {

int SodiumVariant(Base64Variant variant) {
  return variant == Base64Variant::kStandard ? sodium_base64_VARIANT_ORIGINAL
                                             : sodium_base64_VARIANT_URLSAFE_NO_PADDING;
}

}  // namespace

std::string ToBase64(const uint8_t* data, size_t size, Base64Variant variant) {
  if (sodium_init() < 0) std::abort();
  const int v = SodiumVariant(variant);
  std::string out(sodium_base64_encoded_len(size, v), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, v);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool FromBase64(std::string_view text, std::vector<uint8_t>* out, Base64Variant variant) {
  if (sodium_init() < 0) return false;
  out->assign(text.size() / 4 * 3 + 3, 0);
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out->data(), out->size(), text.data(), text.size(), nullptr, &length, &end,
                        SodiumVariant(variant)) != 0 ||
      end != text.data() + text.size()) {
    return false;
  }
  out->resize(length);
  return true;
}

}  // namespace palermo::access
