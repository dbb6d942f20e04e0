// The stored linkage candidates (linkage/keeper.h), on a real store:
// property: over random sequences of imports (new persons in two agencies
// and several scripts, replaced persons, identifiers added, decisions), the
// candidates the keeper keeps import by import equal those a computation
// from scratch gives with the same model; decisions are stored and their
// pairs not proposed; the mark says what the family reflects.
#include "linkage/keeper.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "linkage/compare_pair.h"
#include "model/vocabulary.h"
#include "tests/linkage/every_block.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::linkage {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

struct Scored {
  double probability = 0;
  double weight = 0;
  std::vector<std::string> reasons;  // comparison, level, weight, values, detail
  double reasons_sum = 0;            // of the reasons' weights
};

std::string Line(std::string_view comparison, std::string_view level, double weight, std::string_view a,
                 std::string_view b, std::string_view detail) {
  char w[32];
  std::snprintf(w, sizeof w, "%.9f", weight);
  return std::string(comparison) + " " + std::string(level) + " " + w + " '" + std::string(a) + "' '" +
         std::string(b) + "' " + std::string(detail);
}

// pair "a|b" -> probability and reasons, as stored and explained when read.
std::map<std::string, Scored> Stored(const store::View& view) {
  std::vector<v1::LinkageCandidate> candidates;
  Status s = ForEachStoredCandidate(view, 0, [&](const v1::LinkageCandidate& c) {
    EXPECT_EQ(c.reasons_size(), 0) << "stored without reasons";
    candidates.push_back(c);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  s = ExplainCandidates(view, &candidates);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::map<std::string, Scored> out;
  for (const v1::LinkageCandidate& c : candidates) {
    Scored& scored = out[c.a() + "|" + c.b()];
    scored.probability = c.probability();
    scored.weight = c.weight();
    for (const v1::LinkageReason& r : c.reasons()) {
      scored.reasons.push_back(Line(r.comparison(), r.level(), r.weight(), r.a_value(), r.b_value(), r.detail()));
      scored.reasons_sum += r.weight();
    }
  }
  return out;
}

// The same from scratch: every person of `view` with its identifiers,
// blocked, scored with the stored model; decided pairs left out.
std::map<std::string, Scored> FromScratch(const store::View& view, const LinkageOptions& options) {
  std::vector<v1::Record> records;
  std::set<std::pair<std::string, std::string>> decided;
  EXPECT_TRUE(view.ForEachRecord([&](store::NodeId, const v1::Record& record) {
                    records.push_back(record);
                    if (record.has_relation() && (record.relation().type() == v1::RELATION_TYPE_SAME_AS ||
                                                  record.relation().type() == v1::RELATION_TYPE_DIFFERENT_FROM)) {
                      decided.insert({record.relation().from(), record.relation().to()});
                      decided.insert({record.relation().to(), record.relation().from()});
                    }
                    return true;
                  }).ok());
  ProfileReader reader;
  std::vector<Profile> profiles;
  EXPECT_TRUE(ReadProfiles(records, &reader, &profiles).ok());
  v1::LinkageModel proto;
  EXPECT_TRUE(GetStoredModel(view, &proto).ok());
  const Model model = ModelFromProto(proto);
  Result<BlockingResult> blocked = BlockProfilesWithin(profiles, options.blocking);
  EXPECT_TRUE(blocked.ok());
  const FullNameCounts term_count(options.blocking, &blocked->index);
  std::map<std::string, Scored> out;
  for (const CandidatePair& pair : blocked->pairs) {
    const Profile& a = profiles[pair.a];
    const Profile& b = profiles[pair.b];
    if (decided.contains({a.key, b.key})) continue;
    Score score = ScorePair(a, b, model, term_count);
    if (score.probability < options.store_min_probability) continue;
    Scored& scored = out[a.key + "|" + b.key];
    scored.probability = score.probability;
    scored.weight = score.weight;
    for (const Reason& r : score.reasons) {
      scored.reasons.push_back(Line(r.comparison, r.level, r.weight, r.a_value, r.b_value, r.detail));
    }
  }
  return out;
}

// Persons as spellings of a few people, in two agencies.
struct Pool {
  std::vector<std::vector<std::string>> spellings = {
      {"Mohamed Abdirahman", "محمد عبد الرحمن", "Maxamed Cabdiraxmaan", "Mohammed Abd al-Rahman"},
      {"Yuriy Shchukin", "Юрий Щукин", "Yuri Shukin"},
      {"Tesfay Gebremedhin", "ተስፋይ ገብረመድህን", "Tesfaye Gebremedhin"},
      {"Nguyen Van Thanh", "Nguyễn Văn Thành"},
      {"Ali Hassan", "Cali Xasan", "Ali Hasan"},
      {"Ahmad Shah Massoud", "احمد شاه مسعود"},
  };
  std::vector<std::string> births = {"1990-03-04", "1990-03", "1990", "1985-11-20", "1985", "2001-01-09"};
};

std::string PersonLine(const std::string& id, const std::string& agency, const std::string& name,
                       const std::string& birth, const std::string& sex) {
  return R"({"kind":"person","id":")" + id + R"(","agency":")" + agency + R"(","names":[")" + name +
         R"("],"birth_date":")" + birth + R"(","sex":")" + sex + "\"}\n";
}

// Imports one man recorded by two agencies under two spellings and links
// the store: one candidate pair.
void LinkOnePair(store::Store* store, LinkageKeeper* keeper) {
  ASSERT_TRUE(ImportText(store,
                         PersonLine("p1", "border", "Mohammed Al-Hassan", "1996-02-11", "M") +
                             PersonLine("w7", "labour", "Muhammad Alhasan", "1996-02", "M"),
                         "border")
                  .status.ok());
  uint64_t reached = 0;
  ASSERT_TRUE(keeper->ComputeAll(&reached).ok());
}

TEST(IncrementalLinkage, EqualsAComputationFromScratchAfterEveryImport) {
  const Pool pool;
  // The shipped options, and the rules on names alone holding their
  // condition on birth years in every block (these blocks are small).
  LinkageOptions every_block;
  HoldConditionInEveryBlock(&every_block.blocking.rules);
  const LinkageOptions shipped;
  for (const LinkageOptions* variant : std::vector<const LinkageOptions*>{&shipped, &every_block}) {
    const LinkageOptions& options = *variant;
    for (uint64_t seed : {1, 2, 3}) {
      SCOPED_TRACE("seed " + std::to_string(seed) + (variant == &every_block ? ", condition in every block" : ""));
      std::mt19937_64 random(seed);
      auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
      TempDir dir;
      auto store = OpenStore(dir.path());
      LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
      std::vector<std::string> persons;  // global keys
      uint64_t reached = 0;
      for (int round = 0; round < 10; ++round) {
        std::string text;
        const int action = round == 0 ? 0 : static_cast<int>(pick(4));
        if (action == 0 || persons.size() < 4) {  // new persons
          for (int i = 0; i < 3; ++i) {
            const std::string agency = pick(2) ? "border" : "labour";
            const std::string id = "p" + std::to_string(round) + "_" + std::to_string(i);
            const auto& people = pool.spellings[pick(pool.spellings.size())];
            text += PersonLine(id, agency, people[pick(people.size())], pool.births[pick(pool.births.size())],
                               pick(5) ? "M" : "F");
            persons.push_back(agency + "/" + id);
          }
        } else if (action == 1) {  // a person replaced: another name, another birth date
          const std::string key = persons[pick(persons.size())];
          const std::string agency = key.substr(0, key.find('/')), id = key.substr(key.find('/') + 1);
          const auto& people = pool.spellings[pick(pool.spellings.size())];
          text += PersonLine(id, agency, people[pick(people.size())], pool.births[pick(pool.births.size())], "M");
        } else if (action == 2) {  // a passport for a person (some shared)
          const std::string key = persons[pick(persons.size())];
          const std::string agency = key.substr(0, key.find('/'));
          text += R"({"kind":"identifier","id":"i)" + std::to_string(round) + R"(","agency":")" + agency +
                  R"(","type":"passport","value":"N00)" + std::to_string(pick(3)) + R"(","holder":")" + key + "\"}\n";
        } else {  // a decision on two persons
          const std::string a = persons[pick(persons.size())], b = persons[pick(persons.size())];
          if (a == b) continue;
          text += R"({"kind":"relation","id":"d)" + std::to_string(round) + R"(","agency":"labour","type":")" +
                  (pick(2) ? "same_as" : "different_from") + R"(","from":")" + a + R"(","to":")" + b +
                  R"(","analyst":"test"})" "\n";
        }
        auto before = store->Snapshot();
        auto imported = ImportText(store.get(), text, "labour");
        ASSERT_TRUE(imported.status.ok()) << imported.status.ToString() << "\n" << text;
        if (round == 0) {
          ASSERT_TRUE(keeper.ComputeAll(&reached).ok());
        } else {
          Status s = keeper.Update(*before, imported.stats.TouchedIds(), imported.stats.number, &reached);
          ASSERT_TRUE(s.ok()) << s.ToString();
        }
        auto view = store->Snapshot();
        ASSERT_EQ(reached, view->Imports());
        auto current = keeper.Current(*view);
        ASSERT_TRUE(current.ok() && *current);
        auto stored = Stored(*view), expected = FromScratch(*view, options);
        ASSERT_EQ(stored.size(), expected.size()) << "round " << round << ": " << keeper.last_summary();
        for (const auto& [pair, scored] : expected) {
          ASSERT_TRUE(stored.contains(pair)) << "round " << round << ": " << pair;
          EXPECT_NEAR(stored[pair].probability, scored.probability, 1e-9) << pair;
          // The reasons built when read are those of a scoring from scratch
          // and add up to the stored weight.
          EXPECT_EQ(stored[pair].reasons, scored.reasons) << pair;
          EXPECT_NEAR(stored[pair].reasons_sum, stored[pair].weight, 1e-9) << pair;
        }
      }
    }
  }
}

// Reasons are built when read: a candidate whose levels do not fit the
// stored model is a Corruption, one whose records are not persons of the
// view (an import between) is Unavailable, each naming the pair; reading
// changes nothing stored.
TEST(IncrementalLinkage, ExplainingACandidateThatNoLongerFitsSaysWhichAndWritesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_NO_FATAL_FAILURE(LinkOnePair(store.get(), &keeper));
  auto view = store->Snapshot();
  const auto before = Stored(*view);
  std::vector<v1::LinkageCandidate> read;
  ASSERT_TRUE(ForEachStoredCandidate(*view, 0, [&](const v1::LinkageCandidate& c) {
                read.push_back(c);
                return true;
              }).ok());
  ASSERT_EQ(read.size(), 1u);

  for (const std::string& levels : {std::string("\x01\x02"), std::string(kComparisons, '\x7f')}) {
    std::vector<v1::LinkageCandidate> bad = read;
    bad[0].set_levels(levels);
    Status s = ExplainCandidates(*view, &bad);
    EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
    EXPECT_NE(s.message().find(read[0].a() + " ~ " + read[0].b()), std::string::npos) << s.ToString();
  }
  std::vector<v1::LinkageCandidate> gone = read;
  gone[0].set_b("labour/nobody");
  Status s = ExplainCandidates(*view, &gone);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("labour/nobody"), std::string::npos) << s.ToString();

  const auto after = Stored(*store->Snapshot());
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.begin()->first, before.begin()->first);
  EXPECT_EQ(after.begin()->second.reasons, before.begin()->second.reasons);
}

TEST(IncrementalLinkage, ADecisionIsStoredAndItsPairNoLongerProposed) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_NO_FATAL_FAILURE(LinkOnePair(store.get(), &keeper));
  auto stored = Stored(*store->Snapshot());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_GT(stored.begin()->second.probability, 0.5);

  auto before = store->Snapshot();
  auto decided = ImportText(store.get(),
                            R"({"kind":"relation","id":"x1","type":"different_from","from":"w7","to":"border/p1",)"
                            R"("analyst":"ana","note":"two men","decided_at":"2026-11-29T10:00:00Z"})" "\n",
                            "labour");
  ASSERT_TRUE(decided.status.ok()) << decided.status.ToString();
  uint64_t reached = 0;
  ASSERT_TRUE(keeper.Update(*before, decided.stats.TouchedIds(), decided.stats.number, &reached).ok());
  auto view = store->Snapshot();
  EXPECT_TRUE(Stored(*view).empty());
  std::vector<v1::LinkageDecision> decisions;
  ASSERT_TRUE(ForEachStoredDecision(*view, 0, [&](const v1::LinkageDecision& d) {
                decisions.push_back(d);
                return true;
              }).ok());
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].verdict(), v1::LINKAGE_VERDICT_DIFFERENT);
  EXPECT_EQ(decisions[0].a(), "border/p1");
  EXPECT_EQ(decisions[0].b(), "labour/w7");
  EXPECT_EQ(decisions[0].analyst(), "ana");
  EXPECT_EQ(decisions[0].note(), "two men");
  EXPECT_EQ(decisions[0].relation(), "labour/x1");

  // A later computation from scratch keeps the decision and proposes nothing.
  ASSERT_TRUE(keeper.ComputeAll(&reached).ok());
  EXPECT_TRUE(Stored(*store->Snapshot()).empty());
}

// The memory guard: a full computation whose rules would propose more
// pairs than allowed fails, naming the rule, and leaves the stored
// candidates and mark as they were.
TEST(IncrementalLinkage, AComputationOverTheMemoryGuardFailsAndWritesNothing) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_NO_FATAL_FAILURE(LinkOnePair(store.get(), &keeper));
  const auto before = Stored(*store->Snapshot());
  ASSERT_EQ(before.size(), 1u);
  std::string namesakes;
  for (int i = 0; i < 6; ++i) namesakes += PersonLine("n" + std::to_string(i), "labour", "Ali Hassan", "1990", "M");
  ASSERT_TRUE(ImportText(store.get(), namesakes, "labour").status.ok());

  LinkageOptions guarded = options;
  guarded.blocking.max_proposed_pairs = 5;
  LinkageKeeper small(store.get(), guarded, LinkageFingerprint(guarded));
  uint64_t reached = 0;
  Status s = small.ComputeAll(&reached);
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
  EXPECT_NE(s.message().find("more than 5 candidate pairs"), std::string::npos) << s.ToString();
  const auto after = Stored(*store->Snapshot());
  ASSERT_EQ(after.size(), before.size());
  EXPECT_EQ(after.begin()->first, before.begin()->first);
  EXPECT_FALSE(*small.Current(*store->Snapshot())) << "no mark for a computation that failed";
}

TEST(IncrementalLinkage, AMarkBehindTheStoreOrOtherParametersMeanEverythingAgain) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_TRUE(ImportText(store.get(), PersonLine("p1", "border", "Ali Hassan", "1990", "M"), "border").status.ok());
  auto current = keeper.Current(*store->Snapshot());
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(*current);  // never computed
  uint64_t reached = 0;
  ASSERT_TRUE(keeper.ComputeAll(&reached).ok());
  EXPECT_TRUE(*keeper.Current(*store->Snapshot()));
  // An import the keeper did not follow: the mark is behind.
  ASSERT_TRUE(ImportText(store.get(), PersonLine("q1", "labour", "Cali Xasan", "1990-05-01", "M"), "labour").status.ok());
  EXPECT_FALSE(*keeper.Current(*store->Snapshot()));
  // An update for the import after that one computes everything.
  auto before = store->Snapshot();
  auto third = ImportText(store.get(), PersonLine("r1", "labour", "Yuriy Shchukin", "1970", "M"), "labour");
  ASSERT_TRUE(keeper.Update(*before, third.stats.TouchedIds(), third.stats.number, &reached).ok());
  EXPECT_EQ(reached, 3u);
  EXPECT_EQ(Stored(*store->Snapshot()).size(), 1u);  // Ali Hassan ~ Cali Xasan
  // Other blocking parameters: not current.
  LinkageOptions other;
  other.blocking.max_block_side = 50;
  LinkageKeeper another(store.get(), other, LinkageFingerprint(other));
  EXPECT_FALSE(*another.Current(*store->Snapshot()));
  // Another condition of a rule on the pair's birth years: not current either.
  LinkageOptions years = options;
  for (BlockingRule& rule : years.blocking.rules) {
    if (rule.max_birth_years_apart >= 0) rule.max_birth_years_apart += 1;
  }
  LinkageKeeper wider(store.get(), years, LinkageFingerprint(years));
  EXPECT_FALSE(*wider.Current(*store->Snapshot()));
}

// Comparing a pair on request (linkage/compare_pair.h): a stored candidate
// compares to the score it was stored with and names the rules that
// proposed it; asked before any computation, the model is missing.
TEST(ComparingAPair, AStoredCandidateComparesToItsStoredScore) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  PairComparison compared;
  ASSERT_TRUE(ImportText(store.get(),
                         PersonLine("p1", "border", "Mohammed Al-Hassan", "1996-02-11", "M") +
                             PersonLine("p2", "border", "Ali Rahimi", "1990", "M"),
                         "border")
                  .status.ok());
  Status early = ComparePair(*store->Snapshot(), options.blocking, options.store_min_probability, "border/p1",
                             "border/p2", &compared);
  EXPECT_EQ(early.code(), Status::Code::kNotFound) << early.ToString();
  EXPECT_NE(early.message().find("no linkage model yet"), std::string::npos) << early.ToString();
  Status itself = ComparePair(*store->Snapshot(), options.blocking, options.store_min_probability, "border/p1",
                              "border/p1", &compared);
  EXPECT_EQ(itself.code(), Status::Code::kInvalidArgument) << itself.ToString();
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_NO_FATAL_FAILURE(LinkOnePair(store.get(), &keeper));
  auto view = store->Snapshot();
  const auto stored = Stored(*view);
  ASSERT_EQ(stored.count("border/p1|labour/w7"), 1u);
  ASSERT_TRUE(ComparePair(*view, options.blocking, options.store_min_probability, "labour/w7", "border/p1", &compared).ok());
  EXPECT_EQ(compared.candidate.a() + "|" + compared.candidate.b(), "border/p1|labour/w7");
  EXPECT_DOUBLE_EQ(compared.candidate.weight(), stored.at("border/p1|labour/w7").weight);
  EXPECT_TRUE(compared.stored);
  EXPECT_FALSE(compared.decided);
  EXPECT_GT(compared.candidate.rules_size(), 0);
  EXPECT_EQ(compared.candidate.reasons(0).comparison(), "prior");
  EXPECT_EQ(compared.outcome.rfind("proposed at ", 0), 0u) << compared.outcome;
  for (const SharedBlock& shared : compared.shared) EXPECT_TRUE(shared.proposes) << shared.rule;
}

// Blocks over the largest size propose nothing: the pair is scored all the
// same, and each rule says why it did not propose it.
TEST(ComparingAPair, BlocksTooLargeToProposeAPairSaySo) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  LinkageOptions options;
  options.blocking.max_block_side = 1;
  LinkageKeeper keeper(store.get(), options, LinkageFingerprint(options));
  ASSERT_NO_FATAL_FAILURE(LinkOnePair(store.get(), &keeper));
  auto view = store->Snapshot();
  EXPECT_TRUE(Stored(*view).empty());
  PairComparison compared;
  ASSERT_TRUE(ComparePair(*view, options.blocking, options.store_min_probability, "border/p1", "labour/w7", &compared).ok());
  EXPECT_FALSE(compared.stored);
  EXPECT_EQ(compared.candidate.rules_size(), 0);
  EXPECT_GT(compared.candidate.probability(), 0.5);
  ASSERT_FALSE(compared.shared.empty());
  for (const SharedBlock& shared : compared.shared) {
    EXPECT_FALSE(shared.proposes) << shared.rule;
    EXPECT_EQ(shared.block_size, 2) << shared.rule;
    EXPECT_EQ(shared.why_not, "its block is over 1 persons") << shared.rule;
  }
  EXPECT_EQ(compared.outcome, "not proposed: the blocks they share propose no pair (see each rule)");

  Status not_person = ComparePair(*view, options.blocking, options.store_min_probability, "border/p1", "labour/nobody",
                                  &compared);
  EXPECT_EQ(not_person.code(), Status::Code::kNotFound) << not_person.ToString();
}

}  // namespace
}  // namespace palermo::linkage
