// Writing case-format lines (docs/CASE-FORMAT.md): a record back as the
// agency wrote it, field order aside.
#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "format/case_format.h"
#include "format/case_names.h"
#include "format/json.h"

namespace palermo::format {

namespace v1 = palermo::v1;
using model::IdentifierTypeName;
using model::KindName;
using model::NameOf;
using model::RelationTypeName;
using namespace names;  // NOLINT: the format's own vocabulary tables

namespace {

// `values` as a JSON list of strings, each as `shown` gives it.
template <typename Shown = std::identity>
void AppendStringList(const google::protobuf::RepeatedPtrField<std::string>& values, std::string* out,
                      Shown shown = {}) {
  out->push_back('[');
  for (int i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(shown(values[i]), out);
  }
  out->push_back(']');
}

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
    AppendStringList(values, out_, [&](const std::string& v) { return refs ? Local(v) : v; });
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
      w.Strings("given_names", p.given_names());
      w.Strings("family_names", p.family_names());
      w.Strings("father_names", p.father_names());
      if (!p.stated_ages().empty()) {
        std::string list = "[";
        for (const auto& stated : p.stated_ages()) {
          if (list.size() > 1) list.push_back(',');
          list.append("{\"age\":").append(std::to_string(stated.age())).append(",\"on\":");
          AppendJsonString(stated.on().iso(), &list);
          list.push_back('}');
        }
        w.Raw("stated_ages", list + "]");
      }
      w.String("postcode", p.postcode());
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
      w.String("about", e.about());
      w.String("threat_of", e.threat_of());
      w.String("work_type", e.work_type());
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
  if (record.has_handling()) {
    const auto& h = record.handling();
    std::string object = "{\"code\":";
    AppendJsonString(NameOf(kHandlingCodeNames, h.code()), &object);
    if (!h.releasable_to().empty()) {
      object.append(",\"releasable_to\":");
      AppendStringList(h.releasable_to(), &object);
    }
    if (!h.conditions().empty()) {
      object.append(",\"conditions\":");
      AppendJsonString(h.conditions(), &object);
    }
    if (h.discoverable()) object.append(",\"discoverable\":true");
    w.Raw("handling", object + "}");
  }
  // Extras in name order, so that an export is deterministic.
  std::vector<std::pair<std::string, std::string>> extras(record.extra().begin(), record.extra().end());
  std::sort(extras.begin(), extras.end());
  for (const auto& [key, json] : extras) w.Raw(key, json);
  w.Finish();
}

}  // namespace palermo::format
