#include "linkage/compare_names.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "linkage/levels.h"
#include "linkage/name_words.h"
#include "linkage/similarity.h"

namespace palermo::linkage {
namespace {

using namespace levels;  // NOLINT: the level indexes, linkage/levels.h

constexpr double kJwHigh = 0.92;
constexpr double kJwMid = 0.80;

// The best Jaro-Winkler similarity of the full-key spellings of two names
// (one per way of reading each), the words of one also taken with its
// last word first or its first word last (a name written family name
// first: "RAKHIMOV FIRUZ" and "Firuz Rahimov"), when it reaches `floor`;
// below, some value below `floor` (pairs that cannot reach it are not
// compared in full).
double BestJaroWinkler(const NameValue& a, const NameValue& b, double floor) {
  double best = 0;
  std::string last_first, first_last;
  for (const NameKey& x : a.keys->keys) {
    if (x.kind != KeyKind::kFull) continue;
    const size_t first_space = x.value.find(' '), last_space = x.value.rfind(' ');
    const bool words = first_space != std::string::npos;
    if (words) {
      last_first.assign(x.value, last_space + 1).append(" ").append(x.value, 0, last_space);
      first_last.assign(x.value, first_space + 1).append(" ").append(x.value, 0, first_space);
    }
    for (const NameKey& y : b.keys->keys) {
      if (y.kind != KeyKind::kFull || JaroWinklerBound(x.value, y.value) < std::max(best, floor)) continue;
      best = std::max(best, JaroWinkler(x.value, y.value));
      // (Turned around only where the word put first begins as y does: most
      // pairs compared are strangers.)
      if (words && y.value.find(' ') != std::string::npos) {
        if (last_first[0] == y.value[0]) best = std::max(best, JaroWinkler(last_first, y.value));
        if (first_last[0] == y.value[0]) best = std::max(best, JaroWinkler(first_last, y.value));
      }
    }
  }
  return best;
}

// Whether two names of as many words, all but one of each shared, hold
// their shared words in places no turning of one name around lines up with
// the other's: a generation apart in a chain of given, father's and
// grandfather's names ("Yonas Ghebremedhin Tesfamariam", whose
// grandfather is Tesfamariam, and "Yonas Tesfamariam Berhe", whose father
// is), not one word transliterated apart ("Kadhim Jawad Al-Musawi",
// "Kazem Jawad al-Moussawi") nor a name written family name first.
bool SharedWordsShifted(const Words& xs, const Words& ys, size_t shared) {
  const size_t n = xs.n;
  if (ys.n != n || shared + 1 != n || n < 3) return false;
  for (size_t turn = 0; turn < n; ++turn) {
    size_t in_place = 0;
    for (size_t i = 0; i < n; ++i) in_place += xs.word[i] == ys.word[(i + turn) % n];
    if (in_place == shared) return false;  // turned so, the shared words stand in the same places
  }
  return true;
}

// Whether two names share most of their words (at least two, and two
// thirds of the words of the one with fewer), a word meeting another by its
// loose skeleton in any spelling of each: "Kadhim Jawad Al-Musawi" and
// "Kazem Jawad al-Moussawi" (jd, ms), "Yuliya Kovalyova" and "IULIIA
// SERGEEVNA KOVALEVA" (yl, kvlv): names recorded whole, one word
// transliterated apart or a patronymic left out. A word of one letter
// (Ali's l, Hawi's h, which fathers and sons share in other places) is a
// word here only where both names have it in the same place: "هاوي بكلي
// جوديتا" and "Hawwi Beqele" (h, bkl), a grandfather's name left out.
bool MostWordsShared(const NameKeys& a, const NameKeys& b) {
  Words xs, ys, x_all, y_all;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kLooseSkeleton || x.value.find(' ') == std::string::npos) continue;
    WordsOf(x.value, &xs);  // (the first kMostWords of a longer name)
    WordsOf(x.value, &x_all, 1);
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kLooseSkeleton || y.value.find(' ') == std::string::npos) continue;
      WordsOf(y.value, &ys);
      WordsOf(y.value, &y_all, 1);
      size_t shared = 0, in_place = 0;
      for (size_t i = 0; i < xs.n; ++i) {
        const auto x_end = xs.word.begin() + i, y_end = ys.word.begin() + ys.n;
        if (std::find(xs.word.begin(), x_end, xs.word[i]) != x_end) continue;  // counted once
        shared += std::find(ys.word.begin(), y_end, xs.word[i]) != y_end;
      }
      for (size_t i = 0; i < std::min(x_all.n, y_all.n); ++i) {
        in_place += x_all.word[i].size() == 1 && x_all.word[i] == y_all.word[i];
      }
      const size_t all = shared + in_place;
      if (all >= 2 && 3 * all >= 2 * (std::min(xs.n, ys.n) + in_place) &&
          (in_place > 0 || !SharedWordsShifted(xs, ys, shared))) {
        return true;
      }
    }
  }
  return false;
}

// Whether one name, without its Russian patronymic, shares a key with the
// other, which has none: "Нурлан Серикович Жумабеков" and the passport's
// "NURLAN ZHUMABEKOV" (NameKeys::without_patronymic).
bool PatronymicLeftOut(const NameKeys& a, const NameKeys& b) {
  if (a.without_patronymic == nullptr) return b.without_patronymic != nullptr && PatronymicLeftOut(b, a);
  return b.without_patronymic == nullptr && ShareAKey(*a.without_patronymic, b);
}

// Whether a full key of `keys` has a word of one letter (an initial).
bool HasInitial(const NameKeys& keys) {
  bool found = false;
  for (const NameKey& key : keys.keys) {
    if (key.kind == KeyKind::kFull) ForEachWord(key.value, [&](std::string_view w) { found = found || w.size() == 1; });
  }
  return found;
}

// Whether two names of as many words write the same words, some of them
// as initials in one (at least one word written whole in both): "M. Hanif"
// and "Mohammad Hanif", "Hanif M." and "Hanif Mohammad".
bool InitialsStandForWords(const NameKeys& a, const NameKeys& b) {
  if (!HasInitial(a) && !HasInitial(b)) return false;  // most pairs
  Words xs, ys;
  for (const NameKey& x : a.keys) {
    if (x.kind != KeyKind::kFull || !WordsOf(x.value, &xs, 1)) continue;
    for (const NameKey& y : b.keys) {
      if (y.kind != KeyKind::kFull || !WordsOf(y.value, &ys, 1) || ys.n != xs.n) continue;
      bool whole = false, initial = false, fits = true;
      for (size_t k = 0; k < xs.n && fits; ++k) {
        const std::string_view v = xs.word[k], w = ys.word[k];
        if (v == w) {
          whole = whole || v.size() > 1;
        } else if ((v.size() == 1 || w.size() == 1) && v[0] == w[0]) {
          initial = true;
        } else {
          fits = false;
        }
      }
      if (fits && whole && initial) return true;
    }
  }
  return false;
}

// Whether the words of one name are all words of the other, which has one
// word more, in one spelling of each, whole or by their loose skeletons: a
// middle name left out ("Thu Ha" and "Ha", "Abebe Bekele" and "Abebe",
// "Maria Elena" and "Maria"; an initial is a word: "A. Hanif" is not
// "Mohammad Hanif").
bool AllButOneWordWithin(const NameKeys& a, const NameKeys& b) {
  if (HasInitial(a) || HasInitial(b)) return false;  // (its loose skeleton has no word for it)
  Words xs, ys;
  for (KeyKind kind : {KeyKind::kFull, KeyKind::kLooseSkeleton}) {
    for (const NameKey& x : a.keys) {
      if (x.kind != kind || !WordsOf(x.value, &xs, 1)) continue;
      for (const NameKey& y : b.keys) {
        if (y.kind != kind || !WordsOf(y.value, &ys, 1) || xs.n == 0 || ys.n == 0 ||
            (xs.n + 1 != ys.n && ys.n + 1 != xs.n)) {
          continue;
        }
        const Words& shorter = xs.n < ys.n ? xs : ys;
        const Words& longer = xs.n < ys.n ? ys : xs;
        const auto end = longer.word.begin() + longer.n;
        bool within = true;
        for (size_t k = 0; k < shorter.n && within; ++k) within = std::find(longer.word.begin(), end, shorter.word[k]) != end;
        if (within) return true;
      }
    }
  }
  return false;
}

// Whether names a and b, at `level`, are a sibling's names rather than one
// person's (name_words.h): forms of one name borne by a woman and a man
// (short of "differ"; names that differ, by the Vietnamese middle names
// only); all words but one shared and that one unlike (from
// the Jaro-Winkler levels down; one-word Abd- names naming other servants,
// OtherServantNames); or, both written in Latin letters and
// meeting by their loose skeletons, one word told apart by its vowels.
// GenderedForms of a and b, the woman's first, whichever `woman` says she
// is; `a_word` and `b_word` (may be null) get a's word and b's.
bool Gendered(const NameValue& a, const NameValue& b, Woman woman, std::string* a_word, std::string* b_word) {
  if (woman == Woman::kA) return GenderedForms(*a.keys, *b.keys, a_word, b_word);
  return woman == Woman::kB && GenderedForms(*b.keys, *a.keys, b_word, a_word);
}

// Names that differ are looked at for the Vietnamese middle names only
// (Van Hoa and Thi Hoa as given names): other gendered forms of one name
// meet by their skeletons or by Jaro-Winkler.
bool GenderedMiddle(const NameValue& a, const NameValue& b, Woman woman) {
  if (woman == Woman::kA) return GenderedMiddleNames(*a.keys, *b.keys);
  return woman == Woman::kB && GenderedMiddleNames(*b.keys, *a.keys);
}

Unlike UnlikeNames(const NameValue& a, const NameValue& b, int8_t level, bool parts, Woman woman) {
  const int8_t differ = parts ? kPartDiffer : kNameDiffer;
  if (level < differ ? Gendered(a, b, woman, nullptr, nullptr) : GenderedMiddle(a, b, woman)) {
    return Unlike::kGenderedForms;
  }
  const bool by_words = parts ? level >= kPartJwHigh : level >= kNameJwHigh;
  if (by_words && OneWordReplaced(*a.keys, *b.keys, nullptr, nullptr)) return Unlike::kWordReplaced;
  if (by_words && OtherServantNames(*a.keys, *b.keys, nullptr, nullptr)) return Unlike::kOtherServants;
  if (by_words && FirstConsonantTellsApart(*a.keys, *b.keys, nullptr, nullptr)) return Unlike::kFirstConsonant;
  // Names that meet by their skeletons or loose skeletons, one of them at
  // least written in Latin letters: a word told apart by its vowels, or by
  // a long vowel the other's script writes (name_words.h).
  const bool latin = a.keys->vowels_as_written || b.keys->vowels_as_written;
  const bool consonants = parts ? level == kPartSkeleton || level == kPartLoose
                                : level == kNameSkeleton || level == kNameLoose;
  if (latin && consonants && OneWordReplaced(*a.keys, *b.keys, nullptr, nullptr, true)) return Unlike::kVowels;
  return Unlike::kNo;
}

}  // namespace

Woman WomanOf(const Profile& a, const Profile& b) {
  if (a.sex == v1::SEX_F && b.sex == v1::SEX_M) return Woman::kA;
  if (a.sex == v1::SEX_M && b.sex == v1::SEX_F) return Woman::kB;
  return Woman::kNeither;
}

namespace {

// Whether `test` holds for the keys of some name of `as` and some of `bs`.
template <typename Test>
bool AnyPairOfNames(const std::vector<NameValue>& as, const std::vector<NameValue>& bs, Test&& test) {
  for (const NameValue& a : as) {
    for (const NameValue& b : bs) {
      if (test(*a.keys, *b.keys)) return true;
    }
  }
  return false;
}

}  // namespace

bool AnyWordShared(const std::vector<NameValue>& as, const std::vector<NameValue>& bs) {
  return AnyPairOfNames(as, bs, ShareALooseWord);
}

bool AllOtherConsonants(const std::vector<NameValue>& as, const std::vector<NameValue>& bs) {
  return !as.empty() && !bs.empty() && !AnyPairOfNames(as, bs, [](const NameKeys& a, const NameKeys& b) {
    return !OtherConsonants(a, b);
  });
}

bool AnyShortForm(const std::vector<NameValue>& as, const std::vector<NameValue>& bs) {
  return AnyPairOfNames(as, bs, AShortForm);
}

bool AnyFirstOfTwoWords(const std::vector<NameValue>& as, const std::vector<NameValue>& bs) {
  const auto first_of_two = [](const NameKeys& one, const NameKeys& two) {
    // (Written apart: a hyphen joins one compound name, Jean-Louis.)
    if (two.written.find('-') != std::string::npos || two.written.find(' ') == std::string::npos) return false;
    Words xs, ys;
    for (const NameKey& x : one.keys) {
      if (x.kind != KeyKind::kLooseSkeleton || !WordsOf(x.value, &xs) || xs.n != 1) continue;
      for (const NameKey& y : two.keys) {
        if (y.kind == KeyKind::kLooseSkeleton && WordsOf(y.value, &ys) && ys.n == 2 && ys.word[0] == xs.word[0]) {
          return true;
        }
      }
    }
    return false;
  };
  return AnyPairOfNames(as, bs, [&](const NameKeys& a, const NameKeys& b) {
    return first_of_two(a, b) || first_of_two(b, a);
  });
}

bool AnyKeyShared(const std::vector<NameValue>& as, const std::vector<NameValue>& bs) {
  return AnyPairOfNames(as, bs, [](const NameKeys& a, const NameKeys& b) {
    // Keys are in kind order, loose skeletons last: the walk stops at the
    // first key shared.
    bool shared = false;
    ForEachSharedKey(a, b, [&](const NameKey& key) { return !(shared = key.kind != KeyKind::kLooseSkeleton); });
    return shared;
  });
}

// The best agreement of any name of `as` with any of `bs`, in levels
// without "same parts" when `parts` (given or family names). A pair of
// names UnlikeNames tells apart ranks as names that differ; when no pair
// does better, the level is "a sibling's".
NameMatch CompareNames(const std::vector<NameValue>& as, const std::vector<NameValue>& bs, bool parts,
                       Woman woman) {
  NameMatch best;
  if (as.empty() || bs.empty()) return best;
  const int8_t differ = parts ? kPartDiffer : kNameDiffer;
  const int8_t same_parts = parts ? kPartExact : kNameSameParts;
  const int8_t loose = parts ? kPartLoose : kNameLoose;
  best.level = differ;
  best.a = &as[0];
  best.b = &bs[0];
  for (const NameValue& a : as) {
    for (const NameValue& b : bs) {
      // The term frequency is read for the first pair of names with a full
      // key in common, and the smallest such key (keys are in hash order).
      const std::string* smallest_full = nullptr;
      int8_t pair = differ;
      ForEachSharedKey(*a.keys, *b.keys, [&](const NameKey& key) {
        int8_t level = differ;
        switch (key.kind) {
          case KeyKind::kFull: level = parts ? kPartExact : kNameExact; break;
          case KeyKind::kSorted:
          case KeyKind::kJoined: level = same_parts; break;
          case KeyKind::kSkeleton:
          case KeyKind::kSkeletonJoined: level = parts ? kPartSkeleton : kNameSkeleton; break;
          case KeyKind::kLooseSkeleton: level = loose; break;
        }
        if (key.kind == KeyKind::kFull && (smallest_full == nullptr || key.value < *smallest_full)) {
          smallest_full = &key.value;
        }
        pair = std::min(pair, level);
      });
      if (best.exact_value == nullptr) best.exact_value = smallest_full;
      if (!parts && pair > loose && PatronymicLeftOut(*a.keys, *b.keys)) pair = loose;
      // Jaro-Winkler and shared words only where no key is shared, and
      // only when they can do better than the best pair so far.
      if (pair > loose && best.level > loose) {
        const double jw = BestJaroWinkler(a, b, kJwMid);
        if (jw >= kJwHigh) pair = std::min(pair, parts ? kPartJwHigh : kNameJwHigh);
        if (!parts && pair > kNameMostWords && best.level > kNameMostWords && MostWordsShared(*a.keys, *b.keys)) {
          pair = kNameMostWords;
        }
        if (jw >= kJwMid && jw < kJwHigh) pair = std::min(pair, parts ? kPartJwMid : kNameJwMid);
        if (parts && pair == differ && (AShortForm(*a.keys, *b.keys) || AllButOneWordWithin(*a.keys, *b.keys))) {
          pair = kPartJwMid;
        }
        // Initials standing for words: as a middle name left out for parts,
        // as most words for whole names (W.A.D. Nuwan Priyankara, a Sri
        // Lankan's ancestral names as initials), whatever Jaro-Winkler says.
        if (pair >= (parts ? kPartJwMid : kNameJwMid) && InitialsStandForWords(*a.keys, *b.keys)) {
          pair = parts ? kPartJwMid : kNameMostWords;
        }
      }
      Unlike unlike = Unlike::kNo;
      // (Gendered forms are looked for at every level: names that meet
      // exactly on a key without the middle name are checked too. Names
      // that differ are a sibling's when all their words but one meet.)
      const bool could_be_best = pair < best.level || (pair == differ && best.unlike == Unlike::kNo);
      if (could_be_best && (pair > same_parts || woman != Woman::kNeither)) {
        unlike = UnlikeNames(a, b, pair, parts, woman);
        if (unlike != Unlike::kNo) pair = differ;
      }
      if (pair < best.level || (pair == differ && best.unlike == Unlike::kNo && unlike != Unlike::kNo)) {
        best.level = pair;
        best.a = &a;
        best.b = &b;
        best.unlike = unlike;
      }
      if (best.level == 0) return best;  // no pair of names can do better
    }
  }
  if (best.level == differ && best.unlike != Unlike::kNo) best.level = parts ? kPartSibling : kNameSibling;
  return best;
}

namespace {

// Whether a full key of a name of `names` has the word `word`.
bool AnyHasWord(const std::vector<NameValue>& names, std::string_view word) {
  return std::any_of(names.begin(), names.end(), [&](const NameValue& name) { return HasWord(*name.keys, word); });
}

}  // namespace

bool FamilyNameReplaced(const NameMatch& match, const std::vector<NameValue>& a_family,
                        const std::vector<NameValue>& b_family) {
  if (match.unlike != Unlike::kWordReplaced || (a_family.empty() && b_family.empty())) return false;
  std::string x, y;
  if (!OneWordReplaced(*match.a->keys, *match.b->keys, &x, &y)) return false;
  return AnyHasWord(a_family, x) || AnyHasWord(b_family, y);
}

// The words that tell two names apart, for the reasons.
std::string UnlikeDetail(const NameMatch& match, Woman woman) {
  std::string x, y;
  if (match.unlike == Unlike::kGenderedForms) {
    Gendered(*match.a, *match.b, woman, &x, &y);
    return "forms of one name for a woman and a man: '" + x + "' ~ '" + y + "'";
  }
  if (match.unlike == Unlike::kFirstConsonant) {
    FirstConsonantTellsApart(*match.a->keys, *match.b->keys, &x, &y);
    return "one word for another, told apart by its first consonant: '" + x + "' ~ '" + y + "'";
  }
  if (match.unlike == Unlike::kOtherServants) {
    OtherServantNames(*match.a->keys, *match.b->keys, &x, &y);
    return "Abd- names of other servants: '" + x + "' ~ '" + y + "'";
  }
  const bool vowels = match.unlike == Unlike::kVowels;
  OneWordReplaced(*match.a->keys, *match.b->keys, &x, &y, vowels);
  return std::string(vowels ? "one word for another, told apart by its vowels: '" : "one word replaced by another: '") +
         x + "' ~ '" + y + "'";
}

}  // namespace palermo::linkage
