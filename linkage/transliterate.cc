#include "linkage/transliterate.h"

#include <unicode/translit.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace palermo::linkage {
namespace {

// Modifier letters go before Latin-ASCII (which would turn the ʹ of
// Russian-Latin/BGN into an apostrophe) and again after it (Any-Latin's ʿ
// for Arabic ʿayn survives ASCII folding). The Arabic ة (ta marbuta) that
// ends a name is said, and written in Latin, as a ("Fatima", "Aisha"); the
// Pashto gaf ګ, which Any-Latin leaves as it is, is g. The Cyrillic letters
// of Kazakh and Kyrgyz (Ә Ғ Қ Ң Ө Ұ Ү Һ І), most of which Any-Latin and
// Russian-Latin/BGN leave as they are, go through ICU's Kazakh-Latin/BGN
// ("Әсем Нұрланова" -> "asem nurlanova"); Tajik's own (Ҷ Ҳ Ӣ Ӯ), which no
// ICU transform reads, are written here, and so are the letters of Sorani
// Kurdish in Arabic script that no ICU transform reads (ە and ێ e, ۆ o, ڕ r,
// ڵ l, ھ h: "شێرکۆ" -> "sherko", "ڕێبوار" -> "rebwar"); the turned e and the
// schwa of Azerbaijani Latin (Əliyev), which Latin-ASCII keeps, are e and a.
#define PALERMO_ASCII_TAIL                                                                                 \
  ":: [ӘәҒғҚқҢңӨөҰұҮүҺһІі] Kazakh-Latin/BGN; Ҷ > J; ҷ > j; Ҳ > H; ҳ > h; Ӣ > I; ӣ > i; Ӯ > U; ӯ > u;" \
  "ە > e; ێ > e; ۆ > o; ڕ > r; ڵ > l; ھ > h;"                                                              \
  ":: Any-Latin; :: [:Lm:] Remove; :: Latin-ASCII; ǝ > e; Ǝ > e; ə > a; Ə > a; :: [[:Lm:][:Mn:]] Remove;"
// The Ge'ez tsadi and tsappa (ጸ, ፀ and their vowel forms), which Any-Latin
// writes ṣ and ḍ, are ts in the romanisations Eritrean and Ethiopian names
// are known by (Tsegaye, Tsehay, Tsion).
#define PALERMO_GEEZ_TS                                                                                   \
  "ጸ > tsa; ጹ > tsu; ጺ > tsi; ጻ > tsa; ጼ > tse; ጽ > tse; ጾ > tso; ጿ > tswa;"                              \
  "ፀ > tsa; ፁ > tsu; ፂ > tsi; ፃ > tsa; ፄ > tse; ፅ > tse; ፆ > tso; ፇ > tswa;"
// Arabic script writes the ch of foreign names, which it has no letter
// for, as تش (تشاد, Chad; جيميتشو, Gemechu): ch here and in Egyptian
// spellings, where Persian has its own چ (and آتش is atash). A ه ending a
// name after a consonant (not Allah's ل) is, as often as not, a ة written
// without its dots (خديجه, فاطمه): a here, h in the Persian and Egyptian
// spellings (Fatemeh, Taha). An alif and waw beginning a word are the
// vowel o or u of a foreign name (أوبسي, Obse; أوغندا, Uganda): u here and
// in Egyptian spellings, aw in the Persian spelling (أويس, Uwais).
#define PALERMO_FIRST_OU "^ [اأ] و > u; [^[:L:]] { [اأ] و > u;"
#define PALERMO_FINAL_HEH "[ب-غف-كم-ن] { ه } [^[:L:]] > a; [ب-غف-كم-ن] { ه $ > a;"
constexpr char kAnyRules[] = "ة > a; ګ > g; تش > ch;" PALERMO_FIRST_OU PALERMO_FINAL_HEH PALERMO_ASCII_TAIL;
#undef PALERMO_FINAL_HEH
// Names in Ge'ez script (Script::kEthiopic): Any-Latin writes the
// palatals with a caron (ጀ ǧa, ቸ ča, ጨ č̣a, ሸ ša, ዠ ža) and ኘ as ña,
// which Latin-ASCII would fold to g, c, s, z and n; Eritrean and Ethiopian
// names are known by j, ch, sh, zh and gn (Kedija, Gemechu, Shiferaw,
// Tegegn), and ኸ (ḵ) by kh (Tigrinya ተኽለ: Tekhle, Tekle). (Decomposed
// first: ጨ's dot below comes before its caron.)
constexpr char kEthiopicRules[] =
    PALERMO_GEEZ_TS ":: Any-Latin; :: NFD;"
    "c \u0323 \u030C > ch; c \u030C > ch; s \u030C > sh; z \u030C > zh; g \u030C > j; n \u0303 > gn;"
    "k \u0331 > kh; C \u0323 \u030C > Ch; C \u030C > Ch; S \u030C > Sh; Z \u030C > Zh; G \u030C > J; :: NFC;"
    PALERMO_ASCII_TAIL;
#undef PALERMO_GEEZ_TS
// Names in Bengali or Devanagari script (Script::kIndic): Any-Latin writes
// every consonant's inherent vowel, which the names do not say at the end
// of a word after a vowel and one consonant (জাকির "jākira", Zakir; बहादुर
// "bahādura", Bahadur; after two, they do: पूर्ण "pūrṇa", Purna): such a
// plain a is dropped (a long ā, a written vowel, stays); ś and ṣ
// (श ष শ ষ) are sh (Shekh, Bishnu), r̥ (ऋ) ri (Krishna), ṅ (ङ ঙ) ng
// (Tamang); মোঃ and মো. (Md., Mohammad) are md; the apostrophe Any-Latin
// writes between letters it would otherwise read as one (মোহাম্মদ
// "mōhām'mada") is dropped. (Decomposed first: the marks are looked at
// apart.)
#define PALERMO_INDIC(ZED)                                                                                \
  "মোঃ > md; মো } [.] > md; मो } [.] > md; :: Any-Latin; :: NFD;"                                         \
  "s \u0301 > sh; s \u0323 > sh; S \u0301 > Sh; S \u0323 > Sh; r \u0325 > ri; n \u0307 > ng;"             \
  "$v = [aeiouAEIOU \u0304 \u0325]; $c = [b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]; $m = [\u0323 \u0307 \u0301 \u0303];" \
  "$v $c $m? h? { a } [^[:L:][:M:]] > ; $v $c $m? h? { a $ > ; $v n g { a } [^[:L:][:M:]] > ; $v n g { a $ > ;"   \
  "'' > ;" ZED ":: NFC;" PALERMO_ASCII_TAIL
constexpr char kIndicRules[] = PALERMO_INDIC("");
// Bengali writes the z of Arabic names (Zakir, Nazrul, Azizul) with জ,
// which Any-Latin reads j: Script::kBengaliZ reads every j so.
constexpr char kBengaliZRules[] = PALERMO_INDIC("j > z; J > Z;");
#undef PALERMO_INDIC
constexpr char kRussianRules[] = ":: Russian-Latin/BGN;" PALERMO_ASCII_TAIL;
constexpr char kUkrainianRules[] = ":: Ukrainian-Latin/BGN;" PALERMO_ASCII_TAIL;
// ICAO Doc 9303 Part 3 (7th edition), section 6, "Transliteration of
// Cyrillic characters": the recommended column, which Russian passports
// follow since 2013 (FMS order 320). Letters the table gives only for one
// language (Serbian, Macedonian) are left to Any-Latin, whose forms are the
// same (љ lj, њ nj, ј j).
constexpr char kIcaoRules[] =
    ":: Lower;"
    "а > a; б > b; в > v; г > g; ґ > g; д > d; е > e; ё > e; є > ie; ж > zh; з > z; и > i; і > i; ї > i;"
    "й > i; к > k; л > l; м > m; н > n; о > o; п > p; р > r; с > s; т > t; у > u; ў > u; ф > f; х > kh;"
    "ц > ts; ч > ch; ш > sh; щ > shch; ъ > ie; ы > y; ь > ; э > e; ю > iu; я > ia;" PALERMO_ASCII_TAIL;
// Pashto-Latin/BGN first (Pashto's own letters, و as w as Afghan names
// are spelled; its table has no ګ, the Pashto gaf, written here), then
// Persian-Latin/BGN for what is left; the middle dot Persian-Latin/BGN
// writes between z and h (ز ه, not ژ) is dropped after it.
constexpr char kPersianRules[] =
    "ال > al; ګ > g; :: Pashto-Latin/BGN; :: Persian-Latin/BGN; \u00B7 > ;" PALERMO_ASCII_TAIL;
// Egyptian and Sudanese spellings write ج as g (Gamal, Gamaleldin).
constexpr char kEgyptianRules[] = "ج > g; ة > a; ګ > g; تش > ch;" PALERMO_FIRST_OU PALERMO_ASCII_TAIL;
#undef PALERMO_FIRST_OU
// Foreign names as Greek clerks write them (Script::kGreek): accents and
// diaeresis dropped, then the digraphs Greek writes for sounds it has no
// letter for (μπ b, ντ d, γκ g, τζ j), ου as u (w before a vowel:
// Ουαρσάμε, Warsame), γι before a vowel as y (Γιουσέφ, Yusef), η and υ as
// i, χ as h or kh.
#define PALERMO_GREEK(CHI)                                                                                   \
  ":: NFD; :: [:Mn:] Remove; :: NFC; :: Lower;"                                                            \
  "ου } [αεηιοωυ] > w; ου > u; μπ > b; ντ > d; γκ > g; γγ > ng; τζ > j; τσ > ts; γι } [αεοωυ] > y;"         \
  "α > a; β > v; γ > g; δ > d; ε > e; ζ > z; η > i; θ > th; ι > i; κ > k; λ > l; μ > m; ν > n; ξ > ks;"   \
  "ο > o; π > p; ρ > r; σ > s; ς > s; τ > t; υ > i; φ > f; χ > " CHI "; ψ > ps; ω > o;" PALERMO_ASCII_TAIL
constexpr char kGreekRules[] = PALERMO_GREEK("h");
constexpr char kGreekKhRules[] = PALERMO_GREEK("kh");
#undef PALERMO_GREEK
// Turkish and Kurmanji Latin (Script::kTurkish): İ first (lower-cased it
// would carry a combining dot), then the letters English-style spellings
// write otherwise, and a final t after a vowel as d (Ahmet, Mahmut, Murat).
constexpr char kTurkishRules[] =
    "İ > i; :: Lower; ç > ch; ş > sh; ğ > gh; c > j; x > kh;"
    "[aeiouıöüâêîû] { t } [^[:L:]] > d; [aeiouıöüâêîû] { t $ > d;" PALERMO_ASCII_TAIL;
#undef PALERMO_ASCII_TAIL

constexpr int kScripts = 12;
// The most words a thread remembers the spelling of, per script.
constexpr size_t kMaxKnownWords = 200000;

struct Prototype {
  std::unique_ptr<icu::Transliterator> transliterator;
  Status status;
};

Prototype Build(const char* name, const char* rules) {
  UErrorCode error = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createFromRules(
      icu::UnicodeString::fromUTF8(name), icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, parse_error, error));
  if (U_FAILURE(error) || made == nullptr) {
    return {nullptr, Status::Unavailable(std::string("ICU cannot build the transform ") + name + ": " +
                                         u_errorName(error) + " at rule offset " +
                                         std::to_string(parse_error.offset) + " (is ICU's data installed?)")};
  }
  return {std::move(made), Status::Ok()};
}

// The process's prototype of `script`'s transform, built once.
const Prototype& PrototypeOf(Script script) {
  static std::once_flag once;
  static Prototype prototypes[kScripts];
  std::call_once(once, [] {
    prototypes[static_cast<int>(Script::kAny)] = Build("palermo-any-ascii", kAnyRules);
    prototypes[static_cast<int>(Script::kRussian)] = Build("palermo-russian-ascii", kRussianRules);
    prototypes[static_cast<int>(Script::kUkrainian)] = Build("palermo-ukrainian-ascii", kUkrainianRules);
    prototypes[static_cast<int>(Script::kIcao)] = Build("palermo-icao9303-ascii", kIcaoRules);
    prototypes[static_cast<int>(Script::kPersian)] = Build("palermo-persian-ascii", kPersianRules);
    prototypes[static_cast<int>(Script::kEgyptian)] = Build("palermo-egyptian-ascii", kEgyptianRules);
    prototypes[static_cast<int>(Script::kGreek)] = Build("palermo-greek-ascii", kGreekRules);
    prototypes[static_cast<int>(Script::kGreekKh)] = Build("palermo-greek-kh-ascii", kGreekKhRules);
    prototypes[static_cast<int>(Script::kTurkish)] = Build("palermo-turkish-ascii", kTurkishRules);
    prototypes[static_cast<int>(Script::kEthiopic)] = Build("palermo-ethiopic-ascii", kEthiopicRules);
    prototypes[static_cast<int>(Script::kIndic)] = Build("palermo-indic-ascii", kIndicRules);
    prototypes[static_cast<int>(Script::kBengaliZ)] = Build("palermo-bengali-z-ascii", kBengaliZRules);
  });
  return prototypes[static_cast<int>(script)];
}

// This thread's own clone of the prototype; nullptr when it could not be built.
icu::Transliterator* ForThisThread(Script script) {
  thread_local std::unique_ptr<icu::Transliterator> clones[kScripts];
  std::unique_ptr<icu::Transliterator>& mine = clones[static_cast<int>(script)];
  if (mine == nullptr) {
    const Prototype& prototype = PrototypeOf(script);
    if (prototype.transliterator == nullptr) return nullptr;
    // clone() is const and reads only the prototype's immutable rules; the
    // lock keeps it simple to reason about (once per thread and script).
    static std::mutex clone_mutex;
    std::lock_guard lock(clone_mutex);
    mine.reset(prototype.transliterator->clone());
  }
  return mine.get();
}

icu::UnicodeString FromUtf8(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

// A frozen set (safe to read from any thread), built once and kept for the
// process's life.
const icu::UnicodeSet* FrozenSet(const char* pattern) {
  UErrorCode error = U_ZERO_ERROR;
  auto* set = new icu::UnicodeSet(icu::UnicodeString(pattern, -1, US_INV), error);
  set->freeze();
  return set;
}


// Whether `c` is an apostrophe (', ’, ‘, ʼ, `, ´), which inside a word
// writes a soft sign or a hamza (Dem'yanchuk, Sa'id, Ja’far, O'Brien):
// dropped there, not read as a space between two words.
bool IsApostrophe(UChar32 c) {
  return c == u'\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == u'`' || c == 0x00B4;
}

// `text` without the apostrophes written inside its words (Дем'янчук).
// (Those a transform writes for an ʿayn or a hamza, "jumʿah", still part
// the word as every other mark does.)
icu::UnicodeString WithoutApostrophesInWords(const icu::UnicodeString& text) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    const UChar32 c = text.char32At(i);
    const int32_t next = text.moveIndex32(i, 1);
    if (IsApostrophe(c) && i > 0 && u_isalpha(text.char32At(text.moveIndex32(i, -1))) && next < text.length() &&
        u_isalpha(text.char32At(next))) {
      continue;
    }
    out.append(c);
  }
  return out;
}

// ASCII text through the transforms is itself (no script to convert, no
// modifier or mark to drop): only lower-cased and cut into tokens, here
// without ICU (most names of a store are ASCII already).
std::string AsciiTokens(std::string_view ascii) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < ascii.size(); ++i) {
    const char c = ascii[i];
    if (IsApostrophe(static_cast<unsigned char>(c)) && !pending_space && !out.empty() && i + 1 < ascii.size() &&
        std::isalnum(static_cast<unsigned char>(ascii[i + 1]))) {
      continue;  // inside a word
    }
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      pending_space = true;
    }
  }
  return out;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A word's spelling, found by a string_view of the word (no copy to look up).
struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};
using KnownWords = std::unordered_map<std::string, std::string, WordHash, std::equal_to<>>;

// Whether `script`'s rules rewrite ASCII letters (the Turkish reading's c,
// x and final t), so that ASCII text must go through ICU too.
bool RewritesAscii(Script script) { return script == Script::kTurkish; }

}  // namespace

Result<std::string> ToAsciiLatin(std::string_view utf8, Script script) {
  if (IsAscii(utf8) && !RewritesAscii(script)) return AsciiTokens(utf8);
  // Word by word (the transforms' rules never reach across a space), each
  // word's spelling remembered by the thread: names repeat their words far
  // more often than whole names (a given name with many family names).
  thread_local KnownWords known[kScripts];
  KnownWords& words = known[static_cast<int>(script)];
  if (words.size() > kMaxKnownWords) words.clear();  // bounded, whatever the input
  std::string out;
  size_t start = 0;
  while (start < utf8.size()) {
    size_t end = utf8.find(' ', start);
    if (end == std::string_view::npos) end = utf8.size();
    if (end > start) {
      const std::string_view word = utf8.substr(start, end - start);
      auto it = words.find(word);
      if (it == words.end()) {
        Result<std::string> spelled = ToAsciiLatinWhole(word, script);
        if (!spelled.ok()) return spelled.status();
        it = words.emplace(std::string(word), std::move(*spelled)).first;
      }
      if (!it->second.empty()) {
        if (!out.empty()) out += ' ';
        out += it->second;
      }
    }
    start = end + 1;
  }
  return out;
}

std::string CaseFolded(std::string_view utf8) {
  std::string out;
  if (IsAscii(utf8)) {  // most names: without ICU
    out.reserve(utf8.size());
    for (char c : utf8) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  FromUtf8(utf8).foldCase().toUTF8String(out);
  return out;
}

Result<std::string> ToAsciiLatinWhole(std::string_view utf8, Script script) {
  if (IsAscii(utf8) && !RewritesAscii(script)) return AsciiTokens(utf8);
  icu::Transliterator* transliterator = ForThisThread(script);
  if (transliterator == nullptr) return PrototypeOf(script).status;
  icu::UnicodeString text = WithoutApostrophesInWords(FromUtf8(utf8));
  transliterator->transliterate(text);
  text.toLower(icu::Locale::getRoot());
  // Letters and digits kept; every run of anything else becomes one space.
  icu::UnicodeString cleaned;
  bool pending_space = false;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    UChar32 c = text.char32At(i);
    if (u_isalnum(c)) {
      if (pending_space && !cleaned.isEmpty()) cleaned.append(static_cast<UChar>(u' '));
      pending_space = false;
      cleaned.append(c);
    } else {
      pending_space = true;
    }
  }
  std::string out;
  cleaned.toUTF8String(out);
  return out;
}

bool HasCyrillic(std::string_view utf8) {
  static const icu::UnicodeSet* const cyrillic = FrozenSet("[:Cyrillic:]");
  return cyrillic->containsSome(FromUtf8(utf8));
}

bool HasArabic(std::string_view utf8) {
  static const icu::UnicodeSet* const arabic = FrozenSet("[:Arabic:]");
  return arabic->containsSome(FromUtf8(utf8));
}

bool HasGreek(std::string_view utf8) {
  static const icu::UnicodeSet* const greek = FrozenSet("[:Greek:]");
  return greek->containsSome(FromUtf8(utf8));
}

bool HasEthiopic(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const ethiopic = FrozenSet("[:Ethiopic:]");
  return ethiopic->containsSome(FromUtf8(utf8));
}

bool HasIndic(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const indic = FrozenSet("[[:Bengali:][:Devanagari:]]");
  return indic->containsSome(FromUtf8(utf8));
}

bool HasBengali(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const bengali = FrozenSet("[:Bengali:]");
  return bengali->containsSome(FromUtf8(utf8));
}

bool HasTurkishLetters(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const turkish = FrozenSet("[\\u015F\\u015E\\u0131\\u0130\\u011F\\u011E]");  // ş Ş ı İ ğ Ğ
  static const icu::UnicodeSet* const kurmanji = FrozenSet("[\\u00EA\\u00CA\\u00EE\\u00CE\\u00FB\\u00DB]");  // ê Ê î Î û Û
  const icu::UnicodeString text = FromUtf8(utf8);
  return turkish->containsSome(text) || (kurmanji->containsSome(text) && !HasVietnameseLetters(utf8));
}

bool HasVietnameseLetters(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const vietnamese = FrozenSet("[\\u01A0\\u01A1\\u01AF\\u01B0\\u1EA0-\\u1EF9]");
  if (vietnamese->containsSome(FromUtf8(utf8))) return true;
  return utf8.find("Văn") != std::string_view::npos || utf8.find("văn") != std::string_view::npos ||
         utf8.find("VĂN") != std::string_view::npos;
}

bool HasOtherThanLatinLetters(std::string_view utf8) {
  if (IsAscii(utf8)) return false;
  static const icu::UnicodeSet* const other = FrozenSet("[[:L:]-[:Latin:]]");
  return other->containsSome(FromUtf8(utf8));
}

}  // namespace palermo::linkage
