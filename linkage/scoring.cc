#include "linkage/scoring.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "common/parallel.h"
#include "linkage/compare_fields.h"
#include "linkage/compare_names.h"
#include "linkage/levels.h"
#include "linkage/signatures.h"
#include "linkage/similarity.h"

namespace palermo::linkage {
namespace {

using namespace levels;  // NOLINT: the level indexes, linkage/levels.h

const std::vector<std::vector<std::string>>& AllLevelNames() {
  static const auto* names = new std::vector<std::vector<std::string>>{
      {"exact", "same parts", "skeleton", "loose skeleton", "jaro-winkler >= 0.92", "most words", "jaro-winkler >= 0.80",
       "differ", "a sibling's"},
      {"exact", "skeleton", "loose skeleton", "jaro-winkler >= 0.92", "jaro-winkler >= 0.80", "differ", "a sibling's"},
      {"exact", "skeleton", "loose skeleton", "jaro-winkler >= 0.92", "jaro-winkler >= 0.80", "differ", "a sibling's"},
      {"same day", "same day, as twins' would be", "compatible", "placeholder day in the year", "one digit apart", "same month", "same year", "differ",
       "two to five years apart", "years apart"},
      {"equal", "differ"},
      {"shared", "shared, as their names say", "differ"},
      {"equal", "one character apart", "differ"},
      {"exact", "most words shared", "some words shared", "shared, as a household's would be", "differ"},
      {"equal", "a typo apart", "part of the other", "conflict", "national ids that are other numbers"},
      {"equal", "equal, as a household's would be", "differ"},
      {"dice >= 0.9", "dice >= 0.85", "dice >= 0.8", "dice >= 0.75", "dice >= 0.7", "differ"},
      {"exact", "skeleton", "loose skeleton", "jaro-winkler >= 0.92", "jaro-winkler >= 0.80", "differ", "a sibling's"},
  };
  return *names;
}

double Weight(const LevelParameters& p) { return std::log2(p.m / p.u); }

// Whether the names of a man and a woman (both recorded: `woman` says
// which) meet at `level`, short of the same words (`same`) and above
// `differ`: a brother's and a sister's (twins Malek and Malak, Hodan and
// Hassan), not one person's spelled apart, which would need a clerk to
// have mistaken the sex as well (no true pair of the labelled sets has
// a sex that differs).
bool ManAndWomanSpelledApart(Woman woman, int8_t level, int8_t same, int8_t differ) {
  return woman != Woman::kNeither && level > same && level < differ;
}

double PriorWeight(double lambda) { return std::log2(lambda / (1 - lambda)); }

}  // namespace

std::string_view ComparisonName(Comparison comparison) {
  static constexpr std::string_view kNames[kComparisons] = {
      "name",     "given_name", "family_name", "birth_date", "sex", "nationality",
      "postcode", "address",    "document",    "contact",    "clk", "father_name"};
  return kNames[static_cast<int>(comparison)];
}

const std::vector<std::string>& LevelNames(Comparison comparison) {
  return AllLevelNames()[static_cast<int>(comparison)];
}

void ApplyFixedWeights(Model* model) {
  std::vector<LevelParameters>& father = model->params[static_cast<int>(Comparison::kFatherName)];
  for (int8_t level = 0; level < kPartDiffer; ++level) father[level].m = father[level].u;
  for (Comparison c : {Comparison::kName, Comparison::kGivenName, Comparison::kFamilyName, Comparison::kFatherName}) {
    LevelParameters& sibling = model->params[static_cast<int>(c)][c == Comparison::kName ? kNameSibling : kPartSibling];
    sibling.m = sibling.u * kSiblingOdds;
  }
  LevelParameters& twins = model->params[static_cast<int>(Comparison::kBirthDate)][kDateSameDayKin];
  twins.m = twins.u * kTwinsOdds;
  for (auto [c, level] : {std::pair{Comparison::kContact, kContactHousehold}, {Comparison::kAddress, kAddressHousehold}}) {
    LevelParameters& household = model->params[static_cast<int>(c)][level];
    household.m = household.u * kHouseholdOdds;
  }
  LevelParameters& typo = model->params[static_cast<int>(Comparison::kDocument)][kDocumentTypo];
  typo.m = typo.u * kDocumentTypoOdds;
  LevelParameters& partial = model->params[static_cast<int>(Comparison::kDocument)][kDocumentPartial];
  partial.m = partial.u * kDocumentPartialOdds;
}

Model DefaultModel() {
  Model model;
  model.lambda = 1e-4;
  model.lambda_from = "default";
  model.lambda_within = 1e-4;
  model.lambda_within_from = "default";
  // m then u per level, strongest level first. Chosen so that, before any
  // training: an exact or transliterated-skeleton name agreement weighs
  // about +7 to +9, a Jaro-Winkler one +4 to +5 and differing names -5; a
  // same birthday +8, a year apart -4; an equal document +12, a conflicting
  // one -6, more than five years apart -10 (a birth date a generation out
  // is taken for another person, a namesake, a father or a son, unless a
  // document or a contact says otherwise); sex differing -6
  // (docs/LINKAGE.md, "Defaults").
  model.params = {
      {{0.54, 0.001}, {0.10, 0.0004}, {0.15, 0.001}, {0.05, 0.0015}, {0.05, 0.004}, {0.03, 0.001}, {0.03, 0.03},
       {0.05, 0.9591}, {0.00001, 0.002}},
      // Given and family names apart: a common given name ("Mohamed") or
      // family name ("Nguyen") is shared by one pair in a few dozen, so an
      // equal part weighs +5, and both parts equal about what a whole name
      // does (+9 to +10), not twice as much.
      {{0.75, 0.02}, {0.08, 0.004}, {0.03, 0.003}, {0.05, 0.01}, {0.04, 0.05}, {0.05, 0.911}, {0.00001, 0.002}},
      {{0.75, 0.02}, {0.08, 0.004}, {0.03, 0.003}, {0.05, 0.01}, {0.04, 0.05}, {0.05, 0.911}, {0.00001, 0.002}},
      // Birth dates: a placeholder day (1 January...) against another day of
      // its year is as good as a year against a day (+3); the same year
      // otherwise weighs -3.3: a random pair is born in one year about one
      // time in 20 to 40, and two days of one year neither one digit nor
      // day and month apart are rarely one person's (two Nguyen Van Hung
      // born in 1990).
      {{0.78, 0.003}, {0.78, 0.003}, {0.10, 0.01}, {0.03, 0.005}, {0.03, 0.002}, {0.02, 0.03}, {0.005, 0.05}, {0.0155, 0.1},
       {0.004, 0.2}, {0.0005, 0.6}},
      {{0.97, 0.5}, {0.03, 0.5}},
      // Nationality shared by namesakes: 0 until Train reads how often
      // namesakes share one (WeighNamesakesNationality).
      {{0.95, 0.3}, {0.95, 0.95}, {0.05, 0.7}},
      // Postcodes and addresses: one person's records of two agencies are
      // taken in two places as often as not (a vessel and a home village, a
      // raided flat and a safe house): one that differs -1.1 and -1.2.
      {{0.50, 0.01}, {0.05, 0.01}, {0.45, 0.98}},
      {{0.35, 0.0005}, {0.15, 0.002}, {0.10, 0.05}, {0.002, 0.0005}, {0.40, 0.9470}},
      // Documents: a conflict -5.1, national ids that are other numbers -7.6
      // (u: random pairs hold passports and national ids alike).
      {{0.97, 0.0002}, {0.002, 0.000001}, {0.002, 0.0001}, {0.017, 0.6}, {0.002, 0.4}},
      {{0.60, 0.0005}, {0.60, 0.0005}, {0.40, 0.9995}},
      {{0.76, 0.0001}, {0.12, 0.0002}, {0.09, 0.0005}, {0.02, 0.001}, {0.006, 0.003}, {0.004, 0.9953}},
      // Father names: differing -3.7; agreeing 0 (ApplyFixedWeights).
      {{0.70, 0.01}, {0.10, 0.005}, {0.04, 0.005}, {0.05, 0.01}, {0.04, 0.05}, {0.01, 0.918}, {0.00001, 0.002}},
  };
  ApplyFixedWeights(&model);
  // Conflicting documents (both have one of a type and of one state, the
  // numbers differ): one person's records taken within a few years hold
  // one passport, bar a renewal or a lost one replaced: m 0.017 against u
  // 0.6 weighs -5.1; national ids that are other numbers, m 0.002 (a
  // clerk's error of more than two digits) against 0.4, -7.6 (training
  // learns both where the store has enough pairs with documents). Sex
  // differing: m 0.03 against u 0.5, -4.1.
  return model;
}

Levels CompareProfiles(const Profile& a, const Profile& b) {
  Levels l;
  std::fill(std::begin(l.level), std::end(l.level), kNull);
  const bool parts = !a.given.empty() && !b.given.empty() && !a.family.empty() && !b.family.empty();
  const Woman woman = WomanOf(a, b);
  bool kin = false;  // their names are a sibling's (Kin, scoring.h)
  int8_t whole = kNull;  // the full names' level, when compared
  bool split_otherwise = false;  // name parts that differ, full names that agree
  int8_t& father = l.level[static_cast<int>(Comparison::kFatherName)];
  if (!a.father.empty() && !b.father.empty()) father = CompareNames(a.father, b.father, true).level;
  int8_t& birth = l.level[static_cast<int>(Comparison::kBirthDate)];
  birth = a.birth || b.birth ? CompareBirth(a, b) : BirthLevelFromSignatures(a, b);  // encoded: no dates in the clear
  if (parts) {
    NameMatch given = CompareNames(a.given, b.given, true, woman), family = CompareNames(a.family, b.family, true, woman);
    const std::vector<NameValue>* b_given = &b.given;
    // Given and family names swapped between the records (unless both
    // already agree exactly).
    if (given.level + family.level > 0) {
      NameMatch given_x = CompareNames(a.given, b.family, true, woman),
                family_x = CompareNames(a.family, b.given, true, woman);
      if (given_x.level + family_x.level < given.level + family.level) {
        given = given_x;
        family = family_x;
        b_given = &b.family;
      }
    }
    // A family name and the same with a second surname after it (the
    // mother's, as Spanish-speaking clerks add it): the first surname is
    // the family's, so the family names meet as loose skeletons do.
    if (family.level > kPartLoose && family.level < kPartSibling && b_given == &b.given &&
        AnyFirstOfTwoWords(a.family, b.family)) {
      family.level = kPartLoose;
    }
    // Sons or daughters of one father and family, or twins of one family,
    // whose given names Jaro-Winkler finds alike but whose consonants are
    // other names' (Yonas and Yonatan Gebremedhin, sons of Tesfay; Imran
    // Ali and Irfan Ali Butt, born one day): a sibling's.
    if (family.level <= kPartLoose && ((father != kNull && father <= kPartLoose) || birth == kDateSameDay) &&
        (given.level == kPartJwHigh || given.level == kPartJwMid) && AllOtherConsonants(a.given, *b_given)) {
      given.level = kPartSibling;
    }
    // Parts split otherwise (Blessing Osagie and Igbinedion against
    // Blessing Igbinedion and Osagie; Sami and Ullah for Samiullah): where
    // given or family names differ (or meet at Jaro-Winkler 0.80 only: a
    // word of one, Blessing Osagie and Osagie) but the full names write one
    // person's words, the full names are compared instead.
    // (Not where the other part agrees exactly: brothers, namesakes' sons.)
    if (((given.level >= kPartJwMid && given.level <= kPartDiffer && family.level != kPartExact) ||
         (family.level >= kPartJwMid && family.level <= kPartDiffer && given.level != kPartExact)) &&
        AnyKeyShared(a.names, b.names)) {
      whole = CompareNames(a.names, b.names, false, woman).level;
      split_otherwise = whole <= kNameSkeleton;
    }
    if (!split_otherwise) {
      if (ManAndWomanSpelledApart(woman, given.level, kPartExact, kPartDiffer)) given.level = kPartSibling;
      l.level[static_cast<int>(Comparison::kGivenName)] = given.level;
      l.level[static_cast<int>(Comparison::kFamilyName)] = family.level;
      // One family name, given names told apart or without a word in common
      // (Văn Hùng and Hùng, a middle name left out, are one person's, and
      // so are Emeka and Chukwuemeka, a short form). One family name also
      // where one record's family name is the other's father's name, which
      // has none: Eritrean, Ethiopian and Somali names are the given, the
      // father's and the grandfather's, and a clerk who hears the first two
      // writes the father's as the family name (twins TESFAI Natnael and
      // Nahom Tesfay Habte). (The levels first, then the fathers' names,
      // then the words: names are compared again only where kin is open.)
      const bool given_differ = given.level == kPartSibling || given.level == kPartDiffer;
      kin = given_differ &&
            (family.level <= kPartLoose ||
             (a.father.empty() && !b.father.empty() && CompareNames(a.family, b.father, true).level <= kPartLoose) ||
             (b.father.empty() && !a.father.empty() && CompareNames(a.father, b.family, true).level <= kPartLoose)) &&
            (given.level == kPartSibling || (!AnyWordShared(a.given, *b_given) && !AnyShortForm(a.given, *b_given)));
    }
  }
  if (!parts || split_otherwise) {
    if (whole == kNull) {
      const NameMatch match = CompareNames(a.names, b.names, false, woman);
      // (A family name replaced is another family's: FamilyNameReplaced.)
      whole = match.level == kNameSibling && FamilyNameReplaced(match, a.family, b.family) ? kNameDiffer : match.level;
    }
    if (ManAndWomanSpelledApart(woman, whole, kNameSameParts, kNameDiffer)) whole = kNameSibling;
    l.level[static_cast<int>(Comparison::kName)] = whole;
    kin = whole == kNameSibling;
  }
  if (kin && birth == kDateSameDay) birth = kDateSameDayKin;
  if (a.sex != v1::SEX_UNSPECIFIED && b.sex != v1::SEX_UNSPECIFIED) {
    l.level[static_cast<int>(Comparison::kSex)] = a.sex == b.sex ? kEqual : kDiffer;
  }
  if (!a.nationalities.empty() && !b.nationalities.empty()) {
    bool shared = false;  // both sorted
    for (auto x = a.nationalities.begin(), y = b.nationalities.begin();
         !shared && x != a.nationalities.end() && y != b.nationalities.end();) {
      if (*x < *y) ++x;
      else if (*y < *x) ++y;
      else shared = true;
    }
    const bool names_agree = kin || Namesakes(l);
    l.level[static_cast<int>(Comparison::kNationality)] =
        !shared ? kNationalityDiffer : names_agree ? kNationalityAsNamesSay : kNationalityShared;
  }
  int8_t& address = l.level[static_cast<int>(Comparison::kAddress)];
  address = CompareAddresses(a, b, nullptr, nullptr);
  // An equal postcode that both agreeing addresses also write is counted
  // once, in the address ("Via Domiziana km 34, 81030 Castel Volturno").
  const bool postcode_in_address = address != kNull && address <= kAddressMost && a.postcode == b.postcode &&
                                   PostcodeWritten(a) && PostcodeWritten(b);
  if (!a.postcode.empty() && !b.postcode.empty() && !postcode_in_address) {
    l.level[static_cast<int>(Comparison::kPostcode)] = a.postcode == b.postcode                 ? kPostcodeEqual
                                                       : OneCharacterApart(a.postcode, b.postcode) ? kPostcodeOneApart
                                                                                                   : kPostcodeDiffer;
  }
  if (!a.clk.empty() && !b.clk.empty() && a.clk.size() == b.clk.size()) {
    l.level[static_cast<int>(Comparison::kClk)] = ClkLevel(Dice(a.clk, b.clk));
  }
  bool together = false;  // documents issued together (CompareDocuments)
  l.level[static_cast<int>(Comparison::kDocument)] = CompareDocuments(a, b, &together);
  // A phone or e-mail shared by kin, by persons born more than five years
  // apart (a father and his namesake son), or two to five years apart whose
  // names are not namesakes', or by persons of other fathers, is a
  // household's or a house's (a smuggler's number); so is an address
  // shared by persons of other fathers, born more than five years apart (a
  // father and his namesake son), or whose birth dates and names both
  // differ (Household, scoring.h).
  const int8_t fathers = l.level[static_cast<int>(Comparison::kFatherName)];
  const bool other_fathers = fathers >= kPartDiffer;
  // (Kin whose birth dates agree short of twins' day are one person with
  // another given name as often: Jing and Jenny Chen, Nok and Siriporn.)
  const bool kin_apart = kin && (birth == kNull || birth == kDateSameDayKin || birth >= kDateDiffer);
  // Documents issued together are twins' or siblings' (Phutthawong
  // sisters' consecutive national ids), whatever their names say.
  const bool household = kin_apart || other_fathers || together || birth == kDateYearsApart ||
                          (birth == kDateFewYearsApart && !Namesakes(l));
  if (address != kNull && address <= kAddressMost &&
      (other_fathers || together || birth == kDateYearsApart || (birth >= kDateDiffer && NamesDiffer(l)))) {
    address = kAddressHousehold;
  }
  const int8_t contact = CompareIdentifiers(a, b, IsContact);
  l.level[static_cast<int>(Comparison::kContact)] = contact == kEqual  ? (household ? kContactHousehold : kContactEqual)
                                                    : contact == kDiffer ? kContactDiffer
                                                                         : kNull;
  return l;
}

namespace {

// The weight an exact full name agreement moves by for its frequency
// (`count` persons of `model.persons` have the name).
double TermFrequencyAdjust(const Model& model, int64_t count) {
  const double tf = static_cast<double>(count) / model.persons;
  return std::log2(model.params[static_cast<int>(Comparison::kName)][kNameExact].u / tf);
}

}  // namespace

Score WeighPair(const Profile& a, const Profile& b, const Model& model, const TermCount& term_count,
                const Levels& levels) {
  Score score;
  score.weight = LevelsWeight(levels, model, a.agency == b.agency);
  if (ExactFullName(levels) && model.term_frequencies && term_count && model.persons > 0) {
    const NameMatch match = CompareNames(a.names, b.names, false, WomanOf(a, b));
    if (match.exact_value != nullptr) {
      score.name_count = std::max<int64_t>(1, term_count(*match.exact_value));
      score.weight += TermFrequencyAdjust(model, score.name_count);
    }
  }
  score.probability = 1.0 / (1.0 + std::exp2(-score.weight));
  return score;
}

Score ScorePair(const Profile& a, const Profile& b, const Model& model, const TermCount& term_count,
                const Levels* compared) {
  const Levels levels = compared ? *compared : CompareProfiles(a, b);
  // The weight as WeighPair gives it (stored candidates are weighed so);
  // the reasons say where it comes from.
  Score score = WeighPair(a, b, model, term_count, levels);
  const bool same_agency = a.agency == b.agency;
  score.reasons.push_back({"prior", same_agency ? model.lambda_within_from : model.lambda_from,
                           PriorWeight(same_agency ? model.lambda_within : model.lambda), "", "", false, ""});
  auto add = [&](Comparison c, std::string a_value, std::string b_value, bool identifier, double adjust = 0,
                 std::string detail = "") {
    const int8_t level = levels.level[static_cast<int>(c)];
    if (level == kNull) return;
    score.reasons.push_back({std::string(ComparisonName(c)), LevelNames(c)[level],
                             Weight(model.params[static_cast<int>(c)][level]) + adjust, std::move(a_value),
                             std::move(b_value), identifier, std::move(detail)});
  };
  // Names again, for the values shown and the exact value's frequency.
  auto names = [&](Comparison c, const std::vector<NameValue>& x, const std::vector<NameValue>& y, bool parts) {
    const int8_t level = levels.level[static_cast<int>(c)];
    if (level == kNull) return;
    const Woman woman = c == Comparison::kFatherName ? Woman::kNeither : WomanOf(a, b);
    NameMatch match = CompareNames(x, y, parts, woman);
    if (match.level != level && parts) {  // swapped given and family names
      NameMatch swapped = CompareNames(x, c == Comparison::kGivenName ? b.family : b.given, parts, woman);
      if (swapped.level == level) match = swapped;
    }
    double adjust = 0;
    std::string detail;
    if (match.level != level && (level == kPartSibling || level == kNameSibling)) {
      detail = ManAndWomanSpelledApart(woman, match.level, c == Comparison::kName ? kNameSameParts : kPartExact,
                                       c == Comparison::kName ? kNameDiffer : kPartDiffer)
                   ? "a man's and a woman's names, spelled apart"
                   : "other names by their consonants, of one family and father or birthday";
    }
    if (c == Comparison::kName && score.name_count > 0) {
      adjust = TermFrequencyAdjust(model, score.name_count);
      detail = "term frequency " + std::to_string(score.name_count) + "/" + std::to_string(model.persons);
    }
    if (match.unlike != Unlike::kNo) {
      detail = c == Comparison::kName && level == kNameDiffer && FamilyNameReplaced(match, a.family, b.family)
                   ? "a family name, not a sibling's: " + UnlikeDetail(match, woman)
                   : UnlikeDetail(match, woman);
    }
    std::string av = match.a ? match.a->keys->latin : "", bv = match.b ? match.b->keys->latin : "";
    if (match.a && match.a->written() != av) av = match.a->written() + " (" + av + ")";
    if (match.b && match.b->written() != bv) bv = match.b->written() + " (" + bv + ")";
    add(c, av, bv, false, adjust, detail);
  };
  names(Comparison::kName, a.names, b.names, false);
  names(Comparison::kGivenName, a.given, b.given, true);
  names(Comparison::kFamilyName, a.family, b.family, true);
  names(Comparison::kFatherName, a.father, b.father, true);
  add(Comparison::kBirthDate, a.birth_text, b.birth_text, false, 0,
      a.birth || b.birth ? "" : "told by the blocking signatures");
  add(Comparison::kSex, v1::Sex_Name(a.sex).substr(4), v1::Sex_Name(b.sex).substr(4), false);
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
  };
  add(Comparison::kNationality, join(a.nationalities), join(b.nationalities), false);
  add(Comparison::kPostcode, a.postcode, b.postcode, false);
  std::string a_address, b_address;
  CompareAddresses(a, b, &a_address, &b_address);
  add(Comparison::kAddress, a_address, b_address, false);
  add(Comparison::kDocument, Ids(a, IsDocument), Ids(b, IsDocument), true);
  add(Comparison::kContact, Ids(a, IsContact), Ids(b, IsContact), true);
  if (levels.level[static_cast<int>(Comparison::kClk)] != kNull) {
    char dice[32];
    std::snprintf(dice, sizeof dice, "dice %.3f", Dice(a.clk, b.clk));
    add(Comparison::kClk, "", "", false, 0, dice);
  }
  return score;
}

void PrefetchEncoding(const Profile& p) {
  // A CLK of 1024 bits is two cache lines; of the signatures, the first of
  // each rule the birth level reads.
  for (size_t at = 0; at < p.clk.size(); at += 64) __builtin_prefetch(p.clk.data() + at);
  for (const SignatureRange& range : p.birth_signatures) {
    if (range.begin != range.end) __builtin_prefetch(p.clk_signatures.data() + range.begin);
  }
}

std::vector<Levels> CompareAll(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
                               int threads) {
  std::vector<Levels> levels(pairs.size());
  // The pairs come sorted by their first profile; the second is anywhere in
  // memory, so what its comparison reads is fetched ahead in stages (the
  // compare waits on memory, not arithmetic): the profile 32 pairs ahead,
  // its names (or its CLK and signatures) 24 ahead, their NameKeys 16
  // ahead, the keys 8 ahead.
  auto name_lists = [](const Profile& p, auto&& fn) {
    for (const std::vector<NameValue>* list : {&p.names, &p.given, &p.family}) {
      if (!list->empty()) fn(list->front());
    }
  };
  ParallelRanges(pairs.size(), threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      if (i + 32 < end) __builtin_prefetch(&profiles[pairs[i + 32].b]);
      if (i + 24 < end) {
        const Profile& ahead = profiles[pairs[i + 24].b];
        name_lists(ahead, [](const NameValue& n) { __builtin_prefetch(&n); });
        PrefetchEncoding(ahead);
      }
      if (i + 16 < end) {
        name_lists(profiles[pairs[i + 16].b], [](const NameValue& n) { __builtin_prefetch(n.keys.get()); });
      }
      if (i + 8 < end) {
        name_lists(profiles[pairs[i + 8].b], [](const NameValue& n) { __builtin_prefetch(n.keys->keys.data()); });
      }
      levels[i] = CompareProfiles(profiles[pairs[i].a], profiles[pairs[i].b]);
    }
  });
  return levels;
}

LevelsWeights::LevelsWeights(const Model& model)
    : prior_between_(PriorWeight(model.lambda)), prior_within_(PriorWeight(model.lambda_within)), weight_(kComparisons) {
  for (int c = 0; c < kComparisons; ++c) {
    for (const LevelParameters& p : model.params[c]) weight_[c].push_back(Weight(p));
  }
}

double LevelsWeights::operator()(const Levels& levels, bool same_agency) const {
  double weight = same_agency ? prior_within_ : prior_between_;
  for (int c = 0; c < kComparisons; ++c) {
    if (levels.level[c] != kNull) weight += weight_[c][levels.level[c]];
  }
  return weight;
}

double LevelsWeight(const Levels& levels, const Model& model, bool same_agency) {
  double weight = PriorWeight(same_agency ? model.lambda_within : model.lambda);
  for (int c = 0; c < kComparisons; ++c) {
    if (levels.level[c] != kNull) weight += Weight(model.params[c][levels.level[c]]);
  }
  return weight;
}

bool ExactFullName(const Levels& levels) { return levels.level[static_cast<int>(Comparison::kName)] == kNameExact; }

bool Namesakes(const Levels& levels) {
  const int8_t name = levels.level[static_cast<int>(Comparison::kName)];
  const int8_t given = levels.level[static_cast<int>(Comparison::kGivenName)];
  const int8_t family = levels.level[static_cast<int>(Comparison::kFamilyName)];
  return (name != kNull && name <= kNameSkeleton) ||
         (given != kNull && given <= kPartSkeleton && family != kNull && family <= kPartSkeleton);
}

bool NamesDiffer(const Levels& levels) {
  const int8_t name = levels.level[static_cast<int>(Comparison::kName)];
  const int8_t given = levels.level[static_cast<int>(Comparison::kGivenName)];
  const int8_t family = levels.level[static_cast<int>(Comparison::kFamilyName)];
  return (name != kNull && name >= kNameJwMid) || given >= kPartDiffer || family >= kPartDiffer;
}

bool DocumentsEqual(const Levels& levels) {
  return levels.level[static_cast<int>(Comparison::kDocument)] == kDocumentEqual;
}

std::string ReasonText(const Reason& reason, std::string_view agency_a, std::string_view agency_b,
                       std::string_view viewer_agency) {
  char weight[32];
  std::snprintf(weight, sizeof weight, "%+.1f", reason.weight);
  if (reason.comparison == "prior") return "prior " + std::string(weight) + " (" + reason.level + ")";
  auto shown = [&](const std::string& value, std::string_view agency) {
    if (!reason.identifier || agency == viewer_agency) return value;
    return "[" + std::string(agency) + "'s value]";
  };
  std::string text = reason.comparison;
  std::replace(text.begin(), text.end(), '_', ' ');
  const std::string a = shown(reason.a_value, agency_a), b = shown(reason.b_value, agency_b);
  if (!a.empty() || !b.empty()) text += " '" + a + "' ~ '" + b + "'";
  text += " " + reason.level + " " + weight;
  if (!reason.detail.empty()) text += " (" + reason.detail + ")";
  return text;
}

}  // namespace palermo::linkage
