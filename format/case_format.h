// The case interchange format (docs/CASE-FORMAT.md): one JSON object per
// line <-> palermo.v1.Record. Checks everything that can be checked on one
// line alone (JSON, kinds, field types, dates, country codes); whether a
// reference names an existing record is the store's business. The words it
// shares with every layer (global keys, references, kinds) are
// model/vocabulary.h's; diagnostics are common/diagnostic.h's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "model/vocabulary.h"
#include "palermo/v1/model.pb.h"

namespace palermo::format {

enum class LineOutcome {
  kSkipped,  // blank or comment line
  kRecord,   // `record` holds the parsed record
  kInvalid,  // one or more errors were appended
};

// Parses one line of a case file. References are resolved syntactically:
// a reference with a '/' is a global key, any other is an id of the
// referring record's agency. `default_agency` applies to records that name
// none. Appends every error found on the line (not just the first) and
// warnings (an unknown event type, say) to the given vectors.
LineOutcome ParseCaseLine(std::string_view line, int64_t line_number, std::string_view default_agency,
                          palermo::v1::Record* record, DiagnosticList* errors,
                          DiagnosticList* warnings);

// Parses a whole case text held in memory (tests, benchmarks, tools; the
// importer streams instead). False at the first invalid line, with `error`
// set to its first diagnostic.
bool ParseCaseText(std::string_view text, std::string_view default_agency, std::vector<palermo::v1::Record>* records,
                   std::string* error);

// Appends `record` as one case-format line, without the newline. Writes
// `agency` always; references inside the record's own agency as local ids,
// others as global keys.
void AppendCaseLine(const palermo::v1::Record& record, std::string* out);

// True for event types the shipped rules read (the format's vocabulary v2).
bool IsKnownEventType(std::string_view type);
bool IsKnownTransactionType(std::string_view type);

}  // namespace palermo::format
