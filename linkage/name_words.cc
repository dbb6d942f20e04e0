#include "linkage/name_words.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "linkage/name_vowels.h"
#include "linkage/similarity.h"

namespace palermo::linkage {

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

// Whether two servants (ServantOf, both not empty) of the words x and y
// are other names: not one letter apart unless an a stands against an i
// (AAgainstI: Abdelrahman and Abdelrahim, rhmn and rhm).
bool ServantsDiffer(const std::string& a, const std::string& b, std::string_view x, std::string_view y) {
  if (a == b) return false;
  return a.size() <= 2 || b.size() <= 2 || !OneEditApart(a, b) || AAgainstI(x, y);
}

}  // namespace

bool OtherServants(std::string_view x, std::string_view y) {
  const std::string a = ServantOf(x), b = ServantOf(y);
  return !a.empty() && !b.empty() && ServantsDiffer(a, b, x, y);
}

namespace {

bool Alike(std::string_view x, const std::string& x_loose, std::string_view y, const std::string& y_loose,
           VowelReading reading) {
  // Told apart by their vowels whatever else they share (Hassan and
  // Hussain: Jaro-Winkler 0.8 or more), or by what follows Abd.
  if (x_loose == y_loose && ToldApartByVowels(x, y, reading)) return false;
  if (OtherServants(x, y)) return false;
  const bool consonants_close = OneEditApart(x_loose, y_loose) || Within(x_loose, y_loose) ||
                                Within(y_loose, x_loose) || JaroWinkler(x_loose, y_loose) >= 0.9;
  // Jaro-Winkler 0.8 makes words alike (Omar and Umar, Dzhumabekov and
  // Jumabekov), but for longer words that begin alike, which its prefix
  // raises, the consonants must be close too: Alisher and Alijon (lshr,
  // ljn), Gebremedhin and Gebremariam are other names.
  const size_t prefix = static_cast<size_t>(std::mismatch(x.begin(), x.end(), y.begin(), y.end()).first - x.begin());
  const bool long_alike_start = prefix >= 3 && (x.size() > 4 || y.size() > 4);
  if (JaroWinkler(x, y) >= 0.8 && (consonants_close || !long_alike_start)) return true;
  // Short words (Vietnamese syllables) are told apart by their vowels,
  // where both are written with them: a script that writes only the long
  // ones says nothing of theirs (تسين and Sion: tsn, sn).
  const bool vowels_written = reading != VowelReading::kAScript && reading != VowelReading::kBScript &&
                              reading != VowelReading::kNone;
  if (x.size() <= 4 && y.size() <= 4 && vowels_written) return false;
  return consonants_close;
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
      if (!ServantsDiffer(sx, sy, x.value, y.value)) return false;  // one spelling each names one servant
      if (!apart) {
        apart = true;
        if (a_word) *a_word = x.value;
        if (b_word) *b_word = y.value;
      }
    }
  }
  return apart;
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

// Whether two loose skeletons of as many letters differ in one consonant
// only, of letters no spelling alternates (ConsonantsApart), nor m and n,
// l and r, which hearing and some scripts confuse, nor d and s (the dh and
// z of ذ and ظ: Kadhim and Kazim, kdm and ksm): Artur and Artem (rtr, rtm);
// not Olha and Olga (lh, lg), Ibrahim and Ibrahin.
bool OneConsonantApart(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  const auto [cx, cy] = std::mismatch(x.begin(), x.end(), y.begin());
  if (cx == x.end() || !std::equal(cx + 1, x.end(), cy + 1)) return false;  // none or two apart
  const auto both_in = [&](std::string_view set) {
    return set.find(*cx) != std::string_view::npos && set.find(*cy) != std::string_view::npos;
  };
  return ConsonantsApart(*cx, *cy) && !both_in("mn") && !both_in("lr") && !both_in("ds");
}

}  // namespace

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
      if (lx.empty() || (OneEditApart(lx, ly) && !OneConsonantApart(lx, ly)) || Within(lx, ly) || Within(ly, lx)) {
        return false;
      }
      compared = true;
    }
  }
  return compared;
}

namespace {

// The first letter of `word` as said: w for a gu before a vowel, as
// Spanish writes the w of other languages (Guisly, Güilfrid for Wisly,
// Wilfrid; Guachintón).
char SaidFirst(std::string_view word) {
  return word.size() > 2 && word.starts_with("gu") && IsVowel(word[2]) ? 'w' : word[0];
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
        if (!ConsonantsApart(SaidFirst(wx), SaidFirst(wy))) {
          // Alike: one loose skeleton, or first letters that alternate and
          // the same after them (Charoensuk and Jaroensuk: krnsk, jrnsk,
          // which a French reading of ch as sh would tell apart); else not
          // lined up so.
          lined_up = lx == ly || (!lx.empty() && !ly.empty() && lx.compare(1, std::string::npos, ly, 1) == 0);
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
  if (!a.latin_letters || !b.latin_letters) return false;
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
      // sibling's, one name perhaps turned around (family name first:
      // "Mamatov Alijon Sobir", "Alisher Sobir Mamatov"); a word that is
      // part of another's word was split apart ("Abdel Ilah", "Abdelilah").
      const size_t turn = (j + ys.n - i) % ys.n;
      bool in_place = true;
      for (size_t k = 0; k < xs.n; ++k) in_place = in_place && (k == i || partner[k] == (k + turn) % ys.n);
      if (!in_place) continue;
      // (A word part of the other's, split otherwise or cut short, Charl
      // for Charles: a spelling that reads the two names as one.)
      if (WithinAWord(xs.word[i], ys) || WithinAWord(ys.word[j], xs)) return false;
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
