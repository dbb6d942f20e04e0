// Reading a whole file (certificates, keys, policies, schemas): one place
// for the error a caller reports.
#pragma once

#include <string>

#include "common/status.h"

namespace palermo {

// The file's bytes. IoError "cannot read PATH: REASON" when it cannot be
// opened or read.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace palermo
