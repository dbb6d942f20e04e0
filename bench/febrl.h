// FEBRL person records (the Febrl generator's CSV files, bench/data/febrl/)
// as case-format lines (docs/CASE-FORMAT.md): the input of the record-linkage
// evaluation of issue #10. bench/README.md, "FEBRL4 as case files", says what
// maps to what.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace palermo::bench {

// Splits one line of the CSV dialect the FEBRL files use: fields separated by
// ',', spaces after a separator skipped (the files write ", "; pandas reads
// them with skipinitialspace), a trailing '\r' dropped (febrl_dataset4a.csv
// has CRLF line ends). The files quote nothing; a field that starts with '"'
// is read as an RFC 4180 quoted field ("" for a quote) all the same. False
// with `error` set for a quote left open or text after a closing quote.
bool SplitCsvLine(std::string_view line, std::vector<std::string>* fields, std::string* error);

// Calls `row` for each data line of `text` (the first line is the header,
// returned in `header`); blank lines are skipped. Stops and returns false on
// the first line SplitCsvLine refuses, with `error` naming the line number.
bool ReadCsv(std::string_view text, std::vector<std::string>* header,
             std::vector<std::vector<std::string>>* rows, std::string* error);

// The true links of febrl4_true_links.csv (header rec_id_a, rec_id_b) as
// (rec_id of 4a, rec_id of 4b) pairs. False with `error` set for another
// header or a row that is not two fields.
bool ReadFebrlTrueLinks(std::string_view csv_text, std::set<std::pair<std::string, std::string>>* links,
                        std::string* error);

struct FebrlStats {
  int64_t persons = 0;
  int64_t identifiers = 0;
  int64_t birth_dates = 0;          // real dates, written as birth_date
  int64_t corrupted_birth_dates = 0;  // kept as febrl_date_of_birth
  int64_t nameless = 0;             // neither given name nor surname
};

// The name written for a person whose row has neither given name nor
// surname (the format requires one name); such a person also carries
// "febrl_name_missing": true, so that linkage can tell it from a real name.
inline constexpr char kFebrlNoName[] = "(no name recorded)";

// Converts a FEBRL CSV (header rec_id, given_name, surname, street_number,
// address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id)
// into case-format lines, one `person` per row and one `identifier`
// (national_id, id REC_ID-ssid) per row with a soc_sec_id. `agency`, when not
// empty, is written on every record. False with `error` set for a header
// other than the above, a row of the wrong width or a rec_id that is not a
// valid case-format id.
bool ConvertFebrlCsv(std::string_view csv_text, std::string_view agency, std::string* out, FebrlStats* stats,
                     std::string* error);

}  // namespace palermo::bench
