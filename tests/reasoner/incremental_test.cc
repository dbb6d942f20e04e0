// Property: over random sequences of imports (new cases, replaced records,
// victims identified), the findings kept up to date import by import equal
// a full evaluation of the store from scratch.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "bench/generator.h"
#include "services/findings_feed.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::services {
namespace {

using palermo::testing::ImportText;
using palermo::testing::OpenStore;
using palermo::testing::TempDir;

// What must agree (the evidence is the records under the first derivation
// of each tuple, which may be found in another order).
std::map<std::string, std::string> Summary(const std::vector<reasoner::Finding>& findings) {
  std::map<std::string, std::string> out;
  for (const auto& f : findings) {
    std::string s = f.subject + "|";
    for (const auto& k : f.linked) s += k + ",";
    s += "|";
    for (const auto& a : f.actors) s += a + ",";
    for (const auto& [name, keys] : f.elements) {
      s += "|" + name + ":";
      for (const auto& k : keys) s += k + ",";
    }
    for (const auto& m : f.missing) s += "|missing " + m;
    s += f.age_presumed ? "|presumed" : "";
    out[f.id] = s;
  }
  return out;
}

std::map<std::string, std::string> Summary(const std::map<std::string, reasoner::Finding>& findings) {
  std::vector<reasoner::Finding> list;
  for (const auto& [id, f] : findings) list.push_back(f);
  return Summary(list);
}

TEST(IncrementalFindings, EqualAFullEvaluationAfterEveryImport) {
  auto reasoner = reasoner::Reasoner::Load({reasoner::ShippedRules()});
  ASSERT_TRUE(reasoner.ok()) << reasoner.status().message();
  for (uint64_t seed : {4, 5}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TempDir dir;
    auto store = OpenStore(dir.path());
    IncrementalFindings incremental(reasoner->get());
    ASSERT_TRUE(incremental.Reset(*store->Snapshot()).ok());

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
      switch (random() % 5) {
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
      }
      auto before = store->Snapshot();
      auto result = ImportText(store.get(), text, "unused", false, 1 << 16);
      ASSERT_TRUE(result.status.ok()) << result.status.ToString() << "\n" << text;
      auto now = store->Snapshot();
      std::vector<FindingChange> changes;
      ASSERT_TRUE(incremental.Update(*before, *now, result.stats.keys, !result.stats.keys_truncated, &changes).ok());
      changes_seen += static_cast<int>(changes.size());
      auto full = EvaluateAll(**reasoner, *now);
      ASSERT_TRUE(full.ok());
      ASSERT_EQ(Summary(incremental.findings()), Summary(full.value())) << "after step " << steps << ":\n" << text;
      ++steps;
    }
    EXPECT_GT(steps, 10);
    EXPECT_GT(changes_seen, 50);
  }
}

// A record that moves out of a case: the case it left is evaluated again.
TEST(IncrementalFindings, ARecordThatLeavesACaseRetractsItsFindings) {
  auto reasoner = reasoner::Reasoner::Load({reasoner::ShippedRules()});
  ASSERT_TRUE(reasoner.ok());
  TempDir dir;
  auto store = OpenStore(dir.path());
  IncrementalFindings incremental(reasoner->get());
  ASSERT_TRUE(incremental.Reset(*store->Snapshot()).ok());
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
  ASSERT_TRUE(incremental.Update(*before, *store->Snapshot(), first.stats.keys, true, &changes).ok());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_TRUE(changes[0].added);
  EXPECT_EQ(changes[0].finding.id, "smuggling_of_migrants:a/p1");

  // The crossing was someone else's: e1 now concerns p2, with no actor.
  before = store->Snapshot();
  auto second = ImportText(store.get(),
                           R"({"kind":"event","id":"e1","type":"border_crossing","date":"2024-01-05","subject":"p2","from":"tr","to":"gr","entry":"irregular"})",
                           "a", false, 1 << 16);
  ASSERT_TRUE(second.status.ok());
  changes.clear();
  ASSERT_TRUE(incremental.Update(*before, *store->Snapshot(), second.stats.keys, true, &changes).ok());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].added);
  EXPECT_EQ(changes[0].finding.id, "smuggling_of_migrants:a/p1");
  EXPECT_TRUE(incremental.findings().empty());
}

}  // namespace
}  // namespace palermo::services
