// Person records of two agencies with a known truth, for linkage-bench's
// scale mode (bench/README.md, "Linkage"). Deterministic by seed (its own
// splitmix64, so the same on any standard library).
//
// Each generated person has an origin (Latin, Arabic, Cyrillic or Ge'ez
// names, a quarter each) and draws a given name, a family name and, for
// Arabic and Ge'ez origins, a father's name from that origin's list; every
// name has its native spelling and one or more Latin transliterations.
// `overlap` of the persons are recorded by both agencies A and B, the rest
// by one of them (half each), so records = persons * (1 + overlap). A record
// writes the names in the native script or a transliteration (Latin
// origins: one of the spellings), as one full name with the parts (80%) or
// the full name only; the second record of a person recorded twice gets a
// typo in one Latin-written part one time in five. Birth dates (90% of
// persons, 1940-2011) are written whole (70%), as year-month (15%), year
// (10%) or not at all. Sex (90%) and nationality (70%) per record; 40% of
// persons have a passport, each record holding it 60% of the time, and 30%
// a mobile phone (E.164, a real country's range and length), held 50%
// of the time: identifier records with `holder`.
//
// Record ids are a bijection of (person, agency) (LinkageRecordId), so the
// truth is read back from the ids without holding a table.
#pragma once

#include <cstdint>
#include <string>

namespace palermo::bench {

struct LinkageGeneratorOptions {
  uint64_t persons = 1000;
  uint64_t seed = 1;
  double overlap = 0.3;
};

struct LinkageGeneratorStats {
  int64_t persons = 0;
  int64_t records_a = 0, records_b = 0;  // person records
  int64_t identifiers = 0;
  int64_t both = 0;  // persons recorded by both agencies: the true pairs
};

// Appends the case-format lines of agency A's records to `a` and B's to `b`
// (each line names its agency).
void GenerateLinkagePersons(const LinkageGeneratorOptions& options, std::string* a, std::string* b,
                            LinkageGeneratorStats* stats);

// One person's record in one agency (0: A, 1: B), and back (-1 when `id`
// is not one of these).
std::string LinkageRecordId(uint64_t person, int agency);
int64_t LinkagePersonOf(const std::string& id);

// `count` more persons for agency A, ids prefixed with `prefix`: half of
// them another record of one of the `options.persons` persons (drawn
// again), half new persons; for the incremental measurement.
std::string GenerateLinkageUpdate(const LinkageGeneratorOptions& options, uint64_t round, int count,
                                  const std::string& prefix);

}  // namespace palermo::bench
