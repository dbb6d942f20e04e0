// Blocking (linkage/blocking.h): which person pairs the rules propose, each
// once with all its rules; giant blocks skipped and counted; pairs
// completeness on the transliteration pairs and on FEBRL4.
#include "linkage/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "format/case_format.h"
#include "linkage/block_keys.h"
#include "linkage/name_keys.h"
#include "tests/linkage/every_block.h"
#include "tests/linkage/transliteration_pairs.h"
#include "tests/test_util.h"
#ifdef PALERMO_FEBRL_DATA
#include "bench/febrl.h"
#endif

namespace palermo::linkage {
namespace {

std::vector<v1::Record> Parse(const std::string& text, const std::string& agency) {
  std::vector<v1::Record> records;
  std::string error;
  EXPECT_TRUE(format::ParseCaseText(text, agency, &records, &error)) << error;
  return records;
}

std::string Person(const std::string& id, const std::string& name, const std::string& extra = "") {
  return R"({"kind":"person","id":")" + id + R"(","names":[")" + name + "\"]" + extra + "}\n";
}

std::vector<std::string> Rules(const CandidatePair& pair) { return RuleNames(pair.rules, BlockingOptions{}); }

TEST(BlockingTest, SamePassportWithDifferentNamesIsAPair) {
  auto a = Parse(Person("p1", "Ahmed Karim") +
                     R"({"kind":"identifier","id":"i1","type":"passport","value":"ab 123-456","holder":"p1"})" "\n",
                 "A");
  auto b = Parse(Person("q1", "Yuriy Shchukin") +
                     R"({"kind":"identifier","id":"j1","type":"passport","value":"AB123456","holder":"q1"})" "\n",
                 "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->pairs.size(), 1u);
  EXPECT_EQ(a[result->pairs[0].a].id(), "p1");
  EXPECT_EQ(b[result->pairs[0].b].id(), "q1");
  EXPECT_EQ(Rules(result->pairs[0]), std::vector<std::string>{"identifier"});
}

TEST(BlockingTest, StrangersWithNothingInCommonAreNoPair) {
  auto a = Parse(Person("p1", "Ahmed Karim", R"(,"birth_date":"1980-05-02","postcode":"10115")"), "A");
  auto b = Parse(Person("q1", "Yuriy Shchukin", R"(,"birth_date":"1975-01-09","postcode":"SW1A 1AA")"), "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->pairs.empty());
}

// The transliteration set (tests/linkage/transliteration_pairs.h), as persons
// born in the same year: every one must be proposed (completeness 1).
TEST(BlockingTest, TransliteratedNamesAcrossScriptsArePairs) {
  const auto& pairs = kTransliterationPairs;
  std::string text_a, text_b;
  for (size_t i = 0; i < std::size(pairs); ++i) {
    text_a += Person("p" + std::to_string(i), pairs[i].first, R"(,"birth_date":"1980")");
    text_b += Person("p" + std::to_string(i), pairs[i].second, R"(,"birth_date":"1980-05-02")");
  }
  auto a = Parse(text_a, "A"), b = Parse(text_b, "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  std::set<std::string> found;
  for (const CandidatePair& pair : result->pairs) {
    if (a[pair.a].id() == b[pair.b].id()) found.insert(a[pair.a].id());
  }
  for (size_t i = 0; i < std::size(pairs); ++i) {
    EXPECT_TRUE(found.count("p" + std::to_string(i))) << pairs[i].first << " / " << pairs[i].second;
  }
}

// Names recorded whole whose words were spelled apart but for one rare
// word meet on that word and the birth year, not across years.
TEST(BlockingTest, NamesSharingOneRareWordInAYearArePairs) {
  auto a = Parse(Person("p1", "Kadhim Jawad Al-Musawi", R"(,"birth_date":"1985-04-30")") +
                     Person("p2", "Kadhim Jawad Al-Musawi", R"(,"birth_date":"1975")"),
                 "A");
  auto b = Parse(Person("q1", "Kazem Jawad al-Moussawi", R"(,"birth_date":"1985")"), "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  std::set<std::string> found;
  for (const CandidatePair& pair : result->pairs) found.insert(a[pair.a].id() + "~" + b[pair.b].id());
  EXPECT_EQ(found, (std::set<std::string>{"p1~q1"}));
}

// A person known under many spellings repeats the words of its names many
// times over; a word of its given and family names still makes a key of
// the rule on one word and a year (kMaxKeysPerRule counts distinct words,
// the name parts' first).
TEST(BlockingTest, EveryNameWordIsAKeyHoweverOftenOtherSpellingsRepeatTheirWords) {
  std::string aliases;
  for (const char* name : {"Александр Сергеевич Пушкин", "Aleksandr Sergeevich Pushkin", "Alexander Sergejewitsch Puschkin",
                           "Aleksandr Sergeyevich Pushkin", "Oleksandr Serhiiovych Pushkin", "Alexandre Sergueievitch Pouchkine",
                           "ALEKSANDR SERGEEVICH PUSHKIN", "Sasha Pushkin", "Aleksandr S. Pushkin", "A. S. Pushkin",
                           "Pushkin Aleksandr Sergeevich", "Aleksandr Pushkin", "Alexandr Pushkin", "Aleksander Puszkin"}) {
    aliases += std::string(aliases.empty() ? "" : ",") + "\"" + name + "\"";
  }
  auto records = Parse(R"({"kind":"person","id":"p1","names":[)" + aliases +
                           R"(],"given_names":["Zamir"],"family_names":["Toktogulov"],)"
                           R"("stated_ages":[{"age":30,"on":"2020-06-01"},{"age":31,"on":"2021-09-01"}]})" "\n",
                       "A");
  ProfileReader reader;
  std::vector<Profile> profiles;
  ASSERT_TRUE(ReadProfiles(records, &reader, &profiles).ok());
  const BlockingOptions options;
  const auto rule = std::find_if(options.rules.begin(), options.rules.end(),
                                 [](const BlockingRule& r) { return r.name == "name_token_loose+birth_year"; });
  ASSERT_NE(rule, options.rules.end());
  block_keys::PersonValues values;
  block_keys::ValuesOf(profiles[0], options, &values);
  const std::vector<std::string> keys = block_keys::RuleKeys(*rule, values);
  for (const char* word : {"zamir", "toktogulov"}) {
    for (const std::string& year : values.years) {
      const std::string key = LooseSkeleton(Skeleton(word)) + '\x1f' + year;
      EXPECT_TRUE(std::binary_search(keys.begin(), keys.end(), key)) << word << " " << year;
    }
  }
}

TEST(BlockingTest, EachPairOnceWithAllItsRules) {
  const std::string extra = R"(,"given_names":["Mohamed"],"family_names":["Ali"],)"
                            R"("birth_date":"1980-05-02","postcode":"10115","addresses":["Invalidenstrasse 12"])";
  auto a = Parse(Person("p1", "Mohamed Ali", extra), "A");
  auto b = Parse(Person("q1", "Mohamed Ali", extra), "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->pairs.size(), 1u);
  EXPECT_EQ(Rules(result->pairs[0]),
            (std::vector<std::string>{"name_full", "name_sorted", "name_joined", "name_skeleton",
                                      "name_skeleton_joined", "name_loose_skeleton", "name_skeleton+birth_year",
                                      "name_skeleton_joined+birth_year", "name_part_skeleton+birth_year",
                                      "name_loose_skeleton+birth_year", "name_token_loose+birth_year", "birth_day+initial",
                                      "birth_day+postcode_prefix", "birth_year+postcode",
                                      "name_part_skeleton+postcode", "address_word+postcode"}));
  for (const RuleStats& rule : result->stats.rules) {
    const bool proposes = rule.name != "identifier" && rule.name != "clk" && !rule.name.starts_with(kSignedRulePrefix);
    EXPECT_EQ(rule.pairs, proposes ? 1 : 0) << rule.name;
    EXPECT_EQ(rule.only_pairs, 0) << rule.name;
  }
}

// The options with the rules on names alone holding their condition in
// every block, however small.
BlockingOptions ConditionInEveryBlock() {
  BlockingOptions options;
  HoldConditionInEveryBlock(&options.rules);
  return options;
}

// The rules on names alone pair namesakes when a birth year is missing or
// the years are at most five apart; further apart, only other rules could
// (in blocks over ten records a side; smaller ones pair everyone, below).
TEST(BlockingTest, NamesakesBornYearsApartAreNoPairByNameAlone) {
  auto a = Parse(Person("p1", "Mohamed Ali", R"(,"birth_date":"1980-05-02")") + Person("p2", "Mohamed Ali"), "A");
  auto b = Parse(Person("q1", "Mohamed Ali", R"(,"birth_date":"1990")") +
                     Person("q2", "Mohamed Ali", R"(,"birth_date":"1984-11")") +
                     Person("q3", "Mohamed Ali", R"(,"birth_date":"1970/1990")"),  // 21 years: no year known
                 "B");
  const BlockingOptions options = ConditionInEveryBlock();
  Result<BlockingResult> result = BlockBetween(a, b, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::set<std::pair<std::string, std::string>> pairs;
  for (const CandidatePair& pair : result->pairs) {
    pairs.insert({a[pair.a].id(), b[pair.b].id()});
    if (a[pair.a].id() == "p1" && b[pair.b].id() == "q2") {
      EXPECT_EQ(Rules(pair), (std::vector<std::string>{"name_full", "name_sorted", "name_joined", "name_skeleton",
                                                       "name_skeleton_joined", "name_loose_skeleton"}));
    }
  }
  EXPECT_EQ(pairs, (std::set<std::pair<std::string, std::string>>{
                       {"p1", "q2"}, {"p1", "q3"}, {"p2", "q1"}, {"p2", "q2"}, {"p2", "q3"}}));
  // The same people within one set: the same pairs.
  auto all = a;
  all.insert(all.end(), b.begin(), b.end());
  Result<BlockingResult> within = BlockWithin(all, options);
  ASSERT_TRUE(within.ok());
  std::set<std::pair<std::string, std::string>> within_pairs;
  for (const CandidatePair& pair : within->pairs) within_pairs.insert({all[pair.a].id(), all[pair.b].id()});
  // And p1-p2, q1-q3, q2-q3; not q1-q2 (six years apart).
  EXPECT_EQ(within_pairs, (std::set<std::pair<std::string, std::string>>{{"p1", "p2"},
                                                                          {"p1", "q2"},
                                                                          {"p1", "q3"},
                                                                          {"p2", "q1"},
                                                                          {"p2", "q2"},
                                                                          {"p2", "q3"},
                                                                          {"q1", "q3"},
                                                                          {"q2", "q3"}}));
  // With the shipped options, a block this small pairs every namesake.
  Result<BlockingResult> small = BlockBetween(a, b);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->pairs.size(), 6u);
}

// A block over ten records a side holds the condition: eleven namesakes
// of 1960 against one of 1990 and one without a birth date.
TEST(BlockingTest, ALargeBlockOfNamesakesHoldsTheCondition) {
  std::string text_a;
  for (int i = 0; i < 11; ++i) text_a += Person("p" + std::to_string(i), "Mohamed Ali", R"(,"birth_date":"1960")");
  auto a = Parse(text_a, "A");
  auto b = Parse(Person("q1", "Mohamed Ali", R"(,"birth_date":"1990")") + Person("q2", "Mohamed Ali"), "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->pairs.size(), 11u);
  for (const CandidatePair& pair : result->pairs) EXPECT_EQ(b[pair.b].id(), "q2");
}

// Names alone whose spellings differ in a z written as s meet on the loose
// skeleton (Hamza and Hamsa: "hmz" and "hms", both loosely "hms").
TEST(BlockingTest, NamesOnlyRecordsMeetOnTheLooseSkeleton) {
  auto a = Parse(Person("p1", "Hamza Ali"), "A");
  auto b = Parse(Person("q1", "Hamsa Ali"), "B");
  Result<BlockingResult> result = BlockBetween(a, b);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->pairs.size(), 1u);
  EXPECT_EQ(Rules(result->pairs[0]), std::vector<std::string>{"name_loose_skeleton"});
}

TEST(BlockingTest, GiantBlockIsSkippedAndCounted) {
  BlockingOptions options;
  options.max_block_side = 3;
  std::string text_a, text_b;
  for (int i = 0; i < 4; ++i) text_a += Person("p" + std::to_string(i), "John Smith");
  text_b += Person("q0", "John Smith");
  text_b += Person("q1", "Jane Doe", R"(,"birth_date":"1990-01-01")");
  text_a += Person("p9", "Jane Doe", R"(,"birth_date":"1990-01-01")");
  auto a = Parse(text_a, "A"), b = Parse(text_b, "B");
  Result<BlockingResult> result = BlockBetween(a, b, options);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->pairs.size(), 1u);  // only Jane Doe: John Smith's block has 4 > 3 in A
  EXPECT_EQ(a[result->pairs[0].a].id(), "p9");
  const RuleStats& full = result->stats.rules[1];
  ASSERT_EQ(full.name, "name_full");
  EXPECT_EQ(full.skipped_blocks, 1);
  EXPECT_EQ(full.skipped_pairs, 4);
  EXPECT_EQ(full.pairs, 1);
}

TEST(BlockingTest, MorePairsThanTheGuardAllowsFailNamingTheRule) {
  std::string text;
  for (int i = 0; i < 6; ++i) text += Person("p" + std::to_string(i), "John Smith", R"(,"birth_date":"1980")");
  auto records = Parse(text, "A");
  BlockingOptions options;
  Result<BlockingResult> unguarded = BlockWithin(records, options);
  ASSERT_TRUE(unguarded.ok());
  ASSERT_EQ(unguarded->pairs.size(), 15u);  // 6 namesakes: every pair, proposed by many rules
  options.max_proposed_pairs = 20;          // fewer than the rules propose together
  Result<BlockingResult> guarded = BlockWithin(records, options);
  ASSERT_EQ(guarded.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(guarded.status().message().find("more than 20 candidate pairs"), std::string::npos)
      << guarded.status().message();
  EXPECT_NE(guarded.status().message().find("rule `"), std::string::npos) << guarded.status().message();
  options.max_proposed_pairs = 1000;  // enough
  Result<BlockingResult> enough = BlockWithin(records, options);
  ASSERT_TRUE(enough.ok());
  EXPECT_EQ(enough->pairs.size(), 15u);
}

TEST(BlockingTest, WithinOneSetEachPairOnceLowerIndexFirst) {
  auto records = Parse(Person("p1", "Mohamed Ali") + Person("p2", "Yuriy Shchukin") + Person("p3", "Ali Mohamed"),
                       "A");
  Result<BlockingResult> result = BlockWithin(records);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->pairs.size(), 1u);
  EXPECT_EQ(result->pairs[0].a, 0);
  EXPECT_EQ(result->pairs[0].b, 2);
  EXPECT_EQ(Rules(result->pairs[0]), std::vector<std::string>{"name_sorted"});
}

// The index of one set (what the keeper stores) is every key of every
// person (BlockKeysOf), hashed, in (hash, person) order, each once, however
// many threads merge the rules' entries.
TEST(BlockingTest, TheIndexHoldsEveryKeyOfEveryPersonOnceInOrder) {
  std::string text;
  for (size_t i = 0; i < std::size(kTransliterationPairs); ++i) {
    const std::string born = R"(,"birth_date":"19)" + std::to_string(60 + i % 30) + R"(-05-02","postcode":"40)" +
                             std::to_string(i % 7) + "\"";
    text += Person("a" + std::to_string(i), kTransliterationPairs[i].first, born);
    text += Person("b" + std::to_string(i), kTransliterationPairs[i].second, born);
  }
  ProfileReader reader;
  std::vector<Profile> profiles;
  ASSERT_TRUE(ReadProfiles(Parse(text, "A"), &reader, &profiles).ok());
  std::vector<IndexEntry> expected;
  for (size_t p = 0; p < profiles.size(); ++p) {
    for (const BlockKey& key : BlockKeysOf(profiles[p])) {
      expected.push_back({BlockHash(key.rule, key.value), static_cast<int32_t>(p)});
    }
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  ASSERT_GT(expected.size(), 100u);
  for (int threads : {1, 2, 3}) {
    BlockingOptions options;
    options.threads = threads;
    Result<BlockingResult> result = BlockProfilesWithin(profiles, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->index, expected) << threads << " threads";
  }
}

TEST(BlockingTest, BadOptionsAreRefused) {
  BlockingOptions options;
  options.max_block_side = 0;
  EXPECT_FALSE(BlockWithin({}, options).ok());
  options.max_block_side = 10;
  options.rules.push_back({"empty", {}});
  EXPECT_FALSE(BlockWithin({}, options).ok());
}

#ifdef PALERMO_FEBRL_DATA  // palermo_febrl is built with the benchmarks
std::string ReadFebrl(const std::string& name) {
  std::string text = palermo::testing::ReadFile(std::string(PALERMO_FEBRL_DATA) + "/" + name);
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

std::vector<v1::Record> FebrlRecords(const std::string& name, const std::string& agency) {
  std::string lines, error;
  bench::FebrlStats stats;
  EXPECT_TRUE(bench::ConvertFebrlCsv(ReadFebrl(name), agency, &lines, &stats, &error)) << error;
  return Parse(lines, agency);
}

double Completeness(const std::vector<v1::Record>& a, const std::vector<v1::Record>& b, const BlockingOptions& options) {
  std::set<std::pair<std::string, std::string>> truth;
  std::string error;
  EXPECT_TRUE(bench::ReadFebrlTrueLinks(ReadFebrl("febrl4_true_links.csv"), &truth, &error)) << error;
  Result<BlockingResult> result = BlockBetween(a, b, options);
  EXPECT_TRUE(result.ok());
  if (!result.ok() || truth.size() != 5000) return 0;
  int64_t found = 0;
  for (const CandidatePair& pair : result->pairs) found += truth.count({a[pair.a].id(), b[pair.b].id()});
  EXPECT_LT(result->pairs.size(), 20000u);  // reduction ratio above 0.9992 on 5000 x 5000
  return static_cast<double>(found) / static_cast<double>(truth.size());
}

TEST(BlockingFebrlTest, PairsCompletenessOnFebrl4) {
  auto a = FebrlRecords("febrl_dataset4a.csv", "A"), b = FebrlRecords("febrl_dataset4b.csv", "B");
  BlockingOptions options;
  EXPECT_GE(Completeness(a, b, options), 0.99);
  // Without soc_sec_id (the issue's encoded mode drops it): names, dates
  // and postcodes alone.
  std::erase_if(options.rules, [](const BlockingRule& rule) { return rule.name == "identifier"; });
  EXPECT_GE(Completeness(a, b, options), 0.99);
}
#endif

}  // namespace
}  // namespace palermo::linkage
