// linkage-bench: record linkage end to end, as palermod runs it (issue #10,
// "Evaluation"; figures in bench/README.md, "Linkage").
//
//   linkage-bench febrl [--encoded [--secret-file F]]
//   linkage-bench scale --persons N [--seed S] [--updates K] [--encoded [--secret-file F]]
//
// Both import case files into a real store in a temporary directory
// (services::Importer, one import per agency), link with
// LinkageKeeper::ComputeAll under the default LinkageOptions and the
// fingerprint palermod uses, read the stored candidates back
// (ForEachStoredCandidate) and score them against the truth: precision,
// recall and F1 of the pairs of agency A and agency B at P >= 0.5, as
// stored and after a greedy one-to-one assignment (pairs by descending
// probability, each record taken once). Peak RSS is VmHWM, reset
// (/proc/self/clear_refs) before linking so that it is the linking's.
//
// febrl: FEBRL4 4a as agency A, 4b as agency B (bench/febrl.h), truth
// febrl4_true_links.csv. --encoded: each converted file without its
// identifier records (soc_sec_id) through linkage::EncodeCaseFile with
// DefaultPersonSchema() first.
// scale: bench/linkage_generator.h's persons; then K rounds of a few new
// persons imported into the linked store followed by LinkageKeeper::Update.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bench/bench_util.h"
#include "bench/febrl.h"
#include "bench/linkage_generator.h"
#include "linkage/clk.h"
#include "linkage/encode.h"
#include "linkage/keeper.h"
#include "linkage/profile.h"
#include "linkage/scoring.h"
#include "services/importer.h"
#include "store/store.h"

namespace {

using palermo::Status;
using palermo::bench::Clock;
using palermo::bench::Seconds;
namespace linkage = palermo::linkage;
namespace store = palermo::store;

constexpr char kUsage[] =
    "usage: linkage-bench febrl [--data DIR] [--encoded [--secret-file F]] [--no-identifiers] [--missed N]\n"
    "                           [--work DIR] [--keep]\n"
    "       linkage-bench scale --persons N [--seed S] [--overlap F] [--updates K] [--encoded [--secret-file F]]\n"
    "                     [--work DIR] [--keep] [--store DIR] [--examples E]\n"
    "\n"
    "febrl: FEBRL4 (DIR, default the source tree's bench/data/febrl) 4a as agency A, 4b as B.\n"
    "scale: N generated persons, a share F (0.3) recorded by both agencies; K (5) rounds of\n"
    "       10 new persons imported and linked incrementally afterwards.\n"
    "--encoded: persons as CLKs (linkage encode; FEBRL without soc_sec_id), with the secret\n"
    "       of F (default: a fixed benchmark secret).\n"
    "--phases: time ComputeAll's phases apart first (read, block with per-rule counts, train,\n"
    "       term counts, score); --phases-only: that and nothing else; --phases-until block:\n"
    "       the phases up to blocking only (to profile reading and blocking).\n"
    "--model: print the trained model (lambda, m and u per level, training notes).\n"
    "--examples: print E wrong and E missed pairs of scale with their records.\n"
    "--no-identifiers: febrl in the clear without soc_sec_id; --missed N: print N true pairs of\n"
    "       febrl not found at P >= 0.5, with their records (as imported).\n"
    "--work: where the temporary store goes (default $TMPDIR or /tmp); --keep leaves it.\n"
    "--store DIR: scale links the store in DIR (left by --keep --phases-only with the same\n"
    "       --persons, --seed, --overlap, --encoded) instead of generating, encoding and importing.\n";

constexpr char kBenchSecret[] = "palermo linkage-bench secret, not for real data";

long ProcStatusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t n = std::char_traits<char>::length(field);
  while (std::getline(status, line)) {
    if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n + 1);
  }
  return 0;
}
double PeakRssMiB() { return static_cast<double>(ProcStatusKb("VmHWM")) / 1024; }
double RssMiB() { return static_cast<double>(ProcStatusKb("VmRSS")) / 1024; }
// Resets VmHWM to the current RSS (Linux >= 4.0).
void ResetPeakRss() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
}

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "linkage-bench: " << what << "\n";
  std::exit(1);
}

void Check(const Status& s, const std::string& what) {
  if (!s.ok()) Fail(what + ": " + s.ToString());
}

std::string DropIdentifierLines(const std::string& text) {
  std::string out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"kind\":\"identifier\"") != std::string::npos) continue;
    out += line;
    out += '\n';
  }
  return out;
}

std::string Encode(const std::string& text, const std::string& agency, const std::string& secret) {
  std::istringstream in(text);
  std::ostringstream out;
  linkage::EncodeOptions options;
  options.default_agency = agency;
  linkage::EncodeSummary summary;
  Check(linkage::EncodeCaseFile(in, out, linkage::DefaultPersonSchema(), secret, options, &summary), "encode");
  std::cout << "encoded " << agency << ": " << summary.persons_encoded << " persons, " << summary.identifiers_folded
            << " identifiers folded, " << summary.birth_dates_left_out << " birth dates left out\n";
  return out.str();
}

void Import(store::Store* s, const std::string& text, const std::string& agency) {
  palermo::services::ImporterOptions options;
  options.default_agency = agency;
  palermo::services::Importer importer(s, options);
  Status status = importer.ImportText(text);
  if (!status.ok()) {
    std::string errors;
    for (const auto& d : importer.errors().Sorted()) {
      errors += "\n  " + d.ToString();
      if (errors.size() > 2000) break;
    }
    Fail("import " + agency + ": " + status.ToString() + errors);
  }
}

struct Pair {
  std::string a, b;  // record ids (without agency) of agency A and agency B
  double p = 0;
};

struct Scores {
  int64_t predicted = 0, correct = 0;
  double precision = 0, recall = 0, f1 = 0;
};

Scores Evaluate(const std::vector<Pair>& pairs, int64_t true_links,
                const std::function<bool(const std::string&, const std::string&)>& is_true) {
  Scores s;
  s.predicted = static_cast<int64_t>(pairs.size());
  for (const Pair& p : pairs) s.correct += is_true(p.a, p.b);
  s.precision = s.predicted ? static_cast<double>(s.correct) / static_cast<double>(s.predicted) : 0;
  s.recall = true_links ? static_cast<double>(s.correct) / static_cast<double>(true_links) : 0;
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

// Greedy one-to-one: by descending probability (ties by ids), each record once.
std::vector<Pair> OneToOne(std::vector<Pair> pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const Pair& x, const Pair& y) {
    if (x.p != y.p) return x.p > y.p;
    return std::tie(x.a, x.b) < std::tie(y.a, y.b);
  });
  std::unordered_set<std::string> used_a, used_b;
  std::vector<Pair> out;
  for (Pair& p : pairs) {
    if (used_a.contains(p.a) || used_b.contains(p.b)) continue;
    used_a.insert(p.a);
    used_b.insert(p.b);
    out.push_back(std::move(p));
  }
  return out;
}

void PrintScores(const char* title, const Scores& s) {
  std::cout << std::fixed << std::setprecision(4) << title << ": predicted " << s.predicted << ", correct "
            << s.correct << ", precision " << s.precision << ", recall " << s.recall << ", F1 " << s.f1 << "\n";
}

struct Linked {
  double seconds = 0;
  double peak_mib = 0;
  std::string summary;
  int64_t candidates = 0;          // stored
  int64_t within_agency = 0;       // stored pairs of one agency
  int64_t within_agency_05 = 0;    // ... at P >= 0.5
  std::vector<Pair> cross;         // A-B pairs at P >= 0.5
  std::vector<Pair> cross_low;     // A-B pairs stored below 0.5
};

// Links the store as palermod does and reads the candidates back.
Linked Link(store::Store* s, linkage::LinkageKeeper* keeper, bool print_model) {
  Linked out;
  ResetPeakRss();
  const double before = RssMiB();
  auto start = Clock::now();
  uint64_t imports = 0;
  Check(keeper->ComputeAll(&imports), "ComputeAll");
  out.seconds = Seconds(start);
  out.peak_mib = PeakRssMiB();
  out.summary = keeper->last_summary();
  std::cout << "linked: " << out.summary << "\n"
            << std::fixed << std::setprecision(1) << "ComputeAll " << out.seconds << " s, RSS before " << before
            << " MiB, peak during " << out.peak_mib << " MiB\n";
  auto view = s->Snapshot();
  if (print_model) {
    palermo::v1::LinkageModel model;
    Check(linkage::GetStoredModel(*view, &model), "model");
    std::cout << "model: lambda " << std::setprecision(6) << model.lambda() << " (" << model.lambda_from() << ")\n";
    for (const auto& note : model.training_notes()) std::cout << "  note: " << note << "\n";
    for (const auto& c : model.comparisons()) {
      std::cout << "  " << c.comparison() << ":";
      for (int l = 0; l < c.parameters_size() && l < c.levels_size(); ++l) {
        std::cout << " " << c.levels(l) << " m=" << std::setprecision(4) << c.parameters(l).m()
                  << " u=" << std::setprecision(6) << c.parameters(l).u() << ";";
      }
      std::cout << "\n";
    }
  }
  start = Clock::now();
  Check(linkage::ForEachStoredCandidate(*view, 0,
                                        [&](const palermo::v1::LinkageCandidate& c) {
                                          ++out.candidates;
                                          const std::string& a = c.a();
                                          const std::string& b = c.b();
                                          size_t sa = a.find('/'), sb = b.find('/');
                                          std::string agency_a = a.substr(0, sa), agency_b = b.substr(0, sb);
                                          if (agency_a == agency_b) {
                                            ++out.within_agency;
                                            out.within_agency_05 += c.probability() >= 0.5;
                                            return true;
                                          }
                                          Pair p{a.substr(sa + 1), b.substr(sb + 1), c.probability()};
                                          if (agency_a == "B") std::swap(p.a, p.b);
                                          (c.probability() >= 0.5 ? out.cross : out.cross_low).push_back(std::move(p));
                                          return true;
                                        }),
        "ForEachStoredCandidate");
  std::cout.flush();
  std::cout << "candidates stored " << out.candidates << " (read back in " << std::setprecision(2) << Seconds(start)
            << " s), of one agency " << out.within_agency << " (" << out.within_agency_05
            << " at P >= 0.5), A-B at P >= 0.5: " << out.cross.size() << "\n";
  return out;
}

// ComputeAll's phases one by one, with their time and memory, on the same
// store (the keeper reports only read, blocked and all): reading the
// profiles, blocking, training, scoring every blocked pair. Writing is left
// out. Mirrors keeper.cc's ComputeAll through the public functions.
void Phases(store::Store* s, const linkage::LinkageOptions& options, bool until_block) {
  ResetPeakRss();
  auto start = Clock::now();
  auto view = s->Snapshot();
  const std::atomic<bool> never{false};
  palermo::Result<linkage::StoredPersons> read = linkage::ReadStoredPersons(*view, options.threads, &never);
  Check(read.status(), "read");
  const std::vector<linkage::Profile> profiles = std::move(read->profiles);
  std::cout << std::fixed << std::setprecision(1) << "phase read: " << Seconds(start) << " s (names and identifiers "
            << Seconds(start) - read->records_seconds << " s), " << profiles.size() << " profiles, RSS " << RssMiB()
            << " MiB\n";
  start = Clock::now();
  linkage::BlockingOptions blocking = options.blocking;
  blocking.threads = options.threads;
  auto blocked = linkage::BlockProfilesWithin(profiles, blocking);
  Check(blocked.status(), "block");
  std::cout << "phase block: " << Seconds(start) << " s, " << blocked->pairs.size() << " pairs, RSS " << RssMiB()
            << " MiB, peak " << PeakRssMiB() << " MiB\n";
  for (const auto& rule : blocked->stats.rules) {
    std::cout << "  rule " << rule.name << ": keys " << rule.keys << ", pairs " << rule.pairs << ", only "
              << rule.only_pairs << ", skipped blocks " << rule.skipped_blocks << " (" << rule.skipped_pairs
              << " pairs)\n";
  }
  if (until_block) return;
  start = Clock::now();
  const std::vector<linkage::Levels> levels = linkage::CompareAll(profiles, blocked->pairs, options.threads);
  std::cout << "phase compare: " << Seconds(start) << " s\n";
  linkage::TrainingOptions training = options.training;
  training.threads = options.threads;
  linkage::Model model = linkage::Train(profiles, blocked->pairs, levels, options.blocking, training);
  std::cout << "phase compare and train: " << Seconds(start) << " s, RSS " << RssMiB() << " MiB, peak "
            << PeakRssMiB() << " MiB\n";
  start = Clock::now();
  const linkage::FullNameCounts term_count(options.blocking, &blocked->index);
  // As ComputeAll: the weight from the levels drops a pair; the kept ones are
  // scored with their reasons.
  const double floor_weight = std::log2(options.store_min_probability / (1 - options.store_min_probability));
  int64_t kept = 0;
  for (size_t i = 0; i < blocked->pairs.size(); ++i) {
    const auto& pair = blocked->pairs[i];
    const bool same_agency = profiles[pair.a].agency == profiles[pair.b].agency;
    if (!(model.term_frequencies && linkage::ExactFullName(levels[i])) &&
        linkage::LevelsWeight(levels[i], model, same_agency) < floor_weight) {
      continue;
    }
    linkage::Score score = linkage::ScorePair(profiles[pair.a], profiles[pair.b], model, term_count, &levels[i]);
    kept += score.probability >= options.store_min_probability;
  }
  std::cout << "phase score (one thread): " << Seconds(start) << " s, " << kept << " pairs at P >= " << std::setprecision(2)
            << options.store_min_probability << ", peak RSS " << PeakRssMiB() << " MiB\n";
}

std::string TempDir(const std::string& work) {
  std::string base = work;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string pattern = base + "/linkage-bench-XXXXXX";
  if (!mkdtemp(pattern.data())) Fail("cannot make a directory under " + base);
  return pattern;
}

std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  store::StoreOptions options;
  options.path = path;
  auto opened = store::Store::Open(options);
  Check(opened.status(), "open store");
  return std::move(opened.value());
}

struct Args {
  std::string mode, data = PALERMO_FEBRL_DATA, secret_file, work;
  std::string store;  // scale: link this store (kept by --keep) instead of importing
  bool encoded = false, keep = false, no_identifiers = false;
  int missed = 0;  // febrl: true pairs not at P >= 0.5 to print
  uint64_t persons = 0, seed = 1;
  double overlap = 0.3;
  int updates = 5;
  int examples = 0;
  bool print_model = false;
  int phases = 0;  // 1: phases then ComputeAll; 2: phases only
  bool phases_until_block = false;
};

void Report(const Linked& linked, int64_t true_links,
            const std::function<bool(const std::string&, const std::string&)>& is_true) {
  int64_t low_true = 0;
  for (const Pair& p : linked.cross_low) low_true += is_true(p.a, p.b);
  std::cout << "true pairs stored below P 0.5: " << low_true << " (the rest of the missed ones were not blocked)\n";
  PrintScores("P >= 0.5, as stored", Evaluate(linked.cross, true_links, is_true));
  PrintScores("P >= 0.5, one-to-one", Evaluate(OneToOne(linked.cross), true_links, is_true));
}

// The first `n` true pairs not found at P >= 0.5, with their records.
void PrintMissed(const Linked& linked, const std::set<std::pair<std::string, std::string>>& truth,
                 const std::string texts[2], int n) {
  std::set<std::pair<std::string, std::string>> found;
  for (const Pair& p : linked.cross) found.insert({p.a, p.b});
  std::map<std::string, std::string> lines;  // "A/id" -> line
  for (int i = 0; i < 2; ++i) {
    std::istringstream in(texts[i]);
    for (std::string line; std::getline(in, line);) {
      size_t at = line.find("\"id\":\"");
      if (at == std::string::npos) continue;
      size_t end = line.find('"', at + 6);
      lines[std::string(i == 0 ? "A/" : "B/") + line.substr(at + 6, end - at - 6)] = line;
    }
  }
  for (const auto& pair : truth) {
    if (found.contains(pair) || n-- <= 0) continue;
    std::cout << "missed:\n  " << lines["A/" + pair.first] << "\n  " << lines["B/" + pair.second] << "\n";
  }
}

int Febrl(const Args& args) {
  std::string secret = kBenchSecret;
  if (!args.secret_file.empty()) {
    auto read = linkage::ReadSecretFile(args.secret_file);
    Check(read.status(), "secret");
    secret = *read;
  }
  std::string texts[2];
  const char* files[2] = {"febrl_dataset4a.csv", "febrl_dataset4b.csv"};
  const char* agencies[2] = {"A", "B"};
  auto start = Clock::now();
  for (int i = 0; i < 2; ++i) {
    std::string csv, error;
    palermo::bench::FebrlStats stats;
    if (!palermo::bench::ReadWholeFile(args.data + "/" + files[i], &csv)) Fail("cannot read " + args.data + "/" + files[i]);
    if (!palermo::bench::ConvertFebrlCsv(csv, agencies[i], &texts[i], &stats, &error)) Fail(error);
    std::cout << files[i] << ": " << stats.persons << " persons, " << stats.identifiers << " identifiers\n";
    if (args.encoded || args.no_identifiers) texts[i] = DropIdentifierLines(texts[i]);
    if (args.encoded) texts[i] = Encode(texts[i], agencies[i], secret);
  }
  std::cout << "converted" << (args.encoded ? " and encoded" : "") << " in " << std::fixed << std::setprecision(2)
            << Seconds(start) << " s\n";
  std::string truth_csv, error;
  std::set<std::pair<std::string, std::string>> truth;
  if (!palermo::bench::ReadWholeFile(args.data + "/febrl4_true_links.csv", &truth_csv) ||
      !palermo::bench::ReadFebrlTrueLinks(truth_csv, &truth, &error)) {
    Fail("true links: " + error);
  }
  const std::string dir = TempDir(args.work);
  int rc = 0;
  {
    auto s = OpenStore(dir);
    start = Clock::now();
    for (int i = 0; i < 2; ++i) Import(s.get(), texts[i], agencies[i]);
    std::cout << "imported in " << Seconds(start) << " s\n";
    linkage::LinkageOptions options;
    linkage::LinkageKeeper keeper(s.get(), options, linkage::LinkageFingerprint(options));
    Linked linked = Link(s.get(), &keeper, args.print_model);
    Report(linked, static_cast<int64_t>(truth.size()),
           [&](const std::string& a, const std::string& b) { return truth.contains({a, b}); });
    if (args.missed > 0) PrintMissed(linked, truth, texts, args.missed);
  }
  if (!args.keep) std::filesystem::remove_all(dir);
  return rc;
}

int Scale(const Args& args) {
  std::string secret = kBenchSecret;
  if (!args.secret_file.empty()) {
    auto read = linkage::ReadSecretFile(args.secret_file);
    Check(read.status(), "secret");
    secret = *read;
  }
  palermo::bench::LinkageGeneratorOptions gen;
  gen.persons = args.persons;
  gen.seed = args.seed;
  gen.overlap = args.overlap;
  palermo::bench::LinkageGeneratorStats stats;
  std::string a, b;
  auto start = Clock::now();
  palermo::bench::GenerateLinkagePersons(gen, &a, &b, &stats);
  std::cout << "generated " << stats.persons << " persons: " << stats.records_a << " person records of A, "
            << stats.records_b << " of B (" << stats.records_a + stats.records_b << "), " << stats.identifiers
            << " identifiers, " << stats.both << " persons in both (true pairs), " << (a.size() + b.size()) / 1000000
            << " MB, in " << std::fixed << std::setprecision(1) << Seconds(start) << " s\n";
  if (args.encoded && args.store.empty()) {
    start = Clock::now();
    a = Encode(a, "A", secret);
    b = Encode(b, "B", secret);
    std::cout << "encoded in " << Seconds(start) << " s\n";
  }
  const std::string dir = args.store.empty() ? TempDir(args.work) : args.store;
  if (args.keep) std::cout << "store: " << dir << " (kept)\n";
  {
    auto s = OpenStore(dir);
    if (args.store.empty()) {
      start = Clock::now();
      Import(s.get(), a, "A");
      Import(s.get(), b, "B");
      std::cout << "imported in " << Seconds(start) << " s\n";
    } else {
      std::cout << "the store of " << dir << " as it is (generated again for the truth only)\n";
    }
    std::map<std::string, std::string> lines;  // record id -> its lines (--examples)
    if (args.examples > 0) {
      for (const std::string* text : {&a, &b}) {
        std::istringstream in(*text);
        for (std::string line; std::getline(in, line);) {
          size_t at = line.find("\"id\":\"r");
          if (at == std::string::npos) continue;
          std::string id = line.substr(at + 6, 17);
          lines[id] += "    " + line + "\n";
        }
      }
    }
    std::string().swap(a);
    std::string().swap(b);
    linkage::LinkageOptions options;
    if (args.phases) Phases(s.get(), options, args.phases_until_block);
    if (args.phases == 2) {
      s.reset();
      if (!args.keep) std::filesystem::remove_all(dir);
      return 0;
    }
    linkage::LinkageKeeper keeper(s.get(), options, linkage::LinkageFingerprint(options));
    Linked linked = Link(s.get(), &keeper, args.print_model);
    auto same = [](const std::string& x, const std::string& y) {
      int64_t p = palermo::bench::LinkagePersonOf(x);
      return p >= 0 && p == palermo::bench::LinkagePersonOf(y);
    };
    Report(linked, stats.both, same);
    if (args.examples > 0) {
      int shown = 0;
      std::set<std::string> found;
      for (const Pair& p : linked.cross) {
        if (same(p.a, p.b)) {
          found.insert(p.a);
        } else if (shown < args.examples) {
          ++shown;
          std::cout << "wrong pair P=" << p.p << ":\n" << lines[p.a] << lines[p.b];
        }
      }
      shown = 0;
      for (const auto& [id, text] : lines) {
        int64_t person = palermo::bench::LinkagePersonOf(id);
        if (id != palermo::bench::LinkageRecordId(static_cast<uint64_t>(person), 0) || found.contains(id)) continue;
        auto other = lines.find(palermo::bench::LinkageRecordId(static_cast<uint64_t>(person), 1));
        if (other == lines.end()) continue;
        if (++shown > args.examples) break;
        std::cout << "missed pair:\n" << text << other->second;
      }
    }

    // Incremental: a few persons imported, then Update as the follower runs it.
    std::optional<store::CommittedImport> committed;
    s->SubscribeImports([&](const store::CommittedImport& import) { committed = import; });
    std::vector<double> import_ms, update_ms;
    for (int round = 0; round < args.updates; ++round) {
      std::string text = palermo::bench::GenerateLinkageUpdate(gen, static_cast<uint64_t>(round), 10, "u");
      if (args.encoded) text = Encode(text, "A", secret);
      committed.reset();
      start = Clock::now();
      Import(s.get(), text, "A");
      import_ms.push_back(1000 * Seconds(start));
      if (!committed) Fail("no committed import seen");
      start = Clock::now();
      uint64_t reached = 0;
      Check(keeper.Update(*committed->before, committed->touched, committed->number, &reached), "Update");
      update_ms.push_back(1000 * Seconds(start));
      std::cout << "update " << round << ": import " << std::setprecision(1) << import_ms.back() << " ms, "
                << keeper.last_summary() << "\n";
    }
    if (!update_ms.empty()) {
      std::sort(import_ms.begin(), import_ms.end());
      std::sort(update_ms.begin(), update_ms.end());
      std::cout << "incremental (10 persons, " << update_ms.size() << " rounds): import median "
                << import_ms[import_ms.size() / 2] << " ms, Update median " << update_ms[update_ms.size() / 2]
                << " ms (min " << update_ms.front() << ", max " << update_ms.back() << ")\n";
    }
  }
  if (!args.keep) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << std::unitbuf;  // progress shows as it happens, even into a file
  Args args;
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  args.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--encoded") {
      args.encoded = true;
    } else if (arg == "--no-identifiers") {
      args.no_identifiers = true;
    } else if (arg == "--missed") {
      args.missed = std::stoi(value());
    } else if (arg == "--phases") {
      args.phases = 1;
    } else if (arg == "--phases-only") {
      args.phases = 2;
    } else if (arg == "--phases-until" && i + 1 < argc && std::string(argv[i + 1]) == "block") {
      args.phases = 2;
      args.phases_until_block = true;
      ++i;
    } else if (arg == "--model") {
      args.print_model = true;
    } else if (arg == "--keep") {
      args.keep = true;
    } else if (arg == "--store") {
      args.store = value();
      args.keep = true;
    } else if (arg == "--secret-file") {
      args.secret_file = value();
    } else if (arg == "--data") {
      args.data = value();
    } else if (arg == "--work") {
      args.work = value();
    } else if (arg == "--persons") {
      args.persons = std::stoull(value());
    } else if (arg == "--seed") {
      args.seed = std::stoull(value());
    } else if (arg == "--overlap") {
      args.overlap = std::stod(value());
    } else if (arg == "--examples") {
      args.examples = std::stoi(value());
    } else if (arg == "--updates") {
      args.updates = std::stoi(value());
    } else {
      std::cerr << "unknown option " << arg << "\n" << kUsage;
      return 2;
    }
  }
  if (args.mode == "febrl") return Febrl(args);
  if (args.mode == "scale" && args.persons > 0) return Scale(args);
  std::cerr << kUsage;
  return 2;
}
