// The case interchange format (docs/CASE-FORMAT.md): one JSON object per
// line <-> palermo.v1.Record. Checks everything that can be checked on one
// line alone (JSON, kinds, field types, dates, country codes); whether a
// reference names an existing record is the store's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "palermo/v1/model.pb.h"

namespace palermo::format {

// One problem with one line of a case file.
struct Diagnostic {
  int64_t line = 0;   // 1-based; 0 when not about one line
  std::string field;  // the field at fault, or empty
  std::string reason;

  std::string ToString() const;  // "line 12: field `birth_date`: ..."
};

// Diagnostics of one import: keeps the first `keep` in arrival order and
// counts them all, so that a file of a million bad lines cannot exhaust memory.
class DiagnosticList {
 public:
  explicit DiagnosticList(size_t keep = 1000) : keep_(keep) {}
  void Add(Diagnostic diagnostic) {
    ++total_;
    if (kept_.size() < keep_) kept_.push_back(std::move(diagnostic));
  }
  bool empty() const { return total_ == 0; }
  int64_t total() const { return total_; }
  // The first ones, sorted by line.
  std::vector<Diagnostic> Sorted() const;

 private:
  size_t keep_;
  int64_t total_ = 0;
  std::vector<Diagnostic> kept_;
};

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

// "AGENCY/ID".
std::string GlobalKey(std::string_view agency, std::string_view id);

// A reference from a record to another, as an edge of the graph.
struct Reference {
  palermo::v1::EdgeLabel label;
  const char* field;   // the case-format field it came from
  std::string target;  // global key
};

// Every reference a record makes, in field order.
std::vector<Reference> CollectReferences(const palermo::v1::Record& record);

// Case-format names of the closed vocabularies.
const char* KindName(palermo::v1::Kind kind);
const char* EdgeLabelName(palermo::v1::EdgeLabel label);
bool ParseKindName(std::string_view name, palermo::v1::Kind* kind);
bool ParseEdgeLabelName(std::string_view name, palermo::v1::EdgeLabel* label);
const char* IdentifierTypeName(palermo::v1::IdentifierType type);
const char* RelationTypeName(palermo::v1::RelationType type);

// True for event types the shipped rules read (the format's vocabulary v1).
bool IsKnownEventType(std::string_view type);
bool IsKnownTransactionType(std::string_view type);

}  // namespace palermo::format
