#include "linkage/name_vowels.h"

#include <string>
#include <string_view>
#include <utility>

namespace palermo::linkage {
namespace {

// The class of a word's first vowel as Latin spellings of Arabic write
// it: a or e (fatha: Ahmad, Ahmed, Mehdi), i (kasra), o or u (damma:
// Omar, Umar, Mohamed, Muhammad; "ou" and "oo" too); -1 without a vowel.
// Vowels right after a first w are passed over: Ge'ez wä is written we, wo
// and wa (Woldemichael, Weldemikael, Wahid). After a consonant, yo and io
// are the Cyrillic ё, which BGN writes e: of the class of e (Fyodor,
// Fiodor and Fedor; Pyotr and Petr); iu and ia are ICAO's ю and я, of the
// class of u and a (Liudmyla and Ludmila). An ee is a long i (Waleed) or, in
// Somali, a long e (Deeqa): of no class. A y between consonants is the
// Ukrainian и, of the class of i (Mykhailo and Mikhail). An aw before a
// consonant is the diphthong Gulf spellings write o: of the class of o
// (Dawsari and Dosari, Jawhar and Johar). A first i before a vowel is a
// consonant, as a first y is (ICAO's Iurii, Iakov: Youri, Yakov).
int FirstVowelClass(std::string_view word) {
  bool after_w = !word.empty() && word[0] == 'w';
  const bool consonant_i = word.size() > 1 && word[0] == 'i' && IsVowel(word[1]);
  for (size_t i = after_w || consonant_i ? 1 : 0; i < word.size(); ++i) {
    const char c = word[i];
    if (after_w && IsVowel(c)) continue;
    after_w = false;
    if ((c == 'y' || c == 'i') && i > 0 && i + 1 < word.size() && word[i + 1] == 'o' &&
        !IsVowel(word[i - 1]) && word[i - 1] != 'y') {
      return 0;
    }
    // The Cyrillic ю and я after a consonant, iu and ia in ICAO's spelling:
    // of the class of u and a (Liudmyla and Ludmila).
    if (c == 'i' && i > 0 && i + 1 < word.size() && (word[i + 1] == 'u' || word[i + 1] == 'a') &&
        !IsVowel(word[i - 1]) && word[i - 1] != 'y') {
      return word[i + 1] == 'u' ? 2 : 0;
    }
    if (c == 'e' && i + 1 < word.size() && word[i + 1] == 'e') return -1;
    if (c == 'y' && i > 0 && i + 1 < word.size() && !IsVowel(word[i - 1]) && !IsVowel(word[i + 1])) return 1;
    if (c == 'a' && i + 2 < word.size() && word[i + 1] == 'w' && !IsVowel(word[i + 2])) return 2;  // aw as o
    if (c == 'a' || c == 'e') return 0;
    if (c == 'i') return 1;
    if (c == 'o' || c == 'u') return 2;
  }
  return -1;
}


// Two short words (syllables of four letters at most: Vietnamese names),
// one of them the other and a final y after its vowel: Thuy and Thu, Duy
// and Du are other names (the y of uy is a vowel of its own). Without
// allocation.
bool FinalYTellsApart(std::string_view x, std::string_view y) {
  if (x.size() < y.size()) std::swap(x, y);
  return x.size() <= 4 && x.size() == y.size() + 1 && x.back() == 'y' && IsVowel(x[x.size() - 2]) &&
         x.starts_with(y);
}

// Two syllables of six letters at most ending in ng (Chinese and
// Vietnamese names) whose vowels before it differ: Feng and Fang, Huang
// and Hong, Duong and Dung. Without allocation.
bool NgFinalsDiffer(std::string_view x, std::string_view y) {
  const auto final_vowels = [](std::string_view w) -> std::string_view {
    if (w.size() > 6 || !w.ends_with("ng")) return {};
    size_t start = w.size() - 2;
    while (start > 0 && IsVowel(w[start - 1])) --start;
    return w.substr(start, w.size() - 2 - start);
  };
  const std::string_view vx = final_vowels(x), vy = final_vowels(y);
  return !vx.empty() && !vy.empty() && vx != vy;
}

// Two short words (six letters at most) of one skeleton whose first vowel
// is a single a in one and a single u in the other: Hasan and Husan
// (Uzbek twins' names), Rasul and Rusul. (Bengali writes an a as o, not
// as u: Shahidul, Shohidul; Muhammad and Mahammad are longer.)
bool ShortAAgainstU(std::string_view x, std::string_view y) {
  if (x.size() > 6 || y.size() > 6) return false;
  const auto first_vowel = [](std::string_view w) -> char {
    const size_t i = w.find_first_of("aeiou");
    if (i == std::string_view::npos || (i + 1 < w.size() && IsVowel(w[i + 1]))) return '\0';
    return w[i];
  };
  const char vx = first_vowel(x), vy = first_vowel(y);
  return ((vx == 'a' && vy == 'u') || (vx == 'u' && vy == 'a')) && Skeleton(x) == Skeleton(y);
}

// Two short words (four letters at most) of one skeleton, one beginning
// with an o or a u, the other with an a or an e: Omar and Amer (عمر,
// عامر), Umar and Amir, Omar and Amr. Bengali spellings write an a as o
// inside a word (Shahidul, Shohidul; Mohammod), not at its beginning,
// where Arabic names' ʿa and ʿu stay apart. Longer words are let be:
// Ukrainian writes o where Russian writes a or e (Oleksandr, Aleksandr;
// Olena, Elena).
bool FirstLettersOAgainstA(std::string_view x, std::string_view y) {
  if (x.empty() || y.empty() || x.size() > 4 || y.size() > 4) return false;
  const auto o_or_u = [](char c) { return c == 'o' || c == 'u'; };
  const auto a_or_e = [](char c) { return c == 'a' || c == 'e'; };
  return ((o_or_u(x[0]) && a_or_e(y[0])) || (a_or_e(x[0]) && o_or_u(y[0]))) && Skeleton(x) == Skeleton(y);
}

// Two words, both written in Latin letters, that meet by their loose
// skeletons but are other names by their vowels: beginning with vowels of
// other classes where their skeletons differ (Hassan and Hussein: hsn,
// hsyn; Mahmoud and Mohamed: mhmwd, mhmd), or an a against an i
// (AAgainstI: Rashad and Rashid, whose skeletons are one), or a
// syllable's final y (FinalYTellsApart: Thuy and Thu) or the vowels of
// its final ng (NgFinalsDiffer: Feng and Fang), or an a against a
// u in short names (ShortAAgainstU: Hasan and Husan), or an o against
// an a as first letters (FirstLettersOAgainstA: Omar and Amer), or a long vowel
// one writes and the other has no vowel for (LatinLongVowelTellsApart:
// Rania and Rana). Yusuf and Yousef, Mahmoud and Mahmud, Karim and
// Kareem, Khaled and Khalid are one.
bool LatinLongVowelTellsApart(std::string_view x, std::string_view y);
bool VowelsTellApart(std::string_view x, std::string_view y) {
  if (AAgainstI(x, y) || FinalYTellsApart(x, y) || NgFinalsDiffer(x, y) || ShortAAgainstU(x, y) ||
      LatinLongVowelTellsApart(x, y) || FirstLettersOAgainstA(x, y)) {
    return true;
  }
  const int cx = FirstVowelClass(x), cy = FirstVowelClass(y);
  return cx >= 0 && cy >= 0 && cx != cy && Skeleton(x) != Skeleton(y);
}

// Whether `skeleton`, of a spelling that writes long vowels (w, y), is the
// skeleton of `latin_word` with one w or y more, and `latin_word` has
// vowels there that cannot be it (a ya needs an i or an e, a waw an o or a
// u). Inside the word only, unless `final_too`; a w only with `waw`.
bool LongVowelMissing(const std::string& s, std::string_view latin_word, bool final_too, bool waw = true) {
  const std::string l = Skeleton(latin_word);
  if (s.size() != l.size() + 1) return false;
  size_t p = 0;
  while (p < l.size() && s[p] == l[p]) ++p;
  if (p == 0 || (!final_too && p + 1 >= s.size()) || (s[p] != 'y' && (s[p] != 'w' || !waw)) ||
      s.compare(p + 1, std::string::npos, l, p) != 0) {
    return false;
  }
  // The run of vowels that follows the Latin word's p-th skeleton letter.
  const auto skeleton_size = [&](size_t n) { return Skeleton(latin_word.substr(0, n)).size(); };
  size_t i = 0;
  while (i < latin_word.size() && skeleton_size(i) < p) ++i;
  while (i < latin_word.size() && !IsVowel(latin_word[i]) && skeleton_size(i + 1) == p) ++i;
  size_t j = i;
  while (j < latin_word.size() && IsVowel(latin_word[j])) ++j;
  if (j == i) return false;
  const std::string_view run = latin_word.substr(i, j - i);
  return run.find_first_of(s[p] == 'y' ? "ie" : "ou") == std::string_view::npos;
}

// Whether `script_word`, a transliteration of Arabic script (its long
// vowels written as w and y, alif as a, short vowels not at all), and
// `latin_word` are other names by a long vowel (LongVowelMissing): حسين
// (hsyn) and Hassan (hsn: a where ya stands), محمود (mhmwd) and Mohamed (e
// where waw stands). Husein, Hussain and Husayn meet حسين by their
// skeletons; Husin, Karim (كريم) and Mahmud (محمود) have an i or a u there
// and are not told apart.
bool LongVowelTellsApart(std::string_view script_word, std::string_view latin_word) {
  if (script_word.find_first_of("eiou") != std::string_view::npos) return false;  // not Arabic script's
  return LongVowelMissing(Skeleton(script_word), latin_word, false);
}

// Whether `latin_word` writes a diphthong (ai, ei, ay, ey: a y inside its
// skeleton) where `script_word`, a transliteration of Arabic script, which
// writes the diphthong with ya, has none, the rest of their skeletons one:
// Husain (hsyn) and حسن (hsn), Hassan's name, not Hussein's; not where
// an alif stands there (Saidi and الساعدي).
bool DiphthongMissing(std::string_view script_word, std::string_view latin_word) {
  if (script_word.find_first_of("eiou") != std::string_view::npos) return false;  // not Arabic script's
  bool diphthong = false;
  for (std::string_view d : {"ai", "ei", "ay", "ey"}) diphthong = diphthong || latin_word.find(d) != std::string_view::npos;
  if (!diphthong) return false;
  const std::string s = Skeleton(script_word), l = Skeleton(latin_word);
  if (l.size() != s.size() + 1) return false;
  for (size_t p = 1; p + 1 < l.size(); ++p) {
    if (l[p] != 'y' || l.compare(0, p, s, 0, p) != 0 || l.compare(p + 1, std::string::npos, s, p) != 0) continue;
    // An alif after the consonant before it makes the Latin ai a long a
    // and an i after a dropped ʿayn or hamza (Saidi, الساعدي: sāʿidī).
    size_t consonants = 0, k = 0;
    while (k < script_word.size() && consonants < p) consonants += !IsVowel(script_word[k++]);
    return k >= script_word.size() || script_word[k] != 'a';
  }
  return false;
}

// Two Latin spellings, one with a long i (i before a vowel, ee, ai: a y in
// its skeleton) the other has no vowel for, at the end too: Rania and Rana
// (rny, rn), Mariam and Maram, Saeed and Saad. Mariam and Marem are one. (A
// waw is not looked for: Pashto and Urdu spellings write Ghafoor, Ghafur
// and Ghafar for one name.)
bool LatinLongVowelTellsApart(std::string_view x, std::string_view y) {
  return LongVowelMissing(Skeleton(x), y, true, false) || LongVowelMissing(Skeleton(y), x, true, false);
}

// Whether two words have other vowels (a, e, i, o, u and y), run for run
// or in number: Vietnamese syllables (Huệ and Hoa: ue, oa; Hào and Hai).
// Without allocation.
bool VowelRunsDiffer(std::string_view x, std::string_view y) {
  const auto vowel = [](char c) { return IsVowel(c) || c == 'y'; };
  size_t i = 0, j = 0;
  while (true) {
    while (i < x.size() && !vowel(x[i])) ++i;
    while (j < y.size() && !vowel(y[j])) ++j;
    if (i == x.size() || j == y.size()) return (i == x.size()) != (j == y.size());
    while (i < x.size() && j < y.size() && vowel(x[i]) && x[i] == y[j]) ++i, ++j;
    if ((i < x.size() && vowel(x[i])) || (j < y.size() && vowel(y[j]))) return true;
  }
}

}  // namespace

bool AAgainstI(std::string_view x, std::string_view y) {
  // The next run of vowels from `at`: 'a' (a's only), 'i' (i's or e's
  // that hold an i: "i", "ee", "ii"), '?' (any other); '\0' at the end.
  const auto next_run = [&](std::string_view w, size_t* at) -> char {
    while (*at < w.size() && !IsVowel(w[*at])) ++*at;
    if (*at >= w.size()) return '\0';
    const size_t start = *at;
    while (*at < w.size() && IsVowel(w[*at])) ++*at;
    const std::string_view run = w.substr(start, *at - start);
    if (run.find_first_not_of('a') == std::string_view::npos) return 'a';
    if (run == "i" || run == "ii" || run == "ee") return 'i';
    return '?';
  };
  size_t i = 0, j = 0;
  bool apart = false;
  for (;;) {
    const char rx = next_run(x, &i), ry = next_run(y, &j);
    if (rx == '\0' || ry == '\0') return apart && rx == ry;  // as many runs
    apart = apart || (rx == 'a' && ry == 'i') || (rx == 'i' && ry == 'a');
  }
}

VowelReading ReadingOf(const NameKeys& a, const NameKeys& b) {
  if (a.vowels_as_written && b.vowels_as_written) {
    return a.vietnamese || b.vietnamese ? VowelReading::kVietnamese : VowelReading::kLatin;
  }
  const bool a_somali = !a.somali.empty(), b_somali = !b.somali.empty();
  if ((a_somali || b_somali) && (a_somali || a.vowels_as_written) && (b_somali || b.vowels_as_written)) {
    return VowelReading::kSomali;
  }
  if ((a.cyrillic && b.vowels_as_written) || (a.vowels_as_written && b.cyrillic)) return VowelReading::kCyrillic;
  if (!a.vowels_as_written && b.vowels_as_written && !a_somali) return VowelReading::kAScript;
  if (a.vowels_as_written && !b.vowels_as_written && !b_somali) return VowelReading::kBScript;
  return VowelReading::kNone;
}

bool ToldApartByVowels(std::string_view x, std::string_view y, VowelReading reading) {
  switch (reading) {
    case VowelReading::kLatin: return VowelsTellApart(x, y);
    case VowelReading::kAScript: return LongVowelTellsApart(x, y) || DiphthongMissing(x, y);
    case VowelReading::kBScript: return LongVowelTellsApart(y, x) || DiphthongMissing(y, x);
    case VowelReading::kCyrillic: return ShortAAgainstU(x, y);
    case VowelReading::kSomali: return ShortAAgainstU(x, y) || LatinLongVowelTellsApart(x, y);
    case VowelReading::kVietnamese: return VowelRunsDiffer(x, y) || VowelsTellApart(x, y);
    case VowelReading::kNone: break;
  }
  return false;
}

}  // namespace palermo::linkage
