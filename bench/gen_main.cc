// palermo-gen: writes a synthetic case file and its ground truth.
#include <fstream>
#include <iostream>
#include <string>

#include "bench/generator.h"

namespace {

constexpr char kUsage[] =
    "usage: palermo-gen [--persons N] [--records N] [--seed S] [--id-prefix P] --out FILE [--truth FILE]\n"
    "\n"
    "Writes a synthetic case file (JSON Lines, docs/CASE-FORMAT.md) of N persons of\n"
    "interest (smuggling, trafficking, household chores, ILO/EC indicator cases;\n"
    "bench/README.md), with the findings the legal model and the ILO/EC indicators\n"
    "expect for each in the truth file. The same seed gives the same files; the\n"
    "persons of each kind of case are counted on stdout.\n"
    "\n"
    "  --persons N   persons of interest (default 1000; 0 = no limit)\n"
    "  --records N   stop once N records are written (default: no limit)\n"
    "  --seed S      random seed (default 1)\n"
    "  --id-prefix P put P before every id (files with different prefixes share no record)\n"
    "  --out FILE    the case file\n"
    "  --truth FILE  the ground truth (default FILE.truth.jsonl)\n";

}  // namespace

int main(int argc, char** argv) {
  palermo::bench::GeneratorOptions options;
  std::string out, truth;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "palermo-gen: " << arg << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    try {
      if (arg == "--persons") options.persons = std::stoull(next());
      else if (arg == "--records") options.records = std::stoull(next());
      else if (arg == "--seed") options.seed = std::stoull(next());
      else if (arg == "--id-prefix") options.id_prefix = next();
      else if (arg == "--out") out = next();
      else if (arg == "--truth") truth = next();
      else if (arg == "--help" || arg == "-h") {
        std::cout << kUsage;
        return 0;
      } else {
        std::cerr << "palermo-gen: unknown argument " << arg << "\n" << kUsage;
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "palermo-gen: " << arg << " needs a whole number\n";
      return 2;
    }
  }
  if (out.empty()) {
    std::cerr << "palermo-gen: --out is required\n" << kUsage;
    return 2;
  }
  if (options.persons == 0 && options.records == 0) {
    std::cerr << "palermo-gen: give --persons or --records a limit\n";
    return 2;
  }
  if (truth.empty()) truth = out + ".truth.jsonl";
  std::ofstream cases_file(out, std::ios::binary), truth_file(truth, std::ios::binary);
  if (!cases_file || !truth_file) {
    std::cerr << "palermo-gen: cannot write " << (cases_file ? truth : out) << "\n";
    return 1;
  }
  auto stats = palermo::bench::Generate(options, cases_file, truth_file);
  cases_file.close();
  truth_file.close();
  if (!cases_file || !truth_file) {
    std::cerr << "palermo-gen: write failed\n";
    return 1;
  }
  std::cout << "palermo-gen: " << stats.persons << " persons, " << stats.records << " records -> " << out << "\n";
  for (int t = 0; t < palermo::bench::kCaseTypeCount; ++t) {
    std::cout << "  " << palermo::bench::CaseTypeName(static_cast<palermo::bench::CaseType>(t)) << " "
              << stats.cases_by_type[t] << "\n";
  }
  return 0;
}
