#include "format/date.h"

#include "common/text.h"
#include "model/dates.h"

namespace palermo::format {
namespace {

using model::DaysFromCivil;
using model::kSecondsPerDay;

// How much of a text that is not a date its error message quotes.
constexpr size_t kMaxQuotedBytes = 64;

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// One ISO 8601 date or time (no interval): null when it is one, else why not.
const char* ParseOneDate(std::string_view s, DateInterval* out) {
  auto fail = [](const char* why) { return why; };
  int64_t year, month = 0, day = 0;
  if (!Digits(s, 0, 4, &year) || year < 1) return fail("expected a four-digit year");
  if (s.size() == 4) {
    out->first_s = DaysFromCivil(year, 1, 1) * kSecondsPerDay;
    out->last_s = DaysFromCivil(year + 1, 1, 1) * kSecondsPerDay - 1;
    return nullptr;
  }
  if (s[4] != '-' || !Digits(s, 5, 2, &month)) return fail("expected YYYY-MM");
  if (month < 1 || month > 12) return fail("month out of range");
  if (s.size() == 7) {
    out->first_s = DaysFromCivil(year, month, 1) * kSecondsPerDay;
    int64_t next = month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
    out->last_s = next * kSecondsPerDay - 1;
    return nullptr;
  }
  if (s[7] != '-' || !Digits(s, 8, 2, &day)) return fail("expected YYYY-MM-DD");
  if (day < 1 || day > DaysInMonth(year, month)) return fail("day out of range for the month");
  int64_t day_start = DaysFromCivil(year, month, day) * kSecondsPerDay;
  if (s.size() == 10) {
    out->first_s = day_start;
    out->last_s = day_start + kSecondsPerDay - 1;
    return nullptr;
  }
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return fail("expected 'T' before the time");
  int64_t hour, minute, second = 0;
  if (!Digits(s, 11, 2, &hour) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, &minute)) {
    return fail("expected hh:mm after 'T'");
  }
  if (hour > 23 || minute > 59) return fail("time out of range");
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &second) || second > 60) return fail("expected seconds as ss");
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      size_t fraction_start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == fraction_start) return fail("expected digits after the decimal point");
    }
  }
  int64_t offset_s = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int64_t oh, om;
      if (!Digits(s, pos + 1, 2, &oh) || s.size() < pos + 6 || s[pos + 3] != ':' || !Digits(s, pos + 4, 2, &om) ||
          oh > 23 || om > 59) {
        return fail("expected a zone offset as +hh:mm");
      }
      offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
      pos += 6;
    }
  }
  if (pos != s.size()) return fail("unexpected text after the time");
  int64_t t = day_start + hour * 3600 + minute * 60 + (second == 60 ? 59 : second) - offset_s;
  out->first_s = t;
  out->last_s = t;
  return nullptr;
}

// The widest interval a date may stand for: years 0001 to 9999.
constexpr int64_t kEarliest = -62135596800;  // 0001-01-01T00:00:00Z
constexpr int64_t kLatest = 253402300799;    // 9999-12-31T23:59:59Z

}  // namespace

bool ParseIsoDate(std::string_view s, DateInterval* out, std::string* reason) {
  auto fail = [&](const std::string& why) {
    // The text quoted as given, escaped, and cut: a date is short.
    *reason = "\"" + EscapeForMessage(s, kMaxQuotedBytes) + "\" is not an ISO 8601 date (" + why + ")";
    return false;
  };
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) {
    const char* why = ParseOneDate(s, out);
    return why == nullptr || fail(why);
  }
  // An interval (ISO 8601-2, EDTF level 1): START/END, either end ".." for
  // open; it stands for some day from the start's first second to the end's
  // last.
  if (s.find('/', slash + 1) != std::string_view::npos) return fail("an interval has one '/'");
  const std::string_view start = s.substr(0, slash), end = s.substr(slash + 1);
  if (start.empty() || end.empty()) return fail("an interval needs both ends; \"..\" marks an open one");
  if (start == ".." && end == "..") return fail("an interval needs at least one end that is a date");
  DateInterval first{kEarliest, kEarliest}, last{kLatest, kLatest};
  if (start != "..") {
    const char* why = ParseOneDate(start, &first);
    if (why != nullptr) return fail(std::string("its start: ") + why);
  }
  if (end != "..") {
    const char* why = ParseOneDate(end, &last);
    if (why != nullptr) return fail(std::string("its end: ") + why);
  }
  if (first.first_s > last.last_s) return fail("the interval ends before it starts");
  out->first_s = first.first_s;
  out->last_s = last.last_s;
  return true;
}

}  // namespace palermo::format
