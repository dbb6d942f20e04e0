// soak-bench: palermod's resident memory and the time its findings take,
// import after import into one store, with no client watching.
//
// Starts a real palermod on a fresh data directory, then for each of
// --imports generated files (palermo-gen --persons N, seed i, ids prefixed
// "sI-" so that every file adds new cases; --same-ids reuses the ids, so
// each file replaces the last one's records) imports it with the CLI,
// waits for palermod's "findings after import I" line and reads its
// resident memory. Prints a Markdown table; bench/README.md keeps the
// figures of a run. Arguments after "--" go to palermod.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "common/subprocess.h"

namespace {

namespace fs = std::filesystem;
using palermo::bench::Clock;
using palermo::bench::Seconds;

constexpr char kUsage[] =
    "usage: soak-bench [--imports N] [--persons N] [--work DIR] [--same-ids] [-- PALERMOD_ARGS...]\n"
    "  --imports N  imports into one palermod (default 30)\n"
    "  --persons N  persons of interest per generated file (default 10000: about 121,000 records)\n"
    "  --work DIR   where files and the data directory go (default ./soak-work, removed first)\n"
    "  --same-ids   every file uses the same ids (each import replaces the previous records)\n";

struct Row {
  int import = 0;
  long long records_in_file = 0;
  long long records_in_store = 0;
  long long evaluated = 0;
  std::string scope;
  double import_seconds = 0;
  double findings_ms = 0;
  long rss = 0;
  long peak = 0;
};

// Waits for palermod's line about import `number`'s findings; false after
// `timeout` or when palermod died.
bool AwaitFindings(const palermo::process::Palermod& palermod, int number, std::chrono::seconds timeout, Row* row) {
  const std::regex line("findings after import " + std::to_string(number) +
                        R"(: (\d+) records evaluated \(([^,]+), \d+ batches; the store holds (\d+)\), \d+ new, \d+ retracted, ([0-9.]+) ms)");
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    std::smatch match;
    const std::string log = palermod.log();
    if (std::regex_search(log, match, line)) {
      row->evaluated = std::stoll(match[1]);
      row->scope = match[2];
      row->records_in_store = std::stoll(match[3]);
      row->findings_ms = std::stod(match[4]);
      return true;
    }
    if (kill(palermod.pid(), 0) != 0) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  int imports = 30;
  uint64_t persons = 10000;
  fs::path work = "soak-work";
  bool same_ids = false;
  std::vector<std::string> palermod_args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "soak-bench: " << arg << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--imports") imports = std::stoi(next());
    else if (arg == "--persons") persons = std::stoull(next());
    else if (arg == "--work") work = next();
    else if (arg == "--same-ids") same_ids = true;
    else if (arg == "--") {
      palermod_args.assign(argv + i + 1, argv + argc);
      break;
    } else {
      std::cerr << (arg == "--help" ? "" : "soak-bench: unknown argument " + arg + "\n") << kUsage;
      return arg == "--help" ? 0 : 2;
    }
  }
  fs::remove_all(work);
  fs::create_directories(work);
  palermo::process::Palermod palermod(PALERMOD_PATH, (work / "data").string(), (work / "palermod.log").string(),
                                      "default", palermod_args);
  if (!palermod.running()) {
    std::cerr << "soak-bench: palermod did not start:\n" << palermod.log();
    return 1;
  }
  std::cout << "| import | records in file | records in store | evaluated | scope | import s | findings ms | RSS MiB | peak MiB |\n"
            << "|---:|---:|---:|---:|---|---:|---:|---:|---:|\n";
  for (int i = 1; i <= imports; ++i) {
    const fs::path file = work / "import.jsonl";
    palermo::bench::GeneratorOptions options;
    options.seed = static_cast<uint64_t>(i);
    options.persons = persons;
    if (!same_ids) options.id_prefix = "s" + std::to_string(i) + "-";
    Row row;
    row.import = i;
    {
      std::ofstream cases(file), truth(work / "truth.jsonl");
      row.records_in_file = static_cast<long long>(palermo::bench::Generate(options, cases, truth).records);
    }
    const auto started = Clock::now();
    auto outcome = palermo::process::Run({PALERMO_CLI_PATH, "--server", palermod.address(), "import", file.string()},
                                         (work / "cli").string());
    row.import_seconds = Seconds(started);
    if (outcome.exit_code != 0) {
      std::cerr << "soak-bench: import " << i << " failed: " << outcome.err;
      return 1;
    }
    if (!AwaitFindings(palermod, i, std::chrono::minutes(10), &row)) {
      std::cerr << "soak-bench: no findings line for import " << i << ":\n" << palermod.log();
      return 1;
    }
    row.rss = palermo::process::ResidentMemoryOf(palermod.pid());
    row.peak = palermo::process::PeakMemoryOf(palermod.pid());
    std::printf("| %d | %lld | %lld | %lld | %s | %.2f | %.0f | %.0f | %.0f |\n", row.import, row.records_in_file,
                row.records_in_store, row.evaluated, row.scope.c_str(), row.import_seconds, row.findings_ms,
                row.rss / 1048576.0, row.peak / 1048576.0);
    std::fflush(stdout);
  }
  return palermod.Kill(SIGTERM) == 0 ? 0 : 1;
}
