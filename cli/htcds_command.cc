#include "cli/htcds_command.h"

#include <ctime>
#include <iostream>

#include "format/htcds.h"

namespace palermo::cli {

const char kHtcdsHelp[] =
    "usage: palermo htcds convert FILE...\n"
    "\n"
    "Converts the tables of one HTCDS export (the Human Trafficking Case Data Standard,\n"
    "field standards 1.0 and 2.0: the toolkit's Excel template as .xlsx, or sheets saved\n"
    "as CSV) to the case format on stdout, and prints on stderr what became of every\n"
    "value. `palermo import --format htcds FILE...` imports the same conversion.\n"
    "docs/HTCDS.md has the mapping; HTCDS by IOM is licensed under CC BY 4.0.\n";

int ConvertHtcdsFiles(const std::vector<std::string>& paths, bool json, std::string* lines, std::string* summary) {
  std::vector<format::Table> tables;
  for (const std::string& path : paths) {
    auto read = format::ReadTables(path);
    if (!read.ok()) {
      std::cerr << "palermo: " << read.status().message() << "; nothing was imported\n";
      return 1;
    }
    for (format::Table& table : *read) tables.push_back(std::move(table));
  }
  format::HtcdsOptions options;
  const std::time_t now = std::time(nullptr);
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
  options.today = today;
  format::HtcdsConversion converted = format::ConvertHtcds(tables, options);
  if (!converted.errors.empty()) {
    for (const format::HtcdsProblem& problem : converted.errors) std::cerr << "palermo: " << problem.ToString() << "\n";
    std::cerr << "palermo: " << converted.errors.size() << (converted.errors.size() == 1 ? " error" : " errors")
              << " in the HTCDS files; nothing was imported\n";
    return 1;
  }
  *lines = std::move(converted.case_lines);
  *summary = json ? "{\"htcds\":" + converted.summary.Json() + "}\n" : converted.summary.ToString();
  return 0;
}

int Htcds(const Global& global, const std::vector<std::string>& raw) {
  if (raw.empty() || raw[0] != "convert" || raw.size() < 2) {
    std::cerr << kHtcdsHelp;
    return 2;
  }
  std::string lines, summary;
  if (int converted = ConvertHtcdsFiles({raw.begin() + 1, raw.end()}, global.json, &lines, &summary); converted != 0) {
    return converted;
  }
  std::cout << lines;
  std::cerr << summary;
  return 0;
}

}  // namespace palermo::cli
