// HTCDS files for `palermo import --format htcds` and `palermo htcds`
// (issue #13; docs/HTCDS.md): the tables read and converted here, on the
// client, into the case format the ordinary import checks and writes.
#pragma once

#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kHtcdsHelp[];

// Reads `paths` (.xlsx workbooks or CSV files: the tables of one HTCDS
// export) and converts them: 0 with the case lines and the summary's
// text (as JSON with `json`), or 1 after printing every error (then nothing
// is to be imported).
int ConvertHtcdsFiles(const std::vector<std::string>& paths, bool json, std::string* lines, std::string* summary);

// palermo htcds convert FILE...: the case lines on stdout, the summary on stderr.
int Htcds(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
