// A 64-bit FNV-1a hash of a sequence of texts, for fingerprints that must be
// the same on every machine and across restarts (the rules behind stored
// findings, the query behind a page token). Not for security.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace palermo {

class Fingerprint {
 public:
  // Adds `text`, then a separator no text holds alone, so that ("ab", "c")
  // and ("a", "bc") differ.
  Fingerprint& Add(std::string_view text) {
    for (unsigned char c : text) Mix(c);
    Mix(0xff);
    return *this;
  }
  uint64_t value() const { return hash_; }
  // 16 lower-case hex digits.
  std::string Hex() const {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash_));
    return hex;
  }

 private:
  void Mix(unsigned char c) {
    hash_ ^= c;
    hash_ *= 1099511628211ull;
  }
  uint64_t hash_ = 14695981039346656037ull;
};

}  // namespace palermo
