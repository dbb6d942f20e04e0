// Synthetic case data: networks of smugglers and traffickers, routes,
// employers, payments and debts, written in the case format with the ground
// truth of each person beside it. Deterministic: the same options give the
// same bytes. Used by the benchmarks and by tests that need volume.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

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

// The kind of case a person of interest is in.
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
};

const char* CaseTypeName(CaseType type);

struct GeneratorStats {
  uint64_t persons = 0;  // persons of interest
  uint64_t records = 0;  // lines written
  uint64_t cases_by_type[9] = {};
};

// Writes the case file to `cases` and one JSON line per person of interest
// to `truth`: {"person": KEY, "case": TYPE, "findings": [...], "linked": [...]}
// where findings are the finding types the legal model expects.
GeneratorStats Generate(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth);

}  // namespace palermo::bench
