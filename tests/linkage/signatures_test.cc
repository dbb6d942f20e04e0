// Blocking signatures of encoded records (linkage/signatures.h): keyed MACs
// of the clear blocking keys, written by `linkage encode`, on which the
// service blocks encoded persons as it blocks clear ones.
#include "linkage/signatures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "format/case_format.h"
#include "linkage/encode.h"
#include "linkage/levels.h"
#include "linkage/scoring.h"
#include "tests/linkage/every_block.h"

namespace palermo::linkage {
namespace {

constexpr char kSecret[] = "project-42 shared secret, rotated";

std::string PersonLine(const std::string& id, const std::string& name, const std::string& birth) {
  return "{\"kind\":\"person\",\"id\":\"" + id + "\",\"names\":[\"" + name + "\"],\"birth_date\":\"" + birth + "\"}\n";
}

// The records of `text` encoded for `agency` (signatures as `options` say).
std::vector<v1::Record> Encoded(const std::string& text, const std::string& agency,
                                std::string_view secret = kSecret, bool signatures = true) {
  std::istringstream in(text);
  std::ostringstream out;
  EncodeOptions options{agency};
  options.signatures = signatures;
  Status s = EncodeCaseFile(in, out, DefaultPersonSchema(), secret, options, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::vector<v1::Record> records;
  std::string error;
  EXPECT_TRUE(format::ParseCaseText(out.str(), agency, &records, &error)) << error;
  return records;
}

std::vector<Profile> Profiles(const std::vector<v1::Record>& records, ProfileReader* reader) {
  std::vector<Profile> profiles;
  EXPECT_TRUE(ReadProfiles(records, reader, &profiles).ok());
  return profiles;
}

std::vector<Signature> Shared(const Profile& a, const Profile& b) {
  std::vector<Signature> shared;
  std::set_intersection(a.clk_signatures.begin(), a.clk_signatures.end(), b.clk_signatures.begin(),
                        b.clk_signatures.end(), std::back_inserter(shared));
  return shared;
}

TEST(BlockingSignatures, SpellingsThatShareAClearKeyShareASignatureAndArePaired) {
  // Somali spelling against the usual one: the same skeleton (docs/LINKAGE.md).
  ProfileReader reader;
  auto a = Profiles(Encoded(PersonLine("p1", "Maxamed Cabdiraxmaan", "1990"), "A"), &reader);
  auto b = Profiles(Encoded(PersonLine("q1", "Mohamed Abdirahman", "1990-03-12"), "B"), &reader);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_FALSE(a[0].clk.empty());
  EXPECT_GT(a[0].clk_signatures.size(), 5u);
  EXPECT_FALSE(Shared(a[0], b[0]).empty());
  Result<BlockingResult> blocked = BlockProfilesBetween(a, b);
  ASSERT_TRUE(blocked.ok());
  ASSERT_EQ(blocked->pairs.size(), 1u);
  // From the signatures alone (a person with signatures gives no band
  // keys), under the rules the clear names would have met by.
  std::vector<std::string> rules = RuleNames(blocked->pairs[0].rules, BlockingOptions{});
  EXPECT_NE(std::find(rules.begin(), rules.end(), "signed:name_skeleton+birth_year"), rules.end());
  for (const std::string& rule : rules) EXPECT_EQ(rule.rfind("signed:", 0), 0u) << rule;
}

TEST(BlockingSignatures, StrangersShareNoneAndAnotherSecretGivesOthers) {
  ProfileReader reader;
  auto a = Profiles(Encoded(PersonLine("p1", "Samir Haddad", "1999-07-14"), "A"), &reader);
  auto b = Profiles(Encoded(PersonLine("q1", "Ilir Dervishi", "1981"), "B"), &reader);
  EXPECT_TRUE(Shared(a[0], b[0]).empty());
  Result<BlockingResult> blocked = BlockProfilesBetween(a, b);
  ASSERT_TRUE(blocked.ok());
  EXPECT_TRUE(blocked->pairs.empty());
  // The same person under two projects' secrets: nothing in common.
  auto c = Profiles(Encoded(PersonLine("p1", "Samir Haddad", "1999-07-14"), "A", "another project's secret!"), &reader);
  EXPECT_EQ(c[0].clk_signatures.size(), a[0].clk_signatures.size());
  EXPECT_TRUE(Shared(a[0], c[0]).empty());
}

TEST(BlockingSignatures, LeftOutOnRequestAndThenTheBandsBlock) {
  std::istringstream in(PersonLine("p1", "Samir Haddad", "1999-07-14"));
  std::ostringstream out;
  EncodeOptions options{"A"};
  options.signatures = false;
  EncodeSummary summary;
  ASSERT_TRUE(EncodeCaseFile(in, out, DefaultPersonSchema(), kSecret, options, &summary).ok());
  EXPECT_EQ(out.str().find(kSignaturesField), std::string::npos) << out.str();
  EXPECT_EQ(summary.signatures, 0);
  ProfileReader reader;
  auto a = Profiles(Encoded(PersonLine("p1", "Samir Haddad", "1999-07-14"), "A", kSecret, false), &reader);
  auto b = Profiles(Encoded(PersonLine("q1", "Samir Hadad", "1999-07-14"), "B", kSecret, false), &reader);
  EXPECT_TRUE(a[0].clk_signatures.empty());
  Result<BlockingResult> blocked = BlockProfilesBetween(a, b);
  ASSERT_TRUE(blocked.ok());
  ASSERT_EQ(blocked->pairs.size(), 1u);
  EXPECT_EQ(RuleNames(blocked->pairs[0].rules, BlockingOptions{}), std::vector<std::string>{"clk"});
}

TEST(BlockingSignatures, TheFieldReadsBackAndAnythingElseIsRefused) {
  auto key = SignatureKey(kSecret);
  ASSERT_TRUE(key.ok());
  ASSERT_EQ(key->size(), 32u);
  SignatureSet made = {{"name_full", {"AAAAAAAAAAAAAAAA", "AQAAAAAAAAAAAAAA"}}, {"identifier", {"AQAAAAAAAAAAAAAA"}}};
  auto read = ReadSignatures(SignaturesJson(made));
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  // The rule's index in ClearBlockingRules(), the first 8 bytes little-endian; sorted.
  EXPECT_EQ(*read, (std::vector<Signature>{{0, 1}, {1, 0}, {1, 1}}));
  for (const char* bad : {"", "[]", "{\"name_full\":1}", "{\"name_full\":[1]}", "{\"name_full\":[\"\"]}",
                          "{\"name_full\":[\"AAAA\"]}", "{\"name_full\":[\"AAAAAAAAAAAAAAAAAAAA\"]}",
                          "{\"name_full\":[\"AAAAAAAAAAAAAAA*\"]}", "{\"no_such_rule\":[\"AAAAAAAAAAAAAAAA\"]}"}) {
    auto refused = ReadSignatures(bad);
    EXPECT_EQ(refused.status().code(), Status::Code::kInvalidArgument) << bad;
    EXPECT_NE(refused.status().message().find(kSignaturesField), std::string::npos) << bad;
  }
  // A record whose field does not read keeps its CLK, loses its
  // signatures, and is counted.
  auto records = Encoded(PersonLine("p1", "Samir Haddad", "1999-07-14"), "A");
  ASSERT_TRUE(records[0].extra().contains(kSignaturesField));
  (*records[0].mutable_extra())[kSignaturesField] = "{\"name_full\":[\"not a signature\"]}";
  ProfileReader reader;
  auto profiles = Profiles(records, &reader);
  EXPECT_FALSE(profiles[0].clk.empty());
  EXPECT_TRUE(profiles[0].clk_signatures.empty());
  EXPECT_EQ(reader.unreadable_clks(), 1);
}

TEST(BlockingSignatures, TellNamesakesBornInOtherYearsApart) {
  ProfileReader reader;
  auto a = Profiles(Encoded(PersonLine("p1", "Mohamed Ali", "1990-03-12") + PersonLine("p2", "Mohamed Ali", "1990") +
                                PersonLine("p3", "Samir Haddad", "1990-03-12"),
                            "A"),
                    &reader);
  auto b = Profiles(Encoded(PersonLine("q1", "Mohamed Ali", "1990-03-12") + PersonLine("q2", "Mohamed Ali", "1984-07-01"),
                            "B"),
                    &reader);
  EXPECT_EQ(BirthLevelFromSignatures(a[0], b[0]), levels::kDateSameDay);
  EXPECT_EQ(BirthLevelFromSignatures(a[0], b[1]), levels::kDateDiffer) << "namesakes, years apart";
  EXPECT_EQ(BirthLevelFromSignatures(a[1], b[1]), levels::kDateDiffer);
  EXPECT_EQ(BirthLevelFromSignatures(a[1], b[0]), levels::kNull) << "1990 and a day of 1990: compatible, not told";
  EXPECT_EQ(BirthLevelFromSignatures(a[2], b[1]), levels::kNull) << "other names: the CLK weighs them";
  EXPECT_EQ(BirthLevelFromSignatures(a[2], b[0]), levels::kNull) << "the same day, no initial in common";
  // And scoring reads it for encoded pairs: the namesake born elsewhere in
  // time weighs less than the same person.
  Model model = DefaultModel();
  EXPECT_GT(ScorePair(a[0], b[0], model).weight, ScorePair(a[0], b[1], model).weight + 5);
}

// An encoded person's birth years cannot be read, only that it has some:
// the signed rules on names alone pair namesakes only when one of them has
// no birth year; namesakes of one year meet under the signed rules of a
// name with the year.
TEST(BlockingSignatures, SignedNameRulesPairNamesakesOnlyWhenOneHasNoBirthYear) {
  ProfileReader reader;
  auto a = Profiles(Encoded(PersonLine("p1", "Mohamed Ali", "1990-03-12") +
                                "{\"kind\":\"person\",\"id\":\"p2\",\"names\":[\"Mohamed Ali\"]}\n",
                            "A"),
                    &reader);
  auto b = Profiles(Encoded(PersonLine("q1", "Mohamed Ali", "1993") + PersonLine("q2", "Mohamed Ali", "1990-03-12"), "B"),
                    &reader);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  BlockingOptions options;
  HoldConditionInEveryBlock(&options.rules);
  Result<BlockingResult> blocked = BlockProfilesBetween(a, b, options);
  ASSERT_TRUE(blocked.ok());
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> pairs;
  for (const CandidatePair& pair : blocked->pairs) {
    pairs[{a[pair.a].key, b[pair.b].key}] = RuleNames(pair.rules, BlockingOptions{});
  }
  ASSERT_EQ(pairs.size(), 3u) << "not A/p1 and B/q1: both born, three years apart";
  auto has = [](const std::vector<std::string>& rules, const std::string& rule) {
    return std::find(rules.begin(), rules.end(), rule) != rules.end();
  };
  EXPECT_TRUE(has(pairs[{"A/p2", "B/q1"}], "signed:name_full"));
  EXPECT_TRUE(has(pairs[{"A/p2", "B/q2"}], "signed:name_full"));
  const std::vector<std::string>& same_day = pairs[{"A/p1", "B/q2"}];
  EXPECT_TRUE(has(same_day, "signed:name_skeleton+birth_year"));
  EXPECT_FALSE(has(same_day, "signed:name_full"));
}

TEST(BlockingSignatures, EveryClearRuleHasItsSignedRuleWithItsLimit) {
  std::vector<BlockingRule> clear = ClearBlockingRules(), all = DefaultBlockingRules();
  ASSERT_EQ(all.size(), 2 * clear.size() + 1);
  for (size_t r = 0; r < clear.size(); ++r) {
    const BlockingRule& signed_rule = all[clear.size() + r];
    EXPECT_EQ(signed_rule.name, "signed:" + clear[r].name);
    EXPECT_EQ(signed_rule.max_block_side, clear[r].max_block_side) << signed_rule.name;
    EXPECT_EQ(signed_rule.max_birth_years_apart, clear[r].max_birth_years_apart) << signed_rule.name;
    EXPECT_EQ(signed_rule.years_apart_above_block_side, clear[r].years_apart_above_block_side) << signed_rule.name;
    ASSERT_EQ(signed_rule.parts.size(), 1u);
    EXPECT_EQ(signed_rule.parts[0].signed_rule, static_cast<int>(r));
  }
  EXPECT_EQ(all.back().name, "clk");
}

}  // namespace
}  // namespace palermo::linkage
