#include "format/date.h"

#include <gtest/gtest.h>

#include "model/dates.h"

namespace palermo::format {
namespace {

using model::DaysFromCivil;

DateInterval Parse(std::string_view text) {
  DateInterval interval;
  std::string reason;
  EXPECT_TRUE(ParseIsoDate(text, &interval, &reason)) << reason;
  return interval;
}

std::string Reject(std::string_view text) {
  DateInterval interval;
  std::string reason;
  EXPECT_FALSE(ParseIsoDate(text, &interval, &reason)) << text;
  return reason;
}

constexpr int64_t kDay = 86400;

TEST(Date, PartialDatesStandForTheWholeInterval) {
  DateInterval year = Parse("1996");
  EXPECT_EQ(year.first_s, DaysFromCivil(1996, 1, 1) * kDay);
  EXPECT_EQ(year.last_s, DaysFromCivil(1997, 1, 1) * kDay - 1);
  DateInterval leap_february = Parse("1996-02");
  EXPECT_EQ(leap_february.first_s, DaysFromCivil(1996, 2, 1) * kDay);
  EXPECT_EQ(leap_february.last_s, DaysFromCivil(1996, 2, 29) * kDay + kDay - 1);
  DateInterval december = Parse("2023-12");
  EXPECT_EQ(december.last_s, DaysFromCivil(2024, 1, 1) * kDay - 1);
  DateInterval day = Parse("1996-02-11");
  EXPECT_EQ(day.first_s, DaysFromCivil(1996, 2, 11) * kDay);
  EXPECT_EQ(day.last_s - day.first_s, kDay - 1);
}

// Case format v2 (issue #9): intervals and open ends, EDTF level 1.
TEST(Date, IntervalsAndOpenEndsStandForWhatTheyName) {
  DateInterval spring = Parse("2009-03/2009-06");
  EXPECT_EQ(spring.first_s, DaysFromCivil(2009, 3, 1) * kDay);
  EXPECT_EQ(spring.last_s, DaysFromCivil(2009, 7, 1) * kDay - 1);
  DateInterval until = Parse("../2009-06");
  EXPECT_EQ(until.first_s, DaysFromCivil(1, 1, 1) * kDay);
  EXPECT_EQ(until.last_s, DaysFromCivil(2009, 7, 1) * kDay - 1);
  DateInterval from = Parse("2008/..");
  EXPECT_EQ(from.first_s, DaysFromCivil(2008, 1, 1) * kDay);
  EXPECT_EQ(from.last_s, DaysFromCivil(10000, 1, 1) * kDay - 1);
  DateInterval days = Parse("2024-05-03T04:10:00Z/2024-05-04");
  EXPECT_EQ(days.first_s, DaysFromCivil(2024, 5, 3) * kDay + 4 * 3600 + 600);
  EXPECT_EQ(days.last_s, DaysFromCivil(2024, 5, 5) * kDay - 1);

  EXPECT_EQ(Reject("2009/2008"), "\"2009/2008\" is not an ISO 8601 date (the interval ends before it starts)");
  EXPECT_EQ(Reject("../.."), "\"../..\" is not an ISO 8601 date (an interval needs at least one end that is a date)");
  EXPECT_EQ(Reject("2009/"), "\"2009/\" is not an ISO 8601 date (an interval needs both ends; \"..\" marks an open one)");
  EXPECT_EQ(Reject("2009/2010/2011"), "\"2009/2010/2011\" is not an ISO 8601 date (an interval has one '/')");
  EXPECT_EQ(Reject("2009-13/2010"), "\"2009-13/2010\" is not an ISO 8601 date (its start: month out of range)");
  EXPECT_EQ(Reject("2009/20x0"), "\"2009/20x0\" is not an ISO 8601 date (its end: expected a four-digit year)");
}

TEST(Date, AStatedAgeBoundsTheBirthDayEvenOnTheLeapDay) {
  auto day = [](int64_t y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d) * kDay; };
  // 30 on 2024-06-15: born from 1993-06-16 to 1994-06-15.
  model::BirthSpan born = model::BornIfAged(30, day(2024, 6, 15), day(2024, 6, 15) + kDay - 1);
  EXPECT_EQ(born.first_s, day(1993, 6, 16));
  EXPECT_EQ(born.last_s, day(1994, 6, 15) + kDay - 1);
  // 30 on 2024-02-29: whoever was born on 1993-02-28 turned 31 the day
  // before, whoever on 1994-02-28 turned 30 then; so from 1993-03-01 to
  // 1994-02-28.
  born = model::BornIfAged(30, day(2024, 2, 29), day(2024, 2, 29) + kDay - 1);
  EXPECT_EQ(born.first_s, day(1993, 3, 1));
  EXPECT_EQ(born.last_s, day(1994, 2, 28) + kDay - 1);
  // Into a leap year, 29 February is itself.
  born = model::BornIfAged(4, day(2024, 2, 29), day(2024, 2, 29) + kDay - 1);
  EXPECT_EQ(born.first_s, day(2019, 3, 1));
  EXPECT_EQ(born.last_s, day(2020, 2, 29) + kDay - 1);
  // Whoever is born on a leap day turns N on 1 March of a common year.
  EXPECT_EQ(model::YearsAfter(day(2008, 2, 29), 18), day(2026, 3, 1));
}

TEST(Date, TimesAndZones) {
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z").first_s, 0);
  EXPECT_EQ(Parse("2024-05-03T04:10:00Z").first_s, DaysFromCivil(2024, 5, 3) * kDay + 4 * 3600 + 600);
  EXPECT_EQ(Parse("2024-05-03T04:10Z").first_s, Parse("2024-05-03T04:10:00Z").first_s);
  EXPECT_EQ(Parse("2024-05-03T06:10:00+02:00").first_s, Parse("2024-05-03T04:10:00Z").first_s);
  EXPECT_EQ(Parse("2024-05-03T04:10:00.250Z").first_s, Parse("2024-05-03T04:10:00Z").first_s);
  EXPECT_LT(Parse("1960-06-01").first_s, 0);
}

TEST(Date, RejectsWhatIsNotADate) {
  EXPECT_NE(Reject("96").find("four-digit year"), std::string::npos);
  EXPECT_NE(Reject("1996-13").find("month out of range"), std::string::npos);
  EXPECT_NE(Reject("2023-02-29").find("day out of range"), std::string::npos);
  EXPECT_NE(Reject("2024-04-31").find("day out of range"), std::string::npos);
  Reject("1996/02/11");
  Reject("11.02.1996");
  Reject("1996-02-11T25:00Z");
  Reject("1996-02-11T10:00+5");
  Reject("1996-02-11 trailing");
  Reject("");
  Reject("0000");
  EXPECT_NE(Reject("2024-13-45").find("\"2024-13-45\" is not an ISO 8601 date"), std::string::npos);
}

TEST(Date, ErrorsQuoteTheTextEscapedAndShort) {
  EXPECT_EQ(Reject("2024-01-0\x1B[2J"), "\"2024-01-0\\x1B[2J\" is not an ISO 8601 date (expected YYYY-MM-DD)");
  EXPECT_EQ(Reject("2024\xFF"), "\"2024\\xFF\" is not an ISO 8601 date (expected YYYY-MM)");
  std::string long_text = "2024-01-01T" + std::string(100000, '1');
  std::string reason = Reject(long_text);
  EXPECT_EQ(reason, "\"" + long_text.substr(0, 64) + "...\" is not an ISO 8601 date (expected hh:mm after 'T')");
}

}  // namespace
}  // namespace palermo::format
