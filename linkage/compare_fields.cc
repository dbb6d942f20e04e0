// The comparisons of two persons' fields other than names (linkage/scoring.h
// CompareProfiles): birth dates, addresses and postcodes, identifiers and
// documents.
#include "linkage/compare_fields.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "linkage/fields.h"
#include "model/dates.h"
#include "model/vocabulary.h"

namespace palermo::linkage {

using namespace levels;  // NOLINT: the level indexes, linkage/levels.h

bool IsDocument(v1::IdentifierType type) {
  return type == v1::IDENTIFIER_TYPE_PASSPORT || type == v1::IDENTIFIER_TYPE_NATIONAL_ID;
}

bool IsContact(v1::IdentifierType type) {
  return type == v1::IDENTIFIER_TYPE_PHONE || type == v1::IDENTIFIER_TYPE_EMAIL ||
         type == v1::IDENTIFIER_TYPE_SOCIAL_MEDIA || type == v1::IDENTIFIER_TYPE_CRYPTO_WALLET ||
         type == v1::IDENTIFIER_TYPE_BANK_ACCOUNT;
}

namespace {

struct DateParts {
  int64_t y;
  unsigned m, d;
};

DateParts PartsOf(int64_t unix_s) {
  DateParts p{};
  model::CivilFromDays(model::DayOf(unix_s), &p.y, &p.m, &p.d);
  return p;
}

// How `s` and `t`, of one length, differ: in no character, in one, in two
// adjacent ones swapped, or otherwise.
enum class Typo : int8_t { kNone, kOneCharacter, kNeighboursSwapped, kOther };

Typo TypoOf(std::string_view s, std::string_view t) {
  if (s.size() != t.size()) return Typo::kOther;
  size_t diff[3], count = 0;
  for (size_t i = 0; i < s.size() && count < 3; ++i) {
    if (s[i] != t[i]) diff[count++] = i;
  }
  if (count <= 1) return count == 0 ? Typo::kNone : Typo::kOneCharacter;
  return count == 2 && diff[1] == diff[0] + 1 && s[diff[0]] == t[diff[1]] && s[diff[1]] == t[diff[0]]
             ? Typo::kNeighboursSwapped
             : Typo::kOther;
}

}  // namespace

bool OneCharacterApart(std::string_view s, std::string_view t) {
  const Typo typo = TypoOf(s, t);
  return typo == Typo::kOneCharacter || typo == Typo::kNeighboursSwapped;
}

int8_t CompareAddresses(const Profile& a, const Profile& b, std::string* a_value, std::string* b_value) {
  if (a.address_words.empty() || b.address_words.empty()) return kNull;
  int8_t best = kAddressDiffer;
  for (size_t i = 0; i < a.address_words.size(); ++i) {
    const std::vector<std::string>& wx = a.address_words[i];
    for (size_t j = 0; j < b.address_words.size(); ++j) {
      const std::vector<std::string>& wy = b.address_words[j];
      size_t shared = 0;
      for (size_t x = 0, y = 0; x < wx.size() && y < wy.size();) {  // both sorted
        if (wx[x] == wy[y]) {
          ++shared, ++x, ++y;
        } else if (wx[x] < wy[y]) {
          ++x;
        } else {
          ++y;
        }
      }
      const size_t all = wx.size() + wy.size() - shared;
      const double jaccard = all ? static_cast<double>(shared) / all : 0;
      int8_t level = wx == wy && !wx.empty() ? kAddressExact
                     : jaccard >= 0.6        ? kAddressMost
                     : jaccard >= 0.3        ? kAddressSome
                                             : kAddressDiffer;
      if (level < best || (a_value && a_value->empty())) {
        best = std::min(best, level);
        if (a_value) {
          *a_value = a.addresses[i];
          *b_value = b.addresses[j];
        }
      }
    }
  }
  return best;
}

bool PostcodeWritten(const Profile& p) {
  for (const std::string& address : p.addresses) {
    std::string squeezed;
    for (char c : address) {
      if (c != ' ') squeezed += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (squeezed.find(p.postcode) != std::string::npos) return true;
  }
  return false;
}

namespace {

bool OneDay(const DateSpan& s) { return model::DayOf(s.first_s) == model::DayOf(s.last_s); }

// Whether two day-precise dates written YYYYMMDD differ in one digit or by
// two digits swapped (the typing errors FEBRL makes), or by day and month
// swapped.
bool OneDigitApart(const DateSpan& a, const DateSpan& b) {
  const DateParts x = PartsOf(a.first_s), y = PartsOf(b.first_s);
  if (x.y == y.y && x.m == y.d && x.d == y.m) return true;
  char sa[16], sb[16];
  std::snprintf(sa, sizeof sa, "%04lld%02u%02u", static_cast<long long>(x.y), x.m, x.d);
  std::snprintf(sb, sizeof sb, "%04lld%02u%02u", static_cast<long long>(y.y), y.m, y.d);
  return OneCharacterApart(sa, sb);
}

// A day registrations write for an unknown birthday stands for its year
// against another day: 1 January (the common default), 21 March (1 Hamal,
// the Persian new year, where an Afghan year was converted) and 11
// September (1 Meskerem, the Ethiopian new year).
DateSpan YearIfPlaceholder(const DateSpan& s) {
  if (!OneDay(s)) return s;
  const DateParts p = PartsOf(s.first_s);
  if (!((p.m == 1 && p.d == 1) || (p.m == 3 && p.d == 21) || (p.m == 9 && p.d == 11))) return s;
  return {model::DaysFromCivil(p.y, 1, 1) * model::kSecondsPerDay,
          model::DaysFromCivil(p.y + 1, 1, 1) * model::kSecondsPerDay - 1};
}

}  // namespace

int8_t CompareBirth(const Profile& a, const Profile& b) {
  if (!a.birth || !b.birth) return kNull;
  const DateSpan& x = *a.birth;
  const DateSpan& y = *b.birth;
  const DateLevel level = CompareDates(x, y);
  // The same placeholder day on both (1 January 2006 twice) says the year
  // and no more: registrations give it to everyone of that year whose
  // birthday they do not know, twins and strangers alike.
  if (level == DateLevel::kSameDay) return YearIfPlaceholder(x).last_s == x.last_s ? kDateSameDay : kDatePlaceholder;
  if (DatesOverlap(x, y)) return kDateCompatible;
  if (OneDay(x) && OneDay(y) && OneDigitApart(x, y)) return kDateOneEdit;
  if (DatesOverlap(YearIfPlaceholder(x), YearIfPlaceholder(y))) return kDatePlaceholder;
  if (level == DateLevel::kSameMonth) return kDateSameMonth;
  if (level == DateLevel::kSameYear) return kDateSameYear;
  // The gap between the two spans, in days (they do not overlap).
  const int64_t gap = std::max(model::DayOf(y.first_s) - model::DayOf(x.last_s), model::DayOf(x.first_s) - model::DayOf(y.last_s));
  return gap > kYearsApart * 366 ? kDateYearsApart : gap > kFewYearsApart * 366 ? kDateFewYearsApart : kDateDiffer;
}

namespace {

// Whether `a` and `b` share a value of a type of `kind`; else calls
// `differ(x, y)` for each pair of values of one such type whose states do
// not differ (a state not said is any: phones recorded in two countries,
// two states' passports are not compared).
template <typename Differ>
bool ShareAValue(const Profile& a, const Profile& b, bool (*kind)(v1::IdentifierType), Differ&& differ) {
  for (const IdentifierValue& x : a.identifiers) {
    if (!kind(x.type)) continue;
    for (const IdentifierValue& y : b.identifiers) {
      if (x.type != y.type) continue;
      if (x.value == y.value) return true;
      if (x.country == 0 || y.country == 0 || x.country == y.country) differ(x, y);
    }
  }
  return false;
}

}  // namespace

int8_t CompareIdentifiers(const Profile& a, const Profile& b, bool (*kind)(v1::IdentifierType)) {
  bool differ = false;
  if (ShareAValue(a, b, kind, [&](const IdentifierValue&, const IdentifierValue&) { differ = true; })) return kEqual;
  return differ ? kDiffer : kNull;
}

namespace {

// How far apart the numbers are that the digits of `s` and `t`, of one
// length, write in place (other characters passed over); the largest
// distance when they hold more than 18.
uint64_t DigitsApart(std::string_view s, std::string_view t) {
  uint64_t x = 0, y = 0;
  int digits = 0;
  for (size_t i = 0; i < s.size() && i < t.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i])) || !std::isdigit(static_cast<unsigned char>(t[i]))) continue;
    if (++digits > 18) return UINT64_MAX;  // (too long to subtract)
    x = x * 10 + static_cast<uint64_t>(s[i] - '0');
    y = y * 10 + static_cast<uint64_t>(t[i] - '0');
  }
  return x > y ? x - y : y - x;
}

// Whether two document numbers are a clerk's typo apart: one character
// left out of a number of six or more, or, of one length, two neighbouring
// characters swapped, or one replaced, and their digits not numbers fewer
// than 9 apart. Numbers so near are issued together
// (twins' passports: C5120039 and C5120040, P5123877A and P5123878A); a
// typo moves a number further (MF123456 and MF128456, 04128976 and
// 04129876; two neighbouring digits swapped move it by 9 or more).
bool TypoApart(std::string_view s, std::string_view t) {
  // A character left out of a number of six or more: A0027319, A00277319.
  if (s.size() != t.size()) {
    const std::string_view shorter = s.size() < t.size() ? s : t, longer = s.size() < t.size() ? t : s;
    if (shorter.size() < 6 || longer.size() != shorter.size() + 1) return false;
    size_t i = 0;
    while (i < shorter.size() && shorter[i] == longer[i]) ++i;
    return shorter.substr(i) == longer.substr(i + 1);
  }
  const Typo typo = TypoOf(s, t);
  if (typo != Typo::kNeighboursSwapped && typo != Typo::kOneCharacter) return false;
  return DigitsApart(s, t) >= 9;
}

// Whether two document numbers of one length, the same but for their
// digits, write numbers 1 to 8 apart: issued together, as twins' are
// (C5120039 and C5120040; Thai national ids 1570138451374 and
// 1570138451382, the last digit a check digit).
bool IssuedTogether(std::string_view s, std::string_view t) {
  if (s.size() != t.size() || s == t) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool digits = std::isdigit(static_cast<unsigned char>(s[i])) && std::isdigit(static_cast<unsigned char>(t[i]));
    if (!digits && s[i] != t[i]) return false;
  }
  return DigitsApart(s, t) < 9;
}

// Whether the shorter of two document numbers, of six characters or more
// and two or more shorter, begins or ends the other, or does but for a
// typo (TypoApart): P023887 and P02388714, 1030585 and AS221030558; 8714
// too short.
bool PartOf(std::string_view s, std::string_view t) {
  if (s.size() > t.size()) std::swap(s, t);
  if (s.size() < 6 || s.size() + 2 > t.size()) return false;
  const std::string_view head = t.substr(0, s.size()), tail = t.substr(t.size() - s.size());
  return head == s || tail == s || TypoApart(s, head) || TypoApart(s, tail);
}

// Whether two document numbers are other numbers, not one with a typo:
// more than two characters apart in place, or lengths two or more apart.
bool OtherNumbers(std::string_view s, std::string_view t) {
  if (s.size() != t.size()) return s.size() + 1 < t.size() || t.size() + 1 < s.size();
  size_t differ = 0;
  for (size_t i = 0; i < s.size(); ++i) differ += s[i] != t[i];
  return differ > 2;
}

}  // namespace

int8_t CompareDocuments(const Profile& a, const Profile& b, bool* issued_together) {
  int8_t level = kNull;
  bool together = false;
  const bool equal = ShareAValue(a, b, IsDocument, [&](const IdentifierValue& x, const IdentifierValue& y) {
    const int8_t pair = TypoApart(x.value, y.value) ? kDocumentTypo
                        : PartOf(x.value, y.value) ? kDocumentPartial
                        : x.type == v1::IDENTIFIER_TYPE_NATIONAL_ID && OtherNumbers(x.value, y.value)
                            ? kDocumentOtherNationalIds
                            : kDocumentConflict;
    level = level == kNull ? pair : std::min(level, pair);
    together = together || IssuedTogether(x.value, y.value);
  });
  if (issued_together != nullptr) *issued_together = together && !equal;
  return equal ? kDocumentEqual : level;
}

std::string Ids(const Profile& p, bool (*kind)(v1::IdentifierType)) {
  std::string out;
  for (const IdentifierValue& id : p.identifiers) {
    if (!kind(id.type)) continue;
    if (!out.empty()) out += ", ";
    out += std::string(model::IdentifierTypeName(id.type)) + " " + id.value;
  }
  return out;
}

}  // namespace palermo::linkage
