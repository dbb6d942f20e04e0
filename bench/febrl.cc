#include "bench/febrl.h"

#include <algorithm>
#include <array>
#include <initializer_list>

#include "common/text.h"
#include "format/date.h"
#include "format/json.h"

namespace palermo::bench {
namespace {

constexpr std::array<std::string_view, 11> kFebrlHeader = {
    "rec_id", "given_name", "surname", "street_number", "address_1", "address_2",
    "suburb", "postcode", "state", "date_of_birth", "soc_sec_id"};
enum Column { kRecId, kGiven, kSurname, kStreetNumber, kAddress1, kAddress2, kSuburb, kPostcode, kState, kDob, kSsid };

// What a case-format id may not be (docs/CASE-FORMAT.md): empty, with a '/',
// with a control character.
bool ValidId(std::string_view id) {
  return !id.empty() && id.find('/') == std::string_view::npos && InvalidUtf8Offset(id) == std::string_view::npos &&
         ControlCharacterOffset(id) == std::string_view::npos;
}

// "YYYYMMDD" that names a real day -> "YYYY-MM-DD"; anything else -> "".
std::string IsoBirthDate(std::string_view yyyymmdd) {
  if (yyyymmdd.size() != 8) return "";
  for (char c : yyyymmdd) {
    if (c < '0' || c > '9') return "";
  }
  std::string iso = std::string(yyyymmdd.substr(0, 4)) + "-" + std::string(yyyymmdd.substr(4, 2)) + "-" +
                    std::string(yyyymmdd.substr(6, 2));
  format::DateInterval interval;
  std::string reason;
  return format::ParseIsoDate(iso, &interval, &reason) ? iso : "";
}

void AppendField(std::string_view name, std::string_view value, std::string* out) {
  out->push_back(',');
  format::AppendJsonString(name, out);
  out->push_back(':');
  format::AppendJsonString(value, out);
}

void AppendList(std::string_view name, std::string_view value, std::string* out) {
  out->push_back(',');
  format::AppendJsonString(name, out);
  out->append(":[");
  format::AppendJsonString(value, out);
  out->push_back(']');
}

void AppendStart(std::string_view kind, std::string_view id, std::string_view agency, std::string* out) {
  out->append("{\"kind\":");
  format::AppendJsonString(kind, out);
  AppendField("id", id, out);
  if (!agency.empty()) AppendField("agency", agency, out);
}

// Joins the non-empty parts with `separator`.
std::string Join(std::initializer_list<std::string_view> parts, std::string_view separator) {
  std::string joined;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    if (!joined.empty()) joined.append(separator);
    joined.append(part);
  }
  return joined;
}

}  // namespace

bool SplitCsvLine(std::string_view line, std::vector<std::string>* fields, std::string* error) {
  fields->clear();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  size_t i = 0;
  while (true) {
    while (i < line.size() && line[i] == ' ') ++i;  // skipinitialspace
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (true) {
        if (i >= line.size()) {
          *error = "quoted field not closed";
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',') {
        *error = "text after a closing quote";
        return false;
      }
    } else {
      size_t end = line.find(',', i);
      if (end == std::string_view::npos) end = line.size();
      field.assign(line.substr(i, end - i));
      i = end;
    }
    fields->push_back(std::move(field));
    if (i >= line.size()) return true;
    ++i;  // the ','
  }
}

bool ReadFebrlTrueLinks(std::string_view csv_text, std::set<std::pair<std::string, std::string>>* links,
                        std::string* error) {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  if (!ReadCsv(csv_text, &header, &rows, error)) return false;
  if (header != std::vector<std::string>{"rec_id_a", "rec_id_b"}) {
    *error = "the header is not rec_id_a, rec_id_b";
    return false;
  }
  for (auto& row : rows) {
    if (row.size() != 2) {
      *error = "a link of " + std::to_string(row.size()) + " fields, not 2";
      return false;
    }
    links->emplace(std::move(row[0]), std::move(row[1]));
  }
  return true;
}

bool ReadCsv(std::string_view text, std::vector<std::string>* header, std::vector<std::vector<std::string>>* rows,
             std::string* error) {
  header->clear();
  rows->clear();
  bool have_header = false;
  int64_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> fields;
    std::string reason;
    if (!SplitCsvLine(line, &fields, &reason)) {
      *error = "line " + std::to_string(line_number) + ": " + reason;
      return false;
    }
    if (!have_header) {
      *header = std::move(fields);
      have_header = true;
    } else {
      rows->push_back(std::move(fields));
    }
  }
  if (!have_header) {
    *error = "no header line";
    return false;
  }
  return true;
}

bool ConvertFebrlCsv(std::string_view csv_text, std::string_view agency, std::string* out, FebrlStats* stats,
                     std::string* error) {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  if (!ReadCsv(csv_text, &header, &rows, error)) return false;
  if (header.size() != kFebrlHeader.size() || !std::equal(header.begin(), header.end(), kFebrlHeader.begin())) {
    *error = "line 1: not a FEBRL header (rec_id, given_name, surname, ..., soc_sec_id)";
    return false;
  }
  *stats = FebrlStats{};
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    // The n-th data row (the header and blank lines not counted).
    const std::string where = "row " + std::to_string(r + 1) + ": ";
    if (row.size() != kFebrlHeader.size()) {
      *error = where + std::to_string(row.size()) + " fields, not " + std::to_string(kFebrlHeader.size());
      return false;
    }
    const std::string& id = row[kRecId];
    if (!ValidId(id)) {
      *error = where + "rec_id `" + EscapeForMessage(id) + "` is not a valid case-format id";
      return false;
    }
    AppendStart("person", id, agency, out);
    std::string name = Join({row[kGiven], row[kSurname]}, " ");
    const bool nameless = name.empty();
    AppendList("names", nameless ? std::string_view(kFebrlNoName) : std::string_view(name), out);
    if (!row[kGiven].empty()) AppendList("given_names", row[kGiven], out);
    if (!row[kSurname].empty()) AppendList("family_names", row[kSurname], out);
    std::string street = Join({row[kStreetNumber], row[kAddress1]}, " ");
    std::string address = Join({street, row[kAddress2], row[kSuburb], row[kState]}, ", ");
    if (!address.empty()) AppendList("addresses", address, out);
    if (!row[kPostcode].empty()) AppendField("postcode", row[kPostcode], out);
    if (!row[kDob].empty()) {
      std::string iso = IsoBirthDate(row[kDob]);
      if (!iso.empty()) {
        AppendField("birth_date", iso, out);
        ++stats->birth_dates;
      } else {
        AppendField("febrl_date_of_birth", row[kDob], out);
        ++stats->corrupted_birth_dates;
      }
    }
    if (nameless) {
      out->append(",\"febrl_name_missing\":true");
      ++stats->nameless;
    }
    out->append("}\n");
    ++stats->persons;
    if (!row[kSsid].empty()) {
      AppendStart("identifier", id + "-ssid", agency, out);
      AppendField("type", "national_id", out);
      AppendField("value", row[kSsid], out);
      AppendField("holder", id, out);
      out->append("}\n");
      ++stats->identifiers;
    }
  }
  return true;
}

}  // namespace palermo::bench
