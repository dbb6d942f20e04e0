#include "format/case_format.h"

#include <algorithm>
#include <array>
#include <memory>
#include <set>

#include "common/text.h"
#include "format/case_names.h"
#include "format/countries.h"
#include "format/date.h"
#include "format/field_reader.h"
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

using namespace names;  // NOLINT: the format's own vocabulary tables
using fields::FieldReader;
using fields::IsLowerSnakeCase;
using fields::ObjectList;
using fields::Refinement;

const std::set<std::string_view>& KnownEventTypes() {
  static const std::set<std::string_view> kTypes = {
      "recruitment", "transport", "transfer", "harbouring", "receipt", "border_crossing", "entry",
      "threat", "use_of_force", "coercion", "abduction", "fraud", "deception", "abuse_of_power",
      "abuse_of_vulnerability", "payment_to_controller", "document_retention", "movement_restriction",
      "isolation", "wage_withholding", "intimidation", "physical_violence", "sexual_violence",
      "debt_imposed", "designated_residence", "endangerment", "degrading_treatment", "work",
      "sexual_exploitation", "forced_begging", "forced_criminality", "organ_removal", "slavery",
      "servitude", "victim_identified", "arrest", "detention", "prosecution", "deportation",
      // vocabulary v2: what the ILO/EC indicators read
      "surveillance", "forced_tasks", "forced_to_lie", "bad_living_conditions", "bad_working_conditions",
      "hazardous_work", "no_contract", "no_social_protection", "no_education"};
  return kTypes;
}

const std::set<std::string_view>& KnownTransactionTypes() {
  static const std::set<std::string_view> kTypes = {"smuggling_fee", "recruitment_fee", "wage",
                                                    "debt_repayment", "charge", "loan", "bribe", "other"};
  return kTypes;
}

std::string CheckName(std::string_view what, const std::string& value) {
  if (value.empty()) return std::string(what) + " must not be empty";
  if (value.find('/') != std::string::npos) return "\"" + value + "\" contains '/', which separates agency and id in global keys";
  if (ControlCharacterOffset(value) != std::string_view::npos) {
    return "must not contain control characters (U+0000 to U+001F, U+007F to U+009F)";
  }
  return "";
}

// `handling`: who may read the record (docs/CASE-FORMAT.md). Stored and
// exported as written; access control enforces it.
void ReadHandling(FieldReader& r, v1::Record* record) {
  const JsonNode* v = r.Take("handling");
  if (v == nullptr) return;
  if (!v->is_object()) {
    r.WrongType("handling", "an object", *v);
    return;
  }
  FieldReader h(*v, &r, "handling.");
  v1::Handling* handling = record->mutable_handling();
  handling->set_code(static_cast<v1::HandlingCode>(h.Enum("code", kHandlingCodeNames, /*required=*/true)));
  h.StringList("releasable_to", [](std::string_view agency) { return CheckName("agency", std::string(agency)); },
               [handling](std::string_view agency) { handling->add_releasable_to(std::string(agency)); });
  h.String("conditions", handling->mutable_conditions());
  if (const JsonNode* d = h.Take("discoverable")) {
    if (d->is_bool()) handling->set_discoverable(d->bool_value());
    else h.WrongType("discoverable", "a boolean", *d);
  }
  if (handling->code() == v1::HANDLING_CODE_H3 && handling->conditions().empty()) {
    h.Error("conditions", "is required with code H3: the restrictions are written there");
  }
  h.RejectUnknown("handling (code, releasable_to, conditions, discoverable)");
}

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
  r.StringList("given_names", p->mutable_given_names());
  r.StringList("family_names", p->mutable_family_names());
  r.StringList("father_names", p->mutable_father_names());
  ObjectList(r, "stated_ages", [p](FieldReader& item) {
    v1::StatedAge* stated = p->add_stated_ages();
    if (const JsonNode* age = item.Take("age")) {
      constexpr double kOldest = 150;
      double years = age->is_number() ? age->number_value() : -1;
      if (!age->is_number()) item.WrongType("age", "a number", *age);
      else if (years < 0 || years > kOldest || years != static_cast<double>(static_cast<int>(years))) {
        item.Error("age", "\"" + std::string(age->text()) + "\" is not an age in whole years (0 to 150)");
      } else {
        stated->set_age(static_cast<uint32_t>(years));
      }
    } else {
      item.Error("age", "is required");
    }
    if (item.Has("on")) item.Date("on", stated->mutable_on());
    else item.Error("on", "is required: the date on which the age was stated");
    item.RejectUnknown("a stated age (age, on)");
  });
  r.String("postcode", p->mutable_postcode());
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

// The refinements' values the shipped rules read (docs/CASE-FORMAT.md).
const std::set<std::string_view> kAboutValues = {
    "job", "location", "employer", "conditions", "wages", "contract", "housing", "documents", "travel",
    "family_reunification", "marriage", "adoption", "education"};
const std::set<std::string_view> kThreatValues = {"violence", "denunciation", "exposure", "family", "worse_conditions"};
const std::set<std::string_view> kVulnerabilityValues = {
    "family_situation", "illegal_status", "lack_of_education", "lack_of_information", "control_by_exploiters",
    "economic", "false_information_migration", "false_information_law", "personal_situation",
    "emotional_dependency", "legal_status", "past_difficulties", "travel_difficulty", "cultural_beliefs",
    "general_context", "dependency", "unknown_area", "personal_characteristics"};
constexpr std::array<const char*, 3> kWorkTypeNames = {"", "employment", "household_chores"};

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
  Refinement(r, "vulnerability", kVulnerabilityValues, e->mutable_vulnerability(), warnings);
  Refinement(r, "about", kAboutValues, e->mutable_about(), warnings);
  Refinement(r, "threat_of", kThreatValues, e->mutable_threat_of(), warnings);
  if (int work_type = r.Enum("work_type", kWorkTypeNames)) e->set_work_type(kWorkTypeNames[work_type]);
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
  ReadHandling(r, record);

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

}  // namespace palermo::format
