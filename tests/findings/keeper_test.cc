// Property: over random sequences of imports (new cases, replaced records,
// victims identified), the findings the keeper stores import by import equal
// a full evaluation of the store from scratch. And the stored findings'
// mark, dates and batches.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include <random>
#include <sstream>

#include "bench/generator.h"
#include "findings/keeper.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::findings {
namespace {

namespace v1 = palermo::v1;

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

// What must agree (the evidence is the records under the first derivation
// of each tuple, which may be found in another order).
std::map<std::string, std::string> Summary(const std::vector<v1::Finding>& findings) {
  std::map<std::string, std::string> out;
  for (const auto& f : findings) {
    std::string s = f.subject() + "|";
    for (const auto& k : f.linked()) s += k + ",";
    s += "|";
    for (const auto& a : f.actors()) s += a + ",";
    std::map<std::string, std::vector<std::string>> elements;
    for (const auto& [name, keys] : f.elements()) elements[name].assign(keys.keys().begin(), keys.keys().end());
    for (const auto& [name, keys] : elements) {
      s += "|" + name + ":";
      for (const auto& k : keys) s += k + ",";
    }
    for (const auto& m : f.missing()) s += "|missing " + m;
    s += f.age_presumed() ? "|presumed" : "";
    out[f.id()] = s;
  }
  return out;
}

// Every finding stored in `view`, in store order.
std::vector<v1::Finding> Stored(const store::View& view) {
  std::vector<v1::Finding> out;
  Status s = view.ForEachFinding("", nullptr, [&](const store::FindingKey&, std::string_view value) {
    out.emplace_back();
    EXPECT_TRUE(out.back().ParseFromArray(value.data(), static_cast<int>(value.size())));
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

// The reference: every record of `view` evaluated at once, in memory.
std::vector<v1::Finding> FromScratch(const reasoner::Reasoner& reasoner, const store::View& view) {
  std::vector<v1::Record> records;
  EXPECT_TRUE(view.ForEachRecord([&](store::NodeId, const v1::Record& record) {
                    records.push_back(record);
                    return true;
                  }).ok());
  std::vector<v1::Finding> out;
  auto record_of = InRecords(records);
  for (const auto& f : reasoner.Assess(records)) FindingToProto(f, record_of, &out.emplace_back());
  return out;
}

TEST(IncrementalFindings, EqualAFullEvaluationAfterEveryImport) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok()) << reasoner.status().message();
  for (uint64_t seed : {4, 5}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    auto store = OpenStore(dir.path());
    FindingsKeeper keeper(store.get(), reasoner->get(), "test");
    std::vector<FindingChange> changes;
    ASSERT_TRUE(keeper.EvaluateAll(CollectInto(&changes)).ok());

    bench::GeneratorOptions options;
    options.seed = seed;
    options.persons = 120;
    std::ostringstream cases, truth;
    bench::Generate(options, cases, truth);
    std::vector<std::string> lines;
    std::istringstream in(cases.str());
    for (std::string line; std::getline(in, line);) lines.push_back(line);

    std::mt19937_64 random(seed);
    std::vector<std::string> imported;  // lines already in the store
    size_t next = 0;
    int steps = 0, changes_seen = 0;
    while (next < lines.size()) {
      std::string text;
      // Small batches too: an import's cases are evaluated batch by batch.
      keeper.set_batch_records(random() % 2 == 0 ? size_t{1} << 30 : 1 + random() % 40);
      switch (random() % 6) {
        case 0:
        case 1: {  // the next lines of the file: new cases, growing networks
          size_t count = 1 + random() % 60;
          for (size_t i = 0; i < count && next < lines.size(); ++i, ++next) {
            text += lines[next] + "\n";
            imported.push_back(lines[next]);
          }
          break;
        }
        case 2: {  // a victim identified, or a person who was not
          const std::string& line = imported.empty() ? lines[0] : imported[random() % imported.size()];
          if (line.find("\"kind\":\"person\"") == std::string::npos || imported.empty()) continue;
          size_t id_at = line.find("\"id\":\"") + 6;
          std::string id = line.substr(id_at, line.find('"', id_at) - id_at);
          size_t agency_at = line.find("\"agency\":\"") + 10;
          std::string agency = line.substr(agency_at, line.find('"', agency_at) - agency_at);
          text = "{\"kind\":\"event\",\"id\":\"vi-" + std::to_string(steps) + "\",\"agency\":\"" + agency +
                 "\",\"type\":\"victim_identified\",\"date\":\"2025-01-01\",\"subject\":\"" + id + "\"}\n";
          break;
        }
        case 3: {  // a replaced record: paid work after all, or a regular entry
          if (imported.empty()) continue;
          std::string line = imported[random() % imported.size()];
          size_t at;
          if ((at = line.find("\"wage\":0")) != std::string::npos) line.replace(at, 8, "\"wage\":2100");
          else if ((at = line.find("\"entry\":\"irregular\"")) != std::string::npos) line.replace(at, 19, "\"entry\":\"regular\"");
          else continue;
          text = line + "\n";
          break;
        }
        case 4: {  // an event moved to another person: the old subject's case loses it
          if (imported.empty()) continue;
          std::string line = imported[random() % imported.size()];
          const std::string& other = imported[random() % imported.size()];
          size_t at = line.find("\"subject\":\"");
          if (line.find("\"kind\":\"event\"") == std::string::npos || at == std::string::npos ||
              other.find("\"kind\":\"person\"") == std::string::npos) {
            continue;
          }
          size_t id_at = other.find("\"id\":\"") + 6;
          size_t agency_at = other.find("\"agency\":\"") + 10;
          std::string key = other.substr(agency_at, other.find('"', agency_at) - agency_at) + "/" +
                            other.substr(id_at, other.find('"', id_at) - id_at);
          size_t value_at = at + 11;
          line.replace(value_at, line.find('"', value_at) - value_at, key);
          text = line + "\n";
          break;
        }
        case 5: {  // a place moved to another country: every case that goes there sees it
          if (imported.empty()) continue;
          std::string line = imported[random() % imported.size()];
          size_t at = line.find("\"country\":\"");
          if (line.find("\"kind\":\"location\"") == std::string::npos || at == std::string::npos) continue;
          line.replace(at + 11, 2, random() % 2 == 0 ? "GR" : "TR");
          text = line + "\n";
          break;
        }
      }
      auto before = store->Snapshot();
      auto result = ImportText(store.get(), text, "unused", false, 1 << 16);
      ASSERT_TRUE(result.status.ok()) << result.status.ToString() << "\n" << text;
      changes.clear();
      ASSERT_TRUE(keeper.Update(*before, result.stats.TouchedIds(), result.stats.number, CollectInto(&changes)).ok());
      changes_seen += static_cast<int>(changes.size());
      auto now = store->Snapshot();
      ASSERT_EQ(Summary(Stored(*now)), Summary(FromScratch(**reasoner, *now))) << "after step " << steps << ":\n" << text;
      auto current = keeper.Current(*now);
      ASSERT_TRUE(current.ok() && *current);
      ++steps;
    }
    EXPECT_GT(steps, 10);
    EXPECT_GT(changes_seen, 50);
  }
}

// A record that moves out of a case: the case it left is evaluated again.
TEST(IncrementalFindings, ARecordThatLeavesACaseRetractsItsFindings) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "test");
  const std::string text = R"({"kind":"location","id":"tr","name":"T","country":"TR"}
{"kind":"location","id":"gr","name":"G","country":"GR"}
{"kind":"person","id":"p1","names":["P1"],"nationalities":["SY"]}
{"kind":"person","id":"s1","names":["S1"]}
{"kind":"transaction","id":"t1","type":"smuggling_fee","payer":"p1","payee":"s1","amount":900,"date":"2024-01-01"}
{"kind":"event","id":"e1","type":"border_crossing","date":"2024-01-05","subject":"p1","actors":["s1"],"from":"tr","to":"gr","entry":"irregular"}
{"kind":"person","id":"p2","names":["P2"],"nationalities":["AF"]}
)";
  auto before = store->Snapshot();
  auto first = ImportText(store.get(), text, "a", false, 1 << 16);
  ASSERT_TRUE(first.status.ok());
  std::vector<FindingChange> changes;
  ASSERT_TRUE(keeper.Update(*before, first.stats.TouchedIds(), first.stats.number, CollectInto(&changes)).ok());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].added);
  EXPECT_EQ(changes[0].finding.id(), "smuggling_of_migrants:a/p1");

  // The crossing was someone else's: e1 now concerns p2, with no actor.
  before = store->Snapshot();
  auto second = ImportText(store.get(),
                           R"({"kind":"event","id":"e1","type":"border_crossing","date":"2024-01-05","subject":"p2","from":"tr","to":"gr","entry":"irregular"})",
                           "a", false, 1 << 16);
  ASSERT_TRUE(second.status.ok());
  changes.clear();
  ASSERT_TRUE(keeper.Update(*before, second.stats.TouchedIds(), second.stats.number, CollectInto(&changes)).ok());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].added);
  EXPECT_EQ(changes[0].finding.id(), "smuggling_of_migrants:a/p1");
  EXPECT_TRUE(Stored(*store->Snapshot()).empty());
  std::vector<store::FindingKey> of_p1;
  ASSERT_TRUE(store->Snapshot()->FindingsOf("a/p1", &of_p1).ok());
  EXPECT_TRUE(of_p1.empty()) << "the index entries go with the finding";
}

const char kSmuggled[] = R"({"kind":"location","id":"tr","name":"T","country":"TR"}
{"kind":"location","id":"gr","name":"G","country":"GR"}
{"kind":"person","id":"p1","names":["P1"],"nationalities":["SY"]}
{"kind":"person","id":"s1","names":["S1"]}
{"kind":"transaction","id":"t1","type":"smuggling_fee","payer":"p1","payee":"s1","amount":900,"date":"2024-01-01"}
{"kind":"event","id":"e1","type":"border_crossing","date":"2024-01-05","subject":"p1","actors":["s1"],"from":"tr","to":"gr","entry":"irregular"}
)";

// The mark says which import the stored findings reflect, under which
// rules: an import not yet processed (a crash before its findings were
// written) or other rules make them stale, and a full evaluation mends it.
TEST(FindingsKeeper, TheMarkTellsWhenStoredFindingsAreStale) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "rules-1");
  auto empty = keeper.Current(*store->Snapshot());
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(*empty) << "an empty store needs no evaluation";

  auto imported = ImportText(store.get(), kSmuggled, "a", false, 1 << 16);
  ASSERT_TRUE(imported.status.ok());
  EXPECT_EQ(imported.stats.number, 1u);
  EXPECT_FALSE(*keeper.Current(*store->Snapshot())) << "the import's findings are not stored yet";
  std::vector<FindingChange> changes;
  uint64_t reached = 0;
  ASSERT_TRUE(keeper.EvaluateAll(CollectInto(&changes), &reached).ok());
  EXPECT_EQ(reached, 1u);
  EXPECT_TRUE(*keeper.Current(*store->Snapshot()));
  ASSERT_EQ(changes.size(), 1u);

  FindingsKeeper other_rules(store.get(), reasoner->get(), "rules-2");
  EXPECT_FALSE(*other_rules.Current(*store->Snapshot()));
  changes.clear();
  ASSERT_TRUE(other_rules.EvaluateAll(CollectInto(&changes)).ok());
  EXPECT_TRUE(changes.empty()) << "the same findings: nothing new, nothing retracted";
  EXPECT_TRUE(*other_rules.Current(*store->Snapshot()));

  // An evaluation cut short leaves a mark that is current for no rules, and
  // an update cannot build on it: it evaluates everything.
  FindingsKeeper stopped(store.get(), reasoner->get(), "rules-2");
  stopped.Cancel();
  EXPECT_EQ(stopped.EvaluateAll(nullptr).code(), Status::Code::kBusy);
  EXPECT_FALSE(*other_rules.Current(*store->Snapshot()));
  {
    auto before = store->Snapshot();  // a view must not outlive its store (reopened below)
    auto second = ImportText(store.get(), R"({"kind":"person","id":"p2","names":["P2"]})", "a", false, 1 << 16);
    ASSERT_TRUE(second.status.ok());
    ASSERT_TRUE(other_rules.Update(*before, second.stats.TouchedIds(), second.stats.number, nullptr).ok());
  }
  EXPECT_TRUE(*other_rules.Current(*store->Snapshot()));
  EXPECT_TRUE(other_rules.last_evaluated_everything()) << "evaluated everything, not the new case only";

  // Reopened, the store still has them.
  store.reset();
  store = OpenStore(dir.path());
  FindingsKeeper reopened(store.get(), reasoner->get(), "rules-2");
  EXPECT_TRUE(*reopened.Current(*store->Snapshot()));
  EXPECT_EQ(Stored(*store->Snapshot()).size(), 1u);
}

// A store written before findings were stored has records but no import
// counter and no mark: it is not current, so palermod evaluates it at start.
TEST(FindingsKeeper, AStoreFromBeforeStoredFindingsIsEvaluated) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  ASSERT_TRUE(ImportText(OpenStore(dir.path()).get(), kSmuggled, "a", false, 1 << 16).status.ok());
  {
    // What the older build left: no "imports" counter in `meta`.
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.path(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.path(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    size_t meta = std::find(names.begin(), names.end(), "meta") - names.begin();
    ASSERT_LT(meta, names.size());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[meta], "imports").ok());
    for (auto* handle : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "rules");
  auto current = keeper.Current(*store->Snapshot());
  ASSERT_TRUE(current.ok());
  EXPECT_FALSE(*current);
  std::vector<FindingChange> changes;
  ASSERT_TRUE(keeper.EvaluateAll(CollectInto(&changes)).ok());
  EXPECT_EQ(changes.size(), 1u);
  EXPECT_TRUE(*keeper.Current(*store->Snapshot()));
}

// first_seen is the date a finding was first stored, kept while it holds.
TEST(FindingsKeeper, FirstSeenIsKeptWhileTheFindingHolds) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "test");
  std::string now = "2026-01-01T00:00:00Z";
  keeper.set_clock([&] { return now; });
  std::vector<FindingChange> changes;
  auto before = store->Snapshot();
  auto first = ImportText(store.get(), kSmuggled, "a", false, 1 << 16);
  ASSERT_TRUE(keeper.Update(*before, first.stats.TouchedIds(), first.stats.number, CollectInto(&changes)).ok());

  // New evidence for the same finding: a second fee. Not new, not retracted.
  now = "2026-02-01T00:00:00Z";
  before = store->Snapshot();
  auto second = ImportText(store.get(),
                           R"({"kind":"transaction","id":"t2","type":"smuggling_fee","payer":"p1","payee":"s1","amount":100,"date":"2024-01-02"})",
                           "a", false, 1 << 16);
  ASSERT_TRUE(second.status.ok());
  changes.clear();
  ASSERT_TRUE(keeper.Update(*before, second.stats.TouchedIds(), second.stats.number, CollectInto(&changes)).ok());
  EXPECT_TRUE(changes.empty());
  auto stored = Stored(*store->Snapshot());
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(stored[0].first_seen()), "2026-01-01T00:00:00Z");
  EXPECT_FALSE(stored[0].evidence().empty());
}

// A full evaluation in small batches of whole cases, one at a time or
// several at once, gives what one evaluation of everything gives.
TEST(FindingsKeeper, EvaluationInBatchesEqualsOneEvaluation) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  bench::GeneratorOptions options;
  options.seed = 9;
  options.persons = 300;
  std::ostringstream cases, truth;
  bench::Generate(options, cases, truth);
  ASSERT_TRUE(ImportText(store.get(), cases.str(), "unused", false, 1 << 16).status.ok());
  for (auto [batch, threads] : {std::pair<size_t, size_t>{1, 1}, {500, 1}, {500, 3}, {size_t{1} << 30, 2}}) {
    SCOPED_TRACE("batch " + std::to_string(batch) + ", threads " + std::to_string(threads));
    FindingsKeeper keeper(store.get(), reasoner->get(), "batch-" + std::to_string(batch) + "-" + std::to_string(threads));
    keeper.set_batch_records(batch);
    keeper.set_threads(threads);
    std::vector<FindingChange> changes;
    ASSERT_TRUE(keeper.EvaluateAll(CollectInto(&changes)).ok());
    auto now = store->Snapshot();
    auto stored = Stored(*now);
    EXPECT_GT(stored.size(), 200u);
    EXPECT_EQ(Summary(stored), Summary(FromScratch(**reasoner, *now)));
  }
}

// An import of any size brings forward only the cases it touched, batch by
// batch; the other cases of the store are not evaluated again.
TEST(FindingsKeeper, ALargeImportEvaluatesOnlyTheCasesItTouched) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "test");
  keeper.set_batch_records(20000);
  auto before = store->Snapshot();
  auto first = ImportText(store.get(), kSmuggled, "a", false, 1 << 16);
  ASSERT_TRUE(first.status.ok());
  ASSERT_TRUE(keeper.Update(*before, first.stats.TouchedIds(), first.stats.number, nullptr).ok());

  // More records than any import was once followed for (10^5 keys).
  std::string persons;
  constexpr int kPersons = 100001;
  for (int i = 0; i < kPersons; ++i) persons += R"({"kind":"person","id":"x)" + std::to_string(i) + R"(","names":["X"]})" "\n";
  before = store->Snapshot();
  auto second = ImportText(store.get(), persons, "b", false, 1 << 16);
  ASSERT_TRUE(second.status.ok()) << second.status.ToString();
  std::vector<FindingChange> changes;
  ASSERT_TRUE(keeper.Update(*before, second.stats.TouchedIds(), second.stats.number, CollectInto(&changes)).ok());
  EXPECT_FALSE(keeper.last_evaluated_everything());
  EXPECT_EQ(keeper.last_scope_records(), static_cast<size_t>(kPersons)) << "the new persons, not case a's records";
  EXPECT_GT(keeper.last_scope_batches(), 1u);
  EXPECT_TRUE(changes.empty());
  EXPECT_TRUE(*keeper.Current(*store->Snapshot()));
  EXPECT_EQ(Stored(*store->Snapshot()).size(), 1u) << "case a's finding stays";
}

// A place is shared by many cases: when it changes (here the destination
// turns out to be in the migrant's own country: no smuggling), every
// case that refers to it is evaluated again.
TEST(FindingsKeeper, AChangedPlaceReevaluatesTheCasesThatReferToIt) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "test");
  auto before = store->Snapshot();
  auto first = ImportText(store.get(), kSmuggled, "a", false, 1 << 16);
  ASSERT_TRUE(first.status.ok());
  ASSERT_TRUE(keeper.Update(*before, first.stats.TouchedIds(), first.stats.number, nullptr).ok());
  ASSERT_EQ(Stored(*store->Snapshot()).size(), 1u);

  before = store->Snapshot();
  auto second = ImportText(store.get(), R"({"kind":"location","id":"gr","name":"G","country":"SY"})", "a", false, 1 << 16);
  ASSERT_TRUE(second.status.ok());
  std::vector<FindingChange> changes;
  ASSERT_TRUE(keeper.Update(*before, second.stats.TouchedIds(), second.stats.number, CollectInto(&changes)).ok());
  auto now = store->Snapshot();
  EXPECT_EQ(Summary(Stored(*now)), Summary(FromScratch(**reasoner, *now)));
  EXPECT_FALSE(changes.empty());
}

// A changed same_as splits a party across two cases, which may be
// evaluated in different batches: only the batch that holds the finding's
// subject decides about it, so it is neither retracted and found again
// nor written by two batches at once.
TEST(FindingsKeeper, APartySplitAcrossBatchesKeepsItsFinding) {
  auto reasoner = reasoner::Reasoner::Load(reasoner::ShippedRules());
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  FindingsKeeper keeper(store.get(), reasoner->get(), "test");
  keeper.set_batch_records(1);  // every case a batch of its own
  keeper.set_threads(1);        // in case order: p2's case comes first
  std::string now = "2026-01-01T00:00:00Z";
  keeper.set_clock([&] { return now; });
  auto before = store->Snapshot();
  auto first = ImportText(store.get(), std::string(R"({"kind":"person","id":"p2","names":["P two"]})") + "\n" + kSmuggled +
                                           R"({"kind":"relation","id":"r","type":"same_as","from":"p1","to":"p2"})",
                          "a", false, 1 << 16);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  ASSERT_TRUE(keeper.Update(*before, first.stats.TouchedIds(), first.stats.number, nullptr).ok());
  auto stored = Stored(*store->Snapshot());
  ASSERT_EQ(stored.size(), 1u);
  ASSERT_EQ(stored[0].linked_size(), 2) << "p1 and p2 are one party";

  // The same_as pointed at the wrong record: p1 is p3, not p2.
  now = "2026-02-01T00:00:00Z";
  before = store->Snapshot();
  auto second = ImportText(store.get(), R"({"kind":"person","id":"p3","names":["P three"]}
{"kind":"relation","id":"r","type":"same_as","from":"p1","to":"p3"})",
                           "a", false, 1 << 16);
  ASSERT_TRUE(second.status.ok());
  std::vector<FindingChange> changes;
  ASSERT_TRUE(keeper.Update(*before, second.stats.TouchedIds(), second.stats.number, CollectInto(&changes)).ok());
  EXPECT_GT(keeper.last_scope_batches(), 1u);
  EXPECT_TRUE(changes.empty()) << "the finding holds throughout: no retraction, nothing new";
  auto now_view = store->Snapshot();
  stored = Stored(*now_view);
  EXPECT_EQ(Summary(stored), Summary(FromScratch(**reasoner, *now_view)));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(stored[0].first_seen()), "2026-01-01T00:00:00Z");
  std::vector<store::FindingKey> of_p2;
  ASSERT_TRUE(now_view->FindingsOf("a/p2", &of_p2).ok());
  EXPECT_TRUE(of_p2.empty()) << "p2 no longer finds it";
}

}  // namespace
}  // namespace palermo::findings
