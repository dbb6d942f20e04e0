// The readings of Latin spellings that name_keys.h declares: German, French
// and Maghrebi, Indonesian, Russian kh, Spanish y, German and Italian
// spellings of Arabic, Somali and Tigrinya names read back, and Russian
// patronymics. Each gives another spelling whose keys KeysOf adds beside the
// name's own (linkage/name_keys.cc). Internal to linkage/.
#include "linkage/name_keys.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace palermo::linkage {
namespace {

bool EndsWithAny(std::string_view word, std::initializer_list<std::string_view> endings) {
  return std::any_of(endings.begin(), endings.end(), [word](std::string_view e) { return word.ends_with(e); });
}

// Whether some word of `spelling` ends as `endings` say.
bool AWordEndsWith(std::string_view spelling, std::initializer_list<std::string_view> endings) {
  bool found = false;
  ForEachWord(spelling, [&](std::string_view word) { found = found || EndsWithAny(word, endings); });
  return found;
}

struct Rewrite {
  std::string_view from, to;
};

// `s` with, at each place from left to right, the first rule whose `from`
// starts there replaced by its `to` (or, when none does, what `context`
// writes for the letter there, or the letter itself). What was written is
// not read again.
template <typename Context>
std::string Rewritten(std::string_view s, std::initializer_list<Rewrite> rules, Context&& context) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const std::string_view rest = s.substr(i);
    auto rule = std::find_if(rules.begin(), rules.end(), [rest](const Rewrite& r) { return rest.starts_with(r.from); });
    if (rule != rules.end()) {
      out += rule->to;
      i += rule->from.size();
    } else {
      out += context(s, i);
      ++i;
    }
  }
  return out;
}

}  // namespace

std::string GermanReading(std::string_view s) {
  // Read so only what German spells of Russian and no German name does: a
  // word ending as German writes -ов, -ев, -ий; tsch or dsch; sch in a name
  // with a Slavic ending (Schukina). Fischer and Schmidt are left alone.
  const auto has = [s](std::string_view part) { return s.find(part) != std::string_view::npos; };
  if (!AWordEndsWith(s, {"ow", "owa", "ew", "ewa", "ij"}) && !has("tsch") && !has("dsch") &&
      !(has("sch") && AWordEndsWith(s, {"in", "ina", "uk", "enko", "ski", "ska", "ja", "ko"}))) {
    return "";
  }
  // Duden's German romanisation read back: shch, ch, dzh, sh, zh (German
  // writes Ж as sh), kh, dz; z is ts, w v, j y, a single s between vowels z.
  std::string out = Rewritten(
      s,
      {{"schtsch", "shch"}, {"tsch", "ch"}, {"dsch", "dzh"}, {"sch", "sh"}, {"sh", "zh"}, {"ch", "kh"}, {"ds", "dz"},
       {"ss", "s"}, {"z", "ts"}, {"w", "v"}, {"j", "y"}},
      [](std::string_view t, size_t i) -> std::string {
        const bool between_vowels = i > 0 && i + 1 < t.size() && IsVowel(t[i - 1]) && IsVowel(t[i + 1]);
        return std::string(1, t[i] == 's' && between_vowels ? 'z' : t[i]);
      });
  return out == s ? "" : out;
}

namespace {

// The French spelling of Arabic names read back (Maghrebi records: Chaima
// for Shayma, Rachid, Hicham, Djamel for Jamal): ch is sh, dj j. A ch is
// read so only in words of five letters or more (Chen and Shen are other
// Chinese names) and not in sch (German: Fischer).
std::string MaghrebiReading(std::string_view s) {
  std::string out;
  ForEachWord(s, [&out](std::string_view word) {
    if (!out.empty()) out += ' ';
    const bool ch = word.size() >= 5 && word.find("sch") == std::string_view::npos;
    out += Rewritten(word, {{"dj", "j"}, {"ch", ch ? "sh" : "ch"}},
                     [](std::string_view t, size_t i) { return std::string(1, t[i]); });
  });
  return out == s ? "" : out;
}

}  // namespace

std::string IndonesianReading(std::string_view s) {
  if (s.find("tj") == std::string_view::npos && s.find("oe") == std::string_view::npos) return "";
  std::string out = Rewritten(s, {{"tj", "c"}, {"dj", "j"}, {"nj", "ny"}, {"sj", "sy"}, {"ch", "kh"}, {"oe", "u"}, {"j", "y"}},
                              [](std::string_view t, size_t i) { return std::string(1, t[i]); });
  return out == s ? "" : out;
}

std::string KhReading(std::string_view s) {
  if (s.find("kh") == std::string_view::npos ||
      !AWordEndsWith(s, {"ov", "ev", "ova", "eva", "ovich", "evich", "ovna", "evna"})) {
    return "";
  }
  return Rewritten(s, {{"kh", "h"}}, [](std::string_view t, size_t i) { return std::string(1, t[i]); });
}

std::string GermanArabicReading(std::string_view s) {
  const auto has = [s](std::string_view part) { return s.find(part) != std::string_view::npos; };
  const auto y_start = [](std::string_view t, size_t i) {
    return t[i] == 'j' && (i == 0 || t[i - 1] == ' ') && i + 1 < t.size() && IsVowel(t[i + 1]);
  };
  // (sch has ch; a j alone says nothing German: Jedonne, Jamal)
  if (!has("ch") && !has("tz")) return "";
  std::string out = Rewritten(s, {{"dsch", "j"}, {"tsch", "ch"}, {"sch", "sh"}, {"ch", "kh"}, {"tz", "ts"}, {"ss", "s"}},
                              [&](std::string_view t, size_t i) { return std::string(1, y_start(t, i) ? 'y' : t[i]); });
  return out == s ? "" : out;
}

std::string ItalianReading(std::string_view s) {
  const auto word_start = [](std::string_view t, size_t i) { return i == 0 || t[i - 1] == ' '; };
  const auto vowel_at = [](std::string_view t, size_t i) { return i < t.size() && IsVowel(t[i]); };
  bool italian = false;
  for (size_t i = 0; i + 1 < s.size() && !italian; ++i) {
    italian = (s.compare(i, 2, "sc") == 0 && i + 2 < s.size() && (s[i + 2] == 'e' || s[i + 2] == 'i')) ||
              (s.compare(i, 2, "gi") == 0 && i + 2 < s.size() && std::string_view("aou").find(s[i + 2]) != std::string_view::npos) ||
              s.compare(i, 2, "gh") == 0 ||
              ((s[i] == 'u' || s[i] == 'i') && word_start(s, i) && vowel_at(s, i + 1));
  }
  if (!italian) return "";
  std::string out = Rewritten(
      s,
      {{"scia", "sha"}, {"scio", "sho"}, {"sciu", "shu"}, {"scie", "she"}, {"sce", "she"}, {"sci", "shi"},
       {"gh", "g"}, {"gia", "ja"}, {"gio", "jo"}, {"giu", "ju"}},
      [&](std::string_view t, size_t i) -> std::string {
        const bool before_vowel = vowel_at(t, i + 1);
        if (t[i] == 'u' && before_vowel && (word_start(t, i) || (i > 0 && IsVowel(t[i - 1])))) return "w";
        if (t[i] == 'i' && before_vowel && word_start(t, i)) return "y";
        return std::string(1, t[i]);
      });
  return out == s ? "" : out;
}

std::string YReading(std::string_view s) {
  std::string out(s);
  bool read = false;
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == 'y' && (i == 0 || out[i - 1] == ' ') && IsVowel(out[i + 1])) {
      out[i] = 'j';
      read = true;
    }
  }
  return read ? out : "";
}

std::string FrenchReading(std::string_view s) {
  const bool slavic_ending = AWordEndsWith(s, {"ov", "ev", "ova", "eva", "off", "eff", "ine", "enko", "ski"});
  if (s.find("tch") == std::string_view::npos && !(slavic_ending && s.find("ou") != std::string_view::npos)) {
    return MaghrebiReading(s);
  }
  // The French romanisation read back: a word's final off or eff is ov or
  // ev (Smirnoff), tch is ch, ch sh, ou u, j zh.
  std::string words;
  ForEachWord(s, [&words](std::string_view word) {
    if (!words.empty()) words += ' ';
    words += EndsWithAny(word, {"off", "eff"}) ? std::string(word.substr(0, word.size() - 2)) + "v" : std::string(word);
  });
  std::string out = Rewritten(words, {{"tch", "ch"}, {"ch", "sh"}, {"ou", "u"}, {"j", "zh"}},
                              [](std::string_view t, size_t i) { return std::string(1, t[i]); });
  return out == s ? "" : out;
}

// A Russian patronymic read as the father's name it is made of: a word
// ending in -ovich, -evich, -ovna, -evna (or -ovic, -evic, as Any-Latin
// writes č) read as its stem of three letters or more ("takhirovich" ->
// "takhir", "ergashevna" -> "ergash").
namespace {

// The length of the Russian patronymic ending of `word` (-ovich, -evich,
// -ovic, -evic, -ovna, -evna after three letters or more), else 0.
size_t PatronymicEnding(std::string_view word) {
  for (std::string_view ending : {"ovich", "evich", "ovic", "evic", "ovna", "evna"}) {
    if (word.size() >= ending.size() + 3 && word.ends_with(ending)) return ending.size();
  }
  return 0;
}

}  // namespace

std::string PatronymicReading(std::string_view s) {
  std::string words;
  bool read = false;
  ForEachWord(s, [&](std::string_view word) {
    if (!words.empty()) words += ' ';
    if (size_t ending = PatronymicEnding(word); ending > 0) {
      word.remove_suffix(ending);
      read = true;
    }
    words += word;
  });
  return read ? words : "";
}

std::string WithoutPatronymic(std::string_view s) {
  std::string words;
  size_t left = 0;
  bool dropped = false;
  ForEachWord(s, [&](std::string_view word) {
    if (PatronymicEnding(word) > 0) {
      dropped = true;
      return;
    }
    if (!words.empty()) words += ' ';
    words += word;
    ++left;
  });
  return dropped && left >= 2 ? words : "";
}

}  // namespace palermo::linkage
