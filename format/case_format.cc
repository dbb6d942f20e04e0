#include "format/case_format.h"

#include <algorithm>
#include <array>
#include <memory>
#include <set>

#include "common/text.h"
#include "format/countries.h"
#include "format/date.h"
#include "format/json.h"

namespace palermo::format {

namespace v1 = palermo::v1;
using model::GlobalKey;
using model::IdentifierTypeName;
using model::KindName;
using model::ParseKindName;
using model::RelationTypeName;
using model::kEdgeLabelNames;
using model::kIdentifierTypeNames;
using model::kKindNames;
using model::kRelationTypeNames;
using model::ListNames;
using model::LookupName;
using model::NameOf;

namespace {

// Name tables of the format's own small vocabularies (index = enum value);
// the shared ones are model/vocabulary.h's.
constexpr std::array<const char*, 4> kSexNames = {"", "F", "M", "X"};
constexpr std::array<const char*, 3> kEntryNames = {"", "regular", "irregular"};
constexpr std::array<const char*, 7> kReliabilityNames = {"", "A", "B", "C", "D", "E", "F"};
constexpr std::array<const char*, 7> kCredibilityNames = {"", "1", "2", "3", "4", "5", "6"};

const std::set<std::string_view>& KnownEventTypes() {
  static const std::set<std::string_view> kTypes = {
      "recruitment", "transport", "transfer", "harbouring", "receipt", "border_crossing", "entry",
      "threat", "use_of_force", "coercion", "abduction", "fraud", "deception", "abuse_of_power",
      "abuse_of_vulnerability", "payment_to_controller", "document_retention", "movement_restriction",
      "isolation", "wage_withholding", "intimidation", "physical_violence", "sexual_violence",
      "debt_imposed", "designated_residence", "endangerment", "degrading_treatment", "work",
      "sexual_exploitation", "forced_begging", "forced_criminality", "organ_removal", "slavery",
      "servitude", "victim_identified", "arrest", "detention", "prosecution", "deportation"};
  return kTypes;
}

const std::set<std::string_view>& KnownTransactionTypes() {
  static const std::set<std::string_view> kTypes = {"smuggling_fee", "recruitment_fee", "wage",
                                                    "debt_repayment", "charge", "loan", "bribe", "other"};
  return kTypes;
}

bool IsLowerSnakeCase(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Reads the fields of one JSON object into a Record, recording errors and
// which fields it consumed; the rest become extra properties.
class FieldReader {
 public:
  FieldReader(const JsonNode& object, int64_t line, DiagnosticList* errors)
      : object_(object), line_(line), errors_(errors), used_(object.size(), false) {}

  // Values quoted in `reason` come from the line: escaped, so that no
  // control character reaches a terminal or log.
  void Error(std::string_view field, const std::string& reason) {
    errors_->Add({line_, EscapeForMessage(field), EscapeForMessage(reason)});
    ++error_count_;
  }
  int error_count() const { return error_count_; }

  // The member named `field` (marked as consumed), or nullptr. JSON null
  // counts as absent.
  const JsonNode* Take(std::string_view field) {
    size_t i = 0;
    for (const JsonNode& member : object_) {
      if (member.key() == field) {
        used_[i] = true;
        return member.is_null() ? nullptr : &member;
      }
      ++i;
    }
    return nullptr;
  }

  bool Has(std::string_view field) const {
    const JsonNode* v = object_.Find(field);
    return v != nullptr && !v->is_null();
  }

  void WrongType(std::string_view field, const char* expected, const JsonNode& got) {
    Error(field, std::string("expected ") + expected + ", got " + JsonValue::TypeName(got.type()));
  }

  // A string field, as a view into the parsed line; `required` makes
  // absence (or "") an error.
  bool Text(std::string_view field, std::string_view* out, bool required = false) {
    const JsonNode* v = Take(field);
    if (v == nullptr) {
      if (required) Error(field, "is required");
      return false;
    }
    if (!v->is_string()) {
      WrongType(field, "a string", *v);
      return false;
    }
    if (required && v->text().empty()) {
      Error(field, "must not be empty");
      return false;
    }
    *out = v->text();
    return true;
  }

  bool String(std::string_view field, std::string* out, bool required = false) {
    std::string_view text;
    if (!Text(field, &text, required)) return false;
    out->assign(text);
    return true;
  }

  // A list of non-empty strings, each checked by `check` (a reason, or ""
  // when fine) and passed to `add` when fine.
  template <typename Check, typename Add>
  void StringList(std::string_view field, Check check, Add add) {
    const JsonNode* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_array()) {
      WrongType(field, "a list of strings", *v);
      return;
    }
    size_t i = 0;
    for (const JsonNode& item : *v) {
      auto where = [&] { return std::string(field) + "[" + std::to_string(i) + "]"; };
      if (!item.is_string()) {
        WrongType(where(), "a string", item);
      } else if (item.text().empty()) {
        Error(where(), "must not be empty");
      } else if (std::string why = check(item.text()); !why.empty()) {
        Error(where(), why);
      } else {
        add(item.text());
      }
      ++i;
    }
  }
  void StringList(std::string_view field, google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, [](std::string_view) { return std::string(); }, [out](std::string_view s) { out->Add(std::string(s)); });
  }
  void CountryList(std::string_view field, google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, CountryReason, [out](std::string_view s) { out->Add(std::string(s)); });
  }

  void Date(std::string_view field, v1::Date* out) {
    std::string_view text;
    if (!Text(field, &text)) return;
    DateInterval interval;
    std::string reason;
    if (!ParseIsoDate(text, &interval, &reason)) {
      Error(field, reason);
      return;
    }
    out->set_iso(std::string(text));
    out->set_first_s(interval.first_s);
    out->set_last_s(interval.last_s);
  }

  void Country(std::string_view field, std::string* out, bool required = false) {
    std::string_view code;
    if (!Text(field, &code, required)) return;
    if (!IsCountryCode(code)) {
      Error(field, CountryReason(code));
      return;
    }
    out->assign(code);
  }

  static std::string CountryReason(std::string_view code) {
    if (IsCountryCode(code)) return "";
    return "\"" + std::string(code) + "\" is not an ISO 3166-1 alpha-2 country code";
  }

  // A number; `non_negative` rejects values below zero.
  template <typename Setter>
  void Number(std::string_view field, Setter set, bool non_negative = false) {
    const JsonNode* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_number()) {
      WrongType(field, "a number", *v);
      return;
    }
    if (non_negative && v->number_value() < 0) {
      Error(field, "must not be negative");
      return;
    }
    set(v->number_value());
  }

  void Currency(std::string_view field, std::string* out) {
    std::string_view code;
    if (!Text(field, &code)) return;
    if (!IsCurrencyCode(code)) {
      Error(field, "\"" + std::string(code) + "\" is not an ISO 4217 currency code (three capital letters)");
      return;
    }
    out->assign(code);
  }

  // A closed vocabulary; returns the enum value or 0.
  template <size_t N>
  int Enum(std::string_view field, const std::array<const char*, N>& names, bool required = false) {
    std::string_view text;
    if (!Text(field, &text, required)) return 0;
    int value = LookupName(names, text);
    if (value == 0) Error(field, "\"" + std::string(text) + "\" is not one of: " + ListNames(names));
    return value;
  }

  // A reference: resolved to a global key within `agency` unless it has a '/'.
  bool Ref(std::string_view field, const std::string& agency, std::string* out, bool required = false) {
    std::string_view ref;
    if (!Text(field, &ref, required)) return false;
    std::string why = CheckReference(ref);
    if (!why.empty()) {
      Error(field, why);
      return false;
    }
    Resolve(ref, agency, out);
    return true;
  }

  void RefList(std::string_view field, const std::string& agency,
               google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, CheckReference, [&](std::string_view ref) { Resolve(ref, agency, out->Add()); });
  }

  static std::string CheckReference(std::string_view ref) {
    if (ref.empty()) return "reference must not be empty";
    auto slash = ref.find('/');
    if (slash == std::string_view::npos) return "";
    if (slash == 0 || slash + 1 == ref.size() || ref.find('/', slash + 1) != std::string_view::npos) {
      return "\"" + std::string(ref) + "\" is not a reference: a global key is AGENCY/ID";
    }
    return "";
  }

  static void Resolve(std::string_view ref, std::string_view agency, std::string* out) {
    if (ref.find('/') != std::string_view::npos) {
      out->assign(ref);
      return;
    }
    out->reserve(agency.size() + 1 + ref.size());
    out->assign(agency).append("/").append(ref);
  }

  // Every member not consumed, as compact JSON text.
  void KeepExtras(google::protobuf::Map<std::string, std::string>* extra) {
    size_t i = 0;
    for (const JsonNode& member : object_) {
      if (!used_[i++]) AppendJson(member, &(*extra)[std::string(member.key())]);
    }
  }

 private:
  const JsonNode& object_;
  int64_t line_;
  DiagnosticList* errors_;
  std::vector<bool> used_;
  int error_count_ = 0;
};

void ReadSource(FieldReader& r, v1::Source* s) {
  r.String("reference", s->mutable_reference());
  if (r.Has("reported")) r.Date("reported", s->mutable_reported());
  s->set_reliability(static_cast<v1::Reliability>(r.Enum("reliability", kReliabilityNames)));
  s->set_credibility(static_cast<v1::Credibility>(r.Enum("credibility", kCredibilityNames)));
}

void ReadPerson(FieldReader& r, v1::Person* p) {
  if (!r.Has("names")) {
    r.Take("names");
    r.Error("names", "is required: a list with at least one name");
  } else {
    int errors_before = r.error_count();
    r.StringList("names", p->mutable_names());
    if (p->names_size() == 0 && r.error_count() == errors_before) r.Error("names", "must hold at least one name");
  }
  if (r.Has("birth_date")) r.Date("birth_date", p->mutable_birth_date());
  p->set_sex(static_cast<v1::Sex>(r.Enum("sex", kSexNames)));
  r.CountryList("nationalities", p->mutable_nationalities());
  r.CountryList("residences", p->mutable_residences());
  r.StringList("addresses", p->mutable_addresses());
}

void ReadOrganization(FieldReader& r, v1::Organization* o) {
  r.StringList("names", o->mutable_names());
  r.String("org_type", o->mutable_org_type());
  r.Country("country", o->mutable_country());
}

void ReadLocation(FieldReader& r, v1::Location* l) {
  r.String("name", l->mutable_name());
  r.Country("country", l->mutable_country(), /*required=*/true);
  r.String("location_type", l->mutable_location_type());
}

void ReadIdentifier(FieldReader& r, const std::string& agency, v1::Identifier* i) {
  i->set_type(static_cast<v1::IdentifierType>(r.Enum("type", kIdentifierTypeNames, /*required=*/true)));
  r.String("value", i->mutable_value(), /*required=*/true);
  r.Country("country", i->mutable_country());
  r.Ref("holder", agency, i->mutable_holder());
}

// Checks that `end` does not come before `start`.
void CheckInterval(FieldReader& r, const v1::Date& start, const v1::Date& end) {
  if (!start.iso().empty() && !end.iso().empty() && end.last_s() < start.first_s()) {
    r.Error("end", "\"" + end.iso() + "\" is before start \"" + start.iso() + "\"");
  }
}

void ReadRelation(FieldReader& r, const std::string& agency, v1::Relation* rel) {
  rel->set_type(static_cast<v1::RelationType>(r.Enum("type", kRelationTypeNames, /*required=*/true)));
  r.Ref("from", agency, rel->mutable_from(), /*required=*/true);
  r.Ref("to", agency, rel->mutable_to(), /*required=*/true);
  if (r.Has("start")) r.Date("start", rel->mutable_start());
  if (r.Has("end")) r.Date("end", rel->mutable_end());
  CheckInterval(r, rel->start(), rel->end());
}

void ReadEvent(FieldReader& r, const std::string& agency, v1::Event* e,
               DiagnosticList* warnings, int64_t line) {
  if (r.String("type", e->mutable_type(), /*required=*/true)) {
    if (!IsLowerSnakeCase(e->type())) {
      r.Error("type", "\"" + e->type() + "\" is not a lower_snake_case event type");
    } else if (!IsKnownEventType(e->type())) {
      warnings->Add({line, "type", "unknown event type \"" + e->type() + "\": stored, but no shipped rule reads it"});
    }
  }
  bool has_date = r.Has("date");
  if (has_date && (r.Has("start") || r.Has("end"))) {
    r.Error("date", "an event carries either `date` or `start`/`end`, not both");
  }
  if (!r.Has("start") && r.Has("end")) r.Error("end", "`end` without `start`");
  if (has_date) r.Date("date", e->mutable_date());
  if (r.Has("start")) r.Date("start", e->mutable_start());
  if (r.Has("end")) r.Date("end", e->mutable_end());
  CheckInterval(r, e->start(), e->end());

  if (r.Has("subject") && r.Has("subjects")) {
    r.Error("subjects", "an event carries either `subject` or `subjects`, not both");
  }
  if (r.Has("subjects")) {
    e->set_subjects_as_list(true);
    r.RefList("subjects", agency, e->mutable_subjects());
    r.Take("subject");
  } else {
    std::string subject;
    if (r.Ref("subject", agency, &subject)) e->add_subjects(std::move(subject));
  }
  r.RefList("actors", agency, e->mutable_actors());
  r.Ref("from", agency, e->mutable_from());
  r.Ref("to", agency, e->mutable_to());
  r.Ref("at", agency, e->mutable_at());
  r.Country("from_country", e->mutable_from_country());
  r.Country("to_country", e->mutable_to_country());
  e->set_entry(static_cast<v1::Entry>(r.Enum("entry", kEntryNames)));
  r.String("method", e->mutable_method());
  r.String("promised", e->mutable_promised());
  r.String("actual", e->mutable_actual());
  r.String("vulnerability", e->mutable_vulnerability());
  r.Number("amount", [e](double v) { e->set_amount(v); }, /*non_negative=*/true);
  r.Currency("currency", e->mutable_currency());
  r.String("reason", e->mutable_reason());
  r.String("sector", e->mutable_sector());
  r.Number("hours_per_week", [e](double v) { e->set_hours_per_week(v); }, /*non_negative=*/true);
  r.Number("wage", [e](double v) { e->set_wage(v); }, /*non_negative=*/true);
  r.String("charge", e->mutable_charge());
}

void ReadTransaction(FieldReader& r, const std::string& agency, v1::Transaction* t,
                     DiagnosticList* warnings, int64_t line) {
  if (r.String("type", t->mutable_type(), /*required=*/true)) {
    if (!IsLowerSnakeCase(t->type())) {
      r.Error("type", "\"" + t->type() + "\" is not a lower_snake_case transaction type");
    } else if (!IsKnownTransactionType(t->type())) {
      warnings->Add({line, "type", "unknown transaction type \"" + t->type() + "\": stored, but no shipped rule reads it"});
    }
  }
  r.Ref("payer", agency, t->mutable_payer());
  r.Ref("payee", agency, t->mutable_payee());
  r.Number("amount", [t](double v) { t->set_amount(v); }, /*non_negative=*/true);
  r.Currency("currency", t->mutable_currency());
  if (r.Has("date")) r.Date("date", t->mutable_date());
  r.Ref("for", agency, t->mutable_for_event());
  if (const JsonNode* v = r.Take("added_to_debt")) {
    if (v->is_bool()) t->set_added_to_debt(v->bool_value());
    else r.WrongType("added_to_debt", "a boolean", *v);
  }
  r.String("reason", t->mutable_reason());
}

std::string CheckName(std::string_view what, const std::string& value) {
  if (value.empty()) return std::string(what) + " must not be empty";
  if (value.find('/') != std::string::npos) return "\"" + value + "\" contains '/', which separates agency and id in global keys";
  if (ControlCharacterOffset(value) != std::string_view::npos) {
    return "must not contain control characters (U+0000 to U+001F, U+007F to U+009F)";
  }
  return "";
}

}  // namespace

bool IsKnownEventType(std::string_view type) { return KnownEventTypes().count(type) > 0; }
bool IsKnownTransactionType(std::string_view type) { return KnownTransactionTypes().count(type) > 0; }

LineOutcome ParseCaseLine(std::string_view line, int64_t line_number, std::string_view default_agency,
                          v1::Record* record, DiagnosticList* errors,
                          DiagnosticList* warnings) {
  record->Clear();
  // A UTF-8 byte-order mark, as some editors write one, opens the file: skip it.
  static constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (line.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    if (line_number != 1) {
      errors->Add({line_number, "", "a UTF-8 byte-order mark (U+FEFF) may open only the first line of a file"});
      return LineOutcome::kInvalid;
    }
    line.remove_prefix(kByteOrderMark.size());
  }
  size_t first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || line[first] == '#') return LineOutcome::kSkipped;
  // One reader per thread, its buffers reused line after line; a line
  // longer than kReusedReaderBytes gets its own, so that one long line does
  // not hold memory for the rest of the thread's life.
  constexpr size_t kReusedReaderBytes = size_t{64} << 10;
  thread_local JsonReader reused_reader;
  std::unique_ptr<JsonReader> own_reader;
  JsonReader* reader = &reused_reader;
  if (line.size() > kReusedReaderBytes) {
    own_reader = std::make_unique<JsonReader>();
    reader = own_reader.get();
  }
  std::string why;
  const JsonNode* root = reader->Parse(line, &why);
  if (root == nullptr) {
    // simdjson checks UTF-8 as it reads; a line that is not UTF-8 is
    // reported as such, whatever else is wrong with it.
    if (!IsValidUtf8(line)) {
      errors->Add({line_number, "", "the line is not valid UTF-8"});
    } else {
      errors->Add({line_number, "", "not valid JSON: " + why});
    }
    return LineOutcome::kInvalid;
  }
  const JsonNode& object = *root;
  if (!object.is_object()) {
    errors->Add({line_number, "", std::string("expected a JSON object, got ") + JsonValue::TypeName(object.type())});
    return LineOutcome::kInvalid;
  }

  FieldReader r(object, line_number, errors);
  std::string kind_name;
  v1::Kind kind = v1::KIND_UNSPECIFIED;
  if (r.String("kind", &kind_name, /*required=*/true) && !ParseKindName(kind_name, &kind)) {
    r.Error("kind", "unknown kind \"" + kind_name + "\" (expected one of: " + ListNames(kKindNames) + ")");
  }
  if (r.String("id", record->mutable_id(), /*required=*/true)) {
    std::string bad = CheckName("id", record->id());
    if (!bad.empty()) r.Error("id", bad);
  }
  std::string agency(default_agency);
  if (r.Has("agency")) {
    if (r.String("agency", &agency, /*required=*/true)) {
      std::string bad = CheckName("agency", agency);
      if (!bad.empty()) r.Error("agency", bad);
    }
  } else {
    r.Take("agency");
  }
  record->set_agency(agency);
  r.Ref("source", agency, record->mutable_source());
  record->set_kind(kind);

  switch (kind) {
    case v1::KIND_SOURCE: ReadSource(r, record->mutable_source_record()); break;
    case v1::KIND_PERSON: ReadPerson(r, record->mutable_person()); break;
    case v1::KIND_ORGANIZATION: ReadOrganization(r, record->mutable_organization()); break;
    case v1::KIND_LOCATION: ReadLocation(r, record->mutable_location()); break;
    case v1::KIND_IDENTIFIER: ReadIdentifier(r, agency, record->mutable_identifier()); break;
    case v1::KIND_RELATION: ReadRelation(r, agency, record->mutable_relation()); break;
    case v1::KIND_EVENT: ReadEvent(r, agency, record->mutable_event(), warnings, line_number); break;
    case v1::KIND_TRANSACTION:
      ReadTransaction(r, agency, record->mutable_transaction(), warnings, line_number);
      break;
    default: break;
  }
  if (r.error_count() > 0) return LineOutcome::kInvalid;
  r.KeepExtras(record->mutable_extra());
  return LineOutcome::kRecord;
}

bool ParseCaseText(std::string_view text, std::string_view default_agency, std::vector<v1::Record>* records,
                   std::string* error) {
  int64_t number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    v1::Record record;
    DiagnosticList errors, warnings;
    switch (ParseCaseLine(line, ++number, default_agency, &record, &errors, &warnings)) {
      case LineOutcome::kSkipped: break;
      case LineOutcome::kRecord: records->push_back(std::move(record)); break;
      case LineOutcome::kInvalid:
        *error = errors.Sorted().front().ToString();
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------
// Writing

namespace {

class LineWriter {
 public:
  LineWriter(const v1::Record& record, std::string* out) : agency_(record.agency()), out_(out) {
    out_->push_back('{');
  }
  void Finish() { out_->push_back('}'); }

  void Key(std::string_view key) {
    if (!first_) out_->push_back(',');
    first_ = false;
    AppendJsonString(key, out_);
    out_->push_back(':');
  }
  void String(std::string_view key, const std::string& value) {
    if (value.empty()) return;
    Key(key);
    AppendJsonString(value, out_);
  }
  void Raw(std::string_view key, const std::string& json) {
    Key(key);
    out_->append(json);
  }
  void Strings(std::string_view key, const google::protobuf::RepeatedPtrField<std::string>& values,
               bool refs = false) {
    if (values.empty()) return;
    Key(key);
    out_->push_back('[');
    for (int i = 0; i < values.size(); ++i) {
      if (i > 0) out_->push_back(',');
      AppendJsonString(refs ? Local(values[i]) : values[i], out_);
    }
    out_->push_back(']');
  }
  void Ref(std::string_view key, const std::string& global_key) {
    if (global_key.empty()) return;
    Key(key);
    AppendJsonString(Local(global_key), out_);
  }
  void Date(std::string_view key, const v1::Date& date) { String(key, date.iso()); }
  void Number(std::string_view key, double value) {
    Key(key);
    AppendJsonNumber(value, out_);
  }
  void Bool(std::string_view key, bool value) {
    Key(key);
    out_->append(value ? "true" : "false");
  }

 private:
  // A global key inside the record's own agency is written as its local id.
  std::string Local(const std::string& global_key) const {
    if (global_key.size() > agency_.size() && global_key.compare(0, agency_.size(), agency_) == 0 &&
        global_key[agency_.size()] == '/') {
      return global_key.substr(agency_.size() + 1);
    }
    return global_key;
  }

  const std::string& agency_;
  std::string* out_;
  bool first_ = true;
};

}  // namespace

void AppendCaseLine(const v1::Record& record, std::string* out) {
  LineWriter w(record, out);
  w.String("kind", KindName(record.kind()));
  w.String("id", record.id());
  w.String("agency", record.agency());
  switch (record.body_case()) {
    case v1::Record::kSourceRecord: {
      const auto& s = record.source_record();
      w.String("reference", s.reference());
      w.Date("reported", s.reported());
      w.String("reliability", NameOf(kReliabilityNames, s.reliability()));
      w.String("credibility", NameOf(kCredibilityNames, s.credibility()));
      break;
    }
    case v1::Record::kPerson: {
      const auto& p = record.person();
      w.Strings("names", p.names());
      w.Date("birth_date", p.birth_date());
      w.String("sex", NameOf(kSexNames, p.sex()));
      w.Strings("nationalities", p.nationalities());
      w.Strings("residences", p.residences());
      w.Strings("addresses", p.addresses());
      break;
    }
    case v1::Record::kOrganization: {
      const auto& o = record.organization();
      w.Strings("names", o.names());
      w.String("org_type", o.org_type());
      w.String("country", o.country());
      break;
    }
    case v1::Record::kLocation: {
      const auto& l = record.location();
      w.String("name", l.name());
      w.String("country", l.country());
      w.String("location_type", l.location_type());
      break;
    }
    case v1::Record::kIdentifier: {
      const auto& i = record.identifier();
      w.String("type", IdentifierTypeName(i.type()));
      w.String("value", i.value());
      w.String("country", i.country());
      w.Ref("holder", i.holder());
      break;
    }
    case v1::Record::kRelation: {
      const auto& r = record.relation();
      w.String("type", RelationTypeName(r.type()));
      w.Ref("from", r.from());
      w.Ref("to", r.to());
      w.Date("start", r.start());
      w.Date("end", r.end());
      break;
    }
    case v1::Record::kEvent: {
      const auto& e = record.event();
      w.String("type", e.type());
      w.Date("date", e.date());
      w.Date("start", e.start());
      w.Date("end", e.end());
      if (e.subjects_as_list()) {
        w.Strings("subjects", e.subjects(), /*refs=*/true);
      } else if (e.subjects_size() == 1) {
        w.Ref("subject", e.subjects(0));
      }
      w.Strings("actors", e.actors(), /*refs=*/true);
      w.Ref("from", e.from());
      w.Ref("to", e.to());
      w.Ref("at", e.at());
      w.String("from_country", e.from_country());
      w.String("to_country", e.to_country());
      w.String("entry", NameOf(kEntryNames, e.entry()));
      w.String("method", e.method());
      w.String("promised", e.promised());
      w.String("actual", e.actual());
      w.String("vulnerability", e.vulnerability());
      if (e.has_amount()) w.Number("amount", e.amount());
      w.String("currency", e.currency());
      w.String("reason", e.reason());
      w.String("sector", e.sector());
      if (e.has_hours_per_week()) w.Number("hours_per_week", e.hours_per_week());
      if (e.has_wage()) w.Number("wage", e.wage());
      w.String("charge", e.charge());
      break;
    }
    case v1::Record::kTransaction: {
      const auto& t = record.transaction();
      w.String("type", t.type());
      w.Ref("payer", t.payer());
      w.Ref("payee", t.payee());
      if (t.has_amount()) w.Number("amount", t.amount());
      w.String("currency", t.currency());
      w.Date("date", t.date());
      w.Ref("for", t.for_event());
      if (t.has_added_to_debt()) w.Bool("added_to_debt", t.added_to_debt());
      w.String("reason", t.reason());
      break;
    }
    case v1::Record::BODY_NOT_SET: break;
  }
  w.Ref("source", record.source());
  // Extras in name order, so that an export is deterministic.
  std::vector<std::pair<std::string, std::string>> extras(record.extra().begin(), record.extra().end());
  std::sort(extras.begin(), extras.end());
  for (const auto& [key, json] : extras) w.Raw(key, json);
  w.Finish();
}

}  // namespace palermo::format
