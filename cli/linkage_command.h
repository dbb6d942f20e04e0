// palermo linkage: candidate pairs of persons across agencies, decisions on
// them, the model they were scored with, and (locally, nothing sent)
// privacy-preserving encodings of a case file.
#pragma once

#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kLinkageHelp[];

int Linkage(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
