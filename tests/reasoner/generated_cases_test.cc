// Cases like the worked ones, generated with their ground truth
// (bench/generator.h): the shipped rules must give each person exactly the
// findings the legal model (and the ILO/EC indicators) expect, and every
// kind of case the generator knows must be among them.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "bench/generator.h"
#include "format/case_format.h"
#include "format/json.h"
#include "reasoner/assess.h"

namespace palermo::reasoner {
namespace {

TEST(GeneratedCases, EveryPersonGetsExactlyTheExpectedFindings) {
  auto reasoner = Reasoner::Load(ShippedRules());
  ASSERT_TRUE(reasoner.ok()) << reasoner.status().message();
  std::map<std::string, int> cases_seen;  // case type -> persons, over the seeds
  uint64_t by_type[bench::kCaseTypeCount] = {};
  for (uint64_t seed : {1, 2, 3}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    bench::GeneratorOptions options;
    options.seed = seed;
    options.persons = 400;
    std::ostringstream cases, truth;
    auto stats = bench::Generate(options, cases, truth);
    for (int t = 0; t < bench::kCaseTypeCount; ++t) by_type[t] += stats.cases_by_type[t];

    std::vector<palermo::v1::Record> records;
    std::string error;
    ASSERT_TRUE(format::ParseCaseText(cases.str(), "unused", &records, &error)) << error;
    std::string line;
    std::map<std::string, std::set<std::string>> got;
    for (const auto& f : (*reasoner)->Assess(records)) {
      for (const auto& key : f.linked) got[key].insert(f.type);
    }
    std::istringstream truth_lines(truth.str());
    int people = 0;
    while (std::getline(truth_lines, line)) {
      format::JsonValue expected;
      std::string error;
      ASSERT_TRUE(format::ParseJson(line, &expected, &error)) << error;
      std::set<std::string> want;
      for (const auto& f : expected.Find("findings")->items()) want.insert(f.text());
      const std::string& person = expected.Find("person")->text();
      EXPECT_EQ(got[person], want) << person << " (" << expected.Find("case")->text() << ")";
      ++cases_seen[expected.Find("case")->text()];
      ++people;
    }
    EXPECT_EQ(people, 400);
  }
  // Not vacuous: every kind of case occurred, in the truth as in the counts.
  for (int t = 0; t < bench::kCaseTypeCount; ++t) {
    const char* name = bench::CaseTypeName(static_cast<bench::CaseType>(t));
    EXPECT_GT(by_type[t], 0u) << name;
    EXPECT_EQ(static_cast<uint64_t>(cases_seen[name]), by_type[t]) << name;
  }
  EXPECT_EQ(cases_seen.size(), static_cast<size_t>(bench::kCaseTypeCount));
}

}  // namespace
}  // namespace palermo::reasoner
