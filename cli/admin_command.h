// palermo admin: the keys and tokens of access control (issue #12), made
// locally (nothing is sent to palermod). docs/ACCESS.md.
#pragma once

#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kAdminHelp[];

int Admin(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
