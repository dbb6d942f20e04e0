#include "format/htcds.h"

#include "format/htcds_converter.h"

namespace palermo::format {
namespace htcds_detail {

bool Converter::Recognise(const Table& table, Columns* out) {
  out->table = &table;
  if (table.rows.empty()) return false;
  const std::vector<std::string>& names = table.rows[0];
  const std::vector<std::string>* labels = table.rows.size() > 1 ? &table.rows[1] : nullptr;
  size_t recognised = 0, label_matches = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    const Field* field = FindField(names[i]);
    if (field == nullptr && Trim(names[i]).empty() && labels != nullptr && i < labels->size()) {
      field = htcds::FieldOfLabel((*labels)[i]);  // a column the template left without a name
    }
    out->fields.push_back(field);
    out->other_names.push_back(field == nullptr ? std::string(Trim(names[i])) : "");
    if (field != nullptr) ++recognised;
    if (labels != nullptr && i < labels->size() && htcds::FieldOfLabel((*labels)[i]) != nullptr) ++label_matches;
  }
  if (recognised == 0) return false;
  // Row 2 holds the labels when most of it reads as labels (the template's);
  // then the mailing columns are read by their labels, which the template
  // lists in another order than their names.
  if (labels != nullptr && label_matches * 2 >= recognised) {
    out->first_data = 2;
    for (size_t i = 0; i < out->fields.size() && i < labels->size(); ++i) {
      const Field* by_label = htcds::FieldOfLabel((*labels)[i]);
      if (out->fields[i] != nullptr && by_label != nullptr && out->fields[i]->name.starts_with("prs_Mailing") &&
          by_label->name.starts_with("prs_Mailing")) {
        out->fields[i] = by_label;
      }
    }
  }
  auto has = [&](std::string_view prefix) {
    return std::any_of(out->fields.begin(), out->fields.end(),
                       [&](const Field* f) { return f != nullptr && f->name.starts_with(prefix); });
  };
  out->kind = has("per_")   ? TableKind::kPerpetrators
              : has("hte_") ? TableKind::kEvents
              : has("org_") ? TableKind::kOrganisations
              : has("vic_") || has("prs_") || has("con_") || (has("cas_") && !has("spl_") && !has("cco_"))
                  ? TableKind::kCases
                  : TableKind::kOther;
  return true;
}

std::optional<std::string> Converter::Date(const Row& row, std::string_view field) {
  const std::string_view text = row.Get(field);
  if (text.empty()) return std::nullopt;
  auto date = htcds::IsoDate(text);
  if (!date) {
    Error(row, field, "\"" + std::string(text) + "\" is not a date: write YYYY-MM-DD (or YYYY, YYYY-MM), or keep "
                      "the cell an Excel date");
  }
  return date;
}

std::vector<std::string_view> Converter::Values(const Row& row, std::string_view field,
                                                std::map<std::string, std::string>* extras) {
  const Field* f = FindField(field);
  std::vector<std::string> unmatched;
  std::vector<std::string_view> values = htcds::MatchValues(*f, row.Get(field), &unmatched);
  if (!unmatched.empty()) Keep(extras, field, JsonList(unmatched), static_cast<int64_t>(unmatched.size()));
  return values;
}

void Converter::KeepRest(const Row& row, const std::set<std::string_view>& used,
                         std::map<std::string, std::string>* extras) {
  for (size_t i = 0; i < row.columns->fields.size() && i < row.cells->size(); ++i) {
    const std::string_view value = Trim((*row.cells)[i]);
    if (value.empty()) continue;
    const Field* f = row.columns->fields[i];
    if (f == nullptr) {
      const std::string& name = row.columns->other_names[i];
      if (name.empty() || used.count(name) > 0) continue;  // the template's row counter (column A), or kept elsewhere
      // Prefixed, so that a column named like a case-format field ("sex",
      // "credibility") never becomes that field.
      Keep(extras, "column " + name, JsonText(value));
      continue;
    }
    if (used.count(f->name) > 0 || f->name == "cas_CaseNumber") continue;
    if (f->type == FieldType::kDate) {
      if (auto date = Date(row, f->name)) Keep(extras, f->name, JsonText(*date));
    } else if (f->type == FieldType::kNumber) {
      Keep(extras, f->name, JsonText(value));
    } else if (f->values != nullptr) {
      std::vector<std::string> unmatched;
      std::vector<std::string> all;
      for (std::string_view v : htcds::MatchValues(*f, value, &unmatched)) all.emplace_back(v);
      all.insert(all.end(), unmatched.begin(), unmatched.end());
      Keep(extras, f->name, f->type == FieldType::kMulti ? JsonList(all) : JsonText(all.empty() ? "" : all[0]),
           static_cast<int64_t>(all.size()));
    } else {
      Keep(extras, f->name, JsonText(value));
    }
  }
}

std::string Converter::Location(Case* c, const Row& row, std::string_view city, std::string_view country,
                                std::map<std::string, std::string>* extras) {
  if (city.empty() && country.empty()) return "";
  auto code = htcds::CountryCode(country);
  if (!code) {
    // A location needs its country: without one the place stays words on the event.
    if (!city.empty()) Keep(extras, "hte_City", JsonText(city));
    if (!country.empty()) Keep(extras, "hte_Country", JsonText(country));
    return "";
  }
  const std::string id = c->RowId("loc", row);
  Line line("location", id);
  line.Str("name", city.empty() ? country : city).Str("country", *code).Str("location_type", city.empty() ? "" : "city");
  line.Str("source", c->id + "-src");
  c->lines.push_back(line.Done());
  Mapped((city.empty() ? 0 : 1) + 1);
  return id;
}

std::string Converter::PersonLine(Case* c, const Row& row, const std::string& id, std::set<std::string_view>* used,
                                  std::map<std::string, std::string>* extras,
                                  std::vector<std::string>* identifier_lines) {
  Line person("person", id);
  std::vector<std::string> given, family, whole;
  for (std::string_view f : {"prs_FirstName", "prs_MiddleName", "prs_SecondName"}) {
    used->insert(f);
    const std::string_view part = row.Get(f);
    if (part.empty()) continue;
    Mapped();
    whole.emplace_back(part);
    (f == std::string_view("prs_SecondName") ? family : given).emplace_back(part);
  }
  std::string name;
  for (const std::string& part : whole) name += (name.empty() ? "" : " ") + part;
  if (name.empty()) {
    // No name recorded: a placeholder linkage leaves alone (docs/HTCDS.md).
    person.List("names", {"unnamed person of HTCDS case " + c->id});
    (*extras)["unidentified"] = "true";
  } else {
    person.List("names", {name}).List("given_names", given).List("family_names", family);
  }
  used->insert("prs_Birthdate");
  if (auto birth = Date(row, "prs_Birthdate")) {
    person.Str("birth_date", *birth);
    Mapped();
  }
  used->insert("prs_Gender");
  for (std::string_view g : Values(row, "prs_Gender", extras)) {
    if (g == "Feminine" || g == "Masculine") {
      person.Str("sex", g == "Feminine" ? "F" : "M");
      Mapped();
    } else {
      Keep(extras, "prs_Gender", JsonText(g));  // gender identity is not the case format's sex
    }
  }
  used->insert("prs_Citizenship");
  std::vector<std::string> nationalities, unknown_countries;
  const std::string_view citizenship = row.Get("prs_Citizenship");
  for (size_t start = 0; start < citizenship.size();) {
    size_t end = citizenship.find_first_of(";,", start);
    if (end == std::string_view::npos) end = citizenship.size();
    const std::string_view part = Trim(citizenship.substr(start, end - start));
    if (!part.empty()) {
      if (auto code = htcds::CountryCode(part)) nationalities.push_back(*code);
      else unknown_countries.emplace_back(part);
    }
    start = end + 1;
  }
  person.List("nationalities", nationalities);
  Mapped(static_cast<int64_t>(nationalities.size()));
  if (!unknown_countries.empty()) {
    Keep(extras, "prs_Citizenship", JsonList(unknown_countries), static_cast<int64_t>(unknown_countries.size()));
  }
  // The postal address as one text, and its postcode.
  std::string address;
  for (std::string_view f : {"prs_MailingStreet", "prs_MailingCity", "prs_MailingState", "prs_MailingPostalCode",
                             "prs_MailingCountry"}) {
    used->insert(f);
    const std::string_view part = row.Get(f);
    if (part.empty()) continue;
    address += (address.empty() ? "" : ", ") + std::string(part);
    Mapped();
  }
  if (!address.empty()) person.List("addresses", {address});
  person.Str("postcode", row.Get("prs_MailingPostalCode"));
  // Phones, e-mail and the identity number as identifier records.
  for (auto [field, type] : {std::pair<std::string_view, std::string_view>{"prs_MobilePhone", "phone"},
                             {"prs_HomePhone", "phone"},
                             {"prs_Email", "email"},
                             {"prs_IdentityNumber", "national_id"}}) {
    used->insert(field);
    const std::string_view value = row.Get(field);
    if (value.empty()) continue;
    // Named by its holder and field, so that a later import of the same table replaces it.
    Line identifier("identifier", id + "-" + std::string(field.substr(4)));
    identifier.Str("type", type).Str("value", value).Str("holder", id).Str("source", c->id + "-src");
    identifier_lines->push_back(identifier.Done());
    Mapped();
  }
  person.Str("source", c->id + "-src");
  KeepRest(row, *used, extras);
  for (const auto& [name, json] : *extras) person.Raw(name, json);
  return person.Done();
}

void Converter::Perpetrators(const Row& row, Case* c) {
  Perpetrator p;
  p.id = c->RowId("per", row);
  std::set<std::string_view> used = {"per_RoleInProcess"};
  std::map<std::string, std::string> extras;
  for (std::string_view role : Values(row, "per_RoleInProcess", &extras)) p.roles.insert(role);
  if (!p.roles.empty()) {
    std::vector<std::string> roles(p.roles.begin(), p.roles.end());
    Mapped(static_cast<int64_t>(roles.size()));
    extras["per_RoleInProcess"] = JsonList(roles);  // the roles as recorded, beside the events they act in
  }
  std::vector<std::string> identifiers;
  c->lines.push_back(PersonLine(c, row, p.id, &used, &extras, &identifiers));
  c->lines.insert(c->lines.end(), identifiers.begin(), identifiers.end());
  c->perpetrators.push_back(std::move(p));
  ++out_.summary.perpetrators;
}

void Converter::Historic(const Row& row, Case* c) {
  HistoricEvent e;
  std::vector<std::string_view> type = Values(row, "hte_Type", &e.extras);
  if (!type.empty()) {
    e.type = type[0];
    Mapped();
  }
  if (auto date = Date(row, "hte_Date")) {
    e.date = *date;
    Mapped();
  }
  e.location = Location(c, row, row.Get("hte_City"), row.Get("hte_Country"), &e.extras);
  KeepRest(row, {"hte_Type", "hte_Date", "hte_City", "hte_Country"}, &e.extras);
  c->events.push_back(std::move(e));
  ++out_.summary.historic_events;
}

void Converter::Organisation(const Row& row, Case* c) {
  std::map<std::string, std::string> extras;
  Line org("organization", c->RowId("org", row));
  const std::string_view name = row.Get("org_Name");
  if (!name.empty()) {
    org.List("names", {std::string(name)});
    Mapped();
  }
  for (std::string_view type : Values(row, "org_Type", &extras)) {
    const bool authority = type == "LawEnforcement" || type == "CentralGovernmentOrganisation" ||
                           type == "LocalGovernmentOrganisation" || type == "ImmigrationService";
    org.Str("org_type", type == "NGO" ? "ngo" : authority ? "authority" : "");
    if (type == "NGO" || authority) Mapped();
    else Keep(&extras, "org_Type", JsonText(type));
  }
  const std::string_view country = row.Get("org_ShippingCountry");
  std::set<std::string_view> used = {"org_Name", "org_Type"};
  if (auto code = htcds::CountryCode(country)) {
    org.Str("country", *code);
    used.insert("org_ShippingCountry");
    Mapped();
  }
  KeepRest(row, used, &extras);
  org.Str("source", c->id + "-src");
  for (const auto& [field, json] : extras) org.Raw(field, json);
  c->lines.push_back(org.Done());
  ++out_.summary.organisations;
}

HtcdsConversion Converter::Run(const std::vector<Table>& tables) {
  std::vector<Columns> columns(tables.size());
  std::set<std::string> versions = {"1.0", "2.0"};
  for (size_t t = 0; t < tables.size(); ++t) {
    if (!Recognise(tables[t], &columns[t])) {
      out_.errors.push_back({tables[t].name, 1, "", "row 1 names no HTCDS field (cas_, prs_, vic_, per_, hte_, org_, ...)"});
      continue;
    }
    for (size_t i = 0; i < columns[t].fields.size(); ++i) {
      if (const Field* f = columns[t].fields[i]) {
        if (f->versions == "2.0") versions.erase("1.0");
        if (f->versions == "1.0") versions.erase("2.0");
      } else if (!columns[t].other_names[i].empty()) {
        out_.summary.notes.push_back(tables[t].name + ": column " + columns[t].other_names[i] +
                                     " is not an HTCDS field: its values are kept as extra fields");
      }
    }
  }
  out_.summary.versions = versions.size() == 2 ? "1.0 or 2.0" : versions.empty() ? "mixed 1.0 and 2.0" : *versions.begin();
  // The cases, then the rows that name them.
  std::vector<Case> cases;
  std::map<std::string, size_t> by_number;
  for (const Columns& cols : columns) {
    if (cols.table == nullptr || cols.kind != TableKind::kCases) continue;
    for (size_t r = cols.first_data; r < cols.table->rows.size(); ++r) {
      Row row{&cols, static_cast<int64_t>(r + 1), &cols.table->rows[r]};
      if (row.Empty()) continue;
      Case c;
      c.row = row;
      const std::string_view number = row.Get("cas_CaseNumber");
      c.id = number.empty() ? Stem(cols.table->name) + "-r" + std::to_string(row.number) : "case-" + IdPart(number);
      if (!number.empty()) {
        if (by_number.count(std::string(number)) > 0) {
          Error(row, "cas_CaseNumber", "case " + std::string(number) + " is on two rows");
          continue;
        }
        by_number[std::string(number)] = cases.size();
        Mapped();
      }
      cases.push_back(std::move(c));
    }
  }
  if (cases.empty() && out_.errors.empty()) {
    out_.errors.push_back({tables.empty() ? "" : tables[0].name, 0, "", "no table of cases (cas_, prs_, vic_ columns) with a case in it"});
  }
  for (const Columns& cols : columns) {
    if (cols.table == nullptr || cols.kind == TableKind::kCases) continue;
    for (size_t r = cols.first_data; r < cols.table->rows.size(); ++r) {
      Row row{&cols, static_cast<int64_t>(r + 1), &cols.table->rows[r]};
      if (row.Empty()) continue;
      const std::string_view number = row.Get("cas_CaseNumber");
      auto it = by_number.find(std::string(number));
      if (number.empty() || it == by_number.end()) {
        Error(row, "cas_CaseNumber",
              number.empty() ? "names no case: rows of perpetrators, historic events, organisations and support "
                               "plans name their case's cas_CaseNumber"
                             : "case " + std::string(number) + " is in no table of cases");
        continue;
      }
      Case* c = &cases[it->second];
      Mapped();  // the case number links the row
      switch (cols.kind) {
        case TableKind::kPerpetrators: Perpetrators(row, c); break;
        case TableKind::kEvents: Historic(row, c); break;
        case TableKind::kOrganisations: Organisation(row, c); break;
        default: {
          std::map<std::string, std::string> extras;
          KeepRest(row, {}, &extras);
          for (auto& [field, json] : extras) c->source_extras[field].push_back(json);
        }
      }
    }
  }
  for (Case& c : cases) Emit(&c);
  out_.summary.cases = static_cast<int64_t>(cases.size());
  out_.summary.notes.push_back(
      "HTCDS has no payment fields (no fee, price, amount or currency): an HTCDS import alone can never show "
      "smuggling's financial or other material benefit; smuggling findings need payments from other records");
  if (!out_.errors.empty()) out_.case_lines.clear();
  return std::move(out_);
}

}  // namespace htcds_detail

std::string HtcdsProblem::ToString() const {
  return table + (row > 0 ? ": row " + std::to_string(row) : "") + (field.empty() ? "" : ": field `" + field + "`") +
         ": " + reason;
}

std::string HtcdsSummary::ToString() const {
  std::string out = "HTCDS (field standard " + versions + "): " + std::to_string(cases) + " cases, " +
                    std::to_string(perpetrators) + " perpetrators, " + std::to_string(historic_events) +
                    " historic events, " + std::to_string(organisations) + " organisations -> " +
                    std::to_string(records) + " records\n";
  out += "  values mapped to records and fields: " + std::to_string(values_mapped) +
         "; kept as extra fields: " + std::to_string(values_kept) + "\n";
  for (const auto& [field, count] : kept_by_field) out += "    kept " + field + ": " + std::to_string(count) + "\n";
  for (const std::string& note : notes) out += "  note: " + note + "\n";
  return out;
}

std::string HtcdsSummary::Json() const {
  std::string out = "{\"versions\":";
  AppendJsonString(versions, &out);
  for (const auto& [name, n] : {std::pair<const char*, int64_t>{"cases", cases},
                                {"perpetrators", perpetrators},
                                {"historic_events", historic_events},
                                {"organisations", organisations},
                                {"records", records},
                                {"values_mapped", values_mapped},
                                {"values_kept", values_kept}}) {
    out += ",\"" + std::string(name) + "\":" + std::to_string(n);
  }
  out += ",\"kept_by_field\":{";
  bool first = true;
  for (const auto& [field, count] : kept_by_field) {
    if (!first) out += ",";
    first = false;
    AppendJsonString(field, &out);
    out += ":" + std::to_string(count);
  }
  out += "},\"notes\":" + htcds_detail::JsonList(notes);
  return out + "}";
}

HtcdsConversion ConvertHtcds(const std::vector<Table>& tables, const HtcdsOptions& options) {
  return htcds_detail::Converter(options).Run(tables);
}

}  // namespace palermo::format
