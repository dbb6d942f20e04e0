// palermo audit: read palermod's audit log, and check it against its
// signed checkpoints (issue #12; docs/ACCESS.md, "Audit").
#pragma once

#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kAuditHelp[];

int Audit(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
