// Bytes and times as text: lower-case hex, and RFC 3339 UTC seconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace palermo {

// Two lower-case hex digits per byte.
std::string Hex(std::string_view bytes);

// "YYYY-MM-DDTHH:MM:SSZ" of Unix seconds (UTC); "" when the year is out of
// the calendar's reach.
std::string UtcTimeText(int64_t unix_s);

}  // namespace palermo
