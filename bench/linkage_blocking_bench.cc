// linkage-blocking-bench: blocking (linkage/blocking.h) on FEBRL4, file 4a
// (agency A) against 4b (agency B), converted in memory with
// bench/febrl.h and parsed as case files. Reports the candidate pairs, pairs
// completeness (the share of febrl4_true_links.csv's pairs among the
// candidates), the reduction ratio (1 - candidates / (|A| * |B|)), the time
// and the per-rule counts; once with every shipped rule and once without the
// identifier rule (soc_sec_id, which the encoded mode drops).
// Figures in bench/README.md, "Blocking on FEBRL4".
#include <iomanip>
#include <iostream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench/bench_util.h"
#include "bench/febrl.h"
#include "format/case_format.h"
#include "linkage/blocking.h"
#include "palermo/v1/model.pb.h"

namespace {

using palermo::bench::Clock;
using palermo::bench::Seconds;

constexpr char kUsage[] =
    "usage: linkage-blocking-bench [--data DIR] [--max-block-side K]\n"
    "\n"
    "DIR holds febrl_dataset4a.csv, febrl_dataset4b.csv and febrl4_true_links.csv\n"
    "(default: the source tree's bench/data/febrl).\n";

bool Load(const std::string& path, const std::string& agency, std::vector<palermo::v1::Record>* records) {
  std::string csv, lines, error;
  palermo::bench::FebrlStats stats;
  if (!palermo::bench::ReadWholeFile(path, &csv)) {
    std::cerr << "cannot read " << path << "\n";
    return false;
  }
  if (!palermo::bench::ConvertFebrlCsv(csv, agency, &lines, &stats, &error) ||
      !palermo::format::ParseCaseText(lines, agency, records, &error)) {
    std::cerr << path << ": " << error << "\n";
    return false;
  }
  return true;
}

void Report(const char* title, const std::vector<palermo::v1::Record>& a, const std::vector<palermo::v1::Record>& b,
            const std::set<std::pair<std::string, std::string>>& truth, const palermo::linkage::BlockingOptions& options) {
  const auto start = Clock::now();
  palermo::Result<palermo::linkage::BlockingResult> result = palermo::linkage::BlockBetween(a, b, options);
  const double seconds = Seconds(start);
  if (!result.ok()) {
    std::cerr << result.status().ToString() << "\n";
    std::exit(1);
  }
  int64_t found = 0;
  for (const auto& pair : result->pairs) found += truth.count({a[pair.a].id(), b[pair.b].id()});
  const auto& stats = result->stats;
  const double all = static_cast<double>(stats.persons_a) * static_cast<double>(stats.persons_b);
  std::cout << std::fixed << "== " << title << "\n"
            << "persons A " << stats.persons_a << ", B " << stats.persons_b << "; true pairs " << truth.size()
            << "\n"
            << "candidate pairs " << result->pairs.size() << "\n"
            << std::setprecision(4) << "pairs completeness " << static_cast<double>(found) / truth.size() << " ("
            << found << " of " << truth.size() << ")\n"
            << std::setprecision(6) << "reduction ratio " << 1.0 - result->pairs.size() / all << "\n"
            << std::setprecision(3) << "time " << seconds << " s (name keys, keys, pairs; conversion excluded)\n"
            << "unreadable names " << stats.unreadable_names << ", identifiers " << stats.unreadable_identifiers
            << "\n"
            << "rule                              keys   skipped  pairs    only\n";
  for (const auto& rule : stats.rules) {
    std::cout << std::left << std::setw(32) << rule.name << std::right << std::setw(7) << rule.keys << std::setw(8)
              << rule.skipped_blocks << std::setw(9) << rule.pairs << std::setw(7) << rule.only_pairs << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = PALERMO_FEBRL_DATA;
  palermo::linkage::BlockingOptions options;
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
    if (arg == "--data") {
      dir = argv[++i];
    } else if (arg == "--max-block-side") {
      options.max_block_side = std::stoll(argv[++i]);
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  std::vector<palermo::v1::Record> a, b;
  if (!Load(dir + "/febrl_dataset4a.csv", "A", &a) || !Load(dir + "/febrl_dataset4b.csv", "B", &b)) return 1;
  std::string links;
  if (!palermo::bench::ReadWholeFile(dir + "/febrl4_true_links.csv", &links)) {
    std::cerr << "cannot read " << dir << "/febrl4_true_links.csv\n";
    return 1;
  }
  std::set<std::pair<std::string, std::string>> truth;
  std::string error;
  if (!palermo::bench::ReadFebrlTrueLinks(links, &truth, &error)) {
    std::cerr << dir << "/febrl4_true_links.csv: " << error << "\n";
    return 1;
  }
  Report("every rule", a, b, truth, options);
  palermo::linkage::BlockingOptions without = options;
  std::erase_if(without.rules, [](const auto& rule) { return rule.name == "identifier"; });
  Report("without the identifier rule (soc_sec_id)", a, b, truth, without);
  return 0;
}
