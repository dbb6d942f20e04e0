#include "linkage/transliterate.h"

#include <unicode/translit.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace palermo::linkage {
namespace {

// Modifier letters go before Latin-ASCII (which would turn the ʹ of
// Russian-Latin/BGN into an apostrophe) and again after it (Any-Latin's ʿ
// for Arabic ʿayn survives ASCII folding).
constexpr char kAnyRules[] =
    ":: Any-Latin; :: [:Lm:] Remove; :: Latin-ASCII; ǝ > e; Ǝ > e; :: [[:Lm:][:Mn:]] Remove;";
constexpr char kRussianRules[] =
    ":: Russian-Latin/BGN; :: Any-Latin; :: [:Lm:] Remove; :: Latin-ASCII; :: [[:Lm:][:Mn:]] Remove;";

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
                                         u_errorName(error) + " (is ICU's data installed?)")};
  }
  return {std::move(made), Status::Ok()};
}

// The process's prototype of `script`'s transform, built once.
const Prototype& PrototypeOf(Script script) {
  static std::once_flag once;
  static Prototype any, russian;
  std::call_once(once, [] {
    any = Build("palermo-any-ascii", kAnyRules);
    russian = Build("palermo-russian-ascii", kRussianRules);
  });
  return script == Script::kRussian ? russian : any;
}

// This thread's own clone of the prototype; nullptr when it could not be built.
icu::Transliterator* ForThisThread(Script script) {
  thread_local std::unique_ptr<icu::Transliterator> any, russian;
  std::unique_ptr<icu::Transliterator>& mine = script == Script::kRussian ? russian : any;
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


// ASCII text through the transforms is itself (no script to convert, no
// modifier or mark to drop): only lower-cased and cut into tokens, here
// without ICU (most names of a store are ASCII already).
std::string AsciiTokens(std::string_view ascii) {
  std::string out;
  bool pending_space = false;
  for (char c : ascii) {
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

}  // namespace

Result<std::string> ToAsciiLatin(std::string_view utf8, Script script) {
  if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    return AsciiTokens(utf8);
  }
  icu::Transliterator* transliterator = ForThisThread(script);
  if (transliterator == nullptr) return PrototypeOf(script).status;
  icu::UnicodeString text = FromUtf8(utf8);
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

}  // namespace palermo::linkage
