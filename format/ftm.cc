#include "format/ftm.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "format/json.h"
#include "model/vocabulary.h"

namespace palermo::format {
namespace {

namespace v1 = palermo::v1;

// An entity being built: properties by name, values in order, no duplicates.
struct Entity {
  std::string id, schema;
  std::map<std::string, std::vector<std::string>> properties;
  void Add(const std::string& name, const std::string& value) {
    if (value.empty()) return;
    std::vector<std::string>& values = properties[name];
    if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
  }
  std::string Json() const {
    std::string out = "{\"id\":";
    AppendJsonString(id, &out);
    out += ",\"schema\":";
    AppendJsonString(schema, &out);
    out += ",\"properties\":{";
    bool first = true;
    for (const auto& [name, values] : properties) {
      if (values.empty()) continue;
      out += first ? "" : ",";
      first = false;
      AppendJsonString(name, &out);
      out += ":[";
      for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ",";
        AppendJsonString(values[i], &out);
      }
      out += "]";
    }
    return out + "}}\n";
  }
};

std::string Key(const v1::Record& r) { return model::GlobalKey(r.agency(), r.id()); }

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// An FtM date (an ISO 8601 prefix, UTC, no zone) of a case-format date;
// nothing for an interval, which FtM cannot hold in one value.
std::optional<std::string> FtmDate(const v1::Date& date) {
  std::string iso = date.iso();
  if (iso.empty() || iso.find('/') != std::string::npos) return std::nullopt;
  const size_t t = iso.find('T');
  if (t == std::string::npos) return iso;
  if (iso.back() == 'Z') return iso.substr(0, iso.size() - 1);
  return iso.substr(0, t);  // a time with an offset: the day is what is sure
}

std::string Number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::string Words(std::string text) {
  std::replace(text.begin(), text.end(), '_', ' ');
  return text;
}

class Converter {
 public:
  explicit Converter(const std::vector<v1::Record>& records) {
    for (const v1::Record& r : records) by_key_[Key(r)] = &r;
    // An organisation that is owned is an asset: FtM's Company.
    for (const v1::Record& r : records) {
      if (r.kind() == v1::KIND_RELATION && r.relation().type() == v1::RELATION_TYPE_OWNS) owned_.insert(r.relation().to());
    }
  }

  FtmExport Run(const std::vector<v1::Record>& records) {
    // Phones and e-mails are properties of their holders.
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> contact;
    for (const v1::Record& r : records) {
      if (r.kind() != v1::KIND_IDENTIFIER) continue;
      const v1::Identifier& id = r.identifier();
      if (id.type() == v1::IDENTIFIER_TYPE_PHONE || id.type() == v1::IDENTIFIER_TYPE_EMAIL) {
        contact[id.holder()].push_back({id.type() == v1::IDENTIFIER_TYPE_PHONE ? "phone" : "email", id.value()});
      }
    }
    for (const v1::Record& r : records) {
      Entity e;
      e.id = FtmId(Key(r));
      std::string why;
      if (!Convert(r, &e, &why)) {
        if (why.empty()) {
          ++out_.merged;
        } else {
          out_.left_out.push_back(Key(r) + ": " + why);
        }
        continue;
      }
      for (const auto& [name, value] : contact[Key(r)]) e.Add(name, value);
      if (const v1::Record* source = Find(r.source())) {
        const std::string& reference = source->source_record().reference();
        e.Add("publisher", source->agency() + (reference.empty() ? "" : ": " + reference));
      }
      out_.lines += e.Json();
      ++out_.entities;
    }
    return std::move(out_);
  }

 private:
  const v1::Record* Find(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : it->second;
  }
  bool IsKind(const std::string& key, v1::Kind kind) const {
    const v1::Record* r = Find(key);
    return r != nullptr && r->kind() == kind;
  }
  bool IsParty(const std::string& key) const { return IsKind(key, v1::KIND_PERSON) || IsKind(key, v1::KIND_ORGANIZATION); }
  // The entity id of a party in the export, or "".
  std::string Party(const std::string& key) const { return IsParty(key) ? FtmId(key) : ""; }
  std::string NameOf(const std::string& key) const {
    const v1::Record* r = Find(key);
    if (r == nullptr) return key;
    if (r->kind() == v1::KIND_PERSON && r->person().names_size() > 0) return r->person().names(0);
    if (r->kind() == v1::KIND_ORGANIZATION && r->organization().names_size() > 0) return r->organization().names(0);
    if (r->kind() == v1::KIND_LOCATION) return r->location().name();
    return key;
  }

  // Fills `e` from `r`; false with `why` empty when the record is folded
  // into others, with `why` when it cannot be an entity.
  bool Convert(const v1::Record& r, Entity* e, std::string* why) {
    switch (r.kind()) {
      case v1::KIND_SOURCE: return false;  // the publisher of the records that name it
      case v1::KIND_PERSON: {
        const v1::Person& p = r.person();
        e->schema = "Person";
        for (const std::string& n : p.names()) e->Add("name", n);
        for (const std::string& n : p.given_names()) e->Add("firstName", n);
        for (const std::string& n : p.family_names()) e->Add("lastName", n);
        for (const std::string& n : p.father_names()) e->Add("fatherName", n);
        if (p.has_birth_date()) {
          if (auto d = FtmDate(p.birth_date())) e->Add("birthDate", *d);
        }
        for (const std::string& c : p.nationalities()) e->Add("nationality", Lower(c));
        for (const std::string& a : p.addresses()) e->Add("address", a);
        if (p.sex() == v1::SEX_F) e->Add("gender", "female");
        if (p.sex() == v1::SEX_M) e->Add("gender", "male");
        if (p.sex() == v1::SEX_X) e->Add("gender", "other");
        return true;
      }
      case v1::KIND_ORGANIZATION: {
        const v1::Organization& o = r.organization();
        e->schema = owned_.count(Key(r)) > 0 ? "Company" : "Organization";
        for (const std::string& n : o.names()) e->Add("name", n);
        if (o.names_size() == 0) e->Add("name", r.id());
        e->Add("country", Lower(o.country()));
        return true;
      }
      case v1::KIND_LOCATION: {
        e->schema = "Address";
        e->Add("full", r.location().name());
        e->Add("country", Lower(r.location().country()));
        return true;
      }
      case v1::KIND_IDENTIFIER: {
        const v1::Identifier& id = r.identifier();
        if (id.type() == v1::IDENTIFIER_TYPE_PHONE || id.type() == v1::IDENTIFIER_TYPE_EMAIL) {
          if (IsParty(id.holder())) return false;  // a phone or email of the holder
          *why = "its holder is not in the export";
          return false;
        }
        if (!IsParty(id.holder())) {
          *why = "its holder is not in the export";
          return false;
        }
        e->schema = id.type() == v1::IDENTIFIER_TYPE_PASSPORT ? "Passport" : "Identification";
        e->Add("holder", FtmId(id.holder()));
        e->Add("number", id.value());
        e->Add("country", Lower(id.country()));
        if (id.type() != v1::IDENTIFIER_TYPE_PASSPORT) {
          e->Add("type", Words(Lower(v1::IdentifierType_Name(id.type()).substr(std::string("IDENTIFIER_TYPE_").size()))));
        }
        return true;
      }
      case v1::KIND_RELATION: return Relation(r, e, why);
      case v1::KIND_TRANSACTION: {
        const v1::Transaction& t = r.transaction();
        const std::string payer = Party(t.payer()), payee = Party(t.payee());
        if (payer.empty() || payee.empty()) {
          *why = "its payer or payee is not in the export";
          return false;
        }
        e->schema = "Payment";
        e->Add("payer", payer);
        e->Add("beneficiary", payee);
        if (t.has_amount()) e->Add("amount", Number(t.amount()));
        e->Add("currency", t.currency());
        if (t.has_date()) {
          if (auto d = FtmDate(t.date())) e->Add("date", *d);
        }
        e->Add("purpose", Words(t.type()) + (t.reason().empty() ? "" : " (" + Words(t.reason()) + ")") +
                              (t.has_added_to_debt() && t.added_to_debt() ? ", added to the debt" : ""));
        return true;
      }
      case v1::KIND_EVENT: return Event(r, e, why);
      default: *why = "a record of no kind"; return false;
    }
  }

  bool Relation(const v1::Record& r, Entity* e, std::string* why) {
    const v1::Relation& rel = r.relation();
    if (!IsParty(rel.from()) || !IsParty(rel.to())) {
      *why = "a party of the relation is not in the export";
      return false;
    }
    const std::string from = FtmId(rel.from()), to = FtmId(rel.to());
    const bool from_person = IsKind(rel.from(), v1::KIND_PERSON), to_person = IsKind(rel.to(), v1::KIND_PERSON);
    const bool to_org = IsKind(rel.to(), v1::KIND_ORGANIZATION);
    auto link = [&](const char* schema, const char* a, const char* b) {
      e->schema = schema;
      e->Add(a, from);
      e->Add(b, to);
    };
    switch (rel.type()) {
      case v1::RELATION_TYPE_MEMBER_OF:
        if (to_org) link("Membership", "member", "organization");
        break;
      case v1::RELATION_TYPE_WORKS_FOR:
        if (from_person && to_org) link("Employment", "employee", "employer");
        break;
      case v1::RELATION_TYPE_FAMILY_OF:
        if (from_person && to_person) link("Family", "person", "relative");
        break;
      case v1::RELATION_TYPE_ASSOCIATE_OF:
        if (from_person && to_person) link("Associate", "person", "associate");
        break;
      case v1::RELATION_TYPE_OWNS:
        if (to_org) link("Ownership", "owner", "asset");
        break;
      default: break;
    }
    if (e->schema.empty()) {
      // The rest (controls, same_as, different_from, and pairs FtM's ranges refuse).
      link("UnknownLink", "subject", "object");
      e->Add("role", Words(Lower(v1::RelationType_Name(rel.type()).substr(std::string("RELATION_TYPE_").size()))));
    }
    if (rel.has_start()) {
      if (auto d = FtmDate(rel.start())) e->Add("startDate", *d);
    }
    if (rel.has_end()) {
      if (auto d = FtmDate(rel.end())) e->Add("endDate", *d);
    }
    return true;
  }

  bool Event(const v1::Record& r, Entity* e, std::string* why) {
    const v1::Event& ev = r.event();
    std::vector<std::string> involved;
    for (const std::string& k : ev.subjects()) {
      if (IsParty(k)) involved.push_back(FtmId(k));
    }
    for (const std::string& k : ev.actors()) {
      if (IsParty(k)) involved.push_back(FtmId(k));
    }
    auto dates = [&](const char* single) {
      if (ev.has_date()) {
        if (auto d = FtmDate(ev.date())) e->Add(single, *d);
      }
      if (ev.has_start()) {
        if (auto d = FtmDate(ev.start())) e->Add("startDate", *d);
      }
      if (ev.has_end()) {
        if (auto d = FtmDate(ev.end())) e->Add("endDate", *d);
      }
    };
    std::string subjects;
    for (const std::string& k : ev.subjects()) subjects += (subjects.empty() ? "" : ", ") + NameOf(k);
    const std::string name = Words(ev.type()) + (subjects.empty() ? "" : " of " + subjects);
    if (ev.type() == "debt_imposed" && !ev.subjects().empty() && IsParty(ev.subjects(0))) {
      e->schema = "Debt";
      e->Add("debtor", FtmId(ev.subjects(0)));
      for (const std::string& k : ev.actors()) {
        if (IsParty(k)) {
          e->Add("creditor", FtmId(k));
          break;
        }
      }
      if (ev.has_amount()) e->Add("amount", Number(ev.amount()));
      e->Add("currency", ev.currency());
      dates("startDate");
      e->Add("summary", ev.reason().empty() ? "" : "for " + Words(ev.reason()));
      return true;
    }
    if (ev.type() == "work" && !ev.subjects().empty() && IsKind(ev.subjects(0), v1::KIND_PERSON)) {
      for (const std::string& k : ev.actors()) {
        if (!IsKind(k, v1::KIND_ORGANIZATION)) continue;
        e->schema = "Employment";
        e->Add("employee", FtmId(ev.subjects(0)));
        e->Add("employer", FtmId(k));
        e->Add("role", ev.sector());
        dates("startDate");
        return true;
      }
    }
    const bool movement = IsKind(ev.from(), v1::KIND_LOCATION) && IsKind(ev.to(), v1::KIND_LOCATION);
    e->schema = movement ? "Trip" : "Event";
    e->Add("name", name);
    if (movement) {
      e->Add("startLocation", FtmId(ev.from()));
      e->Add("endLocation", FtmId(ev.to()));
    }
    for (const std::string& id : involved) e->Add("involved", id);
    dates("date");
    if (const v1::Record* at = Find(ev.at()); at != nullptr && at->kind() == v1::KIND_LOCATION) {
      e->Add("location", at->location().name());
      e->Add("country", Lower(at->location().country()));
    }
    if (ev.type() == "border_crossing" && ev.entry() == v1::ENTRY_IRREGULAR) e->Add("summary", "irregular entry");
    if (!ev.method().empty()) e->Add("description", ev.method());
    (void)why;
    return true;
  }

  std::map<std::string, const v1::Record*> by_key_;
  std::set<std::string> owned_;
  FtmExport out_;
};

}  // namespace

std::string FtmId(const std::string& global_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(global_key.data(), global_key.size(), digest, &size, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string id = "plm-";
  for (unsigned int i = 0; i < 20 && i < size; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 15];
  }
  return id;
}

FtmExport ToFtm(const std::vector<v1::Record>& records) { return Converter(records).Run(records); }

}  // namespace palermo::format
