// The HTCDS field standards 1.0 and 2.0 as data (Human Trafficking Case
// Data Standard, IOM / UNMigration, CC BY 4.0; docs/HTCDS.md): every field
// of the prefixes the importer reads, with its template label, its type,
// and for picklists every value's name and label. 1.0 and 2.0 share every
// field name and value name they both have; 2.0 adds the trafficking
// status fields, 1.0 has four consent checkboxes 2.0 folded into
// con_Consent. Internal to format/htcds.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo::format::htcds {

enum class FieldType { kText, kDate, kNumber, kBool, kSingle, kMulti };

struct PickValue {
  std::string_view name;   // e.g. "DebtBondage"
  std::string_view label;  // e.g. "Debt bondage"
};

struct Field {
  std::string_view name;   // e.g. "vic_MethodsOfControl"
  std::string_view label;  // as the templates' row 2 shows it
  FieldType type;
  const std::vector<PickValue>* values;  // picklists only
  std::string_view versions;             // "1.0 2.0", "2.0", "1.0"
};

// The field named `name` (also the templates' misspelling
// vic_TraffickinStatusDecisionMakingOrg, and Palermo's cas_CaseNumber),
// or null.
const Field* FindField(std::string_view name);

// The field whose template label is `label` (case and spaces aside), or
// null: for columns without a name in row 1, and the mailing columns whose
// names and labels the templates list in different orders.
const Field* FieldOfLabel(std::string_view label);

// The value names of `field` that `cell` holds: the whole cell as one
// value name or label, else (multi-selects) its parts between ';'. Parts
// that match nothing go to `unmatched`, trimmed.
std::vector<std::string_view> MatchValues(const Field& field, std::string_view cell,
                                          std::vector<std::string>* unmatched);

// The ISO 3166-1 alpha-2 code of a country written as an alpha-2 or
// alpha-3 code or as its English name (ICU's names), or nothing.
std::optional<std::string> CountryCode(std::string_view text);

// An ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) as written, or an Excel
// serial date (1900 system) as YYYY-MM-DD; nothing for anything else
// (locale dates such as 3/4/2021 are ambiguous).
std::optional<std::string> IsoDate(std::string_view text);

// The text without spaces at its ends.
std::string_view Trim(std::string_view text);

}  // namespace palermo::format::htcds
