// Scoring (linkage/scoring.h): Jaro-Winkler against its published values,
// the levels of each comparison, reasons in words with other agencies'
// identifiers masked, the transliteration set (every true pair above 0.5,
// no look-alike stranger), and precision/recall/F1 on FEBRL4 with a model
// trained on it.
#include "linkage/scoring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "format/case_format.h"
#include "linkage/blocking.h"
#include "linkage/similarity.h"
#include "tests/linkage/transliteration_pairs.h"
#include "tests/test_util.h"
#ifdef PALERMO_FEBRL_DATA
#include <sstream>

#include "bench/febrl.h"
#include "linkage/encode.h"
#endif

namespace palermo::linkage {
namespace {

std::vector<Profile> Profiles(const std::string& text, const std::string& agency) {
  std::vector<v1::Record> records;
  std::string error;
  EXPECT_TRUE(format::ParseCaseText(text, agency, &records, &error)) << error;
  ProfileReader reader;
  std::vector<Profile> profiles;
  EXPECT_TRUE(ReadProfiles(records, &reader, &profiles).ok());
  return profiles;
}

Profile One(const std::string& json, const std::string& agency = "A") {
  std::vector<Profile> profiles = Profiles(json + "\n", agency);
  EXPECT_FALSE(profiles.empty());
  return profiles.empty() ? Profile() : profiles[0];
}

int Level(const Profile& a, const Profile& b, Comparison c) { return CompareProfiles(a, b).level[static_cast<int>(c)]; }

std::string LevelName(const Profile& a, const Profile& b, Comparison c) {
  const int level = Level(a, b, c);
  return level < 0 ? "null" : LevelNames(c)[level];
}

// A person "X" holding one identifier of `type`, `value` and `country`.
Profile Holding(const std::string& type, const std::string& value, const std::string& country) {
  return Profiles(R"({"kind":"person","id":"p","names":["X"]})" "\n"
                  R"({"kind":"identifier","id":"i","type":")" + type + R"(","value":")" + value +
                      R"(","country":")" + country + R"(","holder":"p"})" "\n",
                  "A")[0];
}

// The weight a level of a comparison has in the default model.
double DefaultWeight(Comparison c, int8_t level) {
  static const Model model = DefaultModel();
  const LevelParameters& p = model.params[static_cast<int>(c)][level];
  return std::log2(p.m / p.u);
}

TEST(JaroWinklerTest, GivesThePublishedValues) {
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.813, 0.001);
  EXPECT_NEAR(Jaro("MARTHA", "MARHTA"), 0.944, 0.001);
  EXPECT_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_EQ(JaroWinkler("same", "same"), 1.0);
}

// Property: the bound that lets comparisons skip Jaro-Winkler is never
// below it, over random strings of a small alphabet (many shared letters,
// transpositions and common prefixes) and the published pairs.
TEST(JaroWinklerTest, TheBoundIsNeverBelowTheSimilarity) {
  std::mt19937 random(7);
  auto word = [&] {
    std::string w(1 + random() % 12, 'a');
    for (char& c : w) c = static_cast<char>('a' + random() % 5);
    return w;
  };
  int below_one = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string a = word(), b = word();
    const double bound = JaroWinklerBound(a, b);
    ASSERT_GE(bound + 1e-12, JaroWinkler(a, b)) << a << " " << b;
    below_one += bound < 1.0;
  }
  EXPECT_GT(below_one, 1000);  // it does rule pairs out
  EXPECT_GE(JaroWinklerBound("DIXON", "DICKSONX"), JaroWinkler("DIXON", "DICKSONX"));
  EXPECT_EQ(JaroWinklerBound("abc", "xyz"), 0.0);
  EXPECT_EQ(JaroWinklerBound("", ""), 1.0);
}

TEST(ComparisonTest, NamesAgreeAtTheStrongestLevelTheirKeysAllow) {
  Profile arabic = One(R"({"kind":"person","id":"p","names":["محمد عبد الرحمن"]})");
  Profile latin = One(R"({"kind":"person","id":"q","names":["Mohamed Abdirahman"]})");
  Profile same = One(R"({"kind":"person","id":"r","names":["Mohamed  Abdirahman"]})");
  Profile swapped = One(R"({"kind":"person","id":"s","names":["Abdirahman Mohamed"]})");
  Profile typo = One(R"({"kind":"person","id":"t","names":["Mohamed Abdirahmen"]})");
  Profile other = One(R"({"kind":"person","id":"u","names":["Yuriy Shchukin"]})");
  EXPECT_EQ(LevelName(arabic, latin, Comparison::kName), "skeleton");
  EXPECT_EQ(LevelName(latin, same, Comparison::kName), "exact");
  EXPECT_EQ(LevelName(latin, swapped, Comparison::kName), "same parts");
  EXPECT_EQ(LevelName(latin, typo, Comparison::kName), "skeleton");  // vowels only
  EXPECT_EQ(LevelName(latin, other, Comparison::kName), "differ");
  EXPECT_EQ(LevelName(latin, other, Comparison::kBirthDate), "null");
}

TEST(ComparisonTest, NamesSharingMostWordsMeetAtTheirOwnLevel) {
  auto named = [](const char* name) {
    return One(std::string(R"({"kind":"person","id":"p","names":[")") + name + "\"]}");
  };
  EXPECT_EQ(LevelName(named("Kadhim Jawad Al-Musawi"), named("Kazem Jawad al-Moussawi"), Comparison::kName),
            "most words");
  EXPECT_EQ(LevelName(named("Ahmed Ali"), named("Omar Ali"), Comparison::kName), "a sibling's")
      << "one word of two replaced by an unlike one";
  EXPECT_NE(LevelName(named("Abdel Ilah"), named("Abdelilah Benjelloun"), Comparison::kName), "a sibling's")
      << "split otherwise, not replaced";
  EXPECT_NE(LevelName(named("Ahmed Mohamed Ali Hassan"), named("Omar Yusuf Ali Hassan"), Comparison::kName),
            "most words")
      << "two words of four";
  EXPECT_NE(LevelName(named("Omar Ahmed Ali"), named("Ahmed Ali Hassan"), Comparison::kName), "most words")
      << "a son and his father share Ahmed and Ali, and Ali's loose skeleton is one letter";
  EXPECT_NE(LevelName(named("Yonas Ghebremedhin Tesfamariam"), named("Yonas Tesfamariam Berhe"), Comparison::kName),
            "most words")
      << "Tesfamariam a grandfather in one, a father in the other: a generation apart";
  EXPECT_EQ(LevelName(named("Kadhim Jawad Al-Musawi"), named("Jawad Al-Musawi Kazem"), Comparison::kName),
            "jaro-winkler >= 0.92")
      << "turned around, the shared words stand in their places (and Jaro-Winkler meets them so)";
  EXPECT_EQ(LevelName(named("هاوي بكلي جوديتا"), named("Hawwi Beqele"), Comparison::kName), "most words")
      << "a grandfather's name left out; Hawi's loose skeleton, h, in the same place of both";
  EXPECT_EQ(LevelName(named("ከድጃ አሊ"), named("خديجه علي سعيد"), Comparison::kName), "most words")
      << "Ali's l in the same place of both";
}

TEST(ComparisonTest, ANameWithoutItsRussianPatronymicMeetsTheNameWithIt) {
  auto named = [](const char* name) {
    return One(std::string(R"({"kind":"person","id":"p","names":[")") + name + "\"]}");
  };
  EXPECT_EQ(LevelName(named("Нурлан Серикович Жумабеков"), named("NURLAN ZHUMABEKOV"), Comparison::kName),
            "loose skeleton")
      << "a passport leaves the patronymic out";
  EXPECT_EQ(LevelName(named("Нурлан Серикович Жумабеков"), named("Nurlan Schumabekow"), Comparison::kName),
            "loose skeleton")
      << "and a German spelling";
  EXPECT_EQ(LevelName(named("IULIIA SERGEEVNA KOVALEVA"), named("Yuliya Kovalyova"), Comparison::kName),
            "loose skeleton")
      << "in Latin letters too";
  const std::string cousins = LevelName(named("Иван Петрович Сидоров"), named("Иван Сергеевич Сидоров"),
                                        Comparison::kName);
  EXPECT_NE(cousins, "loose skeleton") << "both have a patronymic, and they differ";
  EXPECT_NE(cousins, "exact");
}

TEST(ComparisonTest, AFamilyNameReplacedIsAnotherFamilysNotASiblings) {
  Profile lama = One(R"({"kind":"person","id":"p","names":["PEMBA LAMA"],"given_names":["PEMBA"],"family_names":["LAMA"]})");
  Profile tamang = One(R"({"kind":"person","id":"q","names":["Pemba Tamang"]})");
  Profile lama_alone = One(R"({"kind":"person","id":"r","names":["PEMBA LAMA"]})");
  EXPECT_EQ(LevelName(lama, tamang, Comparison::kName), "differ") << "the word replaced is a family name";
  EXPECT_EQ(LevelName(lama_alone, tamang, Comparison::kName), "a sibling's") << "no record says which word it is";
  Profile long_ = One(R"({"kind":"person","id":"s","names":["Le Hoang Long"],"given_names":["Hoang Long"],"family_names":["Le"]})");
  Profile lan = One(R"({"kind":"person","id":"t","names":["Le Hoang Lan"]})");
  EXPECT_EQ(LevelName(long_, lan, Comparison::kName), "a sibling's") << "a given name replaced, the family name shared";
}

TEST(ComparisonTest, AFamilyNameThatIsTheOthersFathersNameMakesKin) {
  Profile natnael = One(R"({"kind":"person","id":"p","names":["TESFAI Natnael"],"given_names":["Natnael"],)"
                        R"("family_names":["Tesfai"],"birth_date":"2005-02-14"})");
  Profile nahom = One(R"({"kind":"person","id":"q","names":["Nahom Tesfay Habte"],"given_names":["Nahom"],)"
                      R"("father_names":["Tesfay"],"family_names":["Habte"],"birth_date":"2005-02-14"})");
  EXPECT_EQ(LevelName(natnael, nahom, Comparison::kBirthDate), "same day, as twins' would be")
      << "twins: the family name of one is the father's name of the other";
}

TEST(ComparisonTest, AFamilyNameWithASecondSurnameAddedMeetsTheFirst) {
  auto person = [](const std::string& family) {
    return One(R"({"kind":"person","id":"p","names":["Marie Carmel )" + family +
               R"("],"given_names":["Marie Carmel"],"family_names":[")" + family + R"("]})");
  };
  EXPECT_EQ(LevelName(person("Augustin Mésidor"), person("Augustin"), Comparison::kFamilyName), "loose skeleton")
      << "the mother's surname added, Spanish-style";
  EXPECT_NE(LevelName(person("Jean-Louis"), person("Jean"), Comparison::kFamilyName), "loose skeleton")
      << "a compound family name, joined by its hyphen";
  EXPECT_NE(LevelName(person("Mésidor Augustin"), person("Augustin"), Comparison::kFamilyName), "loose skeleton")
      << "the second surname only";
}

TEST(ComparisonTest, ANameWrittenFamilyNameFirstMeetsByJaroWinkler) {
  auto named = [](const char* name) {
    return One(std::string(R"({"kind":"person","id":"p","names":[")") + name + "\"]}");
  };
  // Passport order against the order a clerk hears, a letter apart.
  EXPECT_EQ(LevelName(named("RAKHIMOV FIRUZ"), named("Firuz Rahimov"), Comparison::kName), "same parts")
      << "kh read as h beside a Russian ending: the same words in another order";
  EXPECT_EQ(LevelName(named("RAHIMOV FIRUS"), named("Firuz Rahimov"), Comparison::kName), "jaro-winkler >= 0.92");
  EXPECT_EQ(LevelName(named("KHAN ZABIHULLAH"), named("Zabiullah Khan"), Comparison::kName), "jaro-winkler >= 0.92");
  EXPECT_EQ(LevelName(named("DEMIANCHUK MARIANA"), named("Maryana Dem'yanchuk"), Comparison::kName),
            "jaro-winkler >= 0.92");
  EXPECT_NE(LevelName(named("Hodan Abdirahman Warsame"), named("Hassan Abdirahman Warsame"), Comparison::kName),
            "jaro-winkler >= 0.92")
      << "only the last word comes first: words sorted would line up Hodan and Hassan at the end";
}

TEST(ComparisonTest, AMansAndAWomansNamesSpelledApartAreABrothersAndASisters) {
  auto person = [](const char* name, const char* sex) {
    return One(std::string(R"({"kind":"person","id":"p","names":[")") + name + R"("],"birth_date":"2003-09-01","sex":")" +
               sex + R"("})");
  };
  EXPECT_EQ(LevelName(person("Malek Faraj Al-Werfalli", "M"), person("Malak Faraj Al Warfalli", "F"), Comparison::kName),
            "a sibling's");
  EXPECT_EQ(LevelName(person("Malek Faraj Al-Werfalli", "M"), person("Malak Faraj Al Warfalli", "M"), Comparison::kName),
            "skeleton")
      << "one sex: spelled apart";
  EXPECT_EQ(LevelName(person("Malek Faraj", "M"), person("Malek Faraj", "F"), Comparison::kName), "exact")
      << "one name: the sex is what differs";
  const Score score = ScorePair(person("Malek Faraj Al-Werfalli", "M"), person("Malak Faraj Al Warfalli", "F"), DefaultModel());
  bool said = false;
  for (const Reason& reason : score.reasons) said = said || reason.detail == "a man's and a woman's names, spelled apart";
  EXPECT_TRUE(said);
}

TEST(ComparisonTest, AGivenNameWithAMiddleNameLeftOutIsNoOtherName) {
  auto given = [](const char* name) {
    return One(std::string(R"({"kind":"person","id":"p","names":["Tran )") + name + R"("],"given_names":[")" + name +
               R"("],"family_names":["Tran"]})");
  };
  EXPECT_EQ(LevelName(given("Thi Thu Ha"), given("Ha"), Comparison::kGivenName), "jaro-winkler >= 0.80");
  EXPECT_EQ(LevelName(given("Abebe Bekele"), given("Abebe"), Comparison::kGivenName), "jaro-winkler >= 0.80");
  EXPECT_EQ(LevelName(given("Minh Tuan"), given("Ha"), Comparison::kGivenName), "differ");
  EXPECT_EQ(LevelName(given("Van Thanh Long"), given("Long"), Comparison::kGivenName), "differ")
      << "two words more";
}

TEST(ComparisonTest, GivenAndFamilyNamesAreComparedApartAndSwappedPartsMeet) {
  Profile a = One(R"({"kind":"person","id":"p","names":["Anna Keller"],"given_names":["Anna"],"family_names":["Keller"]})");
  Profile b = One(R"({"kind":"person","id":"q","names":["Keller Anna"],"given_names":["Keller"],"family_names":["Anna"]})");
  Profile c = One(R"({"kind":"person","id":"r","names":["Anne Kellar"],"given_names":["Anne"],"family_names":["Kellar"]})");
  EXPECT_EQ(LevelName(a, b, Comparison::kName), "null");
  EXPECT_EQ(LevelName(a, b, Comparison::kGivenName), "exact");
  EXPECT_EQ(LevelName(a, b, Comparison::kFamilyName), "exact");
  EXPECT_EQ(LevelName(a, c, Comparison::kGivenName), "skeleton");
  EXPECT_EQ(LevelName(a, c, Comparison::kFamilyName), "skeleton");
}

TEST(ComparisonTest, FatherNamesTellNamesakesApart) {
  auto person = [](const std::string& id, const std::string& father) {
    return One(R"({"kind":"person","id":")" + id + R"(","names":["Mohamed Ali"],"birth_date":"1990",)" +
               R"("father_names":[")" + father + "\"]}");
  };
  Profile a = person("p", "Hassan"), same = person("q", "حسن"), other = person("r", "Omar");
  Profile none = One(R"({"kind":"person","id":"s","names":["Mohamed Ali"],"birth_date":"1990"})");
  EXPECT_EQ(LevelName(a, same, Comparison::kFatherName), "skeleton");
  EXPECT_EQ(LevelName(a, other, Comparison::kFatherName), "differ");
  EXPECT_EQ(LevelName(a, none, Comparison::kFatherName), "null");
  const Model model = DefaultModel();
  const Score with_same = ScorePair(a, same, model), with_other = ScorePair(a, other, model),
              without = ScorePair(a, none, model);
  // Agreeing father names weigh nothing (they run with the other names);
  // differing ones weigh against.
  EXPECT_DOUBLE_EQ(with_same.weight, without.weight);
  EXPECT_LT(with_other.weight, without.weight);
  const bool named = std::any_of(with_other.reasons.begin(), with_other.reasons.end(), [](const Reason& r) {
    return r.comparison == "father_name" && r.level == "differ" && r.a_value == "Hassan (hassan)" &&
           r.b_value == "Omar (omar)";
  });
  EXPECT_TRUE(named);
}

TEST(ComparisonTest, BirthDatesAgreeByPrecisionAndByTypingErrors) {
  auto born = [](const std::string& date) {
    return One(R"({"kind":"person","id":"p","names":["X"],"birth_date":")" + date + "\"}");
  };
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-02-11"), Comparison::kBirthDate), "same day");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-02"), Comparison::kBirthDate), "compatible");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1995/1997"), Comparison::kBirthDate), "compatible");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-02-17"), Comparison::kBirthDate), "one digit apart");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1969-02-11"), Comparison::kBirthDate), "one digit apart");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-11-02"), Comparison::kBirthDate), "one digit apart");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-02-25"), Comparison::kBirthDate), "same month");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1996-07-30"), Comparison::kBirthDate), "same year");
  // Two days of one year neither a digit nor day and month apart are
  // two persons' as often as other years are: two Nguyen Van Hung.
  EXPECT_LT(DefaultWeight(Comparison::kBirthDate, 6), -3);
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1997-12-30"), Comparison::kBirthDate), "differ");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("1998-07-30"), Comparison::kBirthDate), "two to five years apart");
  EXPECT_EQ(LevelName(born("1996-02-11"), born("2001-02-10"), Comparison::kBirthDate), "two to five years apart")
      << "five years";
  EXPECT_EQ(LevelName(born("1996-02-11"), born("2002-02-11"), Comparison::kBirthDate), "years apart");
  EXPECT_EQ(LevelName(born("1970"), born("1996-01-01"), Comparison::kBirthDate), "years apart");
  EXPECT_EQ(LevelName(born("1970/1990"), born("1996-01-01"), Comparison::kBirthDate), "two to five years apart")
      << "the gap between the spans counts";
  EXPECT_EQ(LevelName(born("1970/1994"), born("1996-01-01"), Comparison::kBirthDate), "differ");
  // Days registrations write for an unknown birthday stand for their year.
  EXPECT_EQ(LevelName(born("2003-01-01"), born("2003-08-14"), Comparison::kBirthDate), "placeholder day in the year");
  EXPECT_EQ(LevelName(born("2005-03-21"), born("2005-10-02"), Comparison::kBirthDate), "placeholder day in the year");
  EXPECT_EQ(LevelName(born("1988-09-11"), born("1988-02-19"), Comparison::kBirthDate), "placeholder day in the year");
  EXPECT_EQ(LevelName(born("2003-01-02"), born("2003-08-14"), Comparison::kBirthDate), "same year");
  EXPECT_EQ(LevelName(born("2003-01-01"), born("2003"), Comparison::kBirthDate), "compatible");
  EXPECT_EQ(LevelName(born("2003-01-01"), born("2004-01-01"), Comparison::kBirthDate), "one digit apart");
  EXPECT_EQ(LevelName(born("1980-01-01"), born("1980-01-10"), Comparison::kBirthDate), "one digit apart")
      << "a typing error before a placeholder";
  // The same placeholder on both says the year: twins and strangers get it alike.
  EXPECT_EQ(LevelName(born("2006-01-01"), born("2006-01-01"), Comparison::kBirthDate), "placeholder day in the year");
  EXPECT_EQ(LevelName(born("2006-03-21"), born("2006-03-21"), Comparison::kBirthDate), "placeholder day in the year");
  EXPECT_EQ(LevelName(born("2006-01-02"), born("2006-01-02"), Comparison::kBirthDate), "same day");
}

// A nationality shared by namesakes (names exact, in other order or
// spelled alike) is a level of its own, which weighs 0 by default;
// shared by persons whose names differ, or differing, it counts.
TEST(ComparisonTest, ANationalitySharedByNamesakesIsALevelOfItsOwn) {
  auto person = [](const std::string& name, const std::string& country) {
    return One(R"({"kind":"person","id":"p","names":[")" + name + R"("],"nationalities":[")" + country + "\"]}");
  };
  EXPECT_EQ(LevelName(person("Mohammad Karimi", "AF"), person("Mohammad Karimi", "AF"), Comparison::kNationality),
            "shared, as their names say");
  EXPECT_EQ(LevelName(person("Mohammad Karimi", "AF"), person("Karimi Mohammad", "AF"), Comparison::kNationality),
            "shared, as their names say");
  EXPECT_EQ(LevelName(person("Mohammad Karimi", "AF"), person("Muhammad Karimy", "AF"), Comparison::kNationality),
            "shared, as their names say");
  EXPECT_EQ(LevelName(person("Mohammad Karimi", "AF"), person("Mohammad Kazemi", "AF"), Comparison::kNationality),
            "shared");
  EXPECT_EQ(LevelName(person("Mohammad Karimi", "AF"), person("Mohammad Karimi", "IR"), Comparison::kNationality),
            "differ");
  const Model model = DefaultModel();
  const LevelParameters& as_names_say = model.params[static_cast<int>(Comparison::kNationality)][1];
  EXPECT_EQ(as_names_say.m, as_names_say.u);
}

// Kin: given names told apart (or without a word in common) under one
// family name. Their birthday weighs as twins' would and their nationality
// as their names say, so twins are not proposed on the day, the family
// name and the country; a middle name left out (Văn Hùng, Hùng) is no kin.
TEST(ComparisonTest, TwinsGivenNamesOfOtherConsonantsAreASiblings) {
  auto person = [](const std::string& given, const std::string& born) {
    return One(R"({"kind":"person","id":"p","names":[")" + given + R"( Butt"],"given_names":[")" + given +
               R"("],"family_names":["Butt"],"birth_date":")" + born + R"("})");
  };
  EXPECT_EQ(LevelName(person("Imran Ali", "1991-09-23"), person("Irfan Ali", "1991-09-23"), Comparison::kGivenName),
            "a sibling's")
      << "twins of one family";
  EXPECT_EQ(LevelName(person("Imran Ali", "1991-09-23"), person("Irfan Ali", "1993-02-11"), Comparison::kGivenName),
            "jaro-winkler >= 0.92")
      << "no father's name, no birthday in common: not read so";
}

TEST(ComparisonTest, ABirthdaySharedByKinWeighsAsTwinsWould) {
  auto person = [](const std::string& given, const std::string& family) {
    return One(R"({"kind":"person","id":"p","names":[")" + given + " " + family + R"("],"given_names":[")" + given +
               R"("],"family_names":[")" + family +
               R"("],"birth_date":"2001-03-15","sex":"M","nationalities":["ER"]})");
  };
  const Profile yosief = person("Yosief", "Gebremariam"), yonas = person("Yonas", "Gebremariam");
  EXPECT_EQ(LevelName(yosief, yonas, Comparison::kGivenName), "differ");
  EXPECT_EQ(LevelName(yosief, yonas, Comparison::kBirthDate), "same day, as twins' would be");
  EXPECT_EQ(LevelName(yosief, yonas, Comparison::kNationality), "shared, as their names say");
  const Profile hassan = person("Hassan", "Hamdan"), hussein = person("Hussein", "Hamdan");
  EXPECT_EQ(LevelName(hassan, hussein, Comparison::kGivenName), "a sibling's");
  EXPECT_EQ(LevelName(hassan, hussein, Comparison::kBirthDate), "same day, as twins' would be");
  // Not kin: one given name written two ways, a middle name left out, or
  // other family names.
  EXPECT_EQ(LevelName(yosief, person("Yosef", "Gebremariam"), Comparison::kBirthDate), "same day");
  EXPECT_EQ(LevelName(person("Văn Hùng", "Nguyễn"), person("Hung", "Nguyen"), Comparison::kBirthDate), "same day");
  EXPECT_EQ(LevelName(yosief, person("Yonas", "Tesfamariam"), Comparison::kBirthDate), "same day");
  // Brother and sister: the Vietnamese middle names Văn and Thị with their
  // given names, which then differ.
  auto vietnamese = [](const std::string& given, const std::string& sex) {
    return One(R"({"kind":"person","id":"p","names":["Nguyen )" + given + R"("],"given_names":[")" + given +
               R"("],"family_names":["Nguyen"],"birth_date":"2001-03-15","sex":")" + sex + R"("})");
  };
  EXPECT_EQ(LevelName(vietnamese("Van Hoa", "M"), vietnamese("Thi Hoa", "F"), Comparison::kGivenName), "a sibling's");
  EXPECT_EQ(LevelName(vietnamese("Van Hoa", "M"), vietnamese("Thi Hoa", "F"), Comparison::kBirthDate),
            "same day, as twins' would be");
  // A short form of the given name is not a sibling's.
  const Profile emeka = person("Emeka", "Okonkwo"), chukwuemeka = person("Chukwuemeka", "Okonkwo");
  EXPECT_EQ(LevelName(emeka, chukwuemeka, Comparison::kGivenName), "jaro-winkler >= 0.80");
  EXPECT_EQ(LevelName(emeka, chukwuemeka, Comparison::kBirthDate), "same day");
  // Whole names a sibling's: the same.
  auto whole = [](const std::string& name) {
    return One(R"({"kind":"person","id":"p","names":[")" + name + R"("],"birth_date":"1999-06-15"})");
  };
  EXPECT_EQ(LevelName(whole("Selam Haile Gebru"), whole("Saba Haile Gebru"), Comparison::kBirthDate),
            "same day, as twins' would be");
  // The weight is fixed at +4, whatever the same day weighs between others.
  const Model model = DefaultModel();
  const auto& birth = model.params[static_cast<int>(Comparison::kBirthDate)];
  EXPECT_NEAR(std::log2(birth[1].m / birth[1].u), 4.0, 1e-9);
  EXPECT_GT(std::log2(birth[0].m / birth[0].u), 7.0);
  EXPECT_LT(ScorePair(yosief, yonas, model).weight, ScorePair(yosief, person("Yosief", "Tesfamariam"), model).weight);
}

// A phone kin share is a family's as often as one person's: +2, not +10.
TEST(ComparisonTest, APhoneOfKinWhoseBirthDatesAgreeIsOnePersons) {
  // Jing Chen, known as Jenny at the massage parlour: the given names
  // differ, the family name is one, her age fits her birth date.
  auto person = [](const std::string& given, const std::string& born) {
    return One(R"({"kind":"person","id":"p","names":[")" + given + R"( Chen"],"given_names":[")" + given +
               R"("],"family_names":["Chen"],)" + born + R"(,"sex":"F"})" "\n"
               R"({"kind":"identifier","id":"k","type":"phone","value":"+44 7380 621775","holder":"p"})");
  };
  const Profile jing = person("Jing", R"("birth_date":"1995-08-21")"),
                jenny = person("Jenny", R"("stated_ages":[{"age":28,"on":"2023-10-17"}])"),
                sister = person("Jenny", R"("birth_date":"1999-02-11")");
  EXPECT_EQ(LevelName(jing, jenny, Comparison::kContact), "equal");
  EXPECT_EQ(LevelName(jing, sister, Comparison::kContact), "equal, as a household's would be");
}

TEST(ComparisonTest, APhoneSharedByKinWeighsAsAFamilysWould) {
  auto person = [](const std::string& given) {
    return One(R"({"kind":"person","id":"p","names":["Nguyen Van )" + given + R"("],"given_names":["Van )" + given +
               R"("],"family_names":["Nguyen"],"birth_date":"2004-03-03","sex":"M"})" "\n"
               R"({"kind":"identifier","id":"k","type":"phone","value":"+84 977 441 203","holder":"p"})");
  };
  const Profile minh = person("Minh"), manh = person("Manh"), minh_again = person("Minh");
  EXPECT_EQ(LevelName(minh, manh, Comparison::kGivenName), "a sibling's");
  EXPECT_EQ(LevelName(minh, manh, Comparison::kContact), "equal, as a household's would be");
  EXPECT_EQ(LevelName(minh, minh_again, Comparison::kContact), "equal");
  const Model model = DefaultModel();
  const auto& contact = model.params[static_cast<int>(Comparison::kContact)];
  EXPECT_NEAR(std::log2(contact[1].m / contact[1].u), 2.0, 1e-9);
  EXPECT_LT(ScorePair(minh, manh, model).probability, 0.5);
}

// A phone shared by persons born years apart is a household's or a
// house's (a madam's phone): +2.
TEST(ComparisonTest, APhoneOfPersonsBornYearsApartWeighsAsAHouseholdsWould) {
  auto person = [](const std::string& family, const std::string& born) {
    return One(R"({"kind":"person","id":"p","names":["Blessing )" + family + R"("],"given_names":["Blessing"],)"
               R"("family_names":[")" + family + R"("],"birth_date":")" + born + R"("})" "\n"
               R"({"kind":"identifier","id":"k","type":"phone","value":"+39 388 402 1947","holder":"p"})");
  };
  const Profile osagie = person("Osagie", "1999-02-14"), omoregie = person("Omoregie", "2002-06-01");
  EXPECT_EQ(LevelName(osagie, omoregie, Comparison::kContact), "equal, as a household's would be");
  EXPECT_LT(ScorePair(osagie, omoregie, DefaultModel()).probability, 0.5);
  // Born within two years of each other, or namesakes: the phone weighs in
  // full.
  EXPECT_EQ(LevelName(osagie, person("Osaro", "1999-11-02"), Comparison::kContact), "equal");
  EXPECT_EQ(LevelName(osagie, person("Osagie", "2002-06-01"), Comparison::kContact), "equal");
  // Namesakes born a generation apart (a father and his namesake son): a
  // family's phone.
  EXPECT_EQ(LevelName(osagie, person("Osagie", "1971-06-01"), Comparison::kContact), "equal, as a household's would be");
  EXPECT_LT(ScorePair(osagie, person("Osagie", "1971-06-01"), DefaultModel()).probability, 0.5);
}

// A postcode both agreeing addresses write is counted once, in the
// address; one the addresses do not write, or addresses that differ, leave
// the postcode its own comparison.
TEST(ComparisonTest, AnAddressOfPersonsWhoseNamesAndDatesDifferWeighsAsAHouseholdsWould) {
  auto at = [](const std::string& given, const std::string& family, const std::string& born) {
    return One(R"({"kind":"person","id":"p","names":[")" + given + " " + family + R"("],"given_names":[")" + given +
               R"("],"family_names":[")" + family + R"("],"birth_date":")" + born +
               R"(","addresses":["Casa Rifugio Santa Rosalia, Via dei Mille 14, 90133 Palermo"]})");
  };
  const std::string household = "shared, as a household's would be";
  // Two women at one shelter: other family names, other birth dates.
  EXPECT_EQ(LevelName(at("Blessing", "Osagie", "2003-04-17"), at("Blessing", "Osaro", "2001-12-02"), Comparison::kAddress),
            household);
  // Namesakes born more than five years apart: a father and his son.
  EXPECT_EQ(LevelName(at("Nam", "Do", "1993"), at("Nam", "Do", "2006-05-05"), Comparison::kAddress), household);
  // One person: the names agree, or the dates do.
  EXPECT_EQ(LevelName(at("Blessing", "Osagie", "2003-04-17"), at("Blessing", "Osagie", "2002-04-17"), Comparison::kAddress),
            "exact");
  EXPECT_EQ(LevelName(at("Blessing", "Osagie", "2003-04-17"), at("Blessing", "Osaro", "2003-04-17"), Comparison::kAddress),
            "exact");
  EXPECT_NEAR(DefaultWeight(Comparison::kAddress, 3), 2, 1e-9);
}

TEST(ComparisonTest, NationalIdsThatAreOtherNumbersWeighMoreThanAPassportThatDiffers) {
  auto holding = [](const std::string& type, const std::string& value) { return Holding(type, value, "TR"); };
  EXPECT_EQ(LevelName(holding("national_id", "52918330472"), holding("national_id", "52918330506"), Comparison::kDocument),
            "national ids that are other numbers");
  EXPECT_EQ(LevelName(holding("national_id", "52918330472"), holding("national_id", "52918330512"), Comparison::kDocument),
            "conflict")
      << "two digits mistyped";
  EXPECT_EQ(LevelName(holding("passport", "U12345678"), holding("passport", "U87654321"), Comparison::kDocument),
            "conflict")
      << "a passport renewed";
  EXPECT_LT(DefaultWeight(Comparison::kDocument, 4), DefaultWeight(Comparison::kDocument, 3) - 2);
}

TEST(ComparisonTest, APostcodeTheAddressesWriteIsCountedOnce) {
  auto at = [](const std::string& address) {
    return One(R"({"kind":"person","id":"p","names":["Blessing Osagie"],"addresses":[")" + address +
               R"("],"postcode":"81030"})");
  };
  const Profile a = at("Via Domiziana km 34, 81030 Castel Volturno (CE)"),
                b = at("Via Domiziana km 34, 81030 Castel Volturno");
  EXPECT_EQ(LevelName(a, b, Comparison::kAddress), "most words shared");
  EXPECT_EQ(LevelName(a, b, Comparison::kPostcode), "null");
  EXPECT_EQ(LevelName(at("Via Domiziana km 34, Castel Volturno"), at("Via Domiziana km 34, Castel Volturno"),
                      Comparison::kPostcode),
            "equal");
  EXPECT_EQ(LevelName(a, at("Corso Umberto 1, 81030 Mondragone"), Comparison::kPostcode), "equal");
  auto uk = [](const std::string& address) {
    return One(R"({"kind":"person","id":"p","names":["Do Van Nam"],"addresses":[")" + address +
               R"("],"postcode":"DA15 7AB"})");
  };
  EXPECT_EQ(LevelName(uk("118 Station Road, Sidcup DA15 7AB"), uk("118 Station Road, Sidcup DA15 7AB"),
                      Comparison::kPostcode),
            "null")
      << "a postcode of two words";
}

// Where the store holds enough namesakes born years apart, training reads
// how often namesakes share a nationality (half of them here), within its
// bounds: no less often than any two persons, no more than one person's
// records (weight 0). With too few, it weighs 0.
TEST(ScoringTest, AnEmSessionWithoutDeterministicMatchesIsLeftOut) {
  // 300 residents of one reception centre, all strangers: the rules on
  // birth days and postcodes propose their pairs, none of them a match.
  // EM over them alone would take some kind of stranger for the matches.
  std::string text;
  const char* syllables[] = {"ka", "lo", "mi", "ra", "tu", "se", "no", "vi"};
  for (int i = 0; i < 300; ++i) {
    std::string given, family;
    for (int k = 0, x = i; k < 3; ++k, x /= 8) given += syllables[x % 8];
    for (int k = 0, x = i * 7 + 3; k < 4; ++k, x /= 8) family += syllables[x % 8];
    text += R"({"kind":"person","id":"p)" + std::to_string(i) + R"(","names":[")" + given + " " + family +
            R"("],"birth_date":")" + std::to_string(1960 + i % 40) +
            R"(-05-05","addresses":["Aufnahmezentrum Nordheide, Heidweg 40, 21255 Tostedt"],"postcode":"21255"})" "\n";
  }
  std::vector<Profile> profiles = Profiles(text, "A");
  Result<BlockingResult> blocked = BlockProfilesWithin(profiles, BlockingOptions());
  ASSERT_TRUE(blocked.ok());
  const Model model = Train(profiles, blocked->pairs, BlockingOptions());
  const auto& notes = model.training_notes;
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const std::string& note) {
    return note.starts_with("EM session of birth_year+postcode left out: 0 deterministic matches");
  })) << ::testing::PrintToString(notes);
  const Model defaults = DefaultModel();
  const int birth = static_cast<int>(Comparison::kBirthDate);
  EXPECT_EQ(model.params[birth][0].m, defaults.params[birth][0].m) << "the same day keeps its default m";
}

TEST(ScoringTest, HowOftenNamesakesShareANationalityIsLearntWhereThereAreEnough) {
  auto trained = [](int namesakes) {
    std::string text;
    const char* syllables[] = {"ka", "lo", "mi", "ra", "tu", "se", "no", "vi"};
    for (int i = 0; i < namesakes; ++i) {
      std::string given, family;
      for (int k = 0, x = i; k < 3; ++k, x /= 8) given += syllables[x % 8];
      for (int k = 0, x = i * 7 + 3; k < 4; ++k, x /= 8) family += syllables[x % 8];
      const std::string name = given + " " + family;
      // A man recorded twice (0 and 2) and his namesake born 23 years later
      // (1), an Afghan like him for even i, an Iranian for odd i.
      for (int record = 0; record < 3; ++record) {
        const bool namesake = record == 1;
        text += R"({"kind":"person","id":"p)" + std::to_string(i) + "-" + std::to_string(record) +
                R"(","names":[")" + name + R"("],"birth_date":")" + std::to_string(1960 + (namesake ? 23 : 0) + i % 10) +
                R"(-05-05","nationalities":[")" + (namesake && i % 2 == 1 ? "IR" : "AF") + "\"]}\n";
      }
    }
    std::vector<Profile> profiles = Profiles(text, "A");
    Result<BlockingResult> blocked = BlockProfilesWithin(profiles, BlockingOptions());
    EXPECT_TRUE(blocked.ok());
    return Train(profiles, blocked->pairs, BlockingOptions());
  };
  const int nationality = static_cast<int>(Comparison::kNationality);
  const Model many = trained(300);
  const LevelParameters& learnt = many.params[nationality][1];
  const LevelParameters& any = many.params[nationality][0];
  EXPECT_EQ(learnt.m, any.m);
  EXPECT_DOUBLE_EQ(learnt.u, std::clamp(0.5, any.u, any.m)) << "half the namesakes share one, within bounds";
  const auto& notes = many.training_notes;
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const std::string& note) {
    return note.rfind("nationality shared by namesakes: u ", 0) == 0 &&
           note.find(" blocked namesakes born a year or more apart") != std::string::npos;
  })) << ::testing::PrintToString(notes);
  const Model few = trained(50);
  EXPECT_EQ(few.params[nationality][1].m, few.params[nationality][1].u) << "too few namesakes: weighs 0";
}

// A record that states an age instead of a birth date ("aged 38 on
// 2022-06-01") places the birth in a span of a year, compared as any
// partial date; ages that contradict each other keep the first.
TEST(ComparisonTest, StatedAgesGiveABirthSpan) {
  auto aged = [](const std::string& ages) {
    return One(R"({"kind":"person","id":"p","names":["X"],"stated_ages":[)" + ages + "]}");
  };
  auto born = [](const std::string& date) {
    return One(R"({"kind":"person","id":"q","names":["X"],"birth_date":")" + date + "\"}");
  };
  const Profile a = aged(R"({"age":38,"on":"2022-06-01"})");
  ASSERT_TRUE(a.birth.has_value());
  EXPECT_EQ(a.birth_text, "aged 38 on 2022-06-01");
  EXPECT_EQ(LevelName(a, born("1984-01-15"), Comparison::kBirthDate), "compatible");
  EXPECT_EQ(LevelName(a, born("1983-06-02"), Comparison::kBirthDate), "compatible");
  EXPECT_NE(LevelName(a, born("1983-06-01"), Comparison::kBirthDate), "compatible") << "39 on that day";
  EXPECT_EQ(LevelName(a, born("1970"), Comparison::kBirthDate), "years apart");
  const Profile both = aged(R"({"age":38,"on":"2022-06-01"},{"age":38,"on":"2021-12-01"})");
  ASSERT_TRUE(both.birth.has_value());
  EXPECT_EQ(LevelName(both, born("1984-01-15"), Comparison::kBirthDate), "differ")
      << "38 on 2021-12-01: born by 1983-12-01";
  EXPECT_EQ(LevelName(both, born("1983-07-01"), Comparison::kBirthDate), "compatible");
  const Profile contradicting = aged(R"({"age":38,"on":"2022-06-01"},{"age":10,"on":"2022-06-01"})");
  EXPECT_EQ(contradicting.birth_text, "aged 38 on 2022-06-01");
}

// A namesake born a generation later is another person, even when the set
// is too small to show how often names repeat: the equal name weighs no
// more than its default, and the years apart outweigh it with the prior.
TEST(ScoringTest, ANamesakeBornDecadesApartIsNotProposedInASmallSet) {
  std::string text;
  for (int i = 0; i < 60; ++i) {  // strangers: no two share a name
    const std::string agency = i % 2 ? "A" : "B";
    text += R"({"kind":"person","id":"s)" + std::to_string(i) + R"(","agency":")" + agency +
            R"(","names":["Person Number)" + std::string(1, static_cast<char>('a' + i % 26)) +
            std::string(1, static_cast<char>('a' + i / 26)) + R"("],"birth_date":")" + std::to_string(1950 + i) +
            R"(","sex":"M"})" "\n";
  }
  text += R"({"kind":"person","id":"father","agency":"A","names":["Nguyễn Văn Hùng"],"birth_date":"1979-06-06","sex":"M","nationalities":["VN"]})"
          "\n";
  text += R"({"kind":"person","id":"son","agency":"B","names":["Nguyen Van Hung"],"birth_date":"2003-04-18","sex":"M","nationalities":["VN"]})"
          "\n";
  std::vector<Profile> all = Profiles(text, "A");
  Result<BlockingResult> blocked = BlockProfilesWithin(all);
  ASSERT_TRUE(blocked.ok());
  const Model model = Train(all, blocked->pairs, BlockingOptions{});
  const int exact = 0;
  EXPECT_GE(model.params[static_cast<int>(Comparison::kName)][exact].u,
            DefaultModel().params[static_cast<int>(Comparison::kName)][exact].u);
  bool compared = false;
  for (const CandidatePair& pair : blocked->pairs) {
    if (all[pair.a].key.find("/father") == std::string::npos && all[pair.b].key.find("/father") == std::string::npos) continue;
    compared = true;
    const Score score = ScorePair(all[pair.a], all[pair.b], model);
    EXPECT_LT(score.probability, 0.5) << all[pair.a].key << " ~ " << all[pair.b].key;
  }
  EXPECT_TRUE(compared) << "the namesakes are a blocked pair";
}

TEST(ComparisonTest, DocumentsEqualOrConflictAndPhonesAreContacts) {
  std::vector<Profile> a = Profiles(
      R"({"kind":"person","id":"p","names":["X"]})" "\n"
      R"({"kind":"identifier","id":"i","type":"passport","value":"n00-49312","holder":"p"})" "\n"
      R"({"kind":"identifier","id":"k","type":"phone","value":"+44 20 7946 0958","holder":"p"})" "\n",
      "A");
  std::vector<Profile> b = Profiles(
      R"({"kind":"person","id":"q","names":["Y"]})" "\n"
      R"({"kind":"identifier","id":"i","type":"passport","value":"N0049312","holder":"q"})" "\n"
      R"({"kind":"identifier","id":"j","type":"phone","value":"+44 20 7946 0000","holder":"q"})" "\n",
      "B");
  std::vector<Profile> c = Profiles(
      R"({"kind":"person","id":"r","names":["Z"]})" "\n"
      R"({"kind":"identifier","id":"i","type":"passport","value":"X1","holder":"r"})" "\n",
      "C");
  EXPECT_EQ(LevelName(a[0], b[0], Comparison::kDocument), "equal");
  EXPECT_EQ(LevelName(a[0], b[0], Comparison::kContact), "differ");
  EXPECT_EQ(LevelName(a[0], c[0], Comparison::kDocument), "conflict");
  EXPECT_EQ(LevelName(a[0], c[0], Comparison::kContact), "null");
  // Passports of two states are no conflict; of one state, or of a state
  // one record does not say, they are.
  auto holding = [](const std::string& value, const std::string& country) { return Holding("passport", value, country); };
  EXPECT_EQ(LevelName(holding("P123", "AF"), holding("P456", "PK"), Comparison::kDocument), "null");
  EXPECT_EQ(LevelName(holding("P123", "AF"), holding("P456", "AF"), Comparison::kDocument), "conflict");
  EXPECT_EQ(LevelName(holding("P123", "AF"), c[0], Comparison::kDocument), "conflict");
  EXPECT_EQ(LevelName(holding("P123", "AF"), holding("P123", "PK"), Comparison::kDocument), "equal");
  // Two neighbouring digits swapped, or one replaced before the last, are a
  // clerk's typo; consecutive numbers (twins' passports) are other documents.
  EXPECT_EQ(LevelName(holding("04128976", "YE"), holding("04129876", "YE"), Comparison::kDocument),
            "a typo apart");
  EXPECT_EQ(LevelName(holding("MF123456", "MM"), holding("MF128456", "MM"), Comparison::kDocument), "a typo apart")
      << "one digit replaced before the last";
  EXPECT_EQ(LevelName(holding("A00277319", "UG"), holding("A0027319", "UG"), Comparison::kDocument), "a typo apart")
      << "a digit left out";
  EXPECT_EQ(LevelName(holding("C5120039", "VN"), holding("C5120040", "VN"), Comparison::kDocument), "conflict");
  EXPECT_EQ(LevelName(holding("A10293847", "NG"), holding("A10293848", "NG"), Comparison::kDocument), "conflict");
  EXPECT_EQ(LevelName(holding("P5123877A", "PH"), holding("P5123878A", "PH"), Comparison::kDocument), "conflict")
      << "consecutive numbers with a letter after them";
  EXPECT_NEAR(DefaultWeight(Comparison::kDocument, 1), 10, 1e-9) << "a typo in one document weighs for the pair";
  EXPECT_LT(DefaultWeight(Comparison::kDocument, 3), -4);
}

TEST(ComparisonTest, PartOfADocumentNumberIsNoConflict) {
  EXPECT_EQ(LevelName(Holding("passport", "P02388714", "ER"), Holding("passport", "P023887", "ER"), Comparison::kDocument),
            "part of the other")
      << "the beginning written";
  EXPECT_EQ(LevelName(Holding("national_id", "29001011234567", "EG"), Holding("national_id", "11234567", "EG"),
                      Comparison::kDocument),
            "part of the other")
      << "the last digits read out";
  EXPECT_EQ(LevelName(Holding("national_id", "AS221030558", "GR"), Holding("national_id", "1030585", "GR"),
                      Comparison::kDocument),
            "part of the other")
      << "the last digits, two of them swapped";
  EXPECT_EQ(LevelName(Holding("passport", "P02388714", "ER"), Holding("passport", "P02388", "ER"), Comparison::kDocument),
            "part of the other");
  EXPECT_EQ(LevelName(Holding("passport", "P02388714", "ER"), Holding("passport", "P0238", "ER"), Comparison::kDocument),
            "conflict")
      << "five characters begin many numbers";
  EXPECT_EQ(LevelName(Holding("passport", "P02388714", "ER"), Holding("passport", "P023887", "SD"), Comparison::kDocument),
            "null")
      << "two states' documents are not compared";
  EXPECT_NEAR(DefaultWeight(Comparison::kDocument, 2), 4, 1e-9);
}

TEST(ComparisonTest, NamePartsSplitOtherwiseAreComparedAsFullNames) {
  // Blessing Osagie Igbinedion, her second given name taken for her family
  // name by one agency: the parts differ, the full names are one's.
  Profile a = One(R"({"kind":"person","id":"p","names":["Blessing Osagie Igbinedion"],)"
                  R"("given_names":["Blessing","Osagie"],"family_names":["Igbinedion"]})");
  Profile b = One(R"({"kind":"person","id":"q","names":["Blessing Igbinedion Osagie"],)"
                  R"("given_names":["Blessing","Igbinedion"],"family_names":["Osagie"]})");
  EXPECT_EQ(LevelName(a, b, Comparison::kGivenName), "null");
  EXPECT_EQ(LevelName(a, b, Comparison::kName), "same parts");
  // Sisters of one family: the parts are compared, and tell them apart.
  Profile c = One(R"({"kind":"person","id":"r","names":["Grace Osagie Igbinedion"],)"
                  R"("given_names":["Grace","Osagie"],"family_names":["Igbinedion"]})");
  EXPECT_EQ(LevelName(a, c, Comparison::kName), "null");
  EXPECT_EQ(LevelName(a, c, Comparison::kGivenName), "a sibling's");
}

TEST(ComparisonTest, GivenNamesListedWordByWordAreOneName) {
  // "Thi", "Hoa" of Nguyen Thi Hoa are her given name, not two: "Thi"
  // alone would meet her twin sister Nguyễn Thị Huệ's.
  Profile hoa = One(R"({"kind":"person","id":"p","names":["Nguyen Thi Hoa"],)"
                    R"("given_names":["Thi","Hoa"],"family_names":["Nguyen"],"sex":"F"})");
  Profile hue = One(R"({"kind":"person","id":"q","names":["Nguyễn Thị Huệ"],)"
                    R"("given_names":["Thị","Huệ"],"family_names":["Nguyễn"],"sex":"F"})");
  EXPECT_EQ(LevelName(hoa, hue, Comparison::kGivenName), "a sibling's");
  // A passport's capitals write them so too: "Md" alone would meet every
  // Md., and twins Md Hasan and Md. Hossain Ali would meet by it.
  Profile hasan = One(R"({"kind":"person","id":"t","names":["MD HASAN ALI"],)"
                      R"("given_names":["Md","Hasan"],"family_names":["Ali"],"sex":"M"})");
  Profile hossain = One(R"({"kind":"person","id":"u","names":["Md. Hossain Ali"],)"
                        R"("given_names":["Md.","Hossain"],"family_names":["Ali"],"sex":"M"})");
  EXPECT_EQ(LevelName(hasan, hossain, Comparison::kGivenName), "a sibling's");
  // So are two surnames: sisters' first ones meet, their mothers' differ
  // (read apart, "De la Hoz" met "DE LA HOZ" exactly).
  Profile perez = One(R"({"kind":"person","id":"v","names":["DE LA HOZ PEREZ, LUZ MARINA"],)"
                      R"("given_names":["LUZ","MARINA"],"family_names":["DE LA HOZ","PEREZ"],"sex":"F"})");
  Profile barrios = One(R"({"kind":"person","id":"w","names":["Luz Mery De la Hoz Barrios"],)"
                        R"("given_names":["Luz","Mery"],"family_names":["De la Hoz","Barrios"],"sex":"F"})");
  Profile first_only = One(R"({"kind":"person","id":"x","names":["Luz Marina De la Hoz"],)"
                           R"("given_names":["Luz","Marina"],"family_names":["De la Hoz"],"sex":"F"})");
  EXPECT_EQ(LevelName(perez, barrios, Comparison::kFamilyName), "jaro-winkler >= 0.80");
  EXPECT_EQ(LevelName(perez, first_only, Comparison::kFamilyName), "loose skeleton")
      << "the second surname left out: the first is the family's";
  // Parts no full name writes so are aliases, each a given name.
  Profile aliases = One(R"({"kind":"person","id":"r","names":["Mohammed Rahimi"],)"
                        R"("given_names":["Mohammed","Mohamed"],"family_names":["Rahimi"]})");
  Profile mohamed = One(R"({"kind":"person","id":"s","names":["Mohamed Rahimi"],)"
                        R"("given_names":["Mohamed"],"family_names":["Rahimi"]})");
  EXPECT_EQ(LevelName(aliases, mohamed, Comparison::kGivenName), "exact");
}

// Twins' documents are issued together: their phone and address are a
// household's, whatever their names say.
TEST(ComparisonTest, APhoneOfPersonsWhoseDocumentsWereIssuedTogetherIsAHouseholds) {
  auto sister = [](const std::string& name, const std::string& id) {
    return One(R"({"kind":"person","id":"p","names":[")" + name + R"("],"sex":"F","nationalities":["TH"]})" "\n"
               R"({"kind":"identifier","id":"n","type":"national_id","value":")" + id + R"(","country":"TH","holder":"p"})" "\n"
               R"({"kind":"identifier","id":"k","type":"phone","value":"+66 86 443 7120","holder":"p"})");
  };
  const Profile warunee = sister("Warunee Phutthawong", "1570138451374");
  const Profile waraporn = sister("Waraporn Puttawong", "1570138451382");
  EXPECT_EQ(LevelName(warunee, waraporn, Comparison::kContact), "equal, as a household's would be");
  // A typo in one digit is one person's document, no household's.
  EXPECT_EQ(LevelName(warunee, sister("Warunee Puttawong", "1570138451974"), Comparison::kContact), "equal");
}

// Initials standing for the other name's words, with the words written
// whole in both: a Sri Lankan's ancestral names as initials.
TEST(ComparisonTest, InitialsForAnAncestralNameAreMostWords) {
  auto named = [](const std::string& name) {
    return One(R"({"kind":"person","id":"p","names":[")" + name + R"("]})");
  };
  EXPECT_EQ(LevelName(named("WIJESINGHE ARACHCHIGE DON NUWAN PRIYANKARA"), named("W.A.D. Nuwan Priyankara"),
                      Comparison::kName),
            "most words");
}

TEST(ComparisonTest, AnInitialStandsForAWordOfTheOtherName) {
  Profile a = One(R"({"kind":"person","id":"p","names":["Nabi Stanikzai"],"father_names":["Mohammad Hanif"]})");
  Profile b = One(R"({"kind":"person","id":"q","names":["Nabi Stanekzai"],"father_names":["M. Hanif"]})");
  Profile c = One(R"({"kind":"person","id":"r","names":["Nabi Stanekzai"],"father_names":["A. Hanif"]})");
  EXPECT_EQ(LevelName(a, b, Comparison::kFatherName), "jaro-winkler >= 0.80");
  EXPECT_EQ(LevelName(a, c, Comparison::kFatherName), "differ");
}

TEST(ComparisonTest, APhoneWithoutACountryIsReadInItsHoldersCountry) {
  auto holding = [](const std::string& nationality, const std::string& phone) {
    return Profiles(R"({"kind":"person","id":"p","names":["Liu Jianguo"],"nationalities":[")" + nationality +
                        R"("]})" "\n"
                        R"({"kind":"identifier","id":"i","type":"phone","value":")" + phone + R"(","holder":"p"})" "\n",
                    "A")[0];
  };
  // A Chinese mobile written nationally on a crew list, and with its code.
  EXPECT_EQ(LevelName(holding("CN", "13950123381"), holding("CN", "+86 139 5012 3381"), Comparison::kContact), "equal");
  // Too long for its holder's country: an international number without +.
  EXPECT_EQ(LevelName(holding("SO", "252634401187"), holding("SO", "+252 63 4401187"), Comparison::kContact), "equal");
  // An Ethiopian's Saudi number written nationally (read in Ethiopia, its
  // national number is still hers), and one of a holder of no nationality.
  EXPECT_EQ(LevelName(holding("ET", "054 118 7203"), holding("ET", "+966541187203"), Comparison::kContact), "equal");
  auto stateless = [](const std::string& phone) {
    return Profiles(R"({"kind":"person","id":"p","names":["Dilshad Sheikho"]})" "\n"
                    R"({"kind":"identifier","id":"i","type":"phone","value":")" + phone + R"(","holder":"p"})" "\n",
                    "A")[0];
  };
  EXPECT_EQ(LevelName(stateless("0160 6632017"), holding("SY", "+491606632017"), Comparison::kContact), "equal");
  EXPECT_EQ(LevelName(stateless("512 870 233"), holding("VN", "+48512870233"), Comparison::kContact), "equal");
  EXPECT_EQ(LevelName(stateless("512 870 234"), holding("VN", "+48512870233"), Comparison::kContact), "differ");
  // An Eritrean's Greek number, no valid number of Eritrea.
  EXPECT_EQ(LevelName(holding("ER", "690 2218874"), holding("ER", "+30 690 221 8874"), Comparison::kContact), "equal");
}

TEST(ScoringTest, ReasonsStartFromThePriorAndMaskAnotherAgencysIdentifiers) {
  std::vector<Profile> a = Profiles(
      R"({"kind":"person","id":"p","names":["محمد عبد الرحمن"],"birth_date":"1990-03-04","sex":"M"})" "\n"
      R"({"kind":"identifier","id":"i","type":"passport","value":"N0049312","holder":"p"})" "\n",
      "border");
  std::vector<Profile> b = Profiles(
      R"({"kind":"person","id":"q","names":["Mohamed Abdirahman"],"birth_date":"1990-03","sex":"M"})" "\n"
      R"({"kind":"identifier","id":"i","type":"passport","value":"N0049312","holder":"q"})" "\n",
      "labour");
  Model model = DefaultModel();
  model.lambda = 1e-4;
  Score score = ScorePair(a[0], b[0], model);
  ASSERT_GE(score.reasons.size(), 5u);
  EXPECT_EQ(score.reasons[0].comparison, "prior");
  double sum = 0;
  for (const Reason& r : score.reasons) sum += r.weight;
  EXPECT_NEAR(sum, score.weight, 1e-9);
  EXPECT_GT(score.probability, 0.99);
  std::vector<std::string> texts;
  for (const Reason& r : score.reasons) texts.push_back(ReasonText(r, "border", "labour", "border"));
  EXPECT_EQ(texts[0].rfind("prior -13.3", 0), 0u) << texts[0];
  std::string all;
  for (const std::string& t : texts) all += t + "; ";
  EXPECT_NE(all.find("name 'محمد عبد الرحمن (mhmd bd alrhmn)' ~ 'Mohamed Abdirahman (mohamed abdirahman)' skeleton"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("document 'passport N0049312' ~ '[labour's value]' equal"), std::string::npos) << all;
  EXPECT_NE(all.find("birth date '1990-03-04' ~ '1990-03' compatible"), std::string::npos) << all;
  // The labour inspectorate sees its own value and not the border police's.
  std::string theirs = ReasonText(score.reasons[2], "border", "labour", "labour");
  EXPECT_EQ(all.find("N0049312' ~ 'passport"), std::string::npos);
  for (const Reason& r : score.reasons) {
    if (r.comparison != "document") continue;
    EXPECT_EQ(ReasonText(r, "border", "labour", "labour").find("'[border's value]' ~ 'passport N0049312'") !=
                  std::string::npos,
              true);
    EXPECT_EQ(ReasonText(r, "border", "labour", "ngo").find("N0049312"), std::string::npos);
  }
}

// The transliteration set as two agencies' persons: each pair is one
// person, born in a year of its own, recorded by agency A with the year and
// by agency B with the day; each look-alike pair is two persons born years
// apart. Under the model trained on the set, every true pair scores above
// 0.5 and nothing else does (the same spelling in two pairs is two persons
// born in different years).
TEST(ScoringTest, TransliterationSetFindsEveryPairAndNoStranger) {
  std::string text_a, text_b;
  auto person = [](const std::string& id, const char* name, const std::string& born) {
    return R"({"kind":"person","id":")" + id + R"(","names":[")" + name + R"("],"birth_date":")" + born + "\"}\n";
  };
  // Years 11 apart, so that no two persons' dates are one typing error apart.
  int year = 1800;
  for (const auto& [first, second] : kTransliterationPairs) {
    const std::string id = "p" + std::to_string(year);
    text_a += person(id, first, std::to_string(year));
    text_b += person(id, second, std::to_string(year) + "-03-14");
    year += 11;
  }
  for (const auto& [first, second] : kLookAlikeStrangers) {
    text_a += person("s" + std::to_string(year), first, std::to_string(year) + "-07-01");
    text_b += person("t" + std::to_string(year), second, std::to_string(year + 5) + "-11-23");
    year += 11;
  }
  std::vector<Profile> all = Profiles(text_a, "A");
  std::vector<Profile> b = Profiles(text_b, "B");
  all.insert(all.end(), b.begin(), b.end());
  Result<BlockingResult> blocked = BlockProfilesWithin(all);
  ASSERT_TRUE(blocked.ok());
  Model model = Train(all, blocked->pairs, BlockingOptions{});
  std::set<std::pair<std::string, std::string>> above;
  for (const CandidatePair& pair : blocked->pairs) {
    Score score = ScorePair(all[pair.a], all[pair.b], model);
    if (score.probability <= 0.5) continue;
    std::string x = all[pair.a].key, y = all[pair.b].key;
    if (y < x) std::swap(x, y);
    above.insert({x, y});
  }
  year = 1800;
  for (const auto& [first, second] : kTransliterationPairs) {
    const std::string id = "p" + std::to_string(year);
    year += 11;
    EXPECT_TRUE(above.erase({"A/" + id, "B/" + id})) << first << " ~ " << second;
  }
  for (const auto& [x, y] : above) ADD_FAILURE() << "stranger above 0.5: " << x << " ~ " << y;
}

#ifdef PALERMO_FEBRL_DATA
std::string ReadFebrl(const std::string& name) {
  return palermo::testing::ReadFile(std::string(PALERMO_FEBRL_DATA) + "/" + name);
}

std::vector<Profile> FebrlProfiles(const std::string& name, const std::string& agency, bool with_ssid,
                                   bool encoded = false) {
  std::string lines, error;
  bench::FebrlStats stats;
  EXPECT_TRUE(bench::ConvertFebrlCsv(ReadFebrl(name), agency, &lines, &stats, &error)) << error;
  if (!with_ssid) {  // no identifier records
    std::istringstream in(lines);
    std::string line, kept;
    while (std::getline(in, line)) {
      if (line.find("\"identifier\"") == std::string::npos) kept += line + "\n";
    }
    lines = kept;
  }
  if (encoded) {
    std::istringstream in(lines);
    std::ostringstream out;
    Status s = EncodeCaseFile(in, out, DefaultPersonSchema(), "a secret the two agencies share", {}, nullptr);
    EXPECT_TRUE(s.ok()) << s.ToString();
    lines = out.str();
    EXPECT_EQ(lines.find("given_names"), std::string::npos);
  }
  return Profiles(lines, agency);
}

struct Quality {
  double precision, recall, f1;
};

Quality Evaluate(bool with_ssid, bool encoded = false) {
  std::vector<Profile> all = FebrlProfiles("febrl_dataset4a.csv", "A", with_ssid, encoded);
  std::vector<Profile> b = FebrlProfiles("febrl_dataset4b.csv", "B", with_ssid, encoded);
  all.insert(all.end(), b.begin(), b.end());
  std::set<std::pair<std::string, std::string>> truth;
  std::string error;
  EXPECT_TRUE(bench::ReadFebrlTrueLinks(ReadFebrl("febrl4_true_links.csv"), &truth, &error)) << error;
  BlockingOptions options;
  Result<BlockingResult> blocked = BlockProfilesWithin(all, options);
  EXPECT_TRUE(blocked.ok());
  Model model = Train(all, blocked->pairs, options);
  int64_t found = 0, correct = 0;
  for (const CandidatePair& pair : blocked->pairs) {
    const Profile& x = all[pair.a];
    const Profile& y = all[pair.b];
    if (x.agency == y.agency) continue;
    Score score = ScorePair(x, y, model);
    const Profile& pa = x.agency == "A" ? x : y;
    const Profile& pb = x.agency == "A" ? y : x;
    const bool real = truth.count({pa.key.substr(2), pb.key.substr(2)});
    if (score.probability < 0.5) continue;
    ++found;
    correct += real;
  }
  Quality q{};
  q.precision = found ? static_cast<double>(correct) / found : 0;
  q.recall = static_cast<double>(correct) / truth.size();
  q.f1 = q.precision + q.recall > 0 ? 2 * q.precision * q.recall / (q.precision + q.recall) : 0;
  std::printf("FEBRL4 %s, %s soc_sec_id: lambda %.3g (%s); P %.4f R %.4f F1 %.4f\n",
              encoded ? "encoded" : "in the clear", with_ssid ? "with" : "without",
              model.lambda, model.lambda_from.c_str(), q.precision, q.recall, q.f1);
  for (const std::string& note : model.training_notes) std::printf("  %s\n", note.c_str());
  for (int c = 0; c < kComparisons; ++c) {
    std::printf("  %s:", std::string(ComparisonName(static_cast<Comparison>(c))).c_str());
    for (size_t l = 0; l < model.params[c].size(); ++l) {
      std::printf(" %s %+.1f;", LevelNames(static_cast<Comparison>(c))[l].c_str(),
                  std::log2(model.params[c][l].m / model.params[c][l].u));
    }
    std::printf("\n");
  }
  return q;
}

TEST(ScoringFebrlTest, F1OnFebrl4InTheClear) {
  Quality q = Evaluate(true);
  EXPECT_GE(q.f1, 0.999);
}

// Encoded without soc_sec_id (CLKs of the default schema), blocked by the
// CLK bands, scored through the clk comparison (Dice levels).
TEST(ScoringFebrlTest, F1OnFebrl4Encoded) {
  Quality q = Evaluate(false, true);
  EXPECT_GE(q.f1, 0.995);
}
#endif

}  // namespace
}  // namespace palermo::linkage
