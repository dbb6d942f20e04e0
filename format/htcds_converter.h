// The HTCDS converter's parts (format/htcds.h), shared by htcds.cc (tables,
// persons, perpetrators, historic events, organisations) and
// htcds_case.cc (a case's events from its victim context). Internal to
// format/.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "format/htcds.h"
#include "format/htcds_fields.h"
#include "format/json.h"

namespace palermo::format::htcds_detail {

using htcds::Field;
using htcds::FieldType;
using htcds::FindField;
using htcds::Trim;

enum class TableKind { kCases, kPerpetrators, kEvents, kOrganisations, kOther };

// A table with its columns' fields.
struct Columns {
  const Table* table = nullptr;
  TableKind kind = TableKind::kOther;
  std::vector<const Field*> fields;        // per column; null: not an HTCDS field
  std::vector<std::string> other_names;    // per column: row 1's text where fields[i] is null
  size_t first_data = 1;                   // index of the first data row
};

// One row of a table, its cells by field.
struct Row {
  const Columns* columns = nullptr;
  int64_t number = 0;  // 1-based
  const std::vector<std::string>* cells = nullptr;

  std::string_view Get(std::string_view field) const {
    for (size_t i = 0; i < columns->fields.size() && i < cells->size(); ++i) {
      if (columns->fields[i] != nullptr && columns->fields[i]->name == field) return Trim((*cells)[i]);
    }
    return {};
  }
  bool Empty() const {
    for (size_t i = 0; i < cells->size(); ++i) {
      const bool counter = i < columns->fields.size() && columns->fields[i] == nullptr && columns->other_names[i].empty();
      if (!counter && !Trim((*cells)[i]).empty()) return false;
    }
    return true;
  }
};

// One case-format line being built.
class Line {
 public:
  Line(std::string_view kind, const std::string& id) {
    text_ = "{\"kind\":\"" + std::string(kind) + "\",\"id\":";
    AppendJsonString(id, &text_);
  }
  Line& Str(std::string_view name, std::string_view value) {
    if (value.empty()) return *this;
    Name(name);
    AppendJsonString(value, &text_);
    return *this;
  }
  Line& List(std::string_view name, const std::vector<std::string>& values) {
    if (values.empty()) return *this;
    Name(name);
    text_ += "[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) text_ += ",";
      AppendJsonString(values[i], &text_);
    }
    text_ += "]";
    return *this;
  }
  Line& Raw(std::string_view name, const std::string& json) {
    Name(name);
    text_ += json;
    return *this;
  }
  std::string Done() const { return text_ + "}\n"; }

 private:
  void Name(std::string_view name) {
    text_ += ",";
    AppendJsonString(name, &text_);
    text_ += ":";
  }
  std::string text_;
};

inline std::string JsonText(std::string_view value) {
  std::string out;
  AppendJsonString(value, &out);
  return out;
}

inline std::string JsonList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i > 0 ? "," : "") + JsonText(values[i]);
  return out + "]";
}

// An id part from free text: letters, digits, '.', '_', '-'.
inline std::string IdPart(std::string_view text) {
  std::string out;
  for (char c : Trim(text)) {
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '-';
  }
  return out.empty() ? "x" : out;
}

// The table's file name without directories and extension, for ids.
inline std::string Stem(const std::string& name) {
  std::string file = name.substr(0, name.find(':'));
  file = file.substr(file.find_last_of('/') + 1);
  return IdPart(file.substr(0, file.rfind('.')));
}

struct Perpetrator {
  std::string id;
  std::set<std::string_view> roles;
};

struct HistoricEvent {
  std::string_view type;  // Recruitment, Transit, Exploitation, or ""
  std::string date;       // ISO, or ""
  std::string location;   // a location record's id, or ""
  std::map<std::string, std::string> extras;
};

struct Case {
  std::string id;
  Row row;
  std::vector<Perpetrator> perpetrators;
  std::vector<HistoricEvent> events;
  std::vector<std::string> lines;  // perpetrators', organisations', locations' lines
  std::map<std::string, std::vector<std::string>> source_extras;  // from spl_, cco_ and unknown tables
  int next = 0;                    // the next record number of this case
  std::string unidentified;        // the unidentified perpetrator's id, once made
  // The next event's id (events are made in the same order from the same rows).
  std::string NextId(std::string_view what) { return id + "-" + std::string(what) + std::to_string(++next); }
  // The id of what a row of another table makes: the same whatever order the tables come in.
  std::string RowId(std::string_view what, const Row& row) const {
    return id + "-" + std::string(what) + "-" + Stem(row.columns->table->name) + "-r" + std::to_string(row.number);
  }
};

class Converter {
 public:
  explicit Converter(const HtcdsOptions& options) : options_(options) {}

  HtcdsConversion Run(const std::vector<Table>& tables);

 private:
  void Error(const Row& row, std::string_view field, std::string reason) {
    out_.errors.push_back({row.columns->table->name, row.number, std::string(field), std::move(reason)});
  }
  void Mapped(int64_t n = 1) { out_.summary.values_mapped += n; }
  // Keeps `json` as the extra field `field` of the record `extras` is of.
  // A field kept twice (values of no list, then "Other") holds both, as one list.
  void Keep(std::map<std::string, std::string>* extras, std::string_view field, std::string json, int64_t n = 1) {
    auto [it, added] = extras->try_emplace(std::string(field), json);
    if (!added) {
      auto items = [](const std::string& j) { return j.front() == '[' ? j.substr(1, j.size() - 2) : j; };
      const std::string before = items(it->second), now = items(json);
      it->second = "[" + before + (before.empty() || now.empty() ? "" : ",") + now + "]";
    }
    out_.summary.values_kept += n;
    out_.summary.kept_by_field[std::string(field)] += n;
  }

  bool Recognise(const Table& table, Columns* out);
  std::optional<std::string> Date(const Row& row, std::string_view field);
  // The picklist values of `field` in `row`; the parts that match none are
  // kept as the extra `field` of `extras`.
  std::vector<std::string_view> Values(const Row& row, std::string_view field, std::map<std::string, std::string>* extras);
  // Every column of `row` not in `used` kept as an extra of `extras`.
  void KeepRest(const Row& row, const std::set<std::string_view>& used, std::map<std::string, std::string>* extras);
  std::string Location(Case* c, const Row& row, std::string_view city, std::string_view country,
                       std::map<std::string, std::string>* extras);
  std::string PersonLine(Case* c, const Row& row, const std::string& id, std::set<std::string_view>* used,
                         std::map<std::string, std::string>* extras, std::vector<std::string>* identifier_lines);
  void Perpetrators(const Row& row, Case* c);
  void Historic(const Row& row, Case* c);
  void Organisation(const Row& row, Case* c);
  void Emit(Case* c);

  const HtcdsOptions& options_;
  HtcdsConversion out_;
};

}  // namespace palermo::format::htcds_detail
