// Synthetic case data: networks of smugglers and traffickers, routes,
// employers, payments and debts, written in the case format with the ground
// truth of each person beside it. Deterministic: the same options give the
// same bytes. Used by the benchmarks and by tests that need volume.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "palermo/v1/model.pb.h"

namespace palermo::bench {

struct GeneratorOptions {
  uint64_t seed = 1;
  // Stop after this many persons of interest (migrants, victims, workers),
  // or once `records` records are written, whichever comes first (0 = no limit).
  uint64_t persons = 1000;
  uint64_t records = 0;
  // Records are spread over these agencies; a case seen by two agencies is
  // joined by a same_as relation, as linkage would.
  std::vector<std::string> agencies = {"border-police", "labour-inspectorate", "police", "ngo"};
  // Put before every id: files made with different prefixes share no
  // record (without one, files of any seed reuse the same ids, so a second
  // file replaces the first's records and ties its cases to the new ones).
  std::string id_prefix;
};

// The kind of case a person of interest is in. The first nine are the
// version 1 cases; the rest (after kClean) are the patterns of legal model
// version 2 and of the ILO/EC indicators, drawn from a random stream of
// their own so that the version 1 cases keep their bytes (bench/README.md).
enum class CaseType {
  kSmugglingOnly,        // paid irregular crossing, nothing after
  kAggravatedSmuggling,  // the same, with the migrant's life endangered
  kSmuggledProsecuted,   // smuggled, then prosecuted for irregular entry
  kConverted,            // smuggled, then held in debt bondage by the network
  kInternalTrafficking,  // recruited by deception at home, exploited under threat
  kChildTrafficking,     // a child moved across a border for forced begging
  kPossibleTrafficking,  // recruited and moved for exploitative work, no means recorded
  kHumanitarian,         // helped across without any benefit to the helper
  kClean,                // regular migrant worker, fair wage, fair loan
  kChoresAtSchool,       // a child moved by a relative, household chores below the threshold for its age
  kChildDomesticWork,    // a child of 15-17 moved by a guardian, household chores over 43 hours a week
  kFeeWorkedOff,         // a smuggling fee worked off in sexual exploitation or begging, no true accounts
  kStatedAgeChild,       // no birth date, an age stated on a date: a presumed child, exploited
  kYearOnlyDates,        // crossing, debt, unpaid work and arrest all dated by the year only
  kIloProfile,           // the ILO/EC worked example: a profile, recruitment missing
  kIloAdultRuleMet,      // the worked example completed (or a deception dated only with the work's year)
  kIloChildWorkshop,     // a child recruited into hazardous workshop work: the ILO/EC child rule, no Protocol purpose
};

inline constexpr int kCaseTypeCount = static_cast<int>(CaseType::kIloChildWorkshop) + 1;

const char* CaseTypeName(CaseType type);

struct GeneratorStats {
  uint64_t persons = 0;  // persons of interest
  uint64_t records = 0;  // lines written
  uint64_t cases_by_type[kCaseTypeCount] = {};
};

// Writes the case file to `cases` and one JSON line per person of interest
// to `truth`: {"person": KEY, "case": TYPE, "findings": [...], "linked": [...]}
// where findings are the finding types the legal model and the ILO/EC
// indicators expect (each case's comment in generator.cc or generator_v2.cc
// says why).
GeneratorStats Generate(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth);

// The case records of Generate, parsed in memory as the importer parses
// them (agency "bench" for records that name none; the truth is dropped).
// False, with the first bad line in `error`, if the generator wrote one.
bool GenerateRecords(const GeneratorOptions& options, std::vector<palermo::v1::Record>* records, std::string* error);

// The case file of Generate split for benchmarks that import most of it
// at once and then the last cases one import each: `base` holds the lines
// before the last `last_cases` cases (`base_lines` of them), `cases` each
// of those cases' lines, in order. A case opens with its source record
// (id "src...") followed by a person.
struct SplitCaseFile {
  std::string base;
  size_t base_lines = 0;
  std::vector<std::string> cases;
};
SplitCaseFile GenerateSplit(const GeneratorOptions& options, size_t last_cases);

}  // namespace palermo::bench
