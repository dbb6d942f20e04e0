#include "linkage/fields.h"

#include <phonenumbers/phonenumberutil.h>

#include <chrono>

#include "common/text.h"

namespace palermo::linkage {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Phone and document numbers are short; longer text is quoted cut.
constexpr size_t kMaxQuotedBytes = 64;

std::string Quoted(std::string_view text) { return "\"" + EscapeForMessage(text, kMaxQuotedBytes) + "\""; }

const char* ParseErrorReason(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR: return "no error";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "no country: it has no known country code and no region was given to read it in";
    case PhoneNumberUtil::NOT_A_NUMBER: return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN: return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN: return "too long";
  }
  return "not a phone number";
}

const char* PossibilityReason(PhoneNumberUtil::ValidationResult result) {
  switch (result) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return "no known country code";
    case PhoneNumberUtil::TOO_SHORT: return "too short for its country";
    case PhoneNumberUtil::INVALID_LENGTH: return "a length its country's numbers do not have";
    case PhoneNumberUtil::TOO_LONG: return "too long for its country";
    default: return "not a possible number";
  }
}

// Calendar day, month and year (UTC) of a second, as comparable numbers.
struct Calendar {
  int64_t day;
  int64_t month;
  int64_t year;
};

Calendar CalendarOf(int64_t second) {
  using namespace std::chrono;
  // Floor division: seconds before 1970 belong to the day they fall in.
  int64_t day = second / 86400;
  if (second % 86400 < 0) --day;
  const year_month_day ymd{sys_days{days{day}}};
  const int64_t year = static_cast<int>(ymd.year());
  return {day, year * 12 + static_cast<unsigned>(ymd.month()) - 1, year};
}

}  // namespace

namespace {

// `written` read as a phone number of `region`, if possible, or why not.
Result<PhoneNumber> ParsedNumber(const std::string& written, const std::string& region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const PhoneNumberUtil::ErrorType error = util.Parse(written, region, &number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    return Status::InvalidArgument(Quoted(written) + " is not a phone number in region " + Quoted(region) + ": " +
                                   ParseErrorReason(error));
  }
  const PhoneNumberUtil::ValidationResult possible = util.IsPossibleNumberWithReason(number);
  if (possible != PhoneNumberUtil::IS_POSSIBLE && possible != PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY) {
    return Status::InvalidArgument(Quoted(written) + " is not a phone number in region " + Quoted(region) + ": " +
                                   PossibilityReason(possible));
  }
  return number;
}

// `written` read in `default_region` (empty: none), or as an international
// number written without its plus ("252634401187"), as forms and phone
// exports often hold them.
Result<PhoneNumber> ReadNumber(std::string_view written, std::string_view default_region) {
  const std::string region = default_region.empty() ? std::string("ZZ") : std::string(default_region);
  Result<PhoneNumber> number = ParsedNumber(std::string(written), region);
  if (!number.ok() && written.find('+') == std::string_view::npos) {
    Result<PhoneNumber> international = ParsedNumber("+" + std::string(written), region);
    if (international.ok()) return international;
  }
  return number;
}

// The shortest national number compared: shorter digits (an extension, a
// short code) would meet strangers' numbers.
constexpr size_t kShortestNationalNumber = 6;
// The fewest digits read as an international number written without its
// plus: a country code and a mobile number have eleven or more.
constexpr size_t kShortestInternationalNumber = 11;

}  // namespace

Result<std::string> PhoneE164(std::string_view written, std::string_view default_region) {
  Result<PhoneNumber> number = ReadNumber(written, default_region);
  if (!number.ok()) return number.status();
  std::string e164;
  PhoneNumberUtil::GetInstance()->Format(*number, PhoneNumberUtil::E164, &e164);
  return e164;
}

Result<std::string> PhoneNationalNumber(std::string_view written, std::string_view default_region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string digits;
  for (char c : written) {
    if (c >= '0' && c <= '9') digits += c;
  }
  const size_t first = written.find_first_not_of(" \t");
  const bool plus = first != std::string_view::npos && written[first] == '+';
  const bool international = plus || digits.starts_with("00");
  std::string national;
  // `national` from `number` when it reads and is a valid number (of
  // `region`, when one is given).
  const auto valid = [&](Result<PhoneNumber> number, std::string_view region = {}) {
    if (!number.ok()) return false;
    if (region.empty() ? !util.IsValidNumber(*number) : !util.IsValidNumberForRegion(*number, std::string(region))) {
      return false;
    }
    util.GetNationalSignificantNumber(*number, &national);
    return true;
  };
  if (international) {
    Result<PhoneNumber> number = ParsedNumber(plus ? std::string(written) : "+" + digits.substr(2), "ZZ");
    if (!number.ok()) return number.status();
    util.GetNationalSignificantNumber(*number, &national);
  } else if (!default_region.empty() && valid(ParsedNumber(std::string(written), std::string(default_region)))) {
    // (A number that is no valid one of its region is read as if no region
    // were known: an Eritrean's Greek 690 2218874.)
  } else if (digits.starts_with('0') && !default_region.empty() &&
             valid(ParsedNumber("+" + digits.substr(1), "ZZ"), default_region)) {
    // One 0 written for 00: "0964 750 412 8839", an Iraqi's +964 number
    // (read so only when its country is the holder's).
  } else if (digits.starts_with('0')) {
    national = digits.substr(1);  // a trunk prefix: "0160 6632017" is 160 6632017 wherever it is dialled
  } else if (digits.size() < kShortestInternationalNumber || !valid(ParsedNumber("+" + digits, "ZZ"))) {
    // No country and no trunk prefix: an international number without its
    // plus when it has the eleven digits or more such numbers have and
    // libphonenumber finds it valid ("252634401187"), else a national
    // number of a country without one ("512 870 233", Poland; "690
    // 2218874", Greece, not Tokelau's +690).
    national = digits;
  }
  if (national.size() < kShortestNationalNumber) {
    return Status::InvalidArgument(Quoted(written) + " is too short for a phone number (" +
                                   std::to_string(national.size()) + " digits of its national number)");
  }
  return national;
}

Result<std::string> DocumentNumberKey(std::string_view written) {
  std::string key;
  for (size_t i = 0; i < written.size(); ++i) {
    const char c = written[i];
    if (c >= '0' && c <= '9') {
      key += c;
    } else if (c == 'o' || c == 'O') {
      key += '0';  // the letter O for the digit: PO3911842 is P03911842
    } else if (c >= 'a' && c <= 'z') {
      key += static_cast<char>(c - 'a' + 'A');
    } else if (c >= 'A' && c <= 'Z') {
      key += c;
    } else if (c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/') {
      continue;
    } else {
      return Status::InvalidArgument(Quoted(written) + " is not a document number: byte " + std::to_string(i) +
                                     " is not an ASCII letter, digit, space, hyphen, dot or slash");
    }
  }
  if (key.empty()) return Status::InvalidArgument(Quoted(written) + " is not a document number: it has no letter or digit");
  return key;
}

std::string_view DateLevelName(DateLevel level) {
  switch (level) {
    case DateLevel::kSameDay: return "same_day";
    case DateLevel::kSameMonth: return "same_month";
    case DateLevel::kSameYear: return "same_year";
    case DateLevel::kOverlap: return "overlap";
    case DateLevel::kDisjoint: return "disjoint";
  }
  return "unknown";
}

bool DatesOverlap(DateSpan a, DateSpan b) { return a.first_s <= b.last_s && b.first_s <= a.last_s; }

DateLevel CompareDates(DateSpan a, DateSpan b) {
  const Calendar a1 = CalendarOf(a.first_s), a2 = CalendarOf(a.last_s);
  const Calendar b1 = CalendarOf(b.first_s), b2 = CalendarOf(b.last_s);
  // One unit holds both when all four ends fall in it.
  auto same = [&](int64_t Calendar::*unit) { return a1.*unit == a2.*unit && b1.*unit == b2.*unit && a1.*unit == b1.*unit; };
  if (same(&Calendar::day)) return DateLevel::kSameDay;
  if (same(&Calendar::month)) return DateLevel::kSameMonth;
  if (same(&Calendar::year)) return DateLevel::kSameYear;
  return DatesOverlap(a, b) ? DateLevel::kOverlap : DateLevel::kDisjoint;
}

}  // namespace palermo::linkage
