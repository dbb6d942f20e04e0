// palermo release: the owner releases a record to another agency (issue
// #12, GraphService.Release; docs/ACCESS.md).
#pragma once

#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kReleaseHelp[];

int Release(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
