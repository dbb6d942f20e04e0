// The other fields linkage compares (linkage/fields.h): phones to E.164
// through libphonenumber, document numbers, and the levels at which two
// dates, partial or intervals, agree.
#include "linkage/fields.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "format/date.h"

namespace palermo::linkage {
namespace {

std::string E164(std::string_view written, std::string_view region) {
  Result<std::string> phone = PhoneE164(written, region);
  EXPECT_TRUE(phone.ok()) << written << ": " << phone.status().ToString();
  return phone.ok() ? *phone : std::string();
}

TEST(PhoneE164Test, NationalAndInternationalFormsOfOneNumberAgree) {
  EXPECT_EQ(E164("+44 20 7946 0958", ""), "+442079460958");
  EXPECT_EQ(E164("020 7946 0958", "GB"), "+442079460958");
  EXPECT_EQ(E164("+44 (0)20 7946-0958", "DE"), "+442079460958");
}

TEST(PhoneE164Test, InternationalPrefixOfTheRegionIsRead) {
  EXPECT_EQ(E164("0049 30 123456", "DE"), "+4930123456");
  EXPECT_EQ(E164("030 123456", "DE"), "+4930123456");
  EXPECT_EQ(E164("0049 30 123456", "GB"), "+4930123456");  // 00 is GB's prefix too
}

TEST(PhoneE164Test, AnInternationalNumberWrittenWithoutItsPlusIsRead) {
  EXPECT_EQ(E164("4930123456", ""), "+4930123456");
  EXPECT_EQ(E164("252634401187", "SO"), E164("+252 63 4401187", "")) << "too long for a national number";
  EXPECT_EQ(E164("020 7946 0958", "GB"), "+442079460958") << "a national form stays national";
}

TEST(PhoneE164Test, SeveralCountriesNationalFormats) {
  EXPECT_EQ(E164("(202) 456-1111", "US"), "+12024561111");
  EXPECT_EQ(E164("06 12 34 56 78", "FR"), "+33612345678");
  EXPECT_EQ(E164("0612345678", "NL"), "+31612345678");
  EXPECT_EQ(E164("061 5123456", "SO"), "+252615123456");
  EXPECT_EQ(E164("+252 61 5123456", "ZZ"), "+252615123456");
  EXPECT_EQ(E164("8 (495) 123-45-67", "RU"), "+74951234567");
  EXPECT_EQ(E164("+7 495 123-45-67", "RU"), "+74951234567");
}

TEST(PhoneE164Test, PossibleButUnallocatedNumberIsKept) {
  // Ofcom's range for drama: not valid, but the same digits in two records.
  EXPECT_EQ(E164("+44 7700 900123", ""), "+447700900123");
}

TEST(PhoneE164Test, ExtensionIsDropped) {
  EXPECT_EQ(E164("+44 20 7946 0958 ext. 12", "GB"), "+442079460958");
}

TEST(PhoneE164Test, TextThatIsNoNumberIsRefused) {
  for (std::string_view bad : {"hello", "", "123"}) {
    Result<std::string> phone = PhoneE164(bad, "GB");
    EXPECT_FALSE(phone.ok()) << bad;
    EXPECT_EQ(phone.status().code(), Status::Code::kInvalidArgument) << bad;
  }
  EXPECT_NE(PhoneE164("123", "GB").status().message().find("too short"), std::string::npos)
      << PhoneE164("123", "GB").status().message();
}

std::string National(std::string_view written, std::string_view region) {
  Result<std::string> phone = PhoneNationalNumber(written, region);
  EXPECT_TRUE(phone.ok()) << written << ": " << phone.status().ToString();
  return phone.ok() ? *phone : std::string();
}

TEST(PhoneNationalNumberTest, OneNumberWrittenAnyWayGivesOneNationalNumber) {
  for (auto [written, region] : std::initializer_list<std::pair<std::string_view, std::string_view>>{
           {"+966 54 118 7203", ""}, {"00966541187203", ""}, {"054 118 7203", "SA"}, {"054 118 7203", "ET"},
           {"054 118 7203", ""}, {"966541187203", ""}}) {
    EXPECT_EQ(National(written, region), "541187203") << written << " in " << region;
  }
  EXPECT_EQ(National("8 916 550-27-18", "RU"), "9165502718") << "Russia's trunk prefix 8";
  EXPECT_EQ(National("+7 916 550 27 18", ""), "9165502718");
  EXPECT_EQ(National("512 870 233", ""), "512870233") << "Poland has no trunk prefix";
  EXPECT_EQ(National("+48 512 870 233", ""), "512870233");
  EXPECT_EQ(National("252634401187", ""), "634401187") << "an international number without its plus";
  EXPECT_EQ(National("252634401187", "SO"), "634401187") << "too long for its country";
  EXPECT_EQ(National("6902218874", ""), "6902218874") << "ten digits: a national number (Greece), not Tokelau's +690";
  EXPECT_EQ(National("690 2218874", "ER"), "6902218874") << "no valid number of its holder's country";
  EXPECT_EQ(National("0964 750 412 8839", "IQ"), "7504128839") << "one 0 written for 00, the holder's country code";
  EXPECT_EQ(National("+964 750 412 8839", ""), "7504128839");
  EXPECT_EQ(National("0151 23456789", ""), "15123456789") << "a trunk prefix, not +1 512 345 6789";
}

TEST(PhoneNationalNumberTest, TooFewDigitsAreRefused) {
  for (std::string_view bad : {"hello", "", "0123", "12345"}) {
    Result<std::string> phone = PhoneNationalNumber(bad, "");
    EXPECT_FALSE(phone.ok()) << bad;
  }
  EXPECT_NE(PhoneNationalNumber("0123", "").status().message().find("too short"), std::string::npos);
}

TEST(PhoneE164Test, NationalNumberWithoutRegionIsRefused) {
  for (std::string_view region : {"", "ZZ", "XX"}) {
    Result<std::string> phone = PhoneE164("020 7946 0958", region);
    ASSERT_FALSE(phone.ok()) << region;
    EXPECT_NE(phone.status().message().find("no country"), std::string::npos) << phone.status().message();
  }
  EXPECT_FALSE(PhoneE164("+999 123 456", "").ok());  // no such country code
}

std::string DocumentKey(std::string_view written) {
  Result<std::string> key = DocumentNumberKey(written);
  EXPECT_TRUE(key.ok()) << written << ": " << key.status().ToString();
  return key.ok() ? *key : std::string();
}

TEST(DocumentNumberKeyTest, SeparatorsDroppedLettersUpperCased) {
  EXPECT_EQ(DocumentKey("ab 123-456/7"), "AB1234567");
  EXPECT_EQ(DocumentKey("AB1234567"), "AB1234567");
  EXPECT_EQ(DocumentKey("x.12.34\t56"), "X123456");
  EXPECT_EQ(DocumentKey("0012"), "0012");  // leading zeros are part of the number
}

TEST(DocumentNumberKeyTest, TheLetterOIsReadAsTheDigit) {
  EXPECT_EQ(DocumentKey("PO3911842"), DocumentKey("P03911842"));
  EXPECT_EQ(DocumentKey("po3911842"), "P03911842");
}

TEST(DocumentNumberKeyTest, OtherCharactersAreRefusedNotGuessed) {
  for (std::string_view bad : {"АБ 123456", "AB#123", "AB,123", "", " - / ."}) {
    Result<std::string> key = DocumentNumberKey(bad);
    EXPECT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

DateSpan Span(std::string_view iso) {
  format::DateInterval interval;
  std::string reason;
  EXPECT_TRUE(format::ParseIsoDate(iso, &interval, &reason)) << reason;
  return {interval.first_s, interval.last_s};
}

std::string Level(std::string_view a, std::string_view b) {
  const DateLevel level = CompareDates(Span(a), Span(b));
  EXPECT_EQ(level, CompareDates(Span(b), Span(a))) << a << " " << b;  // symmetric
  return std::string(DateLevelName(level));
}

TEST(CompareDatesTest, SameDayOnlyWhenOneDayHoldsBoth) {
  EXPECT_EQ(Level("1996-02-11", "1996-02-11"), "same_day");
  EXPECT_EQ(Level("1996-02-11", "1996-02-11T10:30Z"), "same_day");
  EXPECT_EQ(Level("1996-02-11T23:30+02:00", "1996-02-11"), "same_day");  // 21:30 UTC
  EXPECT_EQ(Level("1996-02-11T23:30-02:00", "1996-02-11"), "same_month");  // 01:30 UTC on the 12th
}

TEST(CompareDatesTest, SameMonthForDifferentDaysOrAMonthAndADayInIt) {
  EXPECT_EQ(Level("1996-02-11", "1996-02-20"), "same_month");
  EXPECT_EQ(Level("1996-02", "1996-02-11"), "same_month");
  EXPECT_EQ(Level("1996-02", "1996-02"), "same_month");
  EXPECT_EQ(Level("1996-02-11", "1996-02-12"), "same_month");
}

TEST(CompareDatesTest, OverlapTellsPossiblySameDayFromDifferentDays) {
  EXPECT_TRUE(DatesOverlap(Span("1996-02"), Span("1996-02-11")));
  EXPECT_FALSE(DatesOverlap(Span("1996-02-11"), Span("1996-02-20")));
  EXPECT_TRUE(DatesOverlap(Span("1996"), Span("1996-02-11")));
  EXPECT_FALSE(DatesOverlap(Span("1996"), Span("1997-01-01")));
}

TEST(CompareDatesTest, SameYearForDifferentMonthsOrAYearAndADayInIt) {
  EXPECT_EQ(Level("1996-02-11", "1996-07-01"), "same_year");
  EXPECT_EQ(Level("1996", "1996-02-11"), "same_year");
  EXPECT_EQ(Level("1996", "1996"), "same_year");
  EXPECT_EQ(Level("2009-03/2009-06", "2009-05-02"), "same_year");
  EXPECT_EQ(Level("2009-03/2009-06", "2009-07-01"), "same_year");  // same year, no shared day
}

TEST(CompareDatesTest, OverlapWhenIntervalsMeetButNoYearHoldsBoth) {
  EXPECT_EQ(Level("../2009-06", "1980-05-02"), "overlap");
  EXPECT_EQ(Level("2008-11/2009-02", "2009-01"), "overlap");
  EXPECT_EQ(Level("1995/1997", "1996-02-11"), "overlap");
  EXPECT_EQ(Level("../2009-06", "2009/.."), "overlap");
}

TEST(CompareDatesTest, DisjointWhenIntervalsShareNoSecond) {
  EXPECT_EQ(Level("1996", "1997-01-01"), "disjoint");
  EXPECT_EQ(Level("1996-12-31", "1997-01-01"), "disjoint");
  EXPECT_EQ(Level("../2009-06", "2009-07"), "disjoint");
  EXPECT_EQ(Level("2009-03/2009-06", "2010-07-01"), "disjoint");
}

TEST(CompareDatesTest, DatesBefore1970FallInTheirOwnDay) {
  EXPECT_EQ(Level("1950-06-15", "1950-06-15"), "same_day");
  EXPECT_FALSE(DatesOverlap(Span("1950-06-15"), Span("1950-06-16")));
  EXPECT_EQ(Level("1950-06", "1950-06-16"), "same_month");
  EXPECT_EQ(Level("1969-12-31", "1969"), "same_year");
}

}  // namespace
}  // namespace palermo::linkage
