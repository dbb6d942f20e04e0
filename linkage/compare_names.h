// Comparing the names of two persons (linkage/scoring.cc): the best level
// any name of one reaches with any of the other, and why names that would
// meet are a sibling's (linkage/name_words.h). Internal to linkage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "linkage/levels.h"
#include "linkage/profile.h"

namespace palermo::linkage {

// Why two names that would meet are a sibling's (name_words.h).
enum class Unlike : int8_t { kNo, kWordReplaced, kVowels, kGenderedForms, kOtherServants, kFirstConsonant };

struct NameMatch {
  int8_t level = levels::kNull;
  const NameValue* a = nullptr;
  const NameValue* b = nullptr;
  const std::string* exact_value = nullptr;  // the shared full key, for term frequencies
  Unlike unlike = Unlike::kNo;               // why `level` is "a sibling's" for a and b
};

// Which of two persons is the woman when one is a woman and the other a man.
enum class Woman : int8_t { kNeither, kA, kB };

Woman WomanOf(const Profile& a, const Profile& b);

// Whether any name of `as` and any of `bs` have a word in common, by their
// loose skeletons (ShareALooseWord, name_words.h).
bool AnyWordShared(const std::vector<NameValue>& as, const std::vector<NameValue>& bs);

// Whether every name of `as` and every one of `bs` are OtherConsonants
// (name_words.h).
bool AllOtherConsonants(const std::vector<NameValue>& as, const std::vector<NameValue>& bs);

// Whether a name of `as` and one of `bs` are a short form and the long one
// (AShortForm, name_words.h).
bool AnyShortForm(const std::vector<NameValue>& as, const std::vector<NameValue>& bs);

// Whether a name of `as` is one word and one of `bs` two, of which it is
// the first, or the other way round, by their loose skeletons: a family
// name and the same with the mother's surname after it, as Spanish-speaking
// clerks write family names (Augustin, Augustin Mésidor); the two words
// written apart, not joined by a hyphen (Jean, Jean-Louis).
bool AnyFirstOfTwoWords(const std::vector<NameValue>& as, const std::vector<NameValue>& bs);

// Whether a name of `as` and one of `bs` share a key of a kind that meets
// at the skeleton level or better (not only a loose skeleton): a first
// test, without allocation, before CompareNames.
bool AnyKeyShared(const std::vector<NameValue>& as, const std::vector<NameValue>& bs);

// The best agreement of any name of `as` with any of `bs`, in levels
// without "same parts" when `parts` (given or family names), and the two
// names that reach it. A pair of names told apart as a sibling's ranks as
// names that differ; when no pair does better, the level is "a sibling's".
// Given or family names (`parts`) of which one is a short form of the
// other and that do no better rank as "jaro-winkler >= 0.80".
// `woman` says which person is a woman and the other a man, if so.
NameMatch CompareNames(const std::vector<NameValue>& as, const std::vector<NameValue>& bs, bool parts,
                       Woman woman = Woman::kNeither);

// Whether the word that tells `match`'s names apart as a sibling's (one
// word replaced) is a family name of a's record (`a_family`) or of b's:
// siblings share their family name, so names that differ in it are
// other families' (or one person's family name written as another: Lama
// and Tamang), no sibling's.
bool FamilyNameReplaced(const NameMatch& match, const std::vector<NameValue>& a_family,
                        const std::vector<NameValue>& b_family);

// The words that tell two names apart, for the reasons.
std::string UnlikeDetail(const NameMatch& match, Woman woman);

}  // namespace palermo::linkage
