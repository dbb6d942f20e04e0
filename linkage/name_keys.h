// Name keys: the spellings under which two records' names may meet, for
// blocking and scoring (issue #10; docs/LINKAGE.md). A name is read through
// ICU (linkage/transliterate.h) into one or more ASCII spellings, and each
// spelling gives keys of several kinds; two names share a key when they
// have a key of the same kind with the same value.
//
// The spellings of a name:
//   - general: Any-Latin; Latin-ASCII (always);
//   - BGN: Russian-Latin/BGN, when the name has Cyrillic letters
//     ("Юрий Щукин" -> "yuriy shchukin"; the general one is "urij sukin");
//   - Ukrainian BGN, when it has Cyrillic ("Григорій" -> "hryhoriy");
//   - ICAO 9303, passports' spelling, when it has Cyrillic ("iurii shchukin");
//   - Pashto and Persian BGN, when it is in Arabic script (Dari and Pashto:
//     "ذبیح الله" -> "zbyh allh", where the general spelling has "dhbyh allh");
//   - Egyptian, when it is in Arabic script with ج: ج as g ("جمال" -> "gmal");
//   - German and French: a Latin-script name that shows how German (Duden)
//     or French romanise Cyrillic ("sch", a word ending in ow, owa, ew,
//     ewa or ij; "tch", or "ou" in a name ending as Slavic names do) read
//     back: sch as sh, tsch as ch, sh as zh, w as v, j as y, z as ts, s
//     between vowels as z ("Schewtschuk" -> "shevchuk", "Morosowa" ->
//     "morozova"); tch as ch, ch as sh, j as zh, ou as u, a final ff as v
//     ("Tchernychev" -> "chernyshev", "Joukov" -> "zhukov");
//   - Indonesian: a Latin-script name that shows the spelling before 1972
//     (tj or oe) read in today's: tj as c, dj as j, j as y, oe as u, nj as
//     ny, sj as sy, ch as kh ("Tjahjo" -> "cahyo", "Soeharto" -> "suharto");
//   - Somali: when a Latin-script name has c or x (and no "ch", which
//     Somali does not write), the general spelling read
//     as Somali orthography: c (ʿayn) dropped as Any-Latin drops the
//     Arabic ʿ, x (ḥ) as h ("maxamed cabdiraxmaan" -> "mahamed abdirahmaan").
// A spelling equal to the general one adds nothing and is left empty.
//
// Particles: the tokens "al" and "el" are dropped from every spelling
// ("Mohammed Al-Amin" and "Mohammed Amin" meet); in names written in Arabic
// script the article's prefix "al" is dropped from every token longer than
// four letters ("الرحمن" -> "alrhmn" -> "rhmn"), and a compound written with
// the article inside ("عبدالرحمن" -> "bdalrhmn") is read as "bd rhmn". A
// Latin-script token longer than five letters that starts with "al" or "el"
// ("Alhasan") gives the keys of the spelling without that prefix ("hasan")
// beside its own, and "abdel", "abdul", "abdal" as a word or the start of
// one ("Abdelaziz") as "abd" and the rest ("abd aziz"); the abbreviations
// of Muhammad ("Mohd", "Muhd", "Mhd", "Md") also give the keys of "mohammad";
// a name with "bin", "ben", "ibn", "bint" or "ould" between two other words
// (or a word starting with benabd, binabd or ibnabd: "Benabdellah") also
// gives the keys without it, and so does one with "van"
// or "thi" between two other words (Vietnamese middle names, often left out).
//
// The kinds of key, from each spelling's tokens (particles dropped):
//   kFull      the tokens in order:             "mohamed abdi rahman"
//   kSorted    the tokens sorted (patronymics, given and family swapped):
//                                               "abdi mohamed rahman"
//   kJoined    the tokens joined without spaces (split or joined parts):
//                                               "mohamedabdirahman"
//   kSkeleton  each token's consonant skeleton: "mhmd bdy rhmn"
//   kSkeletonJoined  the skeleton of kJoined:   "mhmdbdrhmn"
//   kLooseSkeleton   each skeleton without the w and y of long vowels
//                    (kept at a token's start): "Yusuf" and "يوسف" ("ywsf")
//                    give "ysf"; weaker than kSkeleton ("Mahmoud" and
//                    "Mohamed" meet on "mhmd"), z read as s (Somali
//                    writes z as s: "Xamse" = "Hamza"), the h of gh, kh,
//                    dh, th and ch dropped ("Ghirmay" = "Girmay"), c read
//                    as k ("Gebremichael" = "Gebremikael"), and the
//                    h of a final Allah ("Abdallah" = "Abdalla"). A name of several
//                    tokens also has the loose skeleton of kJoined: "mhmdbdrhmn".
// The skeleton of a token: "ou", "oo", "uu" become w and "ee", "ii", "ai",
// "ei" y (the long vowels and diphthongs Arabic writes with waw and ya:
// "Haidar" meets "حیدر" -> "hydr", and Hussein is no longer Hassan), an i
// before a vowel becomes y ("Mariam" = "Maryam", "Aliev" = "Aliyev", and
// ICAO's "Iurii" = "Yuriy"), x becomes ks ("Alexey" = "Aleksei"), q
// becomes k (ق: "Qasim" = "Kassem"), a
// final i becomes y (so "Ali" meets Arabic "علي" -> "ly"); then the vowels a, e, i, o, u are
// dropped (y and w are consonants: "tasefay" -> "tsfy") and doubled letters
// collapsed ("mohammed" -> "mhmd"). Known limit: Latin spellings that differ
// only in vowels meet, e.g. "Mahmud" and "Mohamed" ("mhmd"), though
// "Mahmoud" ("mhmwd") does not, and "Hassan" and "Hussein" ("hsn"); a
// final i is final only in its token, so the joined skeletons of "Hassan
// Ali" and "Husni Ali" are both "hsnly".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"

namespace palermo::linkage {

// Which version of the spellings and keys below a store's candidates were
// made with (part of LinkageFingerprint): raise it when a change here would
// give a name other keys, so that stored candidates are computed again.
// 2: ICAO 9303, Ukrainian, Pashto/Persian and Egyptian spellings; "abd al-"
// compounds; the joined loose skeleton; a token's first i before a vowel
// read as y, x as ks, q as k; z as s in the loose skeleton. 3: the loose
// skeleton without the h of gh, kh, dh, th; Mohd, Muhd, Mhd, Md read as
// Mohammad too. 4: Kazakh, Kyrgyz and Tajik letters; the keys without bin,
// ben, ibn, bint, ould and without the Vietnamese middle names Van and Thi;
// the German and French readings. 5: the loose skeleton without a final h,
// g as k (left out again in 6: Darwish = Idris, Jamal = Kamal). 6: the
// joined particle only before abd (Benabdellah; Benjamin is not Jamin).
// 7: the Ge'ez tsadi and tsappa as ts; the loose skeleton without the h of
// a final Allah; the German reading only of Russian-looking names. 8: the
// loose skeleton reads ch and c as k; the keys without women's titles
// (Begum, Mst.); a final "ou" after a consonant also read as "ov". 9: the
// French reading of Arabic names (ch as sh, dj as j). 10: whether a name
// is written as Vietnamese is (NameKeys::vietnamese); the Indonesian
// reading of the spelling before 1972. 11: an apostrophe inside a word
// dropped (Dem'yanchuk, Sa'id), not read as a space; a first Thi left out
// too (given names "Thi Thu Ha", "Thu Ha"); foreign names in Greek script
// read back (ΜΠΕΡΙΝΤΖΕ, Beridze). 12: names in Turkish or Kurmanji
// Latin read back (SEYİT AHMET, Seyid Ahmed; Xalid, Khalid). 13: Russian
// patronymics read as the fathers' names (Тахирович, Tahir); Turkic "son
// of" and "daughter of" left out after a name (Sobir o'g'li, Ergash qizi).
inline constexpr int kNameKeysVersion = 21;

enum class KeyKind { kFull, kSorted, kJoined, kSkeleton, kSkeletonJoined, kLooseSkeleton };

// "full", "sorted", "joined", "skeleton", "skeleton_joined", "loose_skeleton".
std::string_view KeyKindName(KeyKind kind);

struct NameKey {
  KeyKind kind;
  std::string value;
  // A hash of `value` (KeysOf sets it; in memory only, never stored): keys
  // are ordered by kind, hash, then value, so that comparing two records'
  // keys mostly compares integers.
  size_t hash = 0;

  // The order of NameKeys::keys (Compare's sign).
  static int Compare(const NameKey& x, const NameKey& y) {
    if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
    if (x.hash != y.hash) return x.hash < y.hash ? -1 : 1;
    return x.value.compare(y.value);
  }
  friend bool operator<(const NameKey& x, const NameKey& y) { return Compare(x, y) < 0; }
  // The same key: kind and value (the hash follows the value).
  friend bool operator==(const NameKey& x, const NameKey& y) { return x.kind == y.kind && x.value == y.value; }
};

struct NameKeys {
  // The name as written (the UTF-8 KeysOf was given).
  std::string written;
  // The general spelling with its particles, for showing: "mhmd bd alrhmn".
  std::string latin;
  // The BGN spelling when the name has Cyrillic letters, else empty.
  std::string bgn;
  // The Ukrainian BGN and ICAO 9303 spellings when it has Cyrillic letters,
  // the Persian BGN spelling when it is in Arabic script; else empty.
  std::string ukrainian, icao, persian;
  // The Egyptian spelling (ج as g) when it is in Arabic script with ج.
  std::string egyptian;
  // The Bengali spelling with j as z (Script::kBengaliZ) when it is in
  // Bengali script with a j.
  std::string bengali_z;
  // The Greek readings (χ as h, as kh) of a name in Greek script.
  std::string greek, greek_kh;
  // As Turkish and Kurmanji clerks write names, read back (Script::kTurkish),
  // when the name or its record has their letters (HasTurkishLetters).
  std::string turkish;
  // Russian patronymics read as the fathers' names ("Тахирович" ->
  // "tahir"), when the name has one (PatronymicReading).
  std::string patronymic;
  // The keys of the name without its patronymic (WithoutPatronymic), when
  // it has one; else null. Kept apart from `keys`: a passport (ICAO 9303)
  // leaves the patronymic out, so a name without one meets these
  // (linkage/compare_names.cc), but two names that both have one are told
  // apart by it (cousins Ivan Petrovich and Ivan Sergeevich Sidorov).
  std::shared_ptr<const NameKeys> without_patronymic;
  // The Somali reading when the name is Latin with c or x, else empty.
  std::string somali;
  // A Latin name that shows German or French ways of romanising Cyrillic
  // read back towards BGN ("Schewtschuk" -> "shevchuk", "Tchernychev" ->
  // "chernyshev"), when it shows them (GermanReading, FrenchReading).
  std::string german, french;
  // A Latin name with a Russian ending (-ov, -eva, -ovich) and a kh read
  // with h (KhReading: "Farrukh Rakhimov" -> "farruh rahimov"), when it
  // has them.
  std::string kh_as_h;
  // A Latin name read as German clerks spell Arabic, Kurdish, Persian and
  // Tigrinya names (GermanArabicReading: "Dschamal Chalil" -> "jamal
  // khalil"), when it shows their ways.
  std::string german_arabic;
  // A Latin name read as Italian clerks spell Somali and Tigrinya names
  // (ItalianReading: "Scek Abdi Aues" -> "shek abdi awes"), when it shows
  // their ways.
  std::string italian;
  // A Latin name with a word beginning with y and a vowel read with j
  // there (YReading: "Yan Luis" -> "jan luis"), when it has one.
  std::string y_as_j;
  // A Latin name in the Indonesian spelling before 1972 read in today's
  // (IndonesianReading: "Tjahjo" -> "cahyo"), when it shows it.
  std::string indonesian;
  // Every key of every spelling, in NameKey order (kind, hash, value),
  // without duplicates. Empty when the name has no letters or digits.
  std::vector<NameKey> keys;
  // Written in Latin letters only, and not in Somali orthography: its
  // vowels are as a clerk wrote them after the usual Latin spellings of
  // Arabic, not as a transliteration supplied them (name_words.h), nor as
  // Somali writes them (Siciid for Saʿīd, Faadumo for Fatima).
  bool vowels_as_written = false;
  // Written in Latin letters only, in Somali orthography or not: its words
  // are as a clerk wrote them (Cristina, whose c may be Somali's ʿayn).
  bool latin_letters = false;
  // Written with Cyrillic letters (and none of Arabic script): its vowels
  // are written, but Belarusian and Ukrainian Latin spellings give some
  // others (Сергей, Siarhei), so only an a against a u tells two apart.
  bool cyrillic = false;
  // Written as Vietnamese is (HasVietnameseLetters: Nguyễn Thị Huệ): its
  // syllables are told apart by every vowel (Huệ and Hoa, Hào and Hai),
  // which Latin spellings of it keep, tone marks aside.
  bool vietnamese = false;
};

// The keys of one name. InvalidArgument when `utf8_name` is not well-formed
// UTF-8 (with the offset of the first bad byte): a name is never guessed
// from broken bytes. Unavailable when ICU cannot build its transforms.
// Safe to call from any number of threads at once. `turkish_record`: the
// name is of a record whose names show Turkish or Kurmanji letters
// (HasTurkishLetters), so that it is read so too where it has none of them
// itself (a family name "MAHMUT" beside "ASİF MAHMUT").
Result<NameKeys> KeysOf(std::string_view utf8_name, bool turkish_record = false);

// Calls fn(key) for each key `a` and `b` have in common (same kind, same
// value), in order, without copying: comparisons call it for every pair.
// When fn returns bool, false stops the walk (a question answered early).
template <typename Fn>
void ForEachSharedKey(const NameKeys& a, const NameKeys& b, Fn&& fn) {
  auto x = a.keys.begin(), y = b.keys.begin();
  while (x != a.keys.end() && y != b.keys.end()) {
    const int order = NameKey::Compare(*x, *y);
    if (order < 0) {
      ++x;
    } else if (order > 0) {
      ++y;
    } else {
      if constexpr (std::is_same_v<std::invoke_result_t<Fn&, const NameKey&>, bool>) {
        if (!fn(*x)) return;
      } else {
        fn(*x);
      }
      ++x;
      ++y;
    }
  }
}

// Calls fn(word) for each word of `text` (the runs between single spaces,
// as keys and spellings hold them), in order; empty runs are skipped.
template <typename Fn>
void ForEachWord(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const size_t space = text.find(' ');
    if (space != 0) fn(text.substr(0, space));
    if (space == std::string_view::npos) return;
    text.remove_prefix(space + 1);
  }
}

// The German and French readings of a lower-case ASCII spelling (see
// above), or empty when it shows no such romanisation. A name that does
// not look Slavic is read as French spells Arabic names: ch as sh in words
// of five letters or more, dj as j ("rachid" -> "rashid", "djamel" ->
// "jamel").
std::string GermanReading(std::string_view spelling);
std::string FrenchReading(std::string_view spelling);
// The Indonesian reading (see above) of a lower-case ASCII spelling with
// tj or oe, else empty.
std::string IndonesianReading(std::string_view spelling);
// Russian writes the h and the kh of Arabic, Persian and Central Asian
// names alike (х: Рахимов for Rahimov, Хасан for Hasan, Мухаммад), so a
// Latin spelling made from it writes kh for both; a name written in
// Cyrillic has h in its general spelling (Any-Latin reads х as h). The
// reading of a lower-case ASCII spelling with kh and a word ending as
// Russian names end (-ov, -ev, -ova, -eva, -ovich, -evich, -ovna, -evna)
// with every kh as h; else empty.
std::string KhReading(std::string_view spelling);
// German clerks write Arabic, Kurdish, Persian and Tigrinya names in
// German orthography: dsch for j (Dschamal), sch for sh (Scheich), ch for
// kh (Chalid, Achmed), j for y (Jussuf), tsch for ch, tz for ts (Tzegai),
// ss for s. The reading of a lower-case ASCII spelling with ch (sch, dsch)
// or tz, read back so (and a word beginning with j and a vowel read with y:
// "Jussuf El-Chatib" -> "yusuf el khatib"); else empty.
// (GermanReading reads German spellings of Russian names, a narrower set.)
std::string GermanArabicReading(std::string_view spelling);
// Italian clerks write Somali and Tigrinya names in Italian orthography,
// as the colonial spellings did: sc before e or i for sh (Scek, Ascia),
// gi before a, o or u for j (Giama; not Osagie), gh for g (Ghebremariam), u before a vowel
// at the start of a word or between vowels for w (Uarsame, Aues), i before
// a vowel at the start of a word for y (Iusuf, Iemane). The reading of a
// lower-case ASCII spelling that shows one of these, read back so; else
// empty.
std::string ItalianReading(std::string_view spelling);
// Spanish writes the j of French and English names, which it says
// otherwise, as y (Yan for Jean, Yoni for Johnny, Yenifer for Jennifer):
// the reading of a lower-case ASCII spelling with a word beginning with y
// and a vowel, with j for that y; else empty.
std::string YReading(std::string_view spelling);
// The patronymic reading (see above) of a lower-case ASCII spelling with a
// word ending in -ovich, -evich, -ovna or -evna, else empty.
std::string PatronymicReading(std::string_view spelling);
// The spelling without its words ending so, when two words or more are
// left, else empty: "nurlan serikovich zhumabekov" -> "nurlan zhumabekov".
std::string WithoutPatronymic(std::string_view spelling);

// The words "son of" and "daughter of" (bin, ben, ibn, bint, ould) and the
// Vietnamese middle names Van and Thi, which one record writes between two
// names and another leaves out (the keys are made without them too).
bool IsLinkingWord(std::string_view word);

// Whether a lower-case ASCII letter is one of the vowels a, e, i, o, u
// (y and w are consonants here, as in the skeletons).
bool IsVowel(char c);

// The titles Bangladeshi and Pakistani records give women (begum, khatun,
// khatoon, bibi; mst, mosammat, mosammet, musammat before the name), and
// the forms of address a caller or a clerk puts before a name (mr, mrs, ms,
// miss, mister, madam, mme, mlle, sra, srta, herr, frau: "Mr Chen"), which
// one record writes and another does not (the keys are made without them
// too, wherever they stand).
bool IsTitle(std::string_view word);

// A skeleton without its w and y after the first letter (kLooseSkeleton).
std::string LooseSkeleton(std::string_view skeleton);

// The consonant skeleton of one lower-case ASCII token (see above):
// "tasefaye" -> "tsfy", "mohammed" -> "mhmd", "mahmoud" -> "mhmwd".
std::string Skeleton(std::string_view token);

// True when `a` and `b` have a key in common.
bool ShareAKey(const NameKeys& a, const NameKeys& b);

// True when `a` and `b` have a key of `kind` in common.
bool ShareKey(const NameKeys& a, const NameKeys& b, KeyKind kind);

}  // namespace palermo::linkage
