// The worked cases: each scenario gives exactly its expected findings
// (tests/data/scenarios/expected.json), evaluated by the shipped rules over
// the records as the importer parses them.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "format/case_format.h"
#include "format/json.h"
#include "reasoner/assess.h"
#include "tests/reasoner/case_findings.h"
#include "tests/test_util.h"

namespace palermo::reasoner {
namespace {

std::vector<palermo::v1::Record> ReadCase(const std::string& path, const std::string& agency) {
  std::vector<palermo::v1::Record> records;
  std::string error;
  EXPECT_TRUE(format::ParseCaseText(palermo::testing::ReadFile(path), agency, &records, &error)) << path << ": " << error;
  return records;
}

bool Matches(const Finding& f, const std::string& type, const std::string& key) {
  return f.type == type && (f.subject == key || std::count(f.linked.begin(), f.linked.end(), key) > 0);
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += "  " + f.type + " " + f.subject + " (" + f.rule + ")\n";
  return out;
}

using Scenarios = CaseFindings;

TEST_F(Scenarios, EachGivesExactlyItsExpectedFindings) {
  format::JsonValue expected;
  std::string error;
  ASSERT_TRUE(format::ParseJson(palermo::testing::ReadFile(std::string(PALERMO_TEST_DATA) + "/scenarios/expected.json"),
                                &expected, &error))
      << error;
  ASSERT_GT(expected.members().size(), 5u);
  for (const auto& [name, scenario] : expected.members()) {
    SCOPED_TRACE(name);
    auto records = ReadCase(palermo::testing::ScenarioPath(name), scenario.Find("agency")->text());
    std::vector<Finding> findings = reasoner_->Assess(records);
    for (const auto& must : scenario.Find("must")->items()) {
      const std::string type = must.items()[0].text(), key = must.items()[1].text();
      bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return Matches(f, type, key); });
      EXPECT_TRUE(found) << "missing " << type << " " << key << "; got:\n" << Describe(findings);
    }
    for (const auto& must_not : scenario.Find("must_not")->items()) {
      const std::string type = must_not.items()[0].text(), key = must_not.items()[1].text();
      bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return Matches(f, type, key); });
      EXPECT_FALSE(found) << "unexpected " << type << " " << key;
    }
    const format::JsonValue* complete = scenario.Find("complete");
    if (complete != nullptr && complete->bool_value()) {
      for (const auto& f : findings) {
        bool expected_one = std::any_of(scenario.Find("must")->items().begin(), scenario.Find("must")->items().end(),
                                        [&](const format::JsonValue& m) { return Matches(f, m.items()[0].text(), m.items()[1].text()); });
        EXPECT_TRUE(expected_one) << "not expected: " << f.type << " " << f.subject << " (" << f.rule << ")";
      }
    }
  }
}

}  // namespace
}  // namespace palermo::reasoner
