// reason-bench: full evaluation of the shipped rules over generated cases
// of N persons: loading the facts, evaluating, assembling findings; peak
// memory; and the naive reference evaluator (no indexes, no semi-naive) on
// the smallest size, to show what the indexes and deltas buy.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "format/case_format.h"
#include "reasoner/assess.h"
#include "reasoner/engine.h"
#include "reasoner/facts.h"

namespace {

using palermo::bench::Clock;
using palermo::bench::Seconds;

long PeakMemoryMiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return 0;
}

std::vector<palermo::v1::Record> Generate(uint64_t persons) {
  palermo::bench::GeneratorOptions options;
  options.seed = 11;
  options.persons = persons;
  std::ostringstream cases, truth;
  palermo::bench::Generate(options, cases, truth);
  std::vector<palermo::v1::Record> records;
  std::string error;
  if (!palermo::format::ParseCaseText(cases.str(), "bench", &records, &error)) {
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<uint64_t> sizes = {10000, 100000};
  uint64_t naive_size = 10000;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) {
      sizes = palermo::bench::ParseSizes(argv[++i]);
    } else if (arg == "--naive-persons" && i + 1 < argc) {
      naive_size = std::stoull(argv[++i]);
    } else {
      std::cerr << "usage: reason-bench [--persons N,N,...] [--naive-persons N (0: skip)]\n";
      return 2;
    }
  }
  auto reasoner = palermo::reasoner::Reasoner::Load({palermo::reasoner::ShippedRules()});
  if (!reasoner.ok()) {
    std::cerr << reasoner.status().message() << "\n";
    return 1;
  }
  const auto& program = (*reasoner)->program();
  std::cout << "| persons | records | evaluator | load facts s | evaluate s | findings (assembled) s | finding tuples | findings | peak MiB |\n"
            << "|---:|---:|---|---:|---:|---:|---:|---:|---:|\n";
  for (uint64_t persons : sizes) {
    auto records = Generate(persons);
    double load_s = 0, evaluate_s = 0;
    size_t tuples = Evaluate(program, records, false, &load_s, &evaluate_s);
    auto start = Clock::now();
    size_t findings = (*reasoner)->Assess(records).size();
    double assess_s = Seconds(start);
    std::cout << "| " << persons << " | " << records.size() << " | semi-naive, indexed | " << load_s << " | "
              << evaluate_s << " | " << assess_s << " | " << tuples << " | " << findings << " | " << PeakMemoryMiB()
              << " |" << std::endl;
    if (persons == naive_size) {
      size_t naive_tuples = Evaluate(program, records, true, &load_s, &evaluate_s);
      std::cout << "| " << persons << " | " << records.size() << " | naive (no indexes, full recompute) | " << load_s
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
