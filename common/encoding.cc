#include "common/encoding.h"

#include <ctime>

namespace palermo {

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string UtcTimeText(int64_t unix_s) {
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm utc{};
  if (gmtime_r(&t, &utc) == nullptr) return "";
  char text[64];
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0) return "";
  return text;
}

}  // namespace palermo
