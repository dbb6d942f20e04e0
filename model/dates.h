// Dates as the model holds them: seconds since 1970-01-01 UTC, intervals
// [first_s, last_s] for partial dates (palermo.v1.Date). Calendar
// arithmetic only; format/date.h reads and writes ISO 8601 text.
#pragma once

#include <cstdint>

namespace palermo::model {

inline constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
inline int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// The proleptic Gregorian date of a day since 1970-01-01 (H. Hinnant's
// civil_from_days).
inline void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

// The day since 1970-01-01 holding the Unix second `unix_s` (floor).
inline int64_t DayOf(int64_t unix_s) {
  return (unix_s >= 0 ? unix_s : unix_s - (kSecondsPerDay - 1)) / kSecondsPerDay;
}

inline bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Where 29 February falls in a common year, when a day is moved there by
// whole years.
enum class LeapDay { kMarch1, kFebruary28 };

// The first second of the day `years` years after the day holding `time_s`
// (`years` may be negative; 29 February falls on 1 March in common years,
// or on 28 February when `leap_day` says so).
inline int64_t YearsAfter(int64_t time_s, int64_t years, LeapDay leap_day = LeapDay::kMarch1) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(DayOf(time_s), &y, &m, &d);
  y += years;
  if (m == 2 && d == 29 && !IsLeap(y)) {
    if (leap_day == LeapDay::kMarch1) m = 3;
    d = leap_day == LeapDay::kMarch1 ? 1 : 28;
  }
  return DaysFromCivil(y, m, d) * kSecondsPerDay;
}

// The days a person aged `age` on a day of [on_first_s, on_last_s] may have
// been born on, from the first second of the first to the last second of
// the last: after that day less age+1 years, and at the latest on that day
// less age years. Counted back from 29 February into a common year, that day
// is 28 February: who was born on 28 February 1993 is 31 on 29 February
// 2024, who was born on 1 March 1993 is 30.
struct BirthSpan {
  int64_t first_s, last_s;
};
inline BirthSpan BornIfAged(int64_t age, int64_t on_first_s, int64_t on_last_s) {
  return {YearsAfter(on_first_s, -age - 1, LeapDay::kFebruary28) + kSecondsPerDay,
          YearsAfter(on_last_s, -age, LeapDay::kFebruary28) + kSecondsPerDay - 1};
}

}  // namespace palermo::model
