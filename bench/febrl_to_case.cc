// febrl-to-case: a FEBRL CSV (bench/data/febrl/) as a case file
// (bench/README.md, "FEBRL4 as case files").
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "bench/febrl.h"

namespace {

constexpr char kUsage[] =
    "usage: febrl-to-case [--agency A] --in FILE.csv --out FILE.jsonl\n"
    "\n"
    "Writes one person per FEBRL row and one national_id identifier per row with a\n"
    "soc_sec_id (bench/README.md, \"FEBRL4 as case files\"). With --agency, every\n"
    "record names agency A; without, the importing caller's agency applies.\n"
    "Counts go to stdout.\n";

}  // namespace

int main(int argc, char** argv) {
  std::string agency, in, out;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (i + 1 >= argc) {
      std::cerr << kUsage;
      return 2;
    }
    if (arg == "--agency") {
      agency = argv[++i];
    } else if (arg == "--in") {
      in = argv[++i];
    } else if (arg == "--out") {
      out = argv[++i];
    } else {
      std::cerr << "unknown option " << arg << "\n" << kUsage;
      return 2;
    }
  }
  if (in.empty() || out.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::ifstream input(in, std::ios::binary);
  if (!input) {
    std::cerr << "febrl-to-case: cannot read " << in << "\n";
    return 1;
  }
  std::stringstream text;
  text << input.rdbuf();
  std::string lines, error;
  palermo::bench::FebrlStats stats;
  if (!palermo::bench::ConvertFebrlCsv(text.str(), agency, &lines, &stats, &error)) {
    std::cerr << "febrl-to-case: " << in << ": " << error << "\n";
    return 1;
  }
  std::ofstream output(out, std::ios::binary);
  output << lines;
  output.close();
  if (!output) {
    std::cerr << "febrl-to-case: cannot write " << out << "\n";
    return 1;
  }
  std::cout << "persons " << stats.persons << "\nidentifiers " << stats.identifiers << "\nbirth_date "
            << stats.birth_dates << "\nfebrl_date_of_birth (not a real date) " << stats.corrupted_birth_dates
            << "\nwithout a name " << stats.nameless << "\n";
  return 0;
}
