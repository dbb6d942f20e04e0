// Scoring candidate pairs: the Fellegi-Sunter model as Splink fits it
// (issue #10; docs/LINKAGE.md, "Scoring").
//
// Each comparison reads one field of the two profiles and says at which
// level they agree (from the strongest, level 0, to the last, "they
// differ"), or nothing when either record lacks the field. A level has m,
// the share of true pairs at that level, and u, the share of random pairs;
// its weight is log2(m / u). A pair's weight is the prior's,
// log2(lambda / (1 - lambda)) with lambda the probability that two random
// records are the same person, plus its levels' weights; its probability
// is 1 / (1 + 2^-weight).
//
// Training (Train): u from random pairs; m by expectation maximisation
// over the blocked pairs, each comparison's m from the pairs proposed by
// blocking rules that do not read its field (a rule on names would teach
// that names agree); lambda from deterministic rules (same document
// number, or the same full name and day of birth) divided by their
// assumed recall. Where the data are too few for an estimate, the
// documented defaults of DefaultModel() stay.
//
// Term frequencies: the weight of an exact agreement of full names uses,
// instead of u, the share of persons with that name (a common name weighs
// less), when the model was trained on enough persons. (Given and family
// names compared apart have none yet.)
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "linkage/blocking.h"
#include "linkage/profile.h"

namespace palermo::linkage {

enum class Comparison {
  kName,         // full names (when the two records do not both have given and family names)
  kGivenName,    // given names (both records have them)
  kFamilyName,   // family names (both records have them)
  kBirthDate,
  kSex,
  kNationality,
  kPostcode,
  kAddress,      // addresses, by the words they share
  kDocument,     // passport, national id and other document numbers
  kContact,      // phone, e-mail, social media, wallet
  kClk,          // privacy-preserving encodings (linkage/clk.h), by Dice similarity
  kFatherName,   // father names (both records have them): namesakes with other fathers are others
};
inline constexpr int kComparisons = 12;

// "name", "given_name", ..., "clk", "father_name".
std::string_view ComparisonName(Comparison comparison);
// The names of its levels, strongest first; the last says they differ
// ("differ", or for birth dates "years apart").
const std::vector<std::string>& LevelNames(Comparison comparison);

struct LevelParameters {
  double m = 0.5;
  double u = 0.5;
};

struct Model {
  // The prior: the probability that two random records of different
  // agencies are the same person, and how it was found, in words.
  double lambda = 1e-4;
  std::string lambda_from;
  // The same for two records of one agency (which rarely records one
  // person twice); with one agency in all, the only prior there is.
  double lambda_within = 1e-4;
  std::string lambda_within_from;
  // params[comparison][level]
  std::vector<std::vector<LevelParameters>> params;
  // Whether exact name levels use term frequencies (trained on enough persons).
  bool term_frequencies = false;
  int64_t persons = 0;  // the persons it was trained on
  // What training estimated, in words (one line per estimate or default kept).
  std::vector<std::string> training_notes;
};

// The hand-set parameters, used where training has too few pairs
// (docs/LINKAGE.md lists them and why).
Model DefaultModel();

// The weights set, not learnt, where Fellegi-Sunter's independence does
// not hold. Father names weigh only when they differ: their agreement
// levels get m = u (weight 0). Agreeing father names are not independent
// of agreeing given and family names (names run in families and
// communities), so the model would count one agreement twice. A sibling's
// name (linkage/name_words.h) weighs -8 (m = u * kSiblingOdds): siblings
// share fathers' names, nationality and, twins, birthdays, which the model
// takes for independent evidence, and random pairs show a sibling's name
// more rarely than true pairs do, so training would weigh it for a match.
// Kin: persons whose names are a sibling's, or whose family names agree
// (up to their loose skeletons) and whose given names differ without a
// word in common and neither a short form of the other (Yosief and Yonas
// Gebremariam; Emeka and Chukwuemeka Okonkwo are one man). Between kin, a same
// birthday is twins' as often as one person's: it weighs +4 (level "same
// day, as twins' would be", m = u * kTwinsOdds) instead of about +8, and a
// shared nationality is what their names say (kNationalityAsNamesSay):
// twins of one family share the day, the family name, the father and the
// nationality, which the model would take for independent evidence
// against a given name told apart. CompareProfiles decides it.
// Household: kin (unless their birth dates agree short of twins' day: one
// person with another given name as often, Jing and Jenny Chen), persons
// of other fathers (fathers' names that differ), persons whose birth
// dates are more than five years apart (Aleksandr Popov and his son
// Aleksandr, one family's phone), or more than two years apart and whose
// names are not namesakes', and persons whose documents were issued
// together (CompareDocuments: twins' passports, consecutive national ids).
// A phone or e-mail they share
// is a family's or a madam's as often as one person's: it weighs +2 (level
// "equal, as a household's would be", m = u * kHouseholdOdds) instead of
// +10 or so. (A contact held by many persons would say so by its
// frequency; in the labelled sets such values are held by the two
// strangers only, so that no frequency could tell.) An address (exact or
// most words) weighs so (level "shared, as a household's would be")
// between persons of other fathers, persons born more than five years apart (a father and his
// namesake son), persons whose documents were issued together and persons whose birth dates and names both differ
// (NamesDiffer): a shelter's, a dormitory's, a nail bar's. (Kin, and
// persons born two to five years apart whose names are not namesakes',
// are not enough for an address: FEBRL4's true pairs with a given name
// replaced or a corrupted date share theirs; F1 in the clear fell from
// 0.9995 to 0.9987 with the latter, from 0.9997 to 0.9992 with kin. FEBRL4
// without soc_sec_id falls from 0.9964 to 0.9932 even so: pairs such as
// "alexander ryan" born 1972 and "sarah ryan" born 1931 at one address,
// which FEBRL's corruption calls one person and an analyst would not.)
// DefaultModel and Train call this, and say so in the training notes.
// (A nationality shared by namesakes, levels.h kNationalityAsNamesSay, is
// weighed by Train: WeighNamesakesNationality, linkage/training.cc.)
inline constexpr double kSiblingOdds = 1.0 / 256;
inline constexpr double kTwinsOdds = 16;
inline constexpr double kHouseholdOdds = 4;
// A document number a clerk's typo apart (levels.h kDocumentTypo) weighs
// +10: random pairs show it about never, and training could only learn it
// from stores that hold such typos.
inline constexpr double kDocumentTypoOdds = 1024;
// A document number part of the other (levels.h kDocumentPartial) weighs
// +4: far above chance, but twins' passports, issued in sequence, share
// their beginnings.
inline constexpr double kDocumentPartialOdds = 16;
void ApplyFixedWeights(Model* model);

// How often a name occurs: the number of persons whose full names
// (Person.names) have the key `value` (a NameKey of kind kFull), as the
// blocking rule name_full indexes them; 0 when unknown.
using TermCount = std::function<int64_t(const std::string& value)>;

// Why a pair scored as it did: one comparison's level and its weight (the
// prior is the first reason, with comparison "prior").
struct Reason {
  std::string comparison;
  std::string level;
  double weight = 0;
  // The values compared, as the records hold them (the spellings that
  // agreed best, for names); for identifiers the type and, for each side,
  // the value (masked when shown to another agency: ReasonText).
  std::string a_value, b_value;
  bool identifier = false;
  std::string detail;  // e.g. "term frequency 1/4800"
};

struct Score {
  double weight = 0;
  double probability = 0;
  std::vector<Reason> reasons;
  int64_t name_count = 0;  // the term count an exact full name was weighed with (0: none)
};

// The levels of every comparison for a pair (-1: not compared).
struct Levels {
  int8_t level[kComparisons];
};
Levels CompareProfiles(const Profile& a, const Profile& b);

// The score of a pair, with its reasons (prior first, then the compared
// fields in comparison order). `term_count`, when given and the model uses
// term frequencies, adjusts exact name agreements.
// `levels`, when given, are the pair's (CompareProfiles), not compared again.
Score ScorePair(const Profile& a, const Profile& b, const Model& model, const TermCount& term_count = nullptr,
                const Levels* levels = nullptr);
// ScorePair's weight and probability without the reasons (what a full
// computation stores; the reasons are built again when read).
Score WeighPair(const Profile& a, const Profile& b, const Model& model, const TermCount& term_count,
                const Levels& levels);

struct TrainingOptions {
  int64_t random_pairs = 1000000;  // sampled for u (fewer when there are fewer pairs)
  int64_t clk_random_factor = 20;  // the clk comparison's u: this many times as many pairs
  uint64_t seed = 42;
  int64_t min_random_pairs = 10000;  // fewer: the default u stay
  int64_t min_em_pairs = 200;        // fewer in a comparison's session: its default m stay
  int64_t min_em_sure_pairs = 10;    // fewer deterministic matches in a session: it is left out
  int em_iterations = 25;
  // Threads the random pairs are compared on (the result does not depend on it).
  int threads = 2;
  double deterministic_recall = 0.9;  // the share of true pairs the deterministic rules are taken to find
  int64_t min_term_frequency_persons = 1000;  // fewer persons: no term frequencies
};

// Trains a model on `profiles` and the pairs blocking proposed among them
// (`pairs` index into `profiles`; `rules` are the options that made them).
Model Train(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
            const BlockingOptions& rules, const TrainingOptions& options = {});
// The same with the pairs' levels already compared (CompareAll).
Model Train(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
            const std::vector<Levels>& levels, const BlockingOptions& rules, const TrainingOptions& options = {});

// Asks the CPU to fetch what comparing `p`'s encoding reads (its CLK and
// first signatures), ahead of the comparison: a hint, no effect on results.
void PrefetchEncoding(const Profile& p);
// The levels of every pair, on `threads` threads.
std::vector<Levels> CompareAll(const std::vector<Profile>& profiles, const std::vector<CandidatePair>& pairs,
                               int threads);
// A pair's weight from its levels (the prior and every compared level), as
// ScorePair gives it without term frequencies: what a full computation
// uses to skip the pairs below the stored probability.
double LevelsWeight(const Levels& levels, const Model& model, bool same_agency);

// LevelsWeight with every level's weight computed once, for many pairs
// (the same sums, bit for bit). `model` must outlive it.
class LevelsWeights {
 public:
  explicit LevelsWeights(const Model& model);
  double operator()(const Levels& levels, bool same_agency) const;

 private:
  double prior_between_, prior_within_;
  std::vector<std::vector<double>> weight_;  // per comparison, per level
};
// Whether the pair's full names agree exactly (term frequencies may move
// its weight: ScorePair gives the true one).
bool ExactFullName(const Levels& levels);
// Whether the pair are namesakes: whole names exact, in other order or
// spelled alike (skeleton), or given and family names both so.
bool Namesakes(const Levels& levels);
// Whether the pair's names differ: whole names at Jaro-Winkler >= 0.80 or
// below, or given or family names that differ (or a sibling's).
bool NamesDiffer(const Levels& levels);
// Whether the pair shares a document number (passport, national id, ...).
bool DocumentsEqual(const Levels& levels);

// One reason in words, as an analyst of `viewer_agency` may see it:
// "passport equal +9.1" (values of another agency's records masked as
// "[agency X]"), "names 'mhmd ... ' ~ 'mohamed ...' skeleton +6.2".
std::string ReasonText(const Reason& reason, std::string_view agency_a, std::string_view agency_b,
                       std::string_view viewer_agency);

}  // namespace palermo::linkage
