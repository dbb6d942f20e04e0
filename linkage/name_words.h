// How the words of two names meet, for what a comparison of whole names
// cannot see (linkage/scoring.cc): siblings' names one word apart, and the
// gendered forms of one name borne by a brother and a sister. Internal to
// linkage/.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "linkage/name_keys.h"

namespace palermo::linkage {

// The words of two letters or more of a key's value ("l", Ali's loose
// skeleton, is no word here: fathers and sons share it), at most
// kMostWords of them.
constexpr size_t kMostWords = 8;
struct Words {
  std::array<std::string_view, kMostWords> word;
  size_t n = 0;
};
// Fills `out` with the words of `value` (of `min_letters` or more); false
// when it has more than kMostWords (the first kMostWords are kept).
bool WordsOf(std::string_view value, Words* out, size_t min_letters = 2);

// Whether a word of a loose skeleton key of `a` is one of `b`'s (Văn Hùng
// and Hùng: hng): a test without allocation that most pairs of strangers
// fail.
bool ShareALooseWord(const NameKeys& a, const NameKeys& b);

// Two Abd- names ("servant of") that name other servants once Abd, its
// article and the vowels between are passed over, comparing loose
// skeletons with q and g read as k: Abdullahi and Abdiaziz (h, s),
// Abdulkarim and Abdulkadir, Abdelrahman and Abdelrahim (one letter apart,
// but an a against an i); not Abdullahi and Cabdullaahi, Abdulghani and
// Abdiqani, nor Abdulrazzaq and Abdirizak (one letter apart, for servants
// of three letters or more).
bool OtherServants(std::string_view x, std::string_view y);

// Two names of one word each (in every spelling of each) that are
// OtherServants in every spelling of each that is an Abd- name: siblings'
// given names (Cabdullaahi and Abdiaziz), which Jaro-Winkler finds alike.
// `a_word` and `b_word` (may be null) get the two words.
bool OtherServantNames(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word);

// Two names of as many words, all but one of each meeting the word of the
// other in its place by their loose skeletons, whose one word left, in
// every spelling of each, is two letters or more apart from the other's
// loose skeleton, or one consonant no spelling alternates, and neither
// holds the other's letters in order: Yonas and Yonatan (yns, yntn), Imran
// Ali and Irfan Ali (mrn, rfn), Artur and Artem (rtr, rtm: r and m); not
// Olha and Olga (h and g), nor Fatemeh and Fatima (ftmh, ftm).
// Other names, where Jaro-Winkler finds them alike.
bool OtherConsonants(const NameKeys& a, const NameKeys& b);

// Two names of as many words, both written in Latin letters, whose words
// are alike in place (one loose skeleton) but one, which begins with
// another letter (the rest of their loose skeletons at most one letter
// apart), consonants no spelling of one name alternates (k, q,
// c, g, h, x; j, g, y, i, z, d, c; s, z, c, x, t; b, p, v, w, f; t, d, z;
// m; n; l; r; a gu before a vowel is read as w, as Spanish writes it:
// Guisly and Wisly): Sita and Gita, Mohammad Nasir and Mohammad Bashir, Rana and
// Dana, Kamal and Jamal; not Jamal and Gamal, Zahra and Sahra, Wasim and
// Vasim. True only when every spelling of each that lines up so leaves
// such a word: one whose first letters alternate and the rest is alike
// says the names are one (Charoensuk, whose French reading is
// sharoensuk, and Jaroensuk). `a_word` and `b_word` (may be null) get the
// two words.
bool FirstConsonantTellsApart(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word);

// Whether a word of four letters or more of a full key of one name begins
// or ends a word of the other two letters longer or more, both written in
// Latin letters (Somali orthography's too): a short form (Emeka and
// Chukwuemeka, Rahman and Abdirahman, Tina and Cristina), which no
// spelling rule reads as the long one.
bool AShortForm(const NameKeys& a, const NameKeys& b);

// Two names of as many words (at least two of two letters or more), all
// but one of each meeting the word of the other in its place by their
// loose skeletons, and the one left of each unlike the other's and no part
// of one of its words (a name split otherwise: "Abdel Ilah", "Abdelilah"): "Selam Haile Gebru" and "Saba
// Haile Gebru", "Le Hoang Long" and "Le Hoang Lan". Where a given name
// follows the father's and the grandfather's (or goes with a family name),
// these are siblings, a father and a son, or cousins, not one person. Two
// words are alike, unless they are OtherServants (Abdullahi and Abdiaziz),
// when their Jaro-Winkler similarity reaches 0.8 (Omar and Umar), or, unless both have at most four letters (syllables told apart by
// their vowels: Long, Lan), when their loose skeletons are at most one
// letter apart (Kazem and Kadhim: ksm, kdm; Ishaq and Ishag), one holds
// the other's letters in order (Med and Mohamed, Momand and Mohmand) or
// their Jaro-Winkler similarity reaches 0.9 (Gaberamikael and Gebremichael:
// gbrmkl, gbrmchl). Where both names are written in Latin letters, two
// words that meet only by their loose skeletons and begin with vowels of
// other classes (a/e, i, o/u) neither meet nor are alike: Hassan and
// Hussein (hsn, hsyn), Mahmoud and Mohamed (mhmwd, mhmd). Where one is in
// Arabic script and the other in Latin letters, the script's long vowels
// (w, y) are looked for in the Latin spelling: حسين (hsyn) and Hassan,
// whose a stands where the ya does, neither meet nor are alike; Husin,
// Hussein and Karim (كريم) are read as the script writes them. A Somali
// spelling's reading (c and doubled vowels dropped) is told apart by an a
// against a u in short names, or by a long vowel the Latin spelling writes
// and it has none for (Xasan, hasan, and Hussein; Xuseen, husen, and
// Hassan). A Ge'ez spelling is not read so.
// Tried on every spelling of each; true only when the spellings that line
// up so all leave an unlike word. `a_word` and `b_word` (may be null) get
// the two words.
// With `by_vowels`, only a word that meets the other's by its loose
// skeleton and is told apart by its vowels counts as replaced (names that
// meet by their loose skeletons: Sergey and Siarhei, which do not meet, are
// not looked at there), and names of one word each are looked at too (given
// names compared apart: Hassan and Hussain).
bool OneWordReplaced(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word,
                     bool by_vowels = false);

// A word of `female`'s names ending in a, and a word of `male`'s that is
// it without the a (Samia and Sami) or ends in a consonant with the same
// first letter and skeleton (Jamila and Jamal, Valentina and Valentin,
// Orlova and Orlov), or a word of `female`'s ending in a vowel and t
// whose loose skeleton is a word of `male`'s and a t (Semret and Semere,
// ሰምረት and Semere: smrt, smr; the feminine t of Ge'ez, Arabic and Hausa
// names). Borne by a woman and a man, the
// forms of one name for each sex: a sister and a brother (twins share a
// birthday too), not one person recorded twice. So are the Vietnamese
// middle names Thị (women's) and Văn (men's): Nguyễn Thị Anh and Nguyễn Văn
// Anh, whose keys without the middle name are one. `female_word` and
// `male_word` (may be null) get the two words.
bool GenderedForms(const NameKeys& female, const NameKeys& male, std::string* female_word, std::string* male_word);

// Whether some full key of `keys` has the word `word`.
bool HasWord(const NameKeys& keys, std::string_view word);

// The Vietnamese middle names alone: Thị in `female`'s name, Văn in
// `male`'s, and neither the other (a test without allocation, for names
// that differ: Van Hoa and Thi Hoa as given names).
bool GenderedMiddleNames(const NameKeys& female, const NameKeys& male);

}  // namespace palermo::linkage
