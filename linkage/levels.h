// The level indexes of each comparison (linkage/scoring.h), shared by the
// comparisons and reasons (scoring.cc) and the training (training.cc);
// LevelNames gives their words in the same order. Internal to linkage/.
#pragma once

#include <cstdint>

namespace palermo::linkage::levels {

inline constexpr int8_t kNull = -1;

// Level indexes, per comparison (LevelNames gives the words).
// kNameSibling, kPartSibling: names that would meet but are told apart as
// a sibling's (linkage/name_words.h); after "differ", as they weigh more
// against a pair than differing names do (ApplyFixedWeights).
inline constexpr int8_t kNameExact = 0, kNameSameParts = 1, kNameSkeleton = 2, kNameLoose = 3, kNameJwHigh = 4,
                        kNameMostWords = 5, kNameJwMid = 6, kNameDiffer = 7, kNameSibling = 8;
inline constexpr int8_t kPartExact = 0, kPartSkeleton = 1, kPartLoose = 2, kPartJwHigh = 3, kPartJwMid = 4, kPartDiffer = 5,
                        kPartSibling = 6;
// kDateDiffer: other years, at most kFewYearsApart apart (or how far apart
// cannot be read: encoded dates); kDateFewYearsApart: further, up to
// kYearsApart (a stated age against a document, an age made older on
// forged papers, or two persons of one name); kDateYearsApart: further
// apart (ages estimated at a border are a few years out, not a
// generation).
// kDatePlaceholder: a day registrations write for an unknown birthday
// (1 January, 21 March, 11 September) against another day of its year.
// kDateSameDayKin: the same day for persons whose names are a sibling's
// (scoring.h Kin): twins share it, so it weighs what ApplyFixedWeights
// sets, not what a same day weighs between strangers.
inline constexpr int8_t kDateSameDay = 0, kDateSameDayKin = 1, kDateCompatible = 2, kDatePlaceholder = 3,
                        kDateOneEdit = 4, kDateSameMonth = 5, kDateSameYear = 6, kDateDiffer = 7,
                        kDateFewYearsApart = 8, kDateYearsApart = 9;
inline constexpr int kFewYearsApart = 2, kYearsApart = 5;
inline constexpr int8_t kEqual = 0, kDiffer = 1;
// kDocumentTypo: numbers of one type and state a clerk's typo apart (two
// neighbouring characters swapped: 04128976, 04129876; one replaced before
// the last: MF123456, MF128456); consecutive numbers are not (twins'
// passports are issued in sequence: C5120039, C5120040). It weighs what
// ApplyFixedWeights sets.
// kDocumentPartial: one number the beginning or the end of the other, of
// six characters or more and two or more shorter (a clerk wrote part of a
// passport, a caller read out the last digits): it weighs what
// ApplyFixedWeights sets (numbers issued in sequence share beginnings).
// kDocumentOtherNationalIds: national ids of one state more than two
// characters apart (scoring.cc CompareDocuments): a national id is a
// person's for life, where a passport is renewed.
inline constexpr int8_t kDocumentEqual = 0, kDocumentTypo = 1, kDocumentPartial = 2, kDocumentConflict = 3,
                        kDocumentOtherNationalIds = 4;
// kNationalityAsNamesSay: shared by namesakes or kin (scoring.h Namesakes,
// Kin), whose names already tell where they come from: it weighs what
// training reads of how often namesakes share one (0 by default).
// Differing nationalities still count.
inline constexpr int8_t kNationalityShared = 0, kNationalityAsNamesSay = 1, kNationalityDiffer = 2;
// kContactHousehold: a phone or e-mail shared by persons of one household
// or house (scoring.h Household): a family's, a shelter's or a madam's as
// often as one person's, it weighs what ApplyFixedWeights sets.
inline constexpr int8_t kContactEqual = 0, kContactHousehold = 1, kContactDiffer = 2;
inline constexpr int8_t kPostcodeEqual = 0, kPostcodeOneApart = 1, kPostcodeDiffer = 2;
// kAddressHousehold: an address shared (exact or most words) by persons of
// one household or house (scoring.h Household): a family's, a shelter's,
// a dormitory's or a workplace's as often as one person's, it weighs what
// ApplyFixedWeights sets.
inline constexpr int8_t kAddressExact = 0, kAddressMost = 1, kAddressSome = 2, kAddressHousehold = 3,
                        kAddressDiffer = 4;
// CLK Dice levels: their lower bounds, then "differ".
inline constexpr double kClkBounds[] = {0.9, 0.85, 0.8, 0.75, 0.7};
inline constexpr int8_t kClkDiffer = 5;
inline int8_t ClkLevel(double dice) {
  int8_t level = 0;
  while (level < kClkDiffer && dice < kClkBounds[level]) ++level;
  return level;
}

}  // namespace palermo::linkage::levels
