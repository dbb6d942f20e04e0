#include "reasoner/facts.h"

#include <algorithm>
#include <functional>

#include "model/dates.h"
#include "model/vocabulary.h"

namespace palermo::reasoner {

namespace v1 = palermo::v1;

const std::vector<BasePredicate>& BasePredicates() {
  static const std::vector<BasePredicate> kBase = {
      {"person", {"p"}, "a person record"},
      {"organization", {"o"}, "an organization record"},
      {"nationality", {"p", "country"}, "a nationality of the person (ISO 3166-1 alpha-2)"},
      {"residence", {"p", "country"}, "a country of permanent residence of the person"},
      {"turns", {"p", "age", "earliest", "latest"},
       "what one record says of when the person turns `age` (15 and 18, the ages the shipped rules ask about): at the earliest at `earliest`, certainly by `latest` (Unix seconds); one fact from the birth_date and one from each stated age, so that rules take what all allow together"},
      {"location_country", {"l", "country"}, "the country of a location"},
      {"relation", {"r", "type", "from", "to"}, "a relation record: member_of, works_for, associate_of, family_of, owns, controls, same_as, different_from"},
      {"event", {"e", "type"}, "an event record and its type"},
      {"transaction", {"t", "type"}, "a transaction record and its type"},
      {"when", {"x", "first", "last"},
       "the interval of an event's date (or start) or a transaction's date, Unix seconds, inclusive"},
      {"until", {"e", "first", "last"}, "the interval of an event's end"},
      {"open_start", {"x"}, "the date (or start) of an event or transaction is open at its start (\"../2023-06\")"},
      {"subject", {"e", "p"}, "a person the event happens to"},
      {"actor", {"e", "a"}, "a person or organization that does the event"},
      {"event_from", {"e", "l"}, "the location an event starts from"},
      {"event_to", {"e", "l"}, "the location an event goes to"},
      {"event_at", {"e", "l"}, "the location of an event"},
      {"from_country", {"e", "country"}, "the country a border crossing leaves, as written"},
      {"to_country", {"e", "country"}, "the country a border crossing enters, as written"},
      {"entry", {"e", "kind"}, "regular or irregular entry of a border crossing"},
      {"charge", {"e", "charge"}, "the charge of an arrest, detention or prosecution"},
      {"reason", {"x", "reason"}, "the reason of a debt_imposed event or a charge transaction"},
      {"amount", {"x", "amount"}, "the amount of an event or transaction"},
      {"wage", {"e", "wage"}, "the monthly wage of a work event"},
      {"hours_per_week", {"e", "hours"}, "the weekly hours of a work event"},
      {"work_type", {"e", "type"}, "the work_type of a work event, where recorded: employment or household_chores"},
      {"about", {"e", "topic"}, "what a deception or fraud was about (job, wages, ...), where recorded"},
      {"threat_of", {"e", "kind"}, "what a threat threatened (violence, denunciation, ...), where recorded"},
      {"vulnerability", {"e", "kind"}, "the vulnerability an abuse_of_vulnerability abused, where recorded"},
      {"payer", {"t", "x"}, "who pays a transaction"},
      {"payee", {"t", "x"}, "who is paid"},
      {"added_to_debt", {"t"}, "a charge added to what the payer owes"},
      {"pays_for", {"t", "e"}, "the event a transaction pays for"},
      {"record_agency", {"x", "agency"}, "the agency that owns a record"},
      {"record_source", {"x", "s"}, "the source record a record comes from"},
      {"source_grading", {"s", "reliability", "credibility"}, "the Admiralty grading of a source (A-F, 1-6)"},
  };
  return kBase;
}

bool IsTimeColumn(std::string_view predicate, size_t column) {
  static const std::map<std::string, std::vector<bool>, std::less<>> kTimes = [] {
    std::map<std::string, std::vector<bool>, std::less<>> times;
    for (const auto& base : BasePredicates()) {
      auto& columns = times[base.name];
      for (const auto& name : base.columns) {
        columns.push_back(name == "first" || name == "last" || name == "earliest" || name == "latest");
      }
    }
    return times;
  }();
  auto it = kTimes.find(predicate);
  return it != kTimes.end() && column < it->second.size() && it->second[column];
}

// ---------------------------------------------------------------------------
// Parties

namespace {

std::string KeyOf(const v1::Record& record) { return model::GlobalKey(record.agency(), record.id()); }

}  // namespace

Parties::Parties(const std::vector<v1::Record>& records) {
  std::map<std::string, std::string> parent;
  std::function<std::string(const std::string&)> find = [&](const std::string& key) -> std::string {
    auto it = parent.find(key);
    if (it == parent.end() || it->second == key) return key;
    std::string root = find(it->second);
    parent[key] = root;
    return root;
  };
  for (const auto& record : records) {
    if (!record.has_relation() || record.relation().type() != v1::RELATION_TYPE_SAME_AS) continue;
    std::string a = find(record.relation().from()), b = find(record.relation().to());
    if (a == b) continue;
    if (b < a) std::swap(a, b);
    parent[a] = a;
    parent[b] = a;  // the smaller key represents the party
  }
  for (const auto& [key, unused] : parent) {
    std::string root = find(key);
    representative_[key] = root;
    members_[root].push_back(key);
  }
  for (auto& [root, keys] : members_) std::sort(keys.begin(), keys.end());
}

const std::string& Parties::Representative(const std::string& key) const {
  auto it = representative_.find(key);
  return it == representative_.end() ? key : it->second;
}

std::vector<std::string> Parties::Members(const std::string& key) const {
  auto it = members_.find(Representative(key));
  return it == members_.end() ? std::vector<std::string>{key} : it->second;
}

// ---------------------------------------------------------------------------
// Facts

namespace {


using model::YearsAfter;

class FactWriter {
 public:
  FactWriter(Engine* engine, const Parties& parties) : engine_(engine), parties_(parties) {}

  Value Key(const std::string& key) { return Symbol(parties_.Representative(key)); }
  Value Symbol(const std::string& text) { return Value::Symbol(engine_->symbols().Intern(text)); }
  static Value Number(double n) { return Value::Number(n); }
  void Fact(const char* predicate, Tuple tuple) { engine_->AddFact(predicate, std::move(tuple)); }
  void Interval(const char* predicate, const Value& x, const v1::Date& date) {
    if (!date.iso().empty()) Fact(predicate, {x, Number(static_cast<double>(date.first_s())), Number(static_cast<double>(date.last_s()))});
  }

 private:
  Engine* engine_;
  const Parties& parties_;
};

// The ages the shipped rules ask about (`turns`): 18, childhood (TIP
// Protocol Art. 3(d)); 15, the household-chores threshold (18th ICLS).
constexpr int64_t kAgesAskedAbout[] = {15, 18};

// "../2023-06": some day no later than June 2023.
bool IsOpenStart(const v1::Date& date) { return date.iso().rfind("../", 0) == 0; }

const char* EntryName(v1::Entry entry) {
  return entry == v1::ENTRY_REGULAR ? "regular" : entry == v1::ENTRY_IRREGULAR ? "irregular" : "";
}

}  // namespace

void GradingLetters(const v1::Source& source, std::string* reliability, std::string* credibility) {
  *reliability = std::string(1, source.reliability() ? static_cast<char>('A' + source.reliability() - 1) : 'F');
  *credibility = std::string(1, source.credibility() ? static_cast<char>('0' + source.credibility()) : '6');
}

void AddFacts(const std::vector<v1::Record>& records, const Parties& parties, Engine* engine) {
  FactWriter w(engine, parties);
  for (const auto& record : records) {
    const Value x = w.Key(KeyOf(record));
    w.Fact("record_agency", {x, w.Symbol(record.agency())});
    if (!record.source().empty()) w.Fact("record_source", {x, w.Key(record.source())});
    switch (record.body_case()) {
      case v1::Record::kSourceRecord: {
        std::string reliability, credibility;
        GradingLetters(record.source_record(), &reliability, &credibility);
        w.Fact("source_grading", {x, w.Symbol(reliability), w.Symbol(credibility)});
        break;
      }
      case v1::Record::kPerson: {
        const auto& p = record.person();
        w.Fact("person", {x});
        for (const auto& c : p.nationalities()) w.Fact("nationality", {x, w.Symbol(c)});
        for (const auto& c : p.residences()) w.Fact("residence", {x, w.Symbol(c)});
        for (int64_t n : kAgesAskedAbout) {
          auto turns = [&](int64_t earliest, int64_t latest) {
            w.Fact("turns", {x, w.Number(static_cast<double>(n)), w.Number(static_cast<double>(earliest)),
                             w.Number(static_cast<double>(latest))});
          };
          const v1::Date& born = p.birth_date();
          if (!born.iso().empty()) turns(YearsAfter(born.first_s(), n), YearsAfter(born.last_s(), n));
          // Aged A on a day d: N years after the first and the last day
          // model::BornIfAged allows.
          for (const auto& stated : p.stated_ages()) {
            const model::BirthSpan born = model::BornIfAged(stated.age(), stated.on().first_s(), stated.on().last_s());
            turns(YearsAfter(born.first_s, n), YearsAfter(born.last_s, n));
          }
        }
        break;
      }
      case v1::Record::kOrganization: w.Fact("organization", {x}); break;
      case v1::Record::kLocation: w.Fact("location_country", {x, w.Symbol(record.location().country())}); break;
      case v1::Record::kRelation: {
        const auto& r = record.relation();
        w.Fact("relation", {x, w.Symbol(model::RelationTypeName(r.type())), w.Key(r.from()), w.Key(r.to())});
        break;
      }
      case v1::Record::kEvent: {
        const auto& e = record.event();
        w.Fact("event", {x, w.Symbol(e.type())});
        const v1::Date& when = !e.date().iso().empty() ? e.date() : e.start();
        w.Interval("when", x, when);
        if (IsOpenStart(when)) w.Fact("open_start", {x});
        w.Interval("until", x, e.end());
        for (const auto& s : e.subjects()) w.Fact("subject", {x, w.Key(s)});
        for (const auto& a : e.actors()) w.Fact("actor", {x, w.Key(a)});
        if (!e.from().empty()) w.Fact("event_from", {x, w.Key(e.from())});
        if (!e.to().empty()) w.Fact("event_to", {x, w.Key(e.to())});
        if (!e.at().empty()) w.Fact("event_at", {x, w.Key(e.at())});
        if (!e.from_country().empty()) w.Fact("from_country", {x, w.Symbol(e.from_country())});
        if (!e.to_country().empty()) w.Fact("to_country", {x, w.Symbol(e.to_country())});
        if (e.entry() != v1::ENTRY_UNSPECIFIED) w.Fact("entry", {x, w.Symbol(EntryName(e.entry()))});
        if (!e.charge().empty()) w.Fact("charge", {x, w.Symbol(e.charge())});
        if (!e.reason().empty()) w.Fact("reason", {x, w.Symbol(e.reason())});
        if (e.has_amount()) w.Fact("amount", {x, w.Number(e.amount())});
        if (e.has_wage()) w.Fact("wage", {x, w.Number(e.wage())});
        if (e.has_hours_per_week()) w.Fact("hours_per_week", {x, w.Number(e.hours_per_week())});
        if (!e.work_type().empty()) w.Fact("work_type", {x, w.Symbol(e.work_type())});
        if (!e.about().empty()) w.Fact("about", {x, w.Symbol(e.about())});
        if (!e.threat_of().empty()) w.Fact("threat_of", {x, w.Symbol(e.threat_of())});
        if (!e.vulnerability().empty()) w.Fact("vulnerability", {x, w.Symbol(e.vulnerability())});
        break;
      }
      case v1::Record::kTransaction: {
        const auto& t = record.transaction();
        w.Fact("transaction", {x, w.Symbol(t.type())});
        w.Interval("when", x, t.date());
        if (IsOpenStart(t.date())) w.Fact("open_start", {x});
        if (!t.payer().empty()) w.Fact("payer", {x, w.Key(t.payer())});
        if (!t.payee().empty()) w.Fact("payee", {x, w.Key(t.payee())});
        if (t.has_amount()) w.Fact("amount", {x, w.Number(t.amount())});
        if (t.has_added_to_debt() && t.added_to_debt()) w.Fact("added_to_debt", {x});
        if (!t.for_event().empty()) w.Fact("pays_for", {x, w.Key(t.for_event())});
        if (!t.reason().empty()) w.Fact("reason", {x, w.Symbol(t.reason())});
        break;
      }
      default: break;
    }
  }
}

}  // namespace palermo::reasoner
