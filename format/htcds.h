// HTCDS in (issue #13; docs/HTCDS.md has the mapping table): the tables of
// the Human Trafficking Case Data Standard (IOM / UNMigration, CC BY 4.0),
// field standards 1.0 and 2.0, as the toolkit's Excel template is filled
// in (row 1 the field names, row 2 the labels, one row per case) or as a
// case management system exports them, converted to case-format lines
// (docs/CASE-FORMAT.md) that the ordinary import then checks and writes.
//
// Tables: one with cas_/prs_/vic_ columns (the cases; one row each), and
// optionally tables of perpetrators (per_ with prs_ columns), historic
// trafficking events (hte_) and organisations (org_), whose rows name
// their case in a cas_CaseNumber column (the standard defines no case id;
// Palermo reads Salesforce's case number by that name). The cases table
// may carry cas_CaseNumber too; otherwise a case is its file and row.
//
// Every value is accounted for: mapped to records and fields, or kept as
// an extra field (by its HTCDS field name) and counted. Errors (a date or
// number that does not parse, a row naming no known case, a table of no
// known kind) name the table, row and field; with any error nothing is
// converted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "format/tabular.h"

namespace palermo::format {

struct HtcdsOptions {
  // YYYY-MM-DD: the latest day an age without a date can refer to
  // (vic_AgeWhenTrafficked with no date of the case): today.
  std::string today;
};

struct HtcdsProblem {
  std::string table;
  int64_t row = 0;  // 1-based, as the spreadsheet shows it
  std::string field;
  std::string reason;
  std::string ToString() const;  // "TABLE: row N: field `F`: reason"
};

struct HtcdsSummary {
  std::string versions;  // "1.0", "2.0" or "1.0 or 2.0": which field sets the cases table fits
  int64_t cases = 0, perpetrators = 0, historic_events = 0, organisations = 0, records = 0;
  int64_t values_mapped = 0;  // non-empty cells that became records or record fields
  int64_t values_kept = 0;    // values kept as extra fields
  std::map<std::string, int64_t> kept_by_field;
  std::vector<std::string> notes;  // what the import cannot show, columns that are not HTCDS fields
  std::string ToString() const;    // the lines the CLI prints
  // The same as one JSON object: {"versions", "cases", "perpetrators",
  // "historic_events", "organisations", "records", "values_mapped",
  // "values_kept", "kept_by_field": {FIELD: N}, "notes": [TEXT]}.
  std::string Json() const;
};

struct HtcdsConversion {
  std::string case_lines;  // JSON Lines in the case format
  HtcdsSummary summary;
  std::vector<HtcdsProblem> errors;  // non-empty: case_lines is empty
};

HtcdsConversion ConvertHtcds(const std::vector<Table>& tables, const HtcdsOptions& options);

}  // namespace palermo::format
