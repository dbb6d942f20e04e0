#include "model/vocabulary.h"

namespace palermo::model {

namespace v1 = palermo::v1;

std::string GlobalKey(std::string_view agency, std::string_view id) {
  std::string key;
  key.reserve(agency.size() + 1 + id.size());
  key.append(agency).append("/").append(id);
  return key;
}

bool ParseKindName(std::string_view name, v1::Kind* kind) {
  int value = LookupName(kKindNames, name);
  *kind = static_cast<v1::Kind>(value);
  return value != 0;
}

bool ParseEdgeLabelName(std::string_view name, v1::EdgeLabel* label) {
  int value = LookupName(kEdgeLabelNames, name);
  *label = static_cast<v1::EdgeLabel>(value);
  return value != 0;
}

std::vector<Reference> CollectReferences(const v1::Record& record) {
  std::vector<Reference> refs;
  auto add = [&refs](v1::EdgeLabel label, const char* field, const std::string& target) {
    if (!target.empty()) refs.push_back({label, field, target});
  };
  add(v1::EDGE_LABEL_SOURCE, "source", record.source());
  switch (record.body_case()) {
    case v1::Record::kIdentifier: add(v1::EDGE_LABEL_HOLDER, "holder", record.identifier().holder()); break;
    case v1::Record::kRelation:
      add(v1::EDGE_LABEL_FROM, "from", record.relation().from());
      add(v1::EDGE_LABEL_TO, "to", record.relation().to());
      break;
    case v1::Record::kEvent: {
      const auto& e = record.event();
      const char* subject_field = e.subjects_as_list() ? "subjects" : "subject";
      for (const auto& s : e.subjects()) add(v1::EDGE_LABEL_SUBJECT, subject_field, s);
      for (const auto& a : e.actors()) add(v1::EDGE_LABEL_ACTOR, "actors", a);
      add(v1::EDGE_LABEL_FROM, "from", e.from());
      add(v1::EDGE_LABEL_TO, "to", e.to());
      add(v1::EDGE_LABEL_AT, "at", e.at());
      break;
    }
    case v1::Record::kTransaction: {
      const auto& t = record.transaction();
      add(v1::EDGE_LABEL_PAYER, "payer", t.payer());
      add(v1::EDGE_LABEL_PAYEE, "payee", t.payee());
      add(v1::EDGE_LABEL_FOR, "for", t.for_event());
      break;
    }
    default: break;
  }
  return refs;
}

bool WhenOf(const v1::Record& record, int64_t* first_s, int64_t* last_s) {
  *first_s = INT64_MIN;
  *last_s = INT64_MAX;
  if (record.has_event()) {
    const v1::Event& e = record.event();
    if (!e.date().iso().empty()) {
      *first_s = e.date().first_s();
      *last_s = e.date().last_s();
      return true;
    }
    if (!e.start().iso().empty()) *first_s = e.start().first_s();
    if (!e.end().iso().empty()) *last_s = e.end().last_s();
    return !e.start().iso().empty() || !e.end().iso().empty();
  }
  if (record.has_transaction() && !record.transaction().date().iso().empty()) {
    *first_s = record.transaction().date().first_s();
    *last_s = record.transaction().date().last_s();
    return true;
  }
  return false;
}

}  // namespace palermo::model
