#include "linkage/name_words.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "linkage/similarity.h"

namespace palermo::linkage {
namespace {

constexpr size_t kMostWords = 8;

struct Words {
  std::array<std::string_view, kMostWords> word;
  size_t n = 0;
};

// The words of two letters or more of a full key, at most kMostWords
// (false when it has more).
bool WordsOf(std::string_view value, Words* out) {
  out->n = 0;
  bool fits = true;
  ForEachWord(value, [&](std::string_view word) {
    if (word.size() < 2) return;
    if (out->n == kMostWords) {
      fits = false;
      return;
    }
    out->word[out->n++] = word;
  });
  return fits;
}

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

bool Alike(std::string_view x, const std::string& x_loose, std::string_view y, const std::string& y_loose) {
  if (JaroWinkler(x, y) >= 0.8) return true;
  // Short words (Vietnamese syllables) are told apart by their vowels.
  if (x.size() <= 4 && y.size() <= 4) return false;
  return OneEditApart(x_loose, y_loose) || Within(x_loose, y_loose) || Within(y_loose, x_loose) ||
         JaroWinkler(x_loose, y_loose) >= 0.9;
}

bool EndsInVowel(std::string_view word) { return !word.empty() && std::string_view("aeiouy").find(word.back()) != std::string_view::npos; }

}  // namespace

bool OneWordReplaced(const NameKeys& a, const NameKeys& b, std::string* a_word, std::string* b_word) {
  Words xs, ys;
  bool replaced = false;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs) || xs.n < 2) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys) || ys.n != xs.n) continue;
      // Words written alike meet first; each word left of x then meets the
      // first word left of y of its loose skeleton (skeletons are made
      // only of the words left: most pairs compared are strangers).
      std::array<bool, kMostWords> met_x{}, met_y{};
      size_t unmet = xs.n;
      for (size_t i = 0; i < xs.n; ++i) {
        for (size_t j = 0; j < ys.n && !met_x[i]; ++j) {
          if (!met_y[j] && xs.word[i] == ys.word[j]) met_x[i] = met_y[j] = true, --unmet;
        }
      }
      if (unmet > 0) {
        std::array<std::string, kMostWords> loose_y;
        for (size_t j = 0; j < ys.n; ++j) {
          if (!met_y[j]) loose_y[j] = Loose(ys.word[j]);
        }
        for (size_t i = 0; i < xs.n && unmet > 0; ++i) {
          if (met_x[i]) continue;
          const std::string loose_x = Loose(xs.word[i]);
          for (size_t j = 0; j < ys.n && !met_x[i]; ++j) {
            if (!met_y[j] && loose_y[j] == loose_x) met_x[i] = met_y[j] = true, --unmet;
          }
        }
      }
      if (unmet != 1) {
        if (unmet == 0) return false;  // one spelling each meets word for word
        continue;
      }
      const size_t i = static_cast<size_t>(std::find(met_x.begin(), met_x.begin() + xs.n, false) - met_x.begin());
      const size_t j = static_cast<size_t>(std::find(met_y.begin(), met_y.begin() + ys.n, false) - met_y.begin());
      if (Alike(xs.word[i], Loose(xs.word[i]), ys.word[j], Loose(ys.word[j]))) return false;
      if (!replaced) {
        replaced = true;
        if (a_word) *a_word = std::string(xs.word[i]);
        if (b_word) *b_word = std::string(ys.word[j]);
      }
    }
  }
  return replaced;
}

bool GenderedForms(const NameKeys& female, const NameKeys& male, std::string* female_word, std::string* male_word) {
  bool found = false;
  for (const NameKey& f : female.keys) {
    if (f.kind != KeyKind::kFull) continue;
    ForEachWord(f.value, [&](std::string_view fw) {
      if (found || fw.size() < 3 || fw.back() != 'a') return;
      const std::string skeleton = Skeleton(fw);
      for (const NameKey& m : male.keys) {
        if (found || m.kind != KeyKind::kFull) continue;
        ForEachWord(m.value, [&](std::string_view mw) {
          if (found || mw.size() < 2 || mw[0] != fw[0] || EndsInVowel(mw) || Skeleton(mw) != skeleton) return;
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
