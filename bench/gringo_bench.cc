// gringo-bench: our engine and gringo (the grounder of the Potassco ASP
// system), side by side, on the same rules and the same facts (issue #9).
//
// The rule files are parsed by our own parser and translated mechanically
// into gringo's language (bench/gringo_translate.h). For each size, the
// generated cases (seed 11, as reason-bench) are evaluated in this process
// by our engine, exactly as reason-bench's in-memory path does (Parties,
// AddFacts, Evaluate), timed and measured; the engine's base relations are
// then written as gringo facts, and gringo runs as a child process (timed,
// its peak memory sampled): on the facts alone, on the rules as written,
// and on the rules along our planner's join order. The finding tuples it
// shows must be exactly ours; exits 1 when they are not. gringo is stopped
// beyond a time and a memory limit (--gringo-limits), and is then not
// compared.
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "bench/gringo_translate.h"
#include "common/subprocess.h"
#include "format/case_format.h"
#include "reasoner/engine.h"
#include "reasoner/facts.h"
#include "reasoner/parser.h"
#include "reasoner/program.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
namespace r = palermo::reasoner;
using palermo::bench::Clock;
using palermo::bench::Seconds;
using palermo::bench::gringo::Translation;

// Where gringo is stopped (it may grow beyond the machine).
struct Limits {
  double seconds = 0;  // 0: none
  long bytes = 0;      // resident; 0: none
};

struct Options {
  std::vector<uint64_t> sizes = {10000, 100000};
  std::string gringo = PALERMO_GRINGO_PATH;
  std::string work = (fs::temp_directory_path() / "palermo-gringo-bench").string();
  bool keep = false;  // leave the translated files (and gringo's output) in `work`
  Limits limits = {1800, 12L << 30};  // gringo is stopped beyond them
  std::vector<std::string> rule_files;
};

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "gringo-bench: " << message << "\n";
  std::exit(1);
}

long MiB(long bytes) { return bytes >> 20; }

// Every rules/*.dl of the source tree, sorted by name.
std::vector<std::string> ShippedRuleFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(PALERMO_RULES_DIR)) {
    if (entry.path().extension() == ".dl") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ReadFile(const std::string& path) {
  std::string text;
  if (!palermo::bench::ReadWholeFile(path, &text)) Fail("cannot read " + path);
  return text;
}

// Parses and compiles the rule files, as palermod loads them.
void LoadRules(const std::vector<std::string>& paths, std::vector<r::ParsedFile>* files, r::Program* program) {
  for (const auto& path : paths) {
    auto parsed = r::ParseRules(ReadFile(path), path);
    if (!parsed.ok()) Fail(parsed.status().message());
    files->push_back(std::move(parsed.value()));
  }
  palermo::Status s = r::Compile(*files, r::BasePredicates(), program);
  if (!s.ok()) Fail(s.message());
}

std::vector<palermo::v1::Record> Generate(uint64_t persons) {
  palermo::bench::GeneratorOptions options;
  options.seed = 11;
  options.persons = persons;
  std::vector<palermo::v1::Record> records;
  std::string error;
  if (!palermo::bench::GenerateRecords(options, &records, &error)) {
    Fail("the generator wrote a bad line: " + error);
  }
  return records;
}

// Starts this process's peak resident set (VmHWM) afresh at its current
// resident set (freed memory returned first), so that the peak measured
// next is that of what follows; returns the resident set.
long ResetPeakMemory() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
  long resident = palermo::process::ResidentMemoryOf(getpid());
  if (palermo::process::PeakMemoryOf(getpid()) > resident + (1 << 20)) {
    std::cerr << "gringo-bench: cannot reset the peak memory (/proc/self/clear_refs): ours includes generating\n";
  }
  return resident;
}

// Every tuple of the finding predicates, canonical, sorted.
std::vector<std::string> FindingTuples(const r::Engine& engine, const std::vector<std::string>& predicates) {
  std::vector<std::string> tuples;
  for (const auto& predicate : predicates) {
    const r::Relation* relation = engine.relation(predicate);
    for (size_t row = 0; row < relation->size(); ++row) {
      tuples.push_back(palermo::bench::gringo::CanonicalTuple(predicate, relation->row(row), engine.symbols()));
    }
  }
  std::sort(tuples.begin(), tuples.end());
  return tuples;
}

struct Ours {
  size_t records = 0;
  double load_s = 0, evaluate_s = 0;
  long before = 0, peak = 0;  // resident bytes before loading the facts; peak until evaluated
  size_t facts = 0;
  std::vector<std::string> findings;  // canonical tuples, sorted
};

// Our engine on the generated records, exactly as reason-bench's in-memory
// path; then the engine's facts written for gringo.
Ours EvaluateOurs(uint64_t persons, const r::Program& program, Translation* translation, const std::string& facts_path) {
  Ours ours;
  auto records = Generate(persons);
  ours.records = records.size();
  ours.before = ResetPeakMemory();
  auto start = Clock::now();
  r::Parties parties(records);
  r::Engine engine(program);
  r::AddFacts(records, parties, &engine);
  ours.load_s = Seconds(start);
  start = Clock::now();
  engine.Evaluate();
  ours.evaluate_s = Seconds(start);
  ours.peak = palermo::process::PeakMemoryOf(getpid());
  ours.findings = FindingTuples(engine, translation->findings());
  palermo::Status s = translation->EncodeNumbers(engine);
  if (!s.ok()) Fail(s.message());
  std::ofstream facts(facts_path);
  ours.facts = translation->WriteFacts(engine, facts);
  if (!facts.flush()) Fail("cannot write " + facts_path);
  return ours;
}

// A child process's run: wall time, peak resident set, and whether it was
// stopped at a limit.
struct Child {
  double seconds = 0;
  long peak = 0;           // bytes
  std::string stopped;     // empty when it ran to its end; else which limit stopped it
};

// Runs `args` (the program found on PATH) with stdout to `out_path` and
// stderr to `err_path`: its wall time, and its peak resident set sampled
// every 5 ms (getrusage's maxrss would count this process's pages from
// before the exec). Killed at `limits`; fails unless it exits with 0.
Child RunChild(std::vector<std::string> args, const std::string& out_path, const std::string& err_path,
               Limits limits = {}) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  Child child;
  pid_t pid = 0;
  auto start = Clock::now();
  int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) Fail("cannot start " + args[0] + ": " + std::strerror(spawned));
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    child.peak = std::max(child.peak, palermo::process::PeakMemoryOf(pid));
    if (child.stopped.empty() && limits.bytes > 0 && child.peak > limits.bytes) child.stopped = "memory limit";
    if (child.stopped.empty() && limits.seconds > 0 && Seconds(start) > limits.seconds) child.stopped = "time limit";
    if (!child.stopped.empty()) kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  child.seconds = Seconds(start);
  if (child.stopped.empty() && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
    Fail(args[0] + " failed (wait status " + std::to_string(status) + "):\n" + ReadFile(err_path).substr(0, 4000));
  }
  return child;
}

// The shown atoms of gringo's output (aspif: "4 LENGTH TEXT 0" for each
// shown atom that is a fact), decoded. Every shown atom must be a fact: the
// rules are stratified, so grounding alone decides them.
std::vector<std::string> ReadShown(const std::string& path, const Translation& translation) {
  std::ifstream in(path);
  std::vector<std::string> shown;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("4 ", 0) != 0) continue;
    size_t space = line.find(' ', 2);
    size_t length = std::stoul(line.substr(2, space - 2));
    std::string text = line.substr(space + 1, length);
    if (line.substr(space + 1 + length) != " 0") Fail("gringo left " + text + " undecided: " + line);
    auto decoded = translation.DecodeAtom(text);
    if (!decoded.ok()) Fail(decoded.status().message());
    shown.push_back(std::move(decoded.value()));
  }
  std::sort(shown.begin(), shown.end());
  return shown;
}

// Prints up to 10 tuples of `a` not in `b`; returns how many there are.
size_t ReportMissing(const std::vector<std::string>& a, const std::vector<std::string>& b, const std::string& label) {
  std::vector<std::string> only;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
  for (size_t i = 0; i < only.size() && i < 10; ++i) std::cerr << "  only " << label << ": " << only[i] << "\n";
  if (only.size() > 10) std::cerr << "  ... and " << only.size() - 10 << " more only " << label << "\n";
  return only.size();
}

std::string GringoVersion(const Options& options) {
  const std::string out_path = options.work + "/version.out";
  RunChild({options.gringo, "--version"}, out_path, options.work + "/version.err");
  std::string version = ReadFile(out_path);
  return version.substr(0, version.find('\n'));
}

// "1800,12" -> 1800 s, 12 GiB.
Limits ParseLimits(const std::string& text) {
  Limits limits;
  size_t comma = text.find(',');
  limits.seconds = std::stod(text.substr(0, comma));
  if (comma != std::string::npos) limits.bytes = static_cast<long>(std::stod(text.substr(comma + 1)) * (1L << 30));
  return limits;
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) {
      options.sizes = palermo::bench::ParseSizes(argv[++i]);
    } else if (arg == "--gringo" && i + 1 < argc) {
      options.gringo = argv[++i];
    } else if (arg == "--work" && i + 1 < argc) {
      options.work = argv[++i];
    } else if (arg == "--gringo-limits" && i + 1 < argc) {
      options.limits = ParseLimits(argv[++i]);
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (!arg.empty() && arg[0] != '-') {
      options.rule_files.push_back(arg);
    } else {
      std::cerr << "usage: gringo-bench [--persons N,N,...] [--gringo PATH] [--gringo-limits SECONDS,GIB]\n"
                   "                    [--work DIR] [--keep] [RULE_FILE.dl ...]\n"
                   "  default: --persons 10000,100000 --gringo-limits 1800,12, every " PALERMO_RULES_DIR "/*.dl\n"
                   "  --work DIR: where the translated rules and facts and gringo's output go (a temporary\n"
                   "              directory by default), removed at the end unless --keep\n";
      std::exit(2);
    }
  }
  if (options.rule_files.empty()) options.rule_files = ShippedRuleFiles();
  return options;
}

// The translated rules, written for the encodings of the last facts.
void WriteRules(const Translation& translation, Translation::Order order, const std::string& path) {
  std::ofstream rules(path);
  translation.WriteRules(rules, order);
  if (!rules.flush()) Fail("cannot write " + path);
}

std::string Fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

// gringo on `rules` and the facts: one row of the table. False when it
// derived other findings than ours.
bool MeasureGringo(const std::string& label, const std::string& rules, const Ours& ours, const Options& options,
                   const Translation& translation) {
  const std::string out_path = options.work + "/gringo.out", err_path = options.work + "/gringo.err";
  Child gringo = RunChild({options.gringo, "--warn=no-atom-undefined", rules, options.work + "/facts.lp"}, out_path,
                          err_path, options.limits);
  const std::string over = gringo.stopped.empty() ? "" : "> ";
  std::cout << "| | | | " << label << " | " << over << Fixed(gringo.seconds, 2) << " | " << over
            << Fixed(gringo.seconds / (ours.load_s + ours.evaluate_s), 1) << " | " << over << MiB(gringo.peak) << " | ";
  if (!gringo.stopped.empty()) {
    std::cout << "- | not compared: stopped at the " << gringo.stopped << " |" << std::endl;
    return true;
  }
  std::vector<std::string> shown = ReadShown(out_path, translation);
  const bool same = shown == ours.findings;
  std::cout << shown.size() << " | " << (same ? "yes" : "NO") << " |" << std::endl;
  if (!same) {
    std::cerr << "gringo-bench: " << label << ": " << shown.size() << " finding tuples, ours " << ours.findings.size()
              << ":\n";
    ReportMissing(ours.findings, shown, "ours");
    ReportMissing(shown, ours.findings, "gringo");
  }
  std::string warnings = ReadFile(err_path);
  if (!warnings.empty()) std::cerr << "gringo-bench: gringo said:\n" << warnings.substr(0, 2000) << "\n";
  return same;
}

// One size: ours, then gringo on the same facts, the rules as written and
// along our plan; prints its rows. False when gringo derived other findings.
bool MeasureSize(uint64_t persons, const Options& options, const r::Program& program, Translation* translation) {
  const std::string facts_path = options.work + "/facts.lp";
  const std::string written = options.work + "/rules.lp", planned = options.work + "/rules-planned.lp";
  Ours ours = EvaluateOurs(persons, program, translation, facts_path);
  malloc_trim(0);  // the records and the engine are gone: give their memory back before gringo runs
  WriteRules(*translation, Translation::Order::kAsWritten, written);
  WriteRules(*translation, Translation::Order::kPlanned, planned);
  std::cout << "| " << persons << " | " << ours.records << " | " << ours.facts << " | ours: load facts "
            << Fixed(ours.load_s, 2) << " s, evaluate " << Fixed(ours.evaluate_s, 2) << " s | "
            << Fixed(ours.load_s + ours.evaluate_s, 2) << " | 1 | " << MiB(ours.peak - ours.before) << " ("
            << MiB(ours.peak) << " with the records) | " << ours.findings.size() << " | |" << std::endl;
  // gringo reading the facts alone (no rules): how much of its time that is.
  Child reading = RunChild({options.gringo, facts_path}, options.work + "/gringo.out", options.work + "/gringo.err");
  std::cout << "| | | | gringo, the facts alone (no rules) | " << Fixed(reading.seconds, 2) << " | "
            << Fixed(reading.seconds / (ours.load_s + ours.evaluate_s), 1) << " | " << MiB(reading.peak)
            << " | - | |" << std::endl;
  bool same = MeasureGringo("gringo, the rules as written", written, ours, options, *translation);
  return MeasureGringo("gringo, the rules along our plan", planned, ours, options, *translation) && same;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = ParseOptions(argc, argv);
  std::vector<r::ParsedFile> files;
  r::Program program;
  LoadRules(options.rule_files, &files, &program);
  auto translation = Translation::Analyse(files, program);
  if (!translation.ok()) Fail(translation.status().message());
  fs::create_directories(options.work);
  std::cout << "gringo side by side: " << GringoVersion(options) << "; rules:";
  for (const auto& file : options.rule_files) std::cout << " " << file;
  std::cout << " (" << (*translation)->rules() << " rules, " << (*translation)->findings().size()
            << " finding predicates); gringo stopped beyond " << options.limits.seconds << " s or "
            << MiB(options.limits.bytes) << " MiB\n\n"
            << "| persons | records | facts | evaluator | s | time / ours | peak MiB | finding tuples | same as ours |\n"
            << "|---:|---:|---:|---|---:|---:|---:|---:|---|\n";
  bool all_same = true;
  for (uint64_t persons : options.sizes) {
    all_same = MeasureSize(persons, options, program, translation->get()) && all_same;
  }
  std::vector<std::string> encodings = (*translation)->DescribeEncodings();
  std::cout << "\nnumbers not written as they are:" << (encodings.empty() ? " none" : "") << "\n";
  for (const auto& line : encodings) std::cout << "  " << line << "\n";
  if (!options.keep) fs::remove_all(options.work);
  return all_same ? 0 : 1;
}
