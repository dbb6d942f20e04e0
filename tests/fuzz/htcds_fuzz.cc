// Fuzzes HTCDS in (issue #13; format/htcds.h, format/tabular.h): the first
// byte picks how the rest is read, as a CSV file (even) or an .xlsx
// workbook (odd), and the tables are converted. Beyond the sanitizers:
// errors are valid UTF-8, and a conversion without errors gives lines the
// case format accepts (the importer would otherwise refuse what the
// converter made).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/text.h"
#include "format/case_format.h"
#include "format/htcds.h"

namespace {

void Require(bool condition, const char* what, const std::string& detail) {
  if (condition) return;
  std::fprintf(stderr, "htcds_fuzz: %s: %s\n", what, palermo::EscapeForMessage(detail, 600).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The readers take files, as the CLI gives them.
  static const std::string dir = [] {
    char pattern[] = "/tmp/htcds_fuzz.XXXXXX";
    const char* made = mkdtemp(pattern);
    return std::string(made == nullptr ? "/tmp" : made);
  }();
  const std::string path = dir + ((data[0] & 1) != 0 ? "/input.xlsx" : "/input.csv");
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data + 1, 1, size - 1, file);
  std::fclose(file);
  auto tables = palermo::format::ReadTables(path);
  if (!tables.ok()) {
    Require(palermo::IsValidUtf8(tables.status().message()), "a read error that is not UTF-8", tables.status().message());
    return 0;
  }
  palermo::format::HtcdsConversion converted = palermo::format::ConvertHtcds(*tables, {"2026-11-30"});
  for (const auto& problem : converted.errors) {
    Require(palermo::IsValidUtf8(problem.ToString()), "an error that is not UTF-8", problem.ToString());
  }
  if (!converted.errors.empty()) return 0;
  std::vector<palermo::v1::Record> records;
  std::string error;
  Require(palermo::format::ParseCaseText(converted.case_lines, "fuzz", &records, &error),
          "converted lines the case format refuses", error + "\n" + converted.case_lines);
  return 0;
}
