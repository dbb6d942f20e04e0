// latency-bench: from an acknowledged import of one new case to its
// findings stored, in a store of N generated persons: the path palermod's
// findings keeper takes (services/findings_keeper.h), on a real RocksDB
// store.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "bench/generator.h"
#include "findings/keeper.h"
#include "services/importer.h"
#include "store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
double Milliseconds(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

palermo::Status Import(palermo::store::Store* store, const std::string& text, palermo::store::ImportStats* stats) {
  palermo::services::ImporterOptions options;
  options.default_agency = "bench";
  palermo::services::Importer importer(store, options);
  palermo::Status s = importer.ImportText(text);
  *stats = importer.stats();
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t persons = 10000;
  int cases = 50;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) persons = std::stoull(argv[++i]);
    else if (arg == "--cases" && i + 1 < argc) cases = std::stoi(argv[++i]);
    else {
      std::cerr << "usage: latency-bench [--persons N] [--cases K]\n";
      return 2;
    }
  }
  auto reasoner = palermo::reasoner::Reasoner::Load(palermo::reasoner::ShippedRules());
  if (!reasoner.ok()) return 1;
  std::string dir = (std::filesystem::temp_directory_path() / "palermo-latency-bench").string();
  std::filesystem::remove_all(dir);
  palermo::store::StoreOptions store_options;
  store_options.path = dir;
  auto store = palermo::store::Store::Open(store_options);
  if (!store.ok()) return 1;

  // The store: N persons, then K more, one case per import.
  palermo::bench::GeneratorOptions options;
  options.seed = 13;
  options.persons = persons + cases;
  const palermo::bench::SplitCaseFile split = palermo::bench::GenerateSplit(options, static_cast<size_t>(cases));
  palermo::store::ImportStats stats;
  auto start = Clock::now();
  if (!Import(store->get(), split.base, &stats).ok()) return 1;
  std::cout << "store: " << stats.records << " records imported in " << Milliseconds(start) / 1000 << " s\n";
  palermo::findings::FindingsKeeper keeper(store->get(), reasoner->get(), "bench");
  start = Clock::now();
  if (!keeper.EvaluateAll(nullptr).ok()) return 1;
  std::cout << "full evaluation: " << keeper.last_added() << " findings stored in " << Milliseconds(start) / 1000 << " s\n";

  std::vector<double> import_ms, findings_ms;
  size_t new_findings = 0;
  std::vector<double> scope_records;
  for (const std::string& text : split.cases) {
    auto before = (*store)->Snapshot();
    start = Clock::now();
    if (!Import(store->get(), text, &stats).ok()) return 1;
    import_ms.push_back(Milliseconds(start));
    start = Clock::now();
    if (!keeper.Update(*before, stats.TouchedIds(), stats.number, nullptr).ok()) return 1;
    findings_ms.push_back(Milliseconds(start));
    scope_records.push_back(static_cast<double>(keeper.last_scope_records()));
    new_findings += keeper.last_added() + keeper.last_retracted();
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  auto p90 = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() * 9 / 10];
  };
  std::cout << "one case per import, " << split.cases.size() << " imports, " << new_findings << " findings changed\n"
            << "import acknowledged: median " << median(import_ms) << " ms, p90 " << p90(import_ms) << " ms\n"
            << "acknowledged -> findings stored: median " << median(findings_ms) << " ms, p90 " << p90(findings_ms)
            << " ms\n"
            << "records evaluated per import (the touched cases): median " << median(scope_records) << ", p90 "
            << p90(scope_records) << "\n";
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
