// Labelled sets (tests/data/linkage/*.jsonl with their .pairs): case files of
// two agencies whose persons' names are written across scripts and
// romanisations, with the pairs that are one person and the look-alike
// strangers that are not (issue #10, "A transliteration set"). Each set is
// linked as palermod links a store (blocking, a model trained on the set,
// the probability of each blocked pair): every `same` pair must be proposed
// at P >= 0.5, no `different` pair may be, every `missed` pair (one person
// Palermo does not find, written down with why) must still be missed and
// every `confused` pair (two persons Palermo proposes as one, with why)
// still proposed, so that the lists stay true.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "format/case_format.h"
#include "linkage/blocking.h"
#include "linkage/scoring.h"
#include "tests/test_util.h"

namespace palermo::linkage {
namespace {

struct Labelled {
  std::string label, a, b, why;
};

std::vector<Labelled> ReadPairs(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<Labelled> pairs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Labelled pair;
    fields >> pair.label >> pair.a >> pair.b;
    std::getline(fields, pair.why);
    EXPECT_TRUE(pair.label == "same" || pair.label == "different" || pair.label == "missed" ||
                pair.label == "confused")
        << line;
    pairs.push_back(pair);
  }
  return pairs;
}

// The probability of each blocked pair of the set's persons, by their keys
// (the smaller first), with the reasons of each.
struct Linked {
  std::map<std::pair<std::string, std::string>, Score> scores;
};

Linked Link(const std::string& case_text) {
  std::vector<v1::Record> records;
  std::string error;
  EXPECT_TRUE(format::ParseCaseText(case_text, "labelled", &records, &error)) << error;
  ProfileReader reader;
  std::vector<Profile> profiles;
  EXPECT_TRUE(ReadProfiles(records, &reader, &profiles).ok());
  const BlockingOptions options;
  Result<BlockingResult> blocked = BlockProfilesWithin(profiles, options);
  EXPECT_TRUE(blocked.ok());
  Linked linked;
  if (!blocked.ok()) return linked;
  const Model model = Train(profiles, blocked->pairs, options);
  for (const CandidatePair& pair : blocked->pairs) {
    std::string x = profiles[pair.a].key, y = profiles[pair.b].key;
    if (y < x) std::swap(x, y);
    linked.scores[{x, y}] = ScorePair(profiles[pair.a], profiles[pair.b], model);
  }
  return linked;
}

std::string Explain(const Score& score) {
  std::string out = "P " + std::to_string(score.probability) + ":";
  for (const Reason& reason : score.reasons) out += "\n    " + ReasonText(reason, "x", "x", "x");
  return out;
}

void CheckSet(const std::string& name) {
  const std::string dir = std::string(PALERMO_TEST_DATA) + "/linkage/";
  const Linked linked = Link(palermo::testing::ReadFile(dir + name + ".jsonl"));
  int same = 0, found = 0, strangers = 0, confused = 0;  // confused: strangers proposed
  for (const Labelled& pair : ReadPairs(dir + name + ".pairs")) {
    auto it = linked.scores.find(pair.a < pair.b ? std::pair{pair.a, pair.b} : std::pair{pair.b, pair.a});
    const bool proposed = it != linked.scores.end() && it->second.probability >= 0.5;
    const std::string what = pair.a + " ~ " + pair.b + " " +
                             (it == linked.scores.end() ? std::string("(not blocked)") : Explain(it->second));
    if (pair.label == "same") {
      ++same;
      found += proposed;
      EXPECT_TRUE(proposed) << "one person, not proposed: " << what;
    } else if (pair.label == "different") {
      ++strangers;
      confused += proposed;
      EXPECT_FALSE(proposed) << "a stranger proposed: " << what;
    } else if (pair.label == "confused") {
      ++strangers;
      ++confused;
      EXPECT_TRUE(proposed) << "no longer proposed (make the line `different`):" << pair.why << "\n  " << what;
    } else {
      ++same;
      EXPECT_FALSE(proposed) << "found now (make the line `same`):" << pair.why << "\n  " << what;
    }
  }
  std::printf("%s: %d of %d persons' pairs found, %d of %d strangers proposed\n", name.c_str(), found, same, confused,
              strangers);
}

TEST(LabelledSetsTest, FirstTransliterationSet) { CheckSet("transliteration-1"); }

TEST(LabelledSetsTest, SecondTransliterationSet) { CheckSet("transliteration-2"); }

TEST(LabelledSetsTest, ThirdTransliterationSet) { CheckSet("transliteration-3"); }

TEST(LabelledSetsTest, FourthTransliterationSet) { CheckSet("transliteration-4"); }

TEST(LabelledSetsTest, FifthTransliterationSet) { CheckSet("transliteration-5"); }

TEST(LabelledSetsTest, SixthTransliterationSet) { CheckSet("transliteration-6"); }

TEST(LabelledSetsTest, SeventhTransliterationSet) { CheckSet("transliteration-7"); }

TEST(LabelledSetsTest, EighthTransliterationSet) { CheckSet("transliteration-8"); }

TEST(LabelledSetsTest, NinthTransliterationSet) { CheckSet("transliteration-9"); }

TEST(LabelledSetsTest, TenthTransliterationSet) { CheckSet("transliteration-10"); }

TEST(LabelledSetsTest, EleventhTransliterationSet) { CheckSet("transliteration-11"); }

TEST(LabelledSetsTest, TwelfthTransliterationSet) { CheckSet("transliteration-12"); }
TEST(LabelledSetsTest, ThirteenthTransliterationSet) { CheckSet("transliteration-13"); }
TEST(LabelledSetsTest, FourteenthTransliterationSet) { CheckSet("transliteration-14"); }
TEST(LabelledSetsTest, FifteenthTransliterationSet) { CheckSet("transliteration-15"); }
TEST(LabelledSetsTest, SixteenthTransliterationSet) { CheckSet("transliteration-16"); }
TEST(LabelledSetsTest, SeventeenthTransliterationSet) { CheckSet("transliteration-17"); }
TEST(LabelledSetsTest, EighteenthTransliterationSet) { CheckSet("transliteration-18"); }
TEST(LabelledSetsTest, NineteenthTransliterationSet) { CheckSet("transliteration-19"); }
TEST(LabelledSetsTest, TwentiethTransliterationSet) { CheckSet("transliteration-20"); }
TEST(LabelledSetsTest, TwentyFirstTransliterationSet) { CheckSet("transliteration-21"); }
TEST(LabelledSetsTest, TwentySecondTransliterationSet) { CheckSet("transliteration-22"); }
TEST(LabelledSetsTest, TwentyThirdTransliterationSet) { CheckSet("transliteration-23"); }
TEST(LabelledSetsTest, TwentyFourthTransliterationSet) { CheckSet("transliteration-24"); }
TEST(LabelledSetsTest, TwentyFifthTransliterationSet) { CheckSet("transliteration-25"); }
TEST(LabelledSetsTest, TwentySixthTransliterationSet) { CheckSet("transliteration-26"); }
TEST(LabelledSetsTest, TwentySeventhTransliterationSet) { CheckSet("transliteration-27"); }
TEST(LabelledSetsTest, TwentyEighthTransliterationSet) { CheckSet("transliteration-28"); }
TEST(LabelledSetsTest, TwentyNinthTransliterationSet) { CheckSet("transliteration-29"); }
TEST(LabelledSetsTest, ThirtiethTransliterationSet) { CheckSet("transliteration-30"); }
TEST(LabelledSetsTest, ThirtyFirstTransliterationSet) { CheckSet("transliteration-31"); }

}  // namespace
}  // namespace palermo::linkage
