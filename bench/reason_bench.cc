// reason-bench: full evaluation of the shipped rules over generated cases
// of N persons.
//
// 1. palermod: a store of N persons is built (one import), then a real
//    palermod is started on it; finding no findings stored, it evaluates
//    every case (batch by batch) and stores the findings. Its time (from
//    its log) and peak memory (VmHWM) are reported.
// 2. In memory (--in-memory-persons): the records parsed into memory and
//    evaluated at once: loading the facts, evaluating, assembling findings;
//    and the naive reference evaluator (no indexes, no semi-naive) on one
//    size, to show what the indexes and deltas buy.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "common/subprocess.h"
#include "format/case_format.h"
#include "reasoner/assess.h"
#include "reasoner/engine.h"
#include "reasoner/facts.h"
#include "services/importer.h"

namespace {

using palermo::bench::Clock;
using palermo::bench::Seconds;

long PeakMemoryMiB() { return palermo::process::PeakMemoryOf(getpid()) >> 20; }

std::vector<palermo::v1::Record> Generate(uint64_t persons) {
  palermo::bench::GeneratorOptions options;
  options.seed = 11;
  options.persons = persons;
  std::vector<palermo::v1::Record> records;
  std::string error;
  if (!palermo::bench::GenerateRecords(options, &records, &error)) {
    std::cerr << "reason-bench: the generator wrote a bad line: " << error << "\n";
    std::exit(1);
  }
  return records;
}

// Facts plus evaluation; returns the number of finding tuples.
size_t Evaluate(const palermo::reasoner::Program& program, const std::vector<palermo::v1::Record>& records, bool naive,
                double* load_s, double* evaluate_s) {
  auto start = Clock::now();
  palermo::reasoner::Parties parties(records);
  palermo::reasoner::Engine engine(program, palermo::reasoner::EngineOptions{naive});
  palermo::reasoner::AddFacts(records, parties, &engine);
  *load_s = Seconds(start);
  start = Clock::now();
  engine.Evaluate();
  *evaluate_s = Seconds(start);
  size_t tuples = 0;
  for (const auto& f : program.findings) tuples += engine.relation(f.predicate)->size();
  return tuples;
}

// Builds a store of `persons` generated persons in `dir` (the file is
// generated to disk and streamed into one import); returns its records.
int64_t BuildStore(uint64_t persons, const std::string& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/cases.jsonl";
  {
    palermo::bench::GeneratorOptions options;
    options.seed = 11;
    options.persons = persons;
    std::ofstream cases(file), truth(file + ".truth.jsonl");
    palermo::bench::Generate(options, cases, truth);
  }
  palermo::store::StoreOptions store_options;
  store_options.path = dir + "/data";
  auto store = palermo::store::Store::Open(store_options);
  if (!store.ok()) {
    std::cerr << "reason-bench: " << store.status().ToString() << "\n";
    std::exit(1);
  }
  palermo::services::ImporterOptions options;
  options.default_agency = "bench";
  palermo::services::Importer importer(store->get(), options);
  palermo::Status s = importer.Begin();
  std::ifstream in(file, std::ios::binary);
  std::string chunk(1 << 20, '\0');
  while (s.ok() && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    s = importer.Feed(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())));
  }
  if (s.ok()) s = importer.Finish();
  if (!s.ok()) {
    std::cerr << "reason-bench: importing " << file << ": " << s.ToString() << "\n";
    std::exit(1);
  }
  std::filesystem::remove(file);
  return importer.stats().records;
}

// A set of rules: its name in the tables, the shipped rule files it takes
// (palermod --shipped-rules) and a directory of others (--rules).
struct RuleSet {
  std::string name;
  std::string shipped;
  std::string directory;

  std::vector<std::string> PalermodArgs() const {
    std::vector<std::string> args = {"--shipped-rules", shipped};
    if (!directory.empty()) args.insert(args.end(), {"--rules", directory});
    return args;
  }
  std::unique_ptr<palermo::reasoner::Reasoner> Load() const {
    std::vector<palermo::reasoner::RuleSource> sources;
    palermo::Status s = palermo::reasoner::SelectShippedRules(shipped, &sources);
    if (s.ok() && !directory.empty()) s = palermo::reasoner::Reasoner::ReadDirectory(directory, &sources);
    auto loaded = palermo::reasoner::Reasoner::Load(sources);
    if (!s.ok() || !loaded.ok()) {
      std::cerr << "reason-bench: " << name << ": " << (s.ok() ? loaded.status() : s).message() << "\n";
      std::exit(1);
    }
    return std::move(loaded.value());
  }
};

std::vector<RuleSet> RuleSets() {
  return {
      {"v1 legal model", "none", PALERMO_V1_RULES_DIR},
      {"v2 legal model", "palermo", ""},
      {"v2 legal model + ILO/EC indicators (shipped)", "palermo,ilo-ec-indicators", ""},
  };
}

// Starts palermod with `rules` on a copy of the store in `dir`/data and
// waits for its full evaluation; prints a row.
void MeasurePalermod(uint64_t persons, int64_t records, double build_s, const RuleSet& rules, const std::string& dir) {
  const std::string data = dir + "/evaluated";
  std::filesystem::remove_all(data);
  std::filesystem::copy(dir + "/data", data, std::filesystem::copy_options::recursive);
  palermo::process::Palermod server(PALERMOD_PATH, data, dir + "/palermod.log", "default", rules.PalermodArgs());
  if (!server.running()) {
    std::cerr << "reason-bench: palermod did not start:\n" << server.log();
    std::exit(1);
  }
  // "palermod: findings: every case evaluated (1 imports, 120993 records in 2 batches) in 12.345 s, 17127 new, ..."
  const std::string marker = "every case evaluated";
  std::string log;
  long peak = 0;
  while ((log = server.log()).find(marker) == std::string::npos) {
    peak = std::max(peak, server.PeakMemoryBytes());
    if (!server.running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  peak = std::max(peak, server.PeakMemoryBytes());
  size_t at = log.find(marker);
  if (at == std::string::npos) {
    std::cerr << "reason-bench: palermod stopped before evaluating:\n" << log;
    std::exit(1);
  }
  std::string line = log.substr(at, log.find('\n', at) - at);
  double seconds = std::stod(line.substr(line.find(") in ") + 5));
  long findings = std::stol(line.substr(line.find(" s, ") + 4));
  server.Kill(SIGTERM);
  std::cout << "| " << persons << " | " << records << " | " << rules.name << " | " << build_s << " | " << seconds << " | "
            << findings << " | " << peak / (1 << 20) << " |" << std::endl;
  std::filesystem::remove_all(data);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint64_t> sizes = {10000, 100000, 1000000};
  std::vector<uint64_t> in_memory_sizes = {10000};
  uint64_t naive_size = 10000;
  std::string work = (std::filesystem::temp_directory_path() / "palermo-reason-bench").string();
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) {
      sizes = palermo::bench::ParseSizes(argv[++i]);
    } else if (arg == "--in-memory-persons" && i + 1 < argc) {
      in_memory_sizes = palermo::bench::ParseSizes(argv[++i]);
    } else if (arg == "--naive-persons" && i + 1 < argc) {
      naive_size = std::stoull(argv[++i]);
    } else if (arg == "--work" && i + 1 < argc) {
      work = argv[++i];
    } else {
      std::cerr << "usage: reason-bench [--persons N,N,...] [--in-memory-persons N,...] [--naive-persons N (0: skip)]\n"
                   "                    [--work DIR]\n";
      return 2;
    }
  }
  std::cout << "palermod: full evaluation of a stored graph at start, each rule set on a copy of one store\n\n"
            << "| persons | records | rules | store built s | full evaluation s | findings | palermod peak MiB |\n"
            << "|---:|---:|---|---:|---:|---:|---:|\n";
  for (uint64_t persons : sizes) {
    auto start = Clock::now();
    int64_t records = BuildStore(persons, work);
    double build_s = Seconds(start);
    for (const RuleSet& rules : RuleSets()) MeasurePalermod(persons, records, build_s, rules, work);
    std::filesystem::remove_all(work);
  }
  std::cout << "\nin memory: records parsed, evaluated at once\n\n";
  std::cout << "| persons | records | rules | evaluator | load facts s | evaluate s | findings (assembled) s | finding tuples | findings | peak MiB |\n"
            << "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (uint64_t persons : in_memory_sizes) {
    auto records = Generate(persons);
    for (const RuleSet& rules : RuleSets()) {
      auto reasoner = rules.Load();
      double load_s = 0, evaluate_s = 0;
      size_t tuples = Evaluate(reasoner->program(), records, false, &load_s, &evaluate_s);
      auto start = Clock::now();
      size_t findings = reasoner->Assess(records).size();
      double assess_s = Seconds(start);
      std::cout << "| " << persons << " | " << records.size() << " | " << rules.name << " | semi-naive, indexed | "
                << load_s << " | " << evaluate_s << " | " << assess_s << " | " << tuples << " | " << findings << " | "
                << PeakMemoryMiB() << " |" << std::endl;
    }
    auto reasoner = RuleSets().back().Load();
    const auto& program = reasoner->program();
    double load_s = 0, evaluate_s = 0;
    size_t tuples = Evaluate(program, records, false, &load_s, &evaluate_s);
    if (persons == naive_size) {
      size_t naive_tuples = Evaluate(program, records, true, &load_s, &evaluate_s);
      std::cout << "| " << persons << " | " << records.size() << " | " << RuleSets().back().name
                << " | naive (no indexes, full recompute) | " << load_s
                << " | " << evaluate_s << " | - | " << naive_tuples << " | - | " << PeakMemoryMiB() << " |"
                << std::endl;
      if (naive_tuples != tuples) {
        std::cerr << "reason-bench: the naive evaluator disagrees (" << naive_tuples << " vs " << tuples << ")\n";
        return 1;
      }
    }
  }
  return 0;
}
