// Names into lower-case ASCII Latin through ICU's transforms (ICU 72,
// Debian libicu-dev), the first step of every name key (linkage/name_keys.h).
//
// ICU transliterators are expensive to build and not safe for concurrent
// use of one instance: each transform is built once per process (the
// prototype, under a std::once_flag) and cloned once per thread
// (thread_local), so any number of threads may call these at once without
// a lock after their first call.
//
// ICAO 9303 (the spelling of passports' Latin fields) has no ICU
// transform: its Cyrillic table (Doc 9303 Part 3, section 6, the column for
// every language) is written here as ICU rules, and ICU's engine applies it
// as it applies its own transforms (linkage/transliterate.cc, kIcaoRules).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace palermo::linkage {

// Which transform leads the chain.
enum class Script {
  kAny,      // Any-Latin: every script ICU knows (Arabic, Cyrillic, Thai...).
  kRussian,  // Russian-Latin/BGN (US Board on Geographic Names) for Cyrillic.
  kUkrainian,  // Ukrainian-Latin/BGN: Г as h, И as y ("Григорій" -> "hryhoriy").
  kIcao,     // ICAO 9303 for Cyrillic: "Юрий Щукин" -> "iurii shchukin".
  // Pashto-Latin/BGN then Persian-Latin/BGN, for names in Arabic script as
  // Dari and Pashto speakers say them: ذ ض ظ as z, ث as s, Pashto's own
  // letters ("ذبیح" -> "zbyh", where the general spelling has "dhbyh";
  // "ځلمی" -> "dzlmy"). The article ال is kept as "al" (the BGN tables
  // would drop its alef).
  kPersian,
  // The general spelling with ج as g, as Egyptian and Sudanese names are
  // spelled in Latin ("جمال" -> "gmal": Gamal).
  kEgyptian,
  // Greek script as Greek clerks write foreign names in it, read back: μπ
  // b, ντ d, γκ g, τζ j, ου u (w before a vowel), γι y before a vowel, η
  // and υ i, χ h ("ΜΠΕΡΙΝΤΖΕ" -> "beridze", "ΧΟΝΤΑΝ" -> "hodan"); kGreekKh
  // reads χ as kh (ΧΑΛΕΝΤ: Khaled; Greek writes ح and خ alike).
  kGreek,
  kGreekKh,
  // Latin as Turkish (and Kurdish Kurmanji) clerks write Arabic, Persian
  // and Kurdish names, read as English-style spellings write them: c as j,
  // ç ch, ş sh, ğ gh, x kh (Kurmanji), and a final t after a vowel as d,
  // which Turkish devoices ("SEYİT AHMET" -> "seyid ahmed", "Cafer" ->
  // "jafer", "Xalid Şêxo" -> "khalid shekho").
  kTurkish,
  // Any-Latin for Ge'ez script (Tigrinya, Amharic, Oromo written in it),
  // its palatals as the names are spelled in Latin: ጀ j, ቸ and ጨ ch, ሸ sh,
  // ዠ zh, ኘ gn, ጸ and ፀ ts ("ከድጃ" -> "kadeja", "ገመቹ" -> "gamachu",
  // "ሽፈራው" -> "sheferaw"), where Latin-ASCII would write g, c, s, z, n.
  kEthiopic,
  // Any-Latin for Bengali and Devanagari script (Bengali, Nepali, Hindi
  // names), without the inherent vowel that ends a word, ś and ṣ as sh, ṅ
  // as ng, মোঃ as md ("মোঃ জাকির হোসেন" -> "md jakir hosen", "राम बहादुर
  // तामाङ" -> "ram bahadur tamang").
  kIndic,
  // The same, with j as z: Bengali writes the z of Arabic names with জ
  // (জাকির: Jakir, Zakir).
  kBengaliZ,
};

// `utf8` (well-formed UTF-8: the caller checks) through `script`'s
// transform, Latin-ASCII, with modifier letters ([:Lm:], e.g. the ʿ of
// ʿayn) and non-spacing marks removed, U+01DD ǝ (Ge'ez sixth order) read
// as e, lower-cased; every character that is not a letter or digit
// (punctuation, hyphens, symbols, spaces) becomes one space, with none at
// either end. Letters without an ASCII form stay as they are.
//   "محمد عبد الرحمن" -> "mhmd bd alrhmn"
//   kRussian "Юрий Щукин" -> "yuriy shchukin" (kAny: "urij sukin")
//   kAny "فاطمة" -> "fatma" (a final ة as a; kPersian: "fatmh")
// Unavailable when ICU cannot build the transform (its data is missing).
// Word by word (split at spaces), each word's spelling remembered per
// thread; the same as ToAsciiLatinWhole (tested on the transliteration set).
Result<std::string> ToAsciiLatin(std::string_view utf8, Script script);

// The same, the whole text through ICU at once, nothing remembered.
Result<std::string> ToAsciiLatinWhole(std::string_view utf8, Script script);

// `utf8` case-folded (Unicode full case folding): "NGUYỄN THỊ HÒA" and
// "Nguyễn Thị Hòa" fold alike.
std::string CaseFolded(std::string_view utf8);

// True when `utf8` holds a letter of the script: Cyrillic or Arabic.
bool HasCyrillic(std::string_view utf8);
bool HasArabic(std::string_view utf8);
bool HasGreek(std::string_view utf8);
bool HasEthiopic(std::string_view utf8);
// Bengali or Devanagari letters; Bengali ones.
bool HasIndic(std::string_view utf8);
bool HasBengali(std::string_view utf8);
// Whether `utf8` has a letter of Turkish or Kurmanji Latin that no other
// Latin spelling of these names uses: ş, ı, İ, ğ, or ê, î, û outside
// Vietnamese.
bool HasTurkishLetters(std::string_view utf8);
// Whether `utf8` has a letter of another script than Latin.
bool HasOtherThanLatinLetters(std::string_view utf8);
// Whether `utf8` is written as Vietnamese is: with ơ or ư, a letter with a
// tone mark of Vietnamese (U+1EA0 to U+1EF9: ễ, ị, ầ), or the middle name
// Văn (ă alone is Romanian too, ê and ô Kurdish and French).
bool HasVietnameseLetters(std::string_view utf8);

}  // namespace palermo::linkage
