#pragma once

#include <string_view>

namespace palermo::format {

// True for an ISO 3166-1 alpha-2 code (officially assigned), or the
// user-assigned "XK" (Kosovo) that agencies use.
bool IsCountryCode(std::string_view code);

// The number of codes IsCountryCode accepts (for tests).
int CountryCodeCount();

}  // namespace palermo::format
