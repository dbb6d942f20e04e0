// ISO 8601 dates as the case format writes them, possibly partial, and the
// interval each stands for.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace palermo::format {

struct DateInterval {
  int64_t first_s = 0;  // first second, Unix time UTC, inclusive
  int64_t last_s = 0;   // last second, inclusive
};

// Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD", and "YYYY-MM-DDThh:mm[:ss[.fff]]"
// followed by "Z" or "+hh:mm"/"-hh:mm" (no zone means UTC). Years 0001-9999.
// Also an interval of two of those (ISO 8601-2, EDTF level 1):
// "2009-03/2009-06", with ".." for an open end ("../2009-06", "2008/..");
// it stands for the start's first second to the end's last (an open end
// reaching 0001-01-01 or 9999-12-31). On failure returns false and sets
// `reason`.
bool ParseIsoDate(std::string_view text, DateInterval* out, std::string* reason);


}  // namespace palermo::format
