// The other fields linkage compares, besides names (issue #10;
// docs/LINKAGE.md): phone numbers, document numbers and dates, each read
// into the form two records' values are compared in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace palermo::linkage {

// A phone number as written, in E.164 ("+442079460958"), through
// libphonenumber (Debian's 8.12). `default_region` is the CLDR region
// ("GB", "DE") a number written without "+" or an international prefix is
// read in; empty or "ZZ" when unknown, and then only international
// numbers are read. The number is kept when libphonenumber finds it
// *possible* (IsPossibleNumber: a length the country's numbers have), not
// only when *valid* (IsValidNumber: in an allocated range of the metadata
// compiled into the library): metadata ages and the same digits in two
// records are the same number whether or not the range was allocated when
// the library was built. So "+44 7700 900123" (Ofcom's drama range,
// invalid) is "+447700900123". An extension ("ext. 12") is dropped: E.164
// has none. InvalidArgument, saying why, when the text is not a number,
// has no country (no region and no "+"), or is too short or too long for
// its country. Safe to call from any number of threads at once
// (PhoneNumberUtil::GetInstance() is a thread-safe singleton whose methods
// are const).
Result<std::string> PhoneE164(std::string_view written, std::string_view default_region);

// A phone number as linkage compares it: its national significant number
// (the digits after the country code, without a trunk prefix: "+966 54 118
// 7203", "054 118 7203" and "00966541187203" are all "541187203"), through
// libphonenumber. One agency writes a migrant's number with the code of the
// country she lives in, another without one, or in the code of her
// nationality: the country code is not compared (two persons whose
// numbers of two countries have the same national digits would meet; among
// the pairs blocking gives, that is rarer than a number written three
// ways). Read as PhoneE164 reads it when it is written internationally ("+",
// or "00"), or in `default_region` when it is a valid number there (that
// region's trunk prefix is dropped: "8 916 550-27-18" in RU is
// "9165502718"); otherwise (no region, or a number the region's metadata
// does not allocate: an Eritrean's Greek "690 2218874") a first 0 is
// taken for a trunk prefix, and digits without one are an international
// number when they are eleven or more and libphonenumber finds them valid
// ("252634401187"), else the national number itself ("690 2218874", not
// Tokelau's +690). InvalidArgument when it does not read, or leaves fewer than six
// digits. Thread-safe as PhoneE164.
Result<std::string> PhoneNationalNumber(std::string_view written, std::string_view default_region);

// A document number (passport, national id, residence permit) as
// compared: ASCII letters upper-cased, the letter O read as the digit 0
// (a clerk's or a scanner's confusion: "PO3911842" is "P03911842"), digits
// kept, spaces, tabs, hyphens, dots and slashes dropped: "ab 123-456/7" ->
// "AB1234567". InvalidArgument
// for any other character, non-ASCII letters included (a Cyrillic series
// "АБ" is not guessed into Latin, nor dropped), and when no letter or digit
// is left. No table of formats per country: a number is compared as one
// string.
Result<std::string> DocumentNumberKey(std::string_view written);

// A date as stored (palermo.v1.Date first_s, last_s): the interval of Unix
// seconds (UTC, inclusive) its text stands for: "1996" the whole year,
// "1996-02" the month, "2009-03/2009-06" March to June, "../2009-06"
// anything up to the end of June 2009 (format/date.h).
struct DateSpan {
  int64_t first_s = 0;
  int64_t last_s = 0;
};

// How two dates agree, from strongest to weakest; the first that holds:
//   kSameDay    one calendar day (UTC) holds both intervals:
//               "1996-02-11" and "1996-02-11" (or "1996-02-11T10:00Z");
//   kSameMonth  one calendar month holds both: "1996-02-11" and
//               "1996-02-20" (different days), or "1996-02" and "1996-02-11";
//   kSameYear   one calendar year holds both: "1996-02-11" and
//               "1996-07-01", "1996" and "1996-02-11", or "2009-03/2009-06"
//               and "2009-05-02";
//   kOverlap    no year holds both, but the intervals share a second:
//               "../2009-06" and "1980-05-02", "2008-11/2009-02" and
//               "2009-01", "1995/1997" and "1996-02-11";
//   kDisjoint   no year holds both and they share no second: "1996" and
//               "1997-01-01", "../2009-06" and "2009-07".
// Like Splink's date levels, a level says to what precision the two dates
// agree, not whether they can be the same day: "1996-02-11" and
// "1996-02-20" (different days) are kSameMonth like "1996-02" and
// "1996-02-11" (possibly the same day); a partial date agrees at most to
// its own precision ("1996" and "1996-02-11" are kSameYear, never
// kSameDay). Scoring that must tell the two apart can ask whether the
// intervals overlap (DatesOverlap).
enum class DateLevel { kSameDay, kSameMonth, kSameYear, kOverlap, kDisjoint };

// "same_day", "same_month", "same_year", "overlap", "disjoint".
std::string_view DateLevelName(DateLevel level);

// Whether the intervals share a second: the dates can be the same instant.
bool DatesOverlap(DateSpan a, DateSpan b);

// The level of `a` and `b`; symmetric. Each span must have first_s <=
// last_s, as every stored date has.
DateLevel CompareDates(DateSpan a, DateSpan b);

}  // namespace palermo::linkage
