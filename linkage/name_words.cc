#include "linkage/name_words.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "linkage/similarity.h"

namespace palermo::linkage {
namespace {

}  // namespace

bool WordsOf(std::string_view value, Words* out, size_t min_letters) {
  out->n = 0;
  bool fits = true;
  ForEachWord(value, [&](std::string_view word) {
    if (word.size() < min_letters) return;
    if (out->n == kMostWords) {
      fits = false;
      return;
    }
    out->word[out->n++] = word;
  });
  return fits;
}

namespace {

std::string Loose(std::string_view word) { return LooseSkeleton(Skeleton(word)); }

// Whether `s` and `t` are at most one letter apart: one replaced, added or
// left out.
bool OneEditApart(std::string_view s, std::string_view t) {
  if (s.size() > t.size()) std::swap(s, t);
  if (t.size() - s.size() > 1) return false;
  size_t i = 0;
  while (i < s.size() && s[i] == t[i]) ++i;
  if (s.size() == t.size()) return s.substr(i + (i < s.size())) == t.substr(i + (i < t.size()));
  return s.substr(i) == t.substr(i + 1);
}

// Whether the letters of `s` appear in `t` in order, from the first.
bool Within(std::string_view s, std::string_view t) {
  if (s.empty() || t.empty() || s[0] != t[0]) return false;
  size_t i = 0;
  for (char c : t) i += i < s.size() && s[i] == c;
  return i == s.size();
}

// The class of a word's first vowel as Latin spellings of Arabic write
// it: a or e (fatha: Ahmad, Ahmed, Mehdi), i (kasra), o or u (damma:
// Omar, Umar, Mohamed, Muhammad; "ou" and "oo" too); -1 without a vowel.
// Vowels right after a first w are passed over: Ge'ez wä is written we, wo
// and wa (Woldemichael, Weldemikael, Wahid). After a consonant, yo and io
// are the Cyrillic ё, which BGN writes e: of the class of e (Fyodor,
// Fiodor and Fedor; Pyotr and Petr). An ee is a long i (Waleed) or, in
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
    if (c == 'e' && i + 1 < word.size() && word[i + 1] == 'e') return -1;
    if (c == 'y' && i > 0 && i + 1 < word.size() && !IsVowel(word[i - 1]) && !IsVowel(word[i + 1])) return 1;
    if (c == 'a' && i + 2 < word.size() && word[i + 1] == 'w' && !IsVowel(word[i + 2])) return 2;  // aw as o
    if (c == 'a' || c == 'e') return 0;
    if (c == 'i') return 1;
    if (c == 'o' || c == 'u') return 2;
  }
  return -1;
}

// Whether two words with as many runs of vowels have, run for run, an a
// against an i: only a's (fatha, alif) against only i's (kasra, ya; "ee"
// too). Latin spellings of Arabic, Persian and Ge'ez names write a short
// vowel as a or e, i or e, o or u, but never a long a as i: Rashad and
// Rashid, Kamal and Kamil, Minh and Manh are other names. Without
// allocation.
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

// The name an Abd- name (servant of ...) names after Abd and its article,
// as a loose skeleton with q and g read as k: Abdullahi, Abdallah and
// Cabdullaahi "h", Abdelaziz and Abdiaziz "s", Abdirahman and
// Abdurrahman "rhmn", Abdulghani and Abdiqani "kn"; empty for other words.
std::string ServantOf(std::string_view word) {
  if (word.starts_with("cabd")) {
    word.remove_prefix(4);
  } else if (word.starts_with("abd")) {
    word.remove_prefix(3);
  } else {
    return {};
  }
  while (!word.empty() && IsVowel(word.front())) word.remove_prefix(1);
  while (!word.empty() && word.front() == 'l') word.remove_prefix(1);
  if (word.empty()) return {};
  // (After a consonant, so that a first w or y is read as inside a word.)
  std::string servant = Loose("b" + std::string(word)).substr(1);
  for (char& c : servant) {
    if (c == 'q' || c == 'g') c = 'k';
  }
  return servant;
}

// Whether two servants (ServantOf, both not empty) are other names.
bool ServantsDiffer(const std::string& a, const std::string& b) {
  if (a == b) return false;
  return a.size() <= 2 || b.size() <= 2 || !OneEditApart(a, b);
}

}  // namespace

bool OtherServants(std::string_view x, std::string_view y) {
  const std::string a = ServantOf(x), b = ServantOf(y);
  return !a.empty() && !b.empty() && ServantsDiffer(a, b);
}

namespace {

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

// Two words, both written in Latin letters, that meet by their loose
// skeletons but are other names by their vowels: beginning with vowels of
// other classes where their skeletons differ (Hassan and Hussein: hsn,
// hsyn; Mahmoud and Mohamed: mhmwd, mhmd), or an a against an i
// (AAgainstI: Rashad and Rashid, whose skeletons are one), or a
// syllable's final y (FinalYTellsApart: Thuy and Thu) or the vowels of
// its final ng (NgFinalsDiffer: Feng and Fang), or an a against a
// u in short names (ShortAAgainstU: Hasan and Husan), or a long vowel
// one writes and the other has no vowel for (LatinLongVowelTellsApart:
// Rania and Rana). Yusuf and Yousef, Mahmoud and Mahmud, Karim and
// Kareem, Khaled and Khalid are one.
bool LatinLongVowelTellsApart(std::string_view x, std::string_view y);
bool VowelsTellApart(std::string_view x, std::string_view y) {
  if (AAgainstI(x, y) || FinalYTellsApart(x, y) || NgFinalsDiffer(x, y) || ShortAAgainstU(x, y) ||
      LatinLongVowelTellsApart(x, y)) {
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
    case VowelReading::kAScript: return LongVowelTellsApart(x, y);
    case VowelReading::kBScript: return LongVowelTellsApart(y, x);
    case VowelReading::kCyrillic: return ShortAAgainstU(x, y);
    case VowelReading::kSomali: return ShortAAgainstU(x, y) || LatinLongVowelTellsApart(x, y);
    case VowelReading::kVietnamese: return VowelRunsDiffer(x, y) || VowelsTellApart(x, y);
    case VowelReading::kNone: break;
  }
  return false;
}

bool Alike(std::string_view x, const std::string& x_loose, std::string_view y, const std::string& y_loose,
           VowelReading reading) {
  // Told apart by their vowels whatever else they share (Hassan and
  // Hussain: Jaro-Winkler 0.8 or more), or by what follows Abd.
  if (x_loose == y_loose && ToldApartByVowels(x, y, reading)) return false;
  if (OtherServants(x, y)) return false;
  if (JaroWinkler(x, y) >= 0.8) return true;
  // Short words (Vietnamese syllables) are told apart by their vowels.
  if (x.size() <= 4 && y.size() <= 4) return false;
  return OneEditApart(x_loose, y_loose) || Within(x_loose, y_loose) || Within(y_loose, x_loose) ||
         JaroWinkler(x_loose, y_loose) >= 0.9;
}

// Whether `word` is part of a longer word of `words` of five letters or
// more (Thu is no part split from the syllable Thuy).
bool WithinAWord(std::string_view word, const Words& words) {
  for (size_t k = 0; k < words.n; ++k) {
    if (words.word[k].size() > std::max<size_t>(word.size(), 4) && words.word[k].find(word) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool EndsInVowel(std::string_view word) {
  return !word.empty() && std::string_view("aeiouy").find(word.back()) != std::string_view::npos;
}

}  // namespace

bool ShareALooseWord(const NameKeys& a, const NameKeys& b) {
  constexpr size_t kWords = 32;
  std::array<std::string_view, kWords> ys;
  size_t ny = 0;
  for (const NameKey& y : b.keys) {
    if (y.kind != KeyKind::kLooseSkeleton) continue;
    ForEachWord(y.value, [&](std::string_view w) {
      if (ny < kWords) ys[ny++] = w;
    });
  }
  bool shared = false;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kLooseSkeleton || shared) continue;
    ForEachWord(x.value, [&](std::string_view w) {
      shared = shared || std::find(ys.begin(), ys.begin() + ny, w) != ys.begin() + ny;
    });
  }
  return shared;
}

bool OtherServantNames(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word) {
  bool apart = false;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || x.value.find(' ') != std::string::npos) continue;
    const std::string sx = ServantOf(x.value);
    if (sx.empty()) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || y.value.find(' ') != std::string::npos) continue;
      const std::string sy = ServantOf(y.value);
      if (sy.empty()) continue;
      if (!ServantsDiffer(sx, sy)) return false;  // one spelling each names one servant
      if (!apart) {
        apart = true;
        if (a_word) *a_word = x.value;
        if (b_word) *b_word = y.value;
      }
    }
  }
  return apart;
}

bool OtherConsonants(const NameKeys& a, const NameKeys& b) {
  bool compared = false;
  Words xs, ys;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs)) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys)) continue;
      if (ys.n != xs.n) return false;
      // The one word of each, in its place, whose loose skeletons differ.
      std::string lx, ly;
      for (size_t k = 0; k < xs.n; ++k) {
        std::string wx = Loose(xs.word[k]), wy = Loose(ys.word[k]);
        if (wx == wy) continue;
        if (!lx.empty()) return false;  // two words differ
        lx = std::move(wx);
        ly = std::move(wy);
      }
      if (lx.empty() || OneEditApart(lx, ly) || Within(lx, ly) || Within(ly, lx)) return false;
      compared = true;
    }
  }
  return compared;
}

namespace {

// Whether two first letters are consonants no spelling of one name
// alternates (FirstConsonantTellsApart).
bool ConsonantsApart(char x, char y) {
  if (x == y || IsVowel(x) || IsVowel(y)) return false;
  for (std::string_view alternating : {"kqcghx", "jgyizdc", "szcxt", "bpvwf", "tdz"}) {
    if (alternating.find(x) != std::string_view::npos && alternating.find(y) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

bool FirstConsonantTellsApart(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word) {
  if (!a.vowels_as_written || !b.vowels_as_written) return false;
  bool apart = false;
  Words xs, ys;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs)) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys) || ys.n != xs.n) continue;
      size_t replaced = 0, at = 0;
      bool lined_up = true;
      for (size_t k = 0; k < xs.n && lined_up && replaced <= 1; ++k) {
        const std::string_view wx = xs.word[k], wy = ys.word[k];
        if (wx == wy) continue;
        const std::string lx = Loose(wx), ly = Loose(wy);
        if (!ConsonantsApart(wx[0], wy[0])) {
          lined_up = lx == ly;  // alike, or not lined up so
          continue;
        }
        lined_up = !lx.empty() && !ly.empty() && OneEditApart(std::string_view(lx).substr(1), std::string_view(ly).substr(1));
        ++replaced;
        at = k;
      }
      if (!lined_up) continue;          // a spelling that does not line up so
      if (replaced != 1) return false;  // all alike (one name), or two words replaced
      if (!apart && a_word) *a_word = std::string(xs.word[at]);
      if (!apart && b_word) *b_word = std::string(ys.word[at]);
      apart = true;
    }
  }
  return apart;
}

bool AShortForm(const NameKeys& a, const NameKeys& b) {
  if (!a.vowels_as_written || !b.vowels_as_written) return false;
  const auto within = [](const NameKeys& shorter, const NameKeys& longer) {
    bool found = false;
    for (const NameKey& x : shorter.keys) {
      if (x.kind != KeyKind::kFull) continue;
      ForEachWord(x.value, [&](std::string_view s) {
        if (found || s.size() < 4) return;
        for (const NameKey& y : longer.keys) {
          if (y.kind != KeyKind::kFull) continue;
          ForEachWord(y.value, [&](std::string_view l) {
            found = found || (l.size() >= s.size() + 2 && (l.starts_with(s) || l.ends_with(s)));
          });
        }
      });
    }
    return found;
  };
  return within(a, b) || within(b, a);
}

namespace {

// Whether a full key of `a` and one of `b` of as many words have, in some
// place, words ToldApartByVowels: a first test, which most pairs fail,
// before the words are lined up.
bool AVowelDiffersInPlace(const NameKeys& a, const NameKeys& b, VowelReading reading) {
  if (reading == VowelReading::kNone) return false;
  Words xs, ys;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs)) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys) || ys.n != xs.n) continue;
      for (size_t k = 0; k < xs.n; ++k) {
        if (ToldApartByVowels(xs.word[k], ys.word[k], reading)) return true;
      }
    }
  }
  return false;
}

}  // namespace

bool OneWordReplaced(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word,
                     bool by_vowels) {
  if (!ShareALooseWord(a, b)) return false;  // no word of one meets a word of the other
  const VowelReading reading = ReadingOf(a, b);
  if (by_vowels && !AVowelDiffersInPlace(a, b, reading)) return false;
  Words xs, ys;
  bool replaced = false;
  for (const NameKey& x : a.keys) {
    // (One word each: only told apart by its vowels, as given names compared
    // apart are: Hassan and Hussain.)
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs) || xs.n < (by_vowels ? 1 : 2)) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys) || ys.n != xs.n) continue;
      // Words written alike meet first; each word left of x then meets the
      // first word left of y of its loose skeleton (skeletons are made
      // only of the words left: most pairs compared are strangers).
      std::array<size_t, kMostWords> partner;  // of each word of x met, its word of y
      std::array<bool, kMostWords> met_x{}, met_y{};
      size_t unmet = xs.n;
      auto meet = [&](size_t i, size_t j) {
        met_x[i] = met_y[j] = true;
        partner[i] = j;
        --unmet;
      };
      for (size_t i = 0; i < xs.n; ++i) {
        for (size_t j = 0; j < ys.n && !met_x[i]; ++j) {
          if (!met_y[j] && xs.word[i] == ys.word[j]) meet(i, j);
        }
      }
      std::array<std::string, kMostWords> loose_x, loose_y;  // of the words not met alike
      if (unmet > 0) {
        for (size_t j = 0; j < ys.n; ++j) {
          if (!met_y[j]) loose_y[j] = Loose(ys.word[j]);
        }
        for (size_t i = 0; i < xs.n && unmet > 0; ++i) {
          if (met_x[i]) continue;
          loose_x[i] = Loose(xs.word[i]);
          for (size_t j = 0; j < ys.n && !met_x[i]; ++j) {
            if (met_y[j] || loose_y[j] != loose_x[i]) continue;
            if (!ToldApartByVowels(xs.word[i], ys.word[j], reading)) meet(i, j);
          }
        }
      }
      if (unmet != 1) {
        if (unmet == 0) return false;  // one spelling each meets word for word
        continue;
      }
      const size_t i = static_cast<size_t>(std::find(met_x.begin(), met_x.begin() + xs.n, false) - met_x.begin());
      const size_t j = static_cast<size_t>(std::find(met_y.begin(), met_y.begin() + ys.n, false) - met_y.begin());
      // Only a word replaced in its place, the others in theirs, is a
      // sibling's; a word that is part of another's word was split apart
      // ("Abdel Ilah", "Abdelilah").
      bool in_place = i == j;
      for (size_t k = 0; k < xs.n; ++k) in_place = in_place && (k == i || partner[k] == k);
      if (!in_place || WithinAWord(xs.word[i], ys) || WithinAWord(ys.word[j], xs)) continue;
      // A linking word (Thi, bin) left out of one spelling, or a title
      // (Begum, Khatun), is no name of its own: Le Thi Ngoc Lan without its
      // Thi is not Le Thi Lan's sister, Shahnaz Begum is Shahnaz Khatun.
      if (IsLinkingWord(xs.word[i]) || IsLinkingWord(ys.word[j]) || IsTitle(xs.word[i]) || IsTitle(ys.word[j])) {
        continue;
      }
      if (by_vowels && loose_x[i] != loose_y[j]) continue;
      if (Alike(xs.word[i], loose_x[i], ys.word[j], loose_y[j], reading)) return false;
      if (!replaced) {
        replaced = true;
        if (a_word) *a_word = std::string(xs.word[i]);
        if (b_word) *b_word = std::string(ys.word[j]);
      }
    }
  }
  return replaced;
}

// Whether some full key of `keys` has the word `word`.
bool HasWord(const NameKeys& keys, std::string_view word) {
  bool found = false;
  for (const NameKey& key : keys.keys) {
    if (key.kind == KeyKind::kFull) ForEachWord(key.value, [&](std::string_view w) { found = found || w == word; });
  }
  return found;
}

bool GenderedMiddleNames(const NameKeys& female, const NameKeys& male) {
  return HasWord(female, "thi") && HasWord(male, "van") && !HasWord(female, "van") && !HasWord(male, "thi");
}

bool GenderedForms(const NameKeys& female, const NameKeys& male, std::string* female_word, std::string* male_word) {
  if (GenderedMiddleNames(female, male)) {
    if (female_word) *female_word = "thi";
    if (male_word) *male_word = "van";
    return true;
  }
  bool found = false;
  // A transliteration writes the long vowels as w and y, which a Latin
  // spelling may not (نبيلة "nbyla", Nabil "nbl"): their loose skeletons
  // then stand for both.
  const bool script = !female.vowels_as_written || !male.vowels_as_written;
  for (const NameKey& f : female.keys) {
    if (f.kind != KeyKind::kFull) continue;
    ForEachWord(f.value, [&](std::string_view fw) {
      if (found || fw.size() < 3) return;
      const bool ends_in_a = fw.back() == 'a', ends_in_t = fw.back() == 't' && IsVowel(fw[fw.size() - 2]);
      if (!ends_in_a && !ends_in_t) return;
      const std::string skeleton = ends_in_a ? Skeleton(fw) : std::string();
      const std::string loose = ends_in_t ? Loose(fw) : script ? LooseSkeleton(skeleton) : std::string();
      // Samia and Sami: the man's name and an a; Jamila and Jamal: one
      // skeleton, the man's ending in a consonant; Semret and Semere: the
      // man's loose skeleton and a t.
      const auto forms = [&](std::string_view mw) {
        if (ends_in_t) return mw.size() >= 3 && Loose(mw) + "t" == loose;
        if (fw.size() == mw.size() + 1 && fw.starts_with(mw)) return true;
        return !EndsInVowel(mw) && (Skeleton(mw) == skeleton || (script && Loose(mw) == loose));
      };
      for (const NameKey& m : male.keys) {
        if (found || m.kind != KeyKind::kFull) continue;
        ForEachWord(m.value, [&](std::string_view mw) {
          if (found || mw.size() < 2 || mw[0] != fw[0] || !forms(mw)) return;
          found = true;
          if (female_word) *female_word = std::string(fw);
          if (male_word) *male_word = std::string(mw);
        });
      }
    });
  }
  return found;
}

}  // namespace palermo::linkage
