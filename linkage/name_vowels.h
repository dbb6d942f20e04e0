// Whether two words that meet by their consonants are other names by their
// vowels, as each script and spelling writes vowels (linkage/name_words.cc
// asks it of every pair of words lined up in place). Internal to linkage/.
#pragma once

#include <cstdint>
#include <string_view>

#include "linkage/name_keys.h"

namespace palermo::linkage {

// How two names' words may be told apart by their vowels: both written in
// Latin letters (VowelsTellApart), one in Arabic script and the other in
// Latin letters (LongVowelTellsApart), one in Cyrillic and the other in
// Latin letters (an a against a u in short names only, ShortAAgainstU:
// Хасан and Husan), one in Somali orthography and the other in Latin
// letters or Somali too (its reading, which drops c and a vowel's double,
// by an a against a u in short names or by a long vowel one writes and the
// other has none for: Xuseen, husen, is not Hassan, nor Xasan, hasan,
// Hussein; Siciid, sid, is Said, and Xuseen, Xaliimo and Maxamed are
// Hussein, Halima and Muhammad), both in Latin letters and one written as
// Vietnamese is (by every vowel too, VowelRunsDiffer: Huệ and Hoa), or not
// at all.
enum class VowelReading : int8_t { kNone, kLatin, kAScript, kBScript, kCyrillic, kSomali, kVietnamese };

// Whether two words with as many runs of vowels have, run for run, an a
// against an i: only a's (fatha, alif) against only i's (kasra, ya; "ee"
// too). Latin spellings of Arabic, Persian and Ge'ez names write a short
// vowel as a or e, i or e, o or u, but never a long a as i: Rashad and
// Rashid, Kamal and Kamil, Minh and Manh are other names. Without
// allocation.
bool AAgainstI(std::string_view x, std::string_view y);

// The reading for the words of `a` against those of `b`.
VowelReading ReadingOf(const NameKeys& a, const NameKeys& b);

// Whether word `x` (of `a`) and word `y` (of `b`) are other names by their
// vowels in `reading`.
bool ToldApartByVowels(std::string_view x, std::string_view y, VowelReading reading);

}  // namespace palermo::linkage
