#include "linkage/name_keys.h"

#include <algorithm>
#include <iterator>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include "common/text.h"
#include "linkage/transliterate.h"

namespace palermo::linkage {
namespace {

std::vector<std::string> Tokens(std::string_view spelling) {
  std::vector<std::string> tokens;
  ForEachWord(spelling, [&tokens](std::string_view word) { tokens.emplace_back(word); });
  return tokens;
}

std::string Join(const std::vector<std::string>& tokens, std::string_view separator) {
  std::string out;
  for (const std::string& token : tokens) {
    if (!out.empty()) out += separator;
    out += token;
  }
  return out;
}

// The tokens without the particles al and el; in a name written in Arabic
// script, also without the article's prefix al of longer tokens, and a
// compound written as one word with the article inside it ("عبدالرحمن" ->
// "bdalrhmn") as its two words without the article ("bd rhmn").
std::vector<std::string> WithoutParticles(std::vector<std::string> tokens, bool arabic_script, size_t min_rest = 3) {
  // (An al-prefixed word of Arabic script loses its al when `min_rest`
  // letters or more are left.)
  std::vector<std::string> kept;
  for (std::string& token : tokens) {
    if (token == "al" || token == "el") continue;
    if (arabic_script && token.size() > 6 && token.starts_with("bdal")) {
      kept.push_back("bd");
      token.erase(0, 4);
    } else if (arabic_script && token.size() >= 2 + min_rest && token.starts_with("al")) {
      token.erase(0, 2);
    }
    kept.push_back(std::move(token));
  }
  return kept;
}

// The Latin spelling of "Abd al-": "abdel", "abdul", "abdal", "abdol",
// "abdil" as a word or as the start of one ("Abdelaziz", "Abdulrahman").
// Returns the length of the prefix, 0 when `token` has none.
size_t AbdArticleLength(std::string_view token) {
  if (token.size() < 5 || !token.starts_with("abd") || token[4] != 'l') return 0;
  const char vowel = token[3];
  if (vowel != 'e' && vowel != 'u' && vowel != 'a' && vowel != 'o' && vowel != 'i') return 0;
  return token.size() == 5 || token.size() >= 8 ? 5 : 0;  // a name after it has at least three letters
}

// Somali orthography read as its sounds: c (ʿayn) dropped, x (ḥ) as h,
// long vowels written double as one (Faadumo = Fadumo, Maxamuud = Mohamud).
std::string SomaliReading(std::string_view spelling) {
  std::string out;
  for (char c : spelling) {
    if (c == 'c') continue;
    if (IsVowel(c) && !out.empty() && out.back() == c) continue;
    out += c == 'x' ? 'h' : c;
  }
  return out;
}

}  // namespace

std::string Skeleton(std::string_view token) {
  // Long vowels written as Arabic writes them: waw and ya.
  std::string spelled;
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    char next = i + 1 < token.size() ? token[i + 1] : '\0';
    if ((c == 'o' && (next == 'u' || next == 'o')) || (c == 'u' && next == 'u')) {
      spelled += 'w';
      ++i;
    } else if ((c == 'e' && next == 'e') || (c == 'i' && next == 'i') || ((c == 'a' || c == 'e') && next == 'i')) {
      spelled += 'y';  // a long i, or the diphthong ai/ei that Arabic writes with ya: Haidar, Hussein
      ++i;
    } else if (c == 'i' && i + 1 == token.size() && i > 0) {
      spelled += 'y';
    } else if (c == 'i' && IsVowel(next)) {
      spelled += 'y';  // consonantal i: Mariam = Maryam, Aliev = Aliyev, ICAO's Iurii = Yuriy
    } else if (c == 'x') {
      spelled += "ks";  // Alexey = Aleksei
    } else if (c == 'q') {
      spelled += 'k';  // ق written q or k: Qasim = Kassem
    } else {
      spelled += c;
    }
  }
  std::string out;
  for (char c : spelled) {
    if (IsVowel(c)) continue;
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

std::string LooseSkeleton(std::string_view skeleton) {
  std::string out;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    if (i > 0 && (skeleton[i] == 'w' || skeleton[i] == 'y')) continue;
    // The h of gh, kh, dh, th and ch, which one clerk writes and another
    // does not: Ghirmay = Girmay, Khadija = Kadija, Kadhim = Kadim.
    if (i > 0 && skeleton[i] == 'h' && std::string_view("gkdtc").find(skeleton[i - 1]) != std::string_view::npos) continue;
    // ph as f (Bengali ফ: লতিফ, latiph, Latif; Philip, Filip).
    if (i > 0 && skeleton[i] == 'h' && skeleton[i - 1] == 'p') {
      out.back() = 'f';
      continue;
    }
    // The h of ksh, which Indian and Nepali spellings write as x as often
    // (क्ष: Lakshman = Laxman, whose x the skeleton reads as ks).
    if (i > 1 && skeleton[i] == 'h' && skeleton[i - 1] == 's' && skeleton[i - 2] == 'k') continue;
    // Somali writes z as s (Xamse = Hamza); c is k as Italian and English
    // spellings write it (Gebremichael = Gebremikael, Victor = Viktor).
    const char c = skeleton[i] == 'z' ? 's' : skeleton[i] == 'c' ? 'k' : skeleton[i];
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  // The h of Allah that ends a name, which Latin spellings leave out as
  // often as not: Abdallah = Abdalla, Hayatullah = Hayatulla (bdl, htl).
  if (out.size() > 3 && out.ends_with("lh")) out.pop_back();
  return out;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool IsTitle(std::string_view word) {
  return word == "begum" || word == "khatun" || word == "khatoon" || word == "bibi" || word == "mst" ||
         word == "mosammat" || word == "mosammet" || word == "musammat" || word == "mr" || word == "mrs" ||
         word == "ms" || word == "miss" || word == "mister" || word == "madam" || word == "mme" || word == "mlle" ||
         word == "sra" || word == "srta" || word == "herr" || word == "frau";
}

bool IsLinkingWord(std::string_view word) {
  return word == "bin" || word == "ben" || word == "ibn" || word == "bint" || word == "ould" || word == "van" ||
         word == "thi";
}

std::string_view KeyKindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kFull: return "full";
    case KeyKind::kSorted: return "sorted";
    case KeyKind::kJoined: return "joined";
    case KeyKind::kSkeleton: return "skeleton";
    case KeyKind::kSkeletonJoined: return "skeleton_joined";
    case KeyKind::kLooseSkeleton: return "loose_skeleton";
  }
  return "unknown";
}

namespace {

void AddKeysOfTokens(const std::vector<std::string>& tokens, std::vector<NameKey>* keys);

void AddKeys(std::string_view spelling, bool arabic_script, std::vector<NameKey>* keys) {
  std::vector<std::string> tokens = WithoutParticles(Tokens(spelling), arabic_script);
  if (tokens.empty()) return;
  AddKeysOfTokens(tokens, keys);
  // In Arabic script a word beginning with al and three letters may be a
  // name of its own (الياس, Ilyas, Elias: "alyas", not al-yas): its keys
  // with the al too.
  if (arabic_script) {
    std::vector<std::string> with_al = WithoutParticles(Tokens(spelling), true, 4);
    if (with_al != tokens) AddKeysOfTokens(with_al, keys);
  }
  // A compound with Allah written in two words ("حیات الله", "Hayat
  // Ullah") also gets the keys of its one word ("Hayatullah"), so that a
  // name going on after it meets the name that writes it whole.
  std::vector<std::string> compounds;
  for (const std::string& token : tokens) {
    const bool allah = token == "allh" || token == "allah" || token == "ullah" || token == "ulla" || token == "alla";
    if (allah && !compounds.empty()) compounds.back() += token;
    else compounds.push_back(token);
  }
  if (compounds.size() < tokens.size()) AddKeysOfTokens(compounds, keys);
  // A Latin spelling that writes the article into the word ("Alhasan",
  // "Elhassan", "Abdelaziz") also gets the keys of the words without it,
  // beside its own (an "Alexander" keeps its keys and gains those of
  // "exander"): "abdelaziz" reads as "abd aziz", as عبد العزيز does. So
  // does a word that starts with "ye" and a consonant, without its y, and
  // Muhammad abbreviated (Mohd, Muhd, Mhd, Md) as the whole word. So do,
  // without them, the words "son of" and "daughter of" (bin, ben, ibn,
  // bint, ould: "Yusuf Ibn Abdallah" = "Yusuf Abdallah"; joined before
  // abd, "Benabdellah" = "Abdellah") and the Vietnamese middle names Van and
  // Thi, which one record writes and another leaves out ("Trinh Van Long"
  // = "Trinh Long"), when they stand between two other words; and the
  // titles Bangladeshi and Pakistani records give women (Begum, Khatun,
  // Bibi; Mst. and Mosammat before the name) wherever they stand, when a
  // name is left ("Mst. Shirin Akter" = "Shirin Akter"). A Latin word
  // ending in "ou" after a consonant is read with "ov" too: the Belarusian
  // ў of Іваноў, "Ivanou", is Russian's "Ivanov".
  if (arabic_script) return;
  bool variant = false;
  std::vector<std::string> without;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string& token = tokens[i];
    // Between two names (never the first or last word: Ben Smith, Van Long,
    // where Van may be the name, Vân), or Thi first, which is never a given
    // name itself (given names without the family name: "Thi Thu Ha" =
    // "Thu Ha").
    const bool between = i > 0 && i + 1 < tokens.size();
    const bool first_middle = i == 0 && tokens.size() > 1 && token == "thi";
    // Turkic "son of" and "daughter of" follow the father's name, last too
    // (Sobir o'g'li, Ergash qizi, Asan uulu).
    const bool turkic_son_of = i > 0 && (token == "ogli" || token == "ugli" || token == "oglu" || token == "uulu" ||
                                         token == "qizi" || token == "kizi" || token == "kyzy");
    if (((between || first_middle) && IsLinkingWord(token)) || turkic_son_of || (IsTitle(token) && tokens.size() > 1)) {
      variant = true;
      continue;
    }
    if (token.size() >= 7 && (token.starts_with("benabd") || token.starts_with("binabd") || token.starts_with("ibnabd"))) {
      token.erase(0, 3);
      variant = true;
    }
    if (size_t article = AbdArticleLength(token); article > 0) {
      without.push_back("abd");
      if (token.size() > article) without.push_back(token.substr(article));
      variant = true;
      continue;
    }
    if (token == "mohd" || token == "muhd" || token == "mhd" || token == "md") {
      token = "mohammad";  // Muhammad abbreviated, as Syrian, Afghan and Malaysian documents do
      variant = true;
    } else if (token.size() > 5 && (token.starts_with("al") || token.starts_with("el"))) {
      token.erase(0, 2);
      variant = true;
    } else if (token.size() > 4 && token.starts_with("ye") && !IsVowel(token[2])) {
      token.erase(0, 1);  // BGN's word-initial Е as "ye", ICAO's as "e": Yevgeniy, Evgenii
      variant = true;
    } else if (token.size() >= 5 && token.ends_with("ou") && !IsVowel(token[token.size() - 3])) {
      token.replace(token.size() - 2, 2, "ov");  // Belarusian Ivanou, Kavalou
      variant = true;
    }
    without.push_back(std::move(token));
  }
  if (variant && !without.empty()) AddKeysOfTokens(without, keys);
}

void AddKeysOfTokens(const std::vector<std::string>& tokens, std::vector<NameKey>* keys) {
  std::vector<std::string> sorted = tokens;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> skeletons;
  for (const std::string& token : tokens) {
    std::string skeleton = Skeleton(token);
    if (!skeleton.empty()) skeletons.push_back(std::move(skeleton));
  }
  std::string joined = Join(tokens, "");
  keys->push_back({KeyKind::kFull, Join(tokens, " ")});
  keys->push_back({KeyKind::kSorted, Join(sorted, " ")});
  keys->push_back({KeyKind::kJoined, joined});
  // A name of vowels only ("Ea") has no skeleton.
  if (!skeletons.empty()) keys->push_back({KeyKind::kSkeleton, Join(skeletons, " ")});
  std::string skeleton_joined = Skeleton(joined);
  if (!skeleton_joined.empty()) keys->push_back({KeyKind::kSkeletonJoined, std::move(skeleton_joined)});
  std::vector<std::string> loose;
  for (const std::string& skeleton : skeletons) {
    std::string token = LooseSkeleton(skeleton);
    if (!token.empty()) loose.push_back(std::move(token));
  }
  if (!loose.empty()) keys->push_back({KeyKind::kLooseSkeleton, Join(loose, " ")});
  // And the loose skeleton of the joined name, so that parts split in one
  // spelling and joined in another meet here too ("ذبیح الله" -> "zbyh allh"
  // and "Zabihullah" give "zbhlh").
  if (tokens.size() > 1) {
    std::string loose_joined = LooseSkeleton(Skeleton(joined));
    if (!loose_joined.empty()) keys->push_back({KeyKind::kLooseSkeleton, std::move(loose_joined)});
  }
}

// Hashes `keys` and puts them in NameKey order, without duplicates.
void InOrder(std::vector<NameKey>* keys) {
  for (NameKey& key : *keys) key.hash = std::hash<std::string>{}(key.value);
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

}  // namespace

Result<NameKeys> KeysOf(std::string_view utf8_name, bool turkish_record) {
  if (size_t bad = InvalidUtf8Offset(utf8_name); bad != std::string_view::npos) {
    return Status::InvalidArgument("name is not well-formed UTF-8 at byte " + std::to_string(bad) + ": " +
                                   EscapeForMessage(utf8_name, 64));
  }
  NameKeys keys;
  keys.written = std::string(utf8_name);
  const Script base = HasEthiopic(utf8_name) ? Script::kEthiopic : HasIndic(utf8_name) ? Script::kIndic : Script::kAny;
  Result<std::string> latin = ToAsciiLatin(utf8_name, base);
  if (!latin.ok()) return latin.status();
  keys.latin = std::move(*latin);
  bool arabic_script = HasArabic(utf8_name);
  AddKeys(keys.latin, arabic_script, &keys.keys);
  // Another spelling's keys, when it differs from the general one.
  auto add_spelling = [&](Script script, std::string* spelling) -> Status {
    Result<std::string> made = ToAsciiLatin(utf8_name, script);
    if (!made.ok()) return made.status();
    if (*made == keys.latin) return Status::Ok();
    *spelling = std::move(*made);
    AddKeys(*spelling, arabic_script, &keys.keys);
    return Status::Ok();
  };
  if (HasCyrillic(utf8_name)) {
    for (auto [script, spelling] : {std::pair{Script::kRussian, &keys.bgn}, std::pair{Script::kUkrainian, &keys.ukrainian},
                                    std::pair{Script::kIcao, &keys.icao}}) {
      if (Status s = add_spelling(script, spelling); !s.ok()) return s;
    }
  }
  if (HasGreek(utf8_name)) {
    for (auto [script, spelling] : {std::pair{Script::kGreek, &keys.greek}, std::pair{Script::kGreekKh, &keys.greek_kh}}) {
      if (Status s = add_spelling(script, spelling); !s.ok()) return s;
    }
  }
  if (HasBengali(utf8_name) && keys.latin.find('j') != std::string::npos) {
    if (Status s = add_spelling(Script::kBengaliZ, &keys.bengali_z); !s.ok()) return s;
  }
  if (turkish_record || HasTurkishLetters(utf8_name)) {
    if (Status s = add_spelling(Script::kTurkish, &keys.turkish); !s.ok()) return s;
  }
  if (arabic_script) {
    if (Status s = add_spelling(Script::kPersian, &keys.persian); !s.ok()) return s;
    if (utf8_name.find("ج") != std::string_view::npos) {
      if (Status s = add_spelling(Script::kEgyptian, &keys.egyptian); !s.ok()) return s;
    }
  }
  // Cyrillic names as German or French records romanise them, Indonesian
  // names in their old spelling, Russian kh as h, Spanish y as j, German
  // and Italian spellings of Arabic, Somali and Tigrinya names.
  if (!arabic_script && !HasCyrillic(utf8_name)) {
    for (auto [read, spelling] : {std::pair{&GermanReading, &keys.german}, std::pair{&FrenchReading, &keys.french},
                                  std::pair{&IndonesianReading, &keys.indonesian}, std::pair{&KhReading, &keys.kh_as_h},
                                  std::pair{&YReading, &keys.y_as_j}, std::pair{&GermanArabicReading, &keys.german_arabic},
                                  std::pair{&ItalianReading, &keys.italian}}) {
      *spelling = read(keys.latin);
      if (!spelling->empty()) AddKeys(*spelling, arabic_script, &keys.keys);
    }
  }
  // Russian patronymics as the fathers' names (of the general spelling and
  // BGN's, which writes ш sh: Эргашевна, ergashevna, Ergash qizi), and the
  // name without its patronymic, kept apart (NameKeys::without_patronymic).
  NameKeys without;
  for (const std::string* spelling : {&keys.latin, &keys.bgn}) {
    if (std::string read = PatronymicReading(*spelling); !read.empty()) {
      AddKeys(read, arabic_script, &keys.keys);
      if (keys.patronymic.empty()) keys.patronymic = std::move(read);
    }
    if (std::string left = WithoutPatronymic(*spelling); !left.empty()) AddKeys(left, arabic_script, &without.keys);
  }
  if (!without.keys.empty()) {
    InOrder(&without.keys);
    keys.without_patronymic = std::make_shared<const NameKeys>(std::move(without));
  }
  // Somali writes no "ch": a name with it is not read as Somali.
  if (utf8_name.find_first_of("cCxX") != std::string_view::npos && keys.latin.find("ch") == std::string::npos) {
    keys.somali = SomaliReading(keys.latin);
    AddKeys(keys.somali, arabic_script, &keys.keys);
  }
  // Cyrillic writes every vowel, as Latin spellings do; Arabic script
  // writes only the long ones, Ge'ez as ICU spells it its own.
  keys.latin_letters = !HasOtherThanLatinLetters(utf8_name);
  keys.vowels_as_written = keys.somali.empty() && keys.latin_letters;
  keys.cyrillic = !arabic_script && HasCyrillic(utf8_name);
  keys.vietnamese = keys.vowels_as_written && HasVietnameseLetters(utf8_name);
  InOrder(&keys.keys);
  return keys;
}

bool ShareAKey(const NameKeys& a, const NameKeys& b) {
  bool shared = false;
  ForEachSharedKey(a, b, [&](const NameKey&) { return !(shared = true); });
  return shared;
}

bool ShareKey(const NameKeys& a, const NameKeys& b, KeyKind kind) {
  bool shared = false;
  ForEachSharedKey(a, b, [&](const NameKey& key) { return !(shared = key.kind == kind); });
  return shared;
}

}  // namespace palermo::linkage
