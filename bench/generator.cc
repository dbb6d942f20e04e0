#include "bench/generator.h"

#include <array>
#include <cstdio>

#include "format/json.h"

namespace palermo::bench {

const char* CaseTypeName(CaseType type) {
  switch (type) {
    case CaseType::kSmugglingOnly: return "smuggling_only";
    case CaseType::kAggravatedSmuggling: return "aggravated_smuggling";
    case CaseType::kSmuggledProsecuted: return "smuggled_and_prosecuted";
    case CaseType::kConverted: return "smuggling_then_debt_bondage";
    case CaseType::kInternalTrafficking: return "internal_trafficking";
    case CaseType::kChildTrafficking: return "child_trafficking";
    case CaseType::kPossibleTrafficking: return "adult_missing_means";
    case CaseType::kHumanitarian: return "humanitarian_no_benefit";
    case CaseType::kClean: return "clean";
    case CaseType::kChoresAtSchool: return "child_household_chores_at_school";
    case CaseType::kChildDomesticWork: return "child_full_time_domestic_work";
    case CaseType::kFeeWorkedOff: return "fee_worked_off";
    case CaseType::kStatedAgeChild: return "stated_age_presumed_child";
    case CaseType::kYearOnlyDates: return "year_only_dates_order";
    case CaseType::kIloProfile: return "ilo_worked_example_profile";
    case CaseType::kIloAdultRuleMet: return "ilo_adult_rule_met";
    case CaseType::kIloChildWorkshop: return "child_indicators_hazardous_workshop";
  }
  return "?";
}

namespace {

// A small, portable generator (splitmix64): the same seed gives the same
// numbers with any standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) { return items[Below(N)]; }

 private:
  uint64_t state_;
};

struct Country {
  const char* code;
  std::array<const char*, 6> given;
  std::array<const char*, 6> family;
  std::array<const char*, 3> places;
};

// Origins of migrants and victims.
const std::array<Country, 8> kOrigins = {{
    {"SY", {"Mohammed", "Ahmad", "Omar", "Rania", "Lina", "Khaled"}, {"Haddad", "Al-Hassan", "Khalil", "Nasser", "Darwish", "Saleh"}, {"Aleppo", "Idlib", "Homs"}},
    {"AF", {"Karim", "Farid", "Zahra", "Mariam", "Ahmad", "Nasir"}, {"Nouri", "Rahimi", "Ahmadi", "Karimi", "Hakimi", "Sultani"}, {"Herat", "Kabul", "Kunduz"}},
    {"ER", {"Yonas", "Senait", "Tesfay", "Aman", "Helen", "Filmon"}, {"Tesfay", "Habte", "Gebre", "Kidane", "Berhe", "Tekle"}, {"Asmara", "Keren", "Massawa"}},
    {"VN", {"Nguyen", "Thi", "Minh", "Hung", "Lan", "Tuan"}, {"Van Hung", "Duc Minh", "Thi Lan", "Quoc Bao", "Van Long", "Thi Mai"}, {"Nghe An", "Ha Tinh", "Hai Phong"}},
    {"NG", {"Blessing", "Joy", "Chinedu", "Precious", "Emeka", "Gift"}, {"Okafor", "Eze", "Obi", "Adeyemi", "Nwosu", "Okonkwo"}, {"Benin City", "Lagos", "Edo"}},
    {"NP", {"Ramesh", "Sita", "Bikash", "Anita", "Suman", "Gita"}, {"Thapa", "Gurung", "Tamang", "Shrestha", "Rai", "Magar"}, {"Kathmandu", "Pokhara", "Dhading"}},
    {"SO", {"Abdullahi", "Hodan", "Faisal", "Amina", "Hassan", "Sahra"}, {"Warsame", "Ali", "Farah", "Hussein", "Osman", "Jama"}, {"Mogadishu", "Kismayo", "Baidoa"}},
    {"RO", {"Ioana", "Maria", "Andrei", "Elena", "Mihai", "Ana"}, {"Popescu", "Ionescu", "Stoica", "Dumitru", "Radu", "Stan"}, {"Vaslui", "Iasi", "Bacau"}},
}};

struct Route {
  const char* from_country;
  const char* from_place;
  const char* to_country;
  const char* to_place;
  const char* method;
};

const std::array<Route, 6> kRoutes = {{
    {"TR", "Ayvalik", "GR", "Lesvos north shore", "rubber boat"},
    {"LY", "Zuwara", "IT", "Lampedusa", "fishing boat"},
    {"RS", "Subotica", "HU", "Roszke", "hidden in a truck"},
    {"FR", "Coquelles", "GB", "Folkestone", "hidden in a lorry"},
    {"BY", "Kuznica forest", "PL", "Bialowieza", "on foot"},
    {"MA", "Tangier", "ES", "Tarifa", "speedboat"},
}};

const std::array<const char*, 6> kSmugglerGiven = {"Ilir", "Hakan", "Zoran", "Mustafa", "Tran", "Osama"};
const std::array<const char*, 6> kSmugglerFamily = {"Dervishi", "Yilmaz", "Petrovic", "Ben Ali", "Duc Minh", "Al-Tarhuni"};
const std::array<const char*, 5> kSectors = {"agriculture", "construction", "nail salon", "car wash", "domestic work"};

// Version 2 cases.
const std::array<const char*, 4> kChores = {"household chores (sweeping, dishes, fetching water)", "cooking and cleaning",
                                            "care of younger children", "laundry and market errands"};
const std::array<const char*, 4> kWorkshops = {"metal workshop", "brick kiln", "garment workshop", "tannery"};
// Deceptions the ILO/EC indicators weigh medium for an adult, and strong.
const std::array<const char*, 5> kMediumDeceptions = {"wages", "conditions", "contract", "housing", "travel"};
const std::array<const char*, 3> kStrongDeceptions = {"job", "location", "employer"};
// Threats: medium for an adult, exposure weak (all a sign of coercion at destination).
const std::array<const char*, 4> kThreats = {"denunciation", "worse_conditions", "exposure", "violence"};
// Control at destination, each a strong sign of coercion there but the threat (medium).
const std::array<const char*, 4> kControls = {"surveillance", "movement_restriction", "document_retention", "threat"};
const std::array<const char*, 4> kArrestCharges = {"irregular_stay", "irregular_entry", "illegal_work", "document_fraud"};

// Writes one case-format line at a time.
class Writer {
 public:
  Writer(std::ostream& out, GeneratorStats* stats) : out_(out), stats_(stats) {}

  Writer& Begin(const char* kind, const std::string& id, const std::string& agency) {
    line_.clear();
    line_ += "{\"kind\":\"";
    line_ += kind;
    line_ += "\",\"id\":";
    format::AppendJsonString(id, &line_);
    line_ += ",\"agency\":";
    format::AppendJsonString(agency, &line_);
    return *this;
  }
  Writer& Str(const char* key, const std::string& value) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    format::AppendJsonString(value, &line_);
    return *this;
  }
  Writer& Num(const char* key, double value) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    format::AppendJsonNumber(value, &line_);
    return *this;
  }
  Writer& Bool(const char* key, bool value) {
    line_ += ",\"";
    line_ += key;
    line_ += value ? "\":true" : "\":false";
    return *this;
  }
  // A value already in JSON (an array of objects, say).
  Writer& Raw(const char* key, const std::string& json) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    line_ += json;
    return *this;
  }
  Writer& List(const char* key, const std::vector<std::string>& values) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) line_ += ",";
      format::AppendJsonString(values[i], &line_);
    }
    line_ += "]";
    return *this;
  }
  void End() {
    line_ += "}\n";
    out_ << line_;
    ++stats_->records;
  }

 private:
  std::ostream& out_;
  GeneratorStats* stats_;
  std::string line_;
};

std::string Date(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string Month(int year, int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

// A network: a criminal group with smugglers, its route and its contacts at
// destination who run the exploitation when the fee becomes a debt.
struct Network {
  std::string agency;
  std::string group;
  std::vector<std::string> members;  // global keys
  std::string from_location, to_location;
  const Route* route;
  std::string employer, worksite, safe_house;
};

class Generator {
 public:
  Generator(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth, GeneratorStats* stats)
      : options_(options),
        random_(options.seed),
        v2_random_(options.seed ^ 0xD1B54A32D192ED03ull),
        out_(cases, stats),
        truth_(truth),
        stats_(stats) {}

  // The version 1 cases come from `random_` as they always did; after each,
  // a version 2 case follows one time in four, drawn from `v2_random_` and
  // numbered in an id series of its own ("np1", "nev2", ...), so that the
  // version 1 cases of a seed keep their bytes and their ids.
  void Run() {
    uint64_t case_number = 0;
    auto more = [&] {
      return (stats_->persons < options_.persons || options_.persons == 0) &&
             (options_.records == 0 || stats_->records < options_.records);
    };
    while (more()) {
      if (networks_.empty() || random_.Chance(3)) NewNetwork();
      ++case_number;
      WriteCase(case_number);
      if (more() && v2_random_.Chance(25)) {
        V2Stream stream(this);
        WriteV2Case();
      }
    }
  }

 private:
  std::string Agency(size_t i) const { return options_.agencies[i % options_.agencies.size()]; }
  static std::string Key(const std::string& agency, const std::string& id) { return agency + "/" + id; }
  std::string NextId(const char* prefix) {
    if (rng_ == &v2_random_) return options_.id_prefix + "n" + prefix + std::to_string(++v2_serial_);
    return options_.id_prefix + prefix + std::to_string(++serial_);
  }
  // The stream the shared helpers draw from: `random_`, or `v2_random_`
  // while a version 2 case is written.
  Random& rng() { return *rng_; }
  struct V2Stream {
    explicit V2Stream(Generator* g) : g_(g) { g_->rng_ = &g_->v2_random_; }
    ~V2Stream() { g_->rng_ = &g_->random_; }
    Generator* g_;
  };

  std::string Source(const std::string& agency, const std::string& reported) {
    static const std::array<const char*, 4> kReliability = {"A", "B", "B", "C"};
    static const std::array<const char*, 4> kCredibility = {"1", "2", "2", "3"};
    std::string id = NextId("src");
    out_.Begin("source", id, agency).Str("reference", "REF-" + id).Str("reported", reported)
        .Str("reliability", rng().Pick(kReliability)).Str("credibility", rng().Pick(kCredibility)).End();
    return id;
  }

  std::string Location(const std::string& agency, const std::string& name, const char* country, const char* type) {
    std::string id = NextId("loc");
    out_.Begin("location", id, agency).Str("name", name).Str("country", country).Str("location_type", type).End();
    return Key(agency, id);
  }

  std::string Person(const std::string& agency, const std::string& source, const std::string& name,
                     const std::string& birth, const char* nationality, const char* residence = nullptr) {
    std::string id = NextId("p");
    auto& w = out_.Begin("person", id, agency).List("names", {name});
    if (!birth.empty()) w.Str("birth_date", birth);
    w.Str("sex", rng().Chance(60) ? "M" : "F").List("nationalities", {nationality});
    if (residence != nullptr) w.List("residences", {residence});
    w.Str("source", source).End();
    return Key(agency, id);
  }

  // Documents and phones of a person of interest, as agencies record them.
  void Identifiers(const std::string& agency, const std::string& person, const char* country, const std::string& source) {
    if (rng().Chance(70)) {
      out_.Begin("identifier", NextId("id"), agency).Str("type", "passport")
          .Str("value", std::string(country) + std::to_string(1000000 + rng().Below(8999999))).Str("country", country)
          .Str("holder", person).Str("source", source).End();
    }
    if (rng().Chance(60)) {
      out_.Begin("identifier", NextId("id"), agency).Str("type", "phone")
          .Str("value", "+" + std::to_string(300000000000ull + rng().Below(99999999999ull)))
          .Str("holder", person).Str("source", source).End();
    }
  }

  void NewNetwork() {
    Network n;
    n.agency = Agency(0);
    n.route = &random_.Pick(kRoutes);
    std::string source = Source(n.agency, Date(2023, random_.Between(1, 12), random_.Between(1, 28)));
    std::string group = NextId("org");
    out_.Begin("organization", group, n.agency).List("names", {std::string("Network ") + group})
        .Str("org_type", "criminal_group").Str("country", n.route->from_country).Str("source", source).End();
    n.group = Key(n.agency, group);
    int members = random_.Between(3, 8);
    for (int i = 0; i < members; ++i) {
      std::string name = std::string(random_.Pick(kSmugglerGiven)) + " " + random_.Pick(kSmugglerFamily);
      bool abroad = i == members - 1;  // the contact at destination
      std::string member = Person(n.agency, source, name, "", abroad ? "AL" : n.route->from_country,
                                  abroad ? n.route->to_country : nullptr);
      out_.Begin("relation", NextId("rel"), n.agency).Str("type", "member_of").Str("from", member)
          .Str("to", n.group).Str("source", source).End();
      n.members.push_back(member);
      if (random_.Chance(50)) {
        out_.Begin("identifier", NextId("id"), n.agency).Str("type", "phone")
            .Str("value", "+" + std::to_string(300000000000ull + random_.Below(99999999999ull)))
            .Str("holder", member).Str("source", source).End();
      }
    }
    n.from_location = Location(n.agency, n.route->from_place, n.route->from_country, "port");
    n.to_location = Location(n.agency, n.route->to_place, n.route->to_country, "border_crossing");
    std::string employer = NextId("org");
    out_.Begin("organization", employer, n.agency).List("names", {std::string("Employer ") + employer})
        .Str("org_type", "employer").Str("country", n.route->to_country).Str("source", source).End();
    n.employer = Key(n.agency, employer);
    out_.Begin("relation", NextId("rel"), n.agency).Str("type", "controls").Str("from", n.members.back())
        .Str("to", n.employer).Str("source", source).End();
    n.worksite = Location(n.agency, "Worksite " + employer, n.route->to_country, "worksite");
    n.safe_house = Location(n.agency, "House " + employer, n.route->to_country, "safe_house");
    networks_.push_back(std::move(n));
  }

  CaseType PickType() {
    uint64_t roll = random_.Below(100);
    if (roll < 30) return CaseType::kSmugglingOnly;
    if (roll < 36) return CaseType::kAggravatedSmuggling;
    if (roll < 42) return CaseType::kSmuggledProsecuted;
    if (roll < 57) return CaseType::kConverted;
    if (roll < 65) return CaseType::kInternalTrafficking;
    if (roll < 69) return CaseType::kChildTrafficking;
    if (roll < 74) return CaseType::kPossibleTrafficking;
    if (roll < 78) return CaseType::kHumanitarian;
    return CaseType::kClean;
  }

  void Truth(const std::string& person, CaseType type, const std::vector<std::string>& findings,
             const std::vector<std::string>& linked = {}) {
    std::string line = "{\"person\":";
    format::AppendJsonString(person, &line);
    line += ",\"case\":\"";
    line += CaseTypeName(type);
    line += "\",\"findings\":[";
    for (size_t i = 0; i < findings.size(); ++i) {
      if (i > 0) line += ",";
      format::AppendJsonString(findings[i], &line);
    }
    line += "],\"linked\":[";
    for (size_t i = 0; i < linked.size(); ++i) {
      if (i > 0) line += ",";
      format::AppendJsonString(linked[i], &line);
    }
    line += "]}\n";
    truth_ << line;
  }

  void Event(const std::string& agency, const char* type, const std::string& date, const std::string& subject,
             const std::vector<std::string>& actors, const std::string& source) {
    auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", type).Str("date", date).Str("subject", subject);
    if (!actors.empty()) w.List("actors", actors);
    w.Str("source", source).End();
  }

  void WriteCase(uint64_t case_number) {
    CaseType type = PickType();
    ++stats_->persons;
    ++stats_->cases_by_type[static_cast<int>(type)];
    Network& n = networks_[random_.Below(networks_.size())];
    const Country& origin = kOrigins[random_.Below(kOrigins.size())];
    const std::string agency = Agency(case_number);
    const int year = random_.Between(2021, 2024);
    const int month = random_.Between(1, 6);
    std::string source = Source(agency, Date(year, month + 6, 1));
    std::string name = std::string(random_.Pick(origin.given)) + " " + random_.Pick(origin.family);
    bool child = type == CaseType::kChildTrafficking;
    std::string birth = child ? Date(year - random_.Between(12, 16), random_.Between(1, 12), random_.Between(1, 28))
                              : (random_.Chance(30) ? std::to_string(year - random_.Between(19, 45))
                                                    : Month(year - random_.Between(19, 45), random_.Between(1, 12)));
    const std::string& smuggler = n.members[random_.Below(n.members.size() - 1)];
    const std::string& contact = n.members.back();

    switch (type) {
      case CaseType::kSmugglingOnly:
      case CaseType::kAggravatedSmuggling:
      case CaseType::kSmuggledProsecuted:
      case CaseType::kConverted: {
        std::string person = Person(agency, source, name, birth, origin.code);
        Identifiers(agency, person, origin.code, source);
        bool deferred = type == CaseType::kConverted && random_.Chance(50);
        if (!deferred) {
          out_.Begin("transaction", NextId("tx"), agency).Str("type", "smuggling_fee").Str("payer", person)
              .Str("payee", smuggler).Num("amount", random_.Between(8, 60) * 100).Str("currency", "EUR")
              .Str("date", Date(year, month, random_.Between(1, 10))).Str("source", source).End();
        }
        out_.Begin("event", NextId("ev"), agency).Str("type", "border_crossing").Str("date", Date(year, month, 15))
            .Str("subject", person).List("actors", {smuggler}).Str("from", n.from_location).Str("to", n.to_location)
            .Str("entry", "irregular").Str("method", n.route->method).Str("source", source).End();
        std::vector<std::string> findings = {"smuggling_of_migrants"};
        if (type == CaseType::kAggravatedSmuggling) {
          Event(agency, "endangerment", Date(year, month, 15), person, {smuggler}, source);
          findings.push_back("aggravated_smuggling");
        }
        if (type == CaseType::kSmuggledProsecuted) {
          auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", "prosecution")
                        .Str("date", Date(year, month + 1, 20)).Str("subject", person).Str("charge", "irregular_entry");
          w.Str("source", source).End();
          findings.push_back("non_criminalization_concern");
        }
        std::vector<std::string> linked;
        if (type == CaseType::kConverted) {
          // Often a second agency saw the exploitation, under its own record.
          std::string where_agency = agency;
          std::string victim = person;
          std::string victim_source = source;
          if (random_.Chance(50)) {
            where_agency = Agency(case_number + 1);
            victim_source = Source(where_agency, Date(year, month + 6, 10));
            victim = Person(where_agency, victim_source, name, birth.substr(0, 4), origin.code);
            out_.Begin("relation", NextId("rel"), where_agency).Str("type", "same_as").Str("from", victim)
                .Str("to", person).Str("source", victim_source).End();
            linked.push_back(victim);
          }
          int debt = random_.Between(30, 200) * 100;
          out_.Begin("event", NextId("ev"), where_agency).Str("type", "debt_imposed").Str("date", Date(year, month, 20))
              .Str("subject", victim).List("actors", {contact}).Num("amount", debt).Str("currency", "EUR")
              .Str("reason", "smuggling_fee").Str("source", victim_source).End();
          out_.Begin("event", NextId("ev"), where_agency).Str("type", "harbouring").Str("start", Date(year, month, 21))
              .Str("subject", victim).List("actors", {contact}).Str("at", n.safe_house).Str("source", victim_source).End();
          out_.Begin("event", NextId("ev"), where_agency).Str("type", "work").Str("start", Date(year, month, 22))
              .Str("end", Date(year, month + 6, 1)).Str("subject", victim).List("actors", {contact})
              .Str("at", n.worksite).Str("sector", random_.Pick(kSectors)).Num("hours_per_week", random_.Between(60, 84))
              .Num("wage", 0).Str("currency", "EUR").Str("source", victim_source).End();
          if (random_.Chance(50)) Event(where_agency, "document_retention", Date(year, month, 20), victim, {contact}, victim_source);
          for (int m = 1; m <= 6; ++m) {
            int charge = random_.Between(3, 6) * 100;
            out_.Begin("transaction", NextId("tx"), where_agency).Str("type", "charge").Str("reason", "rent")
                .Str("payer", victim).Str("payee", contact).Num("amount", charge).Str("currency", "EUR")
                .Str("date", Date(year, month + m, 1)).Bool("added_to_debt", true).Str("source", victim_source).End();
            out_.Begin("transaction", NextId("tx"), where_agency).Str("type", "charge").Str("reason", "food")
                .Str("payer", victim).Str("payee", contact).Num("amount", 150).Str("currency", "EUR")
                .Str("date", Date(year, month + m, 1)).Bool("added_to_debt", true).Str("source", victim_source).End();
            out_.Begin("transaction", NextId("tx"), where_agency).Str("type", "debt_repayment").Str("payer", victim)
                .Str("payee", contact).Num("amount", charge - 100).Str("currency", "EUR")
                .Str("date", Date(year, month + m, 28)).Str("source", victim_source).End();
          }
          findings.insert(findings.end(), {"debt_bondage", "smuggling_to_trafficking", "trafficking_in_persons",
                                           "victim_identification_needed"});
          // The ILO/EC indicators (ILO-INDICATORS.md): exploitative
          // conditions of work are positive (60+ hours, strong; no wage,
          // medium; charges added to the debt during the work, medium).
          // The debt and the passport are taken before the work starts, so
          // they are coercive recruitment (two mediums: not positive); at
          // destination the debt bondage finding is one strong sign of
          // coercion (alone: not positive) and the irregular arrival one
          // medium of vulnerability. A dimension positive, the adult rule
          // not met (recruitment and coercion at destination missing): a
          // profile.
          findings.push_back("indicator_profile");
        }
        Truth(person, type, findings, linked);
        break;
      }
      case CaseType::kInternalTrafficking: {
        const Country& home = kOrigins[7];  // RO: trafficking inside the country
        std::string person = Person(agency, source, name, birth, home.code);
        Identifiers(agency, person, home.code, source);
        std::string trafficker = Person(agency, source, std::string(random_.Pick(home.given)) + " " + random_.Pick(home.family), "", home.code);
        std::string from = Location(agency, random_.Pick(home.places), home.code, "city");
        std::string to = Location(agency, "Apartment, Bucharest", home.code, "residence");
        out_.Begin("event", NextId("ev"), agency).Str("type", "recruitment").Str("date", Date(year, month, 2))
            .Str("subject", person).List("actors", {trafficker}).Str("at", from).Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "deception").Str("date", Date(year, month, 2))
            .Str("subject", person).List("actors", {trafficker}).Str("promised", "job in a hotel")
            .Str("actual", "commercial sex").Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "transport").Str("date", Date(year, month, 10))
            .Str("subject", person).List("actors", {trafficker}).Str("from", from).Str("to", to).Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "sexual_exploitation").Str("start", Date(year, month, 11))
            .Str("end", Date(year, month + 4, 1)).Str("subject", person).List("actors", {trafficker}).Str("at", to)
            .Str("source", source).End();
        Event(agency, "threat", Date(year, month + 1, 1), person, {trafficker}, source);
        Truth(person, type, {"internal_trafficking", "trafficking_in_persons", "victim_identification_needed"});
        break;
      }
      case CaseType::kChildTrafficking: {
        std::string person = Person(agency, source, name, birth, origin.code);
        Identifiers(agency, person, origin.code, source);
        out_.Begin("event", NextId("ev"), agency).Str("type", "transport").Str("date", Date(year, month, 5))
            .Str("subject", person).List("actors", {smuggler}).Str("from", n.from_location).Str("to", n.to_location)
            .Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "border_crossing").Str("date", Date(year, month, 6))
            .Str("subject", person).List("actors", {smuggler}).Str("from", n.from_location).Str("to", n.to_location)
            .Str("entry", "regular").Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "forced_begging").Str("start", Date(year, month, 7))
            .Str("end", Date(year, month + 3, 1)).Str("subject", person).List("actors", {smuggler})
            .Str("at", n.to_location).Str("source", source).End();
        Truth(person, type, {"child_trafficking", "trafficking_in_persons", "victim_identification_needed"});
        break;
      }
      case CaseType::kPossibleTrafficking: {
        std::string person = Person(agency, source, name, birth, origin.code);
        Identifiers(agency, person, origin.code, source);
        Event(agency, "recruitment", Date(year, month, 1), person, {n.employer}, source);
        out_.Begin("event", NextId("ev"), agency).Str("type", "transport").Str("date", Date(year, month, 10))
            .Str("subject", person).List("actors", {n.employer}).Str("to", n.worksite).Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "work").Str("start", Date(year, month, 11))
            .Str("end", Date(year, month + 5, 1)).Str("subject", person).List("actors", {n.employer})
            .Str("at", n.worksite).Str("sector", "agriculture").Num("hours_per_week", random_.Between(60, 70))
            .Num("wage", 700).Str("currency", "EUR").Str("source", source).End();
        // Action and purpose (60+ hours) by the employer, no means: possible
        // trafficking, and on those reasonable grounds identification is
        // needed (LEGAL-MODEL v2). ILO/EC: 60+ hours is one strong sign of
        // exploitative conditions, alone: no dimension positive, no finding.
        Truth(person, type, {"possible_trafficking", "victim_identification_needed"});
        break;
      }
      case CaseType::kHumanitarian: {
        std::string person = Person(agency, source, name, birth, origin.code);
        Identifiers(agency, person, origin.code, source);
        std::string helper = Person(agency, source, "Anna Weber", "", "DE");
        out_.Begin("event", NextId("ev"), agency).Str("type", "border_crossing").Str("date", Date(year, month, 14))
            .Str("subject", person).List("actors", {helper}).Str("from", n.from_location).Str("to", n.to_location)
            .Str("entry", "irregular").Str("method", "on foot").Str("source", source).End();
        Truth(person, type, {});
        break;
      }
      case CaseType::kClean: {
        std::string person = Person(agency, source, name, birth, origin.code);
        Identifiers(agency, person, origin.code, source);
        out_.Begin("event", NextId("ev"), agency).Str("type", "border_crossing").Str("date", Date(year, month, 3))
            .Str("subject", person).Str("from_country", n.route->from_country).Str("to_country", n.route->to_country)
            .Str("entry", "regular").Str("method", "flight with work visa").Str("source", source).End();
        out_.Begin("event", NextId("ev"), agency).Str("type", "work").Str("start", Date(year, month, 5))
            .Str("end", Date(year, month + 6, 1)).Str("subject", person).List("actors", {n.employer})
            .Str("at", n.worksite).Str("sector", random_.Pick(kSectors)).Num("hours_per_week", 40)
            .Num("wage", random_.Between(14, 22) * 100).Str("currency", "EUR").Str("source", source).End();
        for (int m = 1; m <= 6; ++m) {
          out_.Begin("transaction", NextId("tx"), agency).Str("type", "wage").Str("payer", n.employer).Str("payee", person)
              .Num("amount", random_.Between(14, 22) * 100).Str("currency", "EUR").Str("date", Date(year, month + m, 1))
              .Str("source", source).End();
        }
        int loan = random_.Between(5, 15) * 100;
        out_.Begin("transaction", NextId("tx"), agency).Str("type", "loan").Str("payer", n.employer).Str("payee", person)
            .Num("amount", loan).Str("currency", "EUR").Str("date", Date(year, month, 6)).Str("source", source).End();
        for (int m = 1; m <= 3; ++m) {
          out_.Begin("transaction", NextId("tx"), agency).Str("type", "debt_repayment").Str("payer", person)
              .Str("payee", n.employer).Num("amount", loan / 3.0).Str("currency", "EUR")
              .Str("date", Date(year, month + m, 28)).Str("source", source).End();
        }
        Truth(person, type, {});
        break;
      }
      case CaseType::kChoresAtSchool:
      case CaseType::kChildDomesticWork:
      case CaseType::kFeeWorkedOff:
      case CaseType::kStatedAgeChild:
      case CaseType::kYearOnlyDates:
      case CaseType::kIloProfile:
      case CaseType::kIloAdultRuleMet:
      case CaseType::kIloChildWorkshop: break;  // version 2: WriteV2Case
    }
  }

  // ---------------------------------------------------------------------------
  // Version 2 cases (legal model v2, the ILO/EC indicators). Each draws only
  // from rng() (v2_random_ here), one draw per statement, so that the bytes
  // do not depend on the order in which a compiler evaluates arguments.

  CaseType PickV2Type() {
    uint64_t roll = rng().Below(100);
    if (roll < 15) return CaseType::kChoresAtSchool;
    if (roll < 25) return CaseType::kChildDomesticWork;
    if (roll < 45) return CaseType::kFeeWorkedOff;
    if (roll < 55) return CaseType::kStatedAgeChild;
    if (roll < 70) return CaseType::kYearOnlyDates;
    if (roll < 80) return CaseType::kIloProfile;
    if (roll < 90) return CaseType::kIloAdultRuleMet;
    return CaseType::kIloChildWorkshop;
  }

  struct V2Case {
    CaseType type;
    const Network* n;
    const Country* origin;
    std::string agency;
    int year, month;  // month 1-6: the cases run at most six months on
    std::string source, name;
  };

  void WriteV2Case() {
    V2Case c;
    c.type = PickV2Type();
    ++stats_->persons;
    ++stats_->cases_by_type[static_cast<int>(c.type)];
    c.n = &networks_[rng().Below(networks_.size())];
    c.origin = &kOrigins[rng().Below(kOrigins.size())];
    c.agency = Agency(++v2_cases_);
    c.year = rng().Between(2021, 2024);
    c.month = rng().Between(1, 6);
    c.source = Source(c.agency, Date(c.year, c.month + 6, 1));
    c.name = NameFrom(*c.origin);
    switch (c.type) {
      case CaseType::kChoresAtSchool: ChoresAtSchool(c); break;
      case CaseType::kChildDomesticWork: ChildDomesticWork(c); break;
      case CaseType::kFeeWorkedOff: FeeWorkedOff(c); break;
      case CaseType::kStatedAgeChild: StatedAgeChild(c); break;
      case CaseType::kYearOnlyDates: YearOnlyDates(c); break;
      case CaseType::kIloProfile: IloWorkedExample(c, false); break;
      case CaseType::kIloAdultRuleMet:
        if (rng().Chance(50)) IloWorkedExample(c, true);
        else IloDeceptionDatedWithTheWork(c);
        break;
      case CaseType::kIloChildWorkshop: IloChildWorkshop(c); break;
      case CaseType::kSmugglingOnly:
      case CaseType::kAggravatedSmuggling:
      case CaseType::kSmuggledProsecuted:
      case CaseType::kConverted:
      case CaseType::kInternalTrafficking:
      case CaseType::kChildTrafficking:
      case CaseType::kPossibleTrafficking:
      case CaseType::kHumanitarian:
      case CaseType::kClean: break;  // version 1: WriteCase
    }
  }

  std::string NameFrom(const Country& country) {
    std::string given = rng().Pick(country.given);
    std::string family = rng().Pick(country.family);
    return given + " " + family;
  }

  const char* Sex(int female_percent) { return rng().Chance(female_percent) ? "F" : "M"; }

  // An adult at any date of the case's year (19-45 years younger), by year
  // or by month, as the version 1 cases have it.
  std::string AdultBirth(int year) {
    if (rng().Chance(30)) {
      int age = rng().Between(19, 45);
      return std::to_string(year - age);
    }
    int age = rng().Between(19, 45);
    int month = rng().Between(1, 12);
    return Month(year - age, month);
  }

  // A full birth date `years` before the case's year: the person is
  // years - 1 or `years` old at any date of its first half.
  std::string BirthYearsBefore(int year, int years) {
    int month = rng().Between(1, 12);
    int day = rng().Between(1, 28);
    return Date(year - years, month, day);
  }

  // Two different places of a country: where the person comes from, and
  // where the person is taken.
  std::pair<const char*, const char*> TwoPlaces(const Country& country) {
    size_t from = rng().Below(country.places.size());
    size_t to = (from + 1 + rng().Below(country.places.size() - 1)) % country.places.size();
    return {country.places[from], country.places[to]};
  }

  std::string PersonV2(const std::string& agency, const std::string& source, const std::string& name, const char* sex,
                       const std::string& birth, const std::string& stated_ages, const char* nationality) {
    std::string id = NextId("p");
    auto& w = out_.Begin("person", id, agency).List("names", {name});
    if (!birth.empty()) w.Str("birth_date", birth);
    if (!stated_ages.empty()) w.Raw("stated_ages", stated_ages);
    w.Str("sex", sex).List("nationalities", {nationality}).Str("source", source).End();
    return Key(agency, id);
  }

  std::string Employer(const std::string& agency, const std::string& source, const char* country) {
    std::string id = NextId("org");
    out_.Begin("organization", id, agency).List("names", {std::string("Employer ") + id}).Str("org_type", "employer")
        .Str("country", country).Str("source", source).End();
    return Key(agency, id);
  }

  void Relation(const std::string& agency, const char* type, const std::string& from, const std::string& to,
                const std::string& source) {
    out_.Begin("relation", NextId("rel"), agency).Str("type", type).Str("from", from).Str("to", to)
        .Str("source", source).End();
  }

  // Begins an event at a date (At) or over a time (Span: a start and, when
  // not empty, an end) with its subject and actors; the caller adds the
  // fields of its type and the source, and ends it.
  Writer& At(const std::string& agency, const char* type, const std::string& date, const std::string& subject,
             const std::vector<std::string>& actors) {
    auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", type).Str("date", date).Str("subject", subject);
    if (!actors.empty()) w.List("actors", actors);
    return w;
  }
  Writer& Span(const std::string& agency, const char* type, const std::string& start, const std::string& end,
               const std::string& subject, const std::vector<std::string>& actors) {
    auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", type).Str("start", start);
    if (!end.empty()) w.Str("end", end);
    w.Str("subject", subject);
    if (!actors.empty()) w.List("actors", actors);
    return w;
  }

  // A child moved by a relative into the relative's household, helping
  // there while at school: 8-14 years old and 6-21 hours a week, or 15-17
  // and 28-40 hours (over the threshold for a child under 15, under the 43
  // hours of that age), unpaid. Household chores below the threshold for
  // the age are not exploitation (LEGAL-MODEL v2): the move is an action,
  // but there is no purpose and no means, not even two elements; unpaid
  // chores below the threshold show no ILO/EC indicator (low or no salary
  // excepts household chores). No finding at all.
  void ChoresAtSchool(const V2Case& c) {
    const Country& home = *c.origin;
    const bool older = rng().Chance(30);
    const int years = older ? rng().Between(16, 17) : rng().Between(9, 14);
    const std::string birth = BirthYearsBefore(c.year, years);
    const int hours = older ? rng().Between(28, 40) : rng().Between(6, 21);
    const char* sex = Sex(60);
    std::string child = PersonV2(c.agency, c.source, c.name, sex, birth, "", home.code);
    std::string relative_name = NameFrom(home);
    std::string relative = PersonV2(c.agency, c.source, relative_name, Sex(70), "", "", home.code);
    Relation(c.agency, "family_of", relative, child, c.source);
    auto [from_place, to_place] = TwoPlaces(home);
    std::string from = Location(c.agency, from_place, home.code, "city");
    std::string to = Location(c.agency, std::string("Relative's home, ") + to_place, home.code, "residence");
    const int day = rng().Between(1, 20);
    At(c.agency, "transport", Date(c.year, c.month, day), child, {relative}).Str("from", from).Str("to", to)
        .Str("source", c.source).End();
    const char* chores = rng().Pick(kChores);
    Span(c.agency, "work", Date(c.year, c.month, day + 3), "", child, {relative}).Str("at", to).Str("sector", chores)
        .Str("work_type", "household_chores").Num("hours_per_week", hours).Num("wage", 0)
        .Str("details", "after school and at weekends; enrolled and attending school").Str("source", c.source).End();
    Truth(child, c.type, {});
  }

  // A child of 15-17 brought by a guardian (a relative) to the guardian's
  // house, doing its household chores 45-60 hours a week unpaid: at or over
  // the 43-hour threshold for that age, so exploitation (LEGAL-MODEL v2).
  // A child needs no means: child trafficking and trafficking in persons
  // (transport or receipt, the chores, by the guardian), internal (no
  // border, every place in one country), identification needed. ILO/EC
  // child rule: an action, and exploitative conditions of work positive:
  // the chores over the threshold are excessive hours (strong), and when
  // the child is out of school (no access to education, medium for a child)
  // the dimension is positive and the rule met: trafficking_indicators.
  // Without the schooling record the strong sign is alone: no ILO finding.
  void ChildDomesticWork(const V2Case& c) {
    const Country& home = *c.origin;
    const int years = rng().Between(16, 17);
    const std::string birth = BirthYearsBefore(c.year, years);
    const int hours = rng().Between(45, 60);
    const bool out_of_school = rng().Chance(75);
    std::string child = PersonV2(c.agency, c.source, c.name, Sex(80), birth, "", home.code);
    Identifiers(c.agency, child, home.code, c.source);
    std::string guardian_name = NameFrom(home);
    std::string guardian = PersonV2(c.agency, c.source, guardian_name, Sex(70), "", "", home.code);
    Relation(c.agency, "family_of", guardian, child, c.source);
    auto [from_place, to_place] = TwoPlaces(home);
    std::string from = Location(c.agency, from_place, home.code, "city");
    std::string house = Location(c.agency, std::string("Guardian's house, ") + to_place, home.code, "residence");
    const int day = rng().Between(1, 20);
    const std::string start = Date(c.year, c.month, day + 2), end = Date(c.year, c.month + 6, 28);
    At(c.agency, "transport", Date(c.year, c.month, day), child, {guardian}).Str("from", from).Str("to", house)
        .Str("source", c.source).End();
    At(c.agency, "receipt", Date(c.year, c.month, day + 1), child, {guardian}).Str("at", house)
        .Str("source", c.source).End();
    const char* chores = rng().Pick(kChores);
    Span(c.agency, "work", start, end, child, {guardian}).Str("at", house).Str("sector", chores)
        .Str("work_type", "household_chores").Num("hours_per_week", hours).Num("wage", 0)
        .Str("details", "no day off").Str("source", c.source).End();
    std::vector<std::string> findings = {"child_trafficking", "internal_trafficking", "trafficking_in_persons",
                                         "victim_identification_needed"};
    if (out_of_school) {
      Span(c.agency, "no_education", start, end, child, {guardian}).Str("details", "not enrolled in any school")
          .Str("source", c.source).End();
      findings.push_back("trafficking_indicators");
    }
    Truth(child, c.type, findings);
  }

  // Smuggled by a member of a network that takes no fee at the border; on
  // arrival the network's contact says the crossing is owed (a debt, reason
  // smuggling_fee) and has it "worked off" in sexual exploitation or
  // begging, with no account kept, or "repayments" written in a notebook.
  // Smuggling (the deferred fee is the benefit, the services one in kind);
  // debt bondage, branch (b): services that are themselves exploitation pay
  // no debt, whatever is recorded as repaid; the smuggling turned into
  // trafficking (the creditor of the smuggler's network, the debt after the
  // crossing); trafficking (the crossing or the harbouring, the debt
  // bondage, the exploitation, all by connected actors), not internal (a
  // border crossed); identification needed. ILO/EC: the debt, known to be
  // before the exploitation, is coercive recruitment (one medium); at
  // destination the debt bondage finding is one strong sign of coercion and
  // the irregular arrival one medium of vulnerability: nothing positive, no
  // ILO finding; unless the contact also watches, confines, keeps the
  // passport of or threatens the person during the exploitation: a second
  // sign of coercion at destination, positive: a profile.
  void FeeWorkedOff(const V2Case& c) {
    const Network& n = *c.n;
    const bool begging = rng().Chance(40);
    const bool notebook = rng().Chance(50);
    const bool controlled = rng().Chance(50);
    const std::string birth = AdultBirth(c.year);
    const char* sex = begging ? Sex(30) : Sex(85);
    std::string person = PersonV2(c.agency, c.source, c.name, sex, birth, "", c.origin->code);
    Identifiers(c.agency, person, c.origin->code, c.source);
    const std::string& smuggler = n.members[rng().Below(n.members.size() - 1)];
    const std::string& contact = n.members.back();
    At(c.agency, "border_crossing", Date(c.year, c.month, 15), person, {smuggler}).Str("from", n.from_location)
        .Str("to", n.to_location).Str("entry", "irregular").Str("method", n.route->method)
        .Str("source", c.source).End();
    // Often a second agency saw the exploitation, under its own record.
    std::string where = c.agency, victim = person, victim_source = c.source;
    std::vector<std::string> linked;
    if (rng().Chance(50)) {
      where = Agency(v2_cases_ + 1);
      victim_source = Source(where, Date(c.year, c.month + 6, 10));
      victim = PersonV2(where, victim_source, c.name, sex, birth.substr(0, 4), "", c.origin->code);
      Relation(where, "same_as", victim, person, victim_source);
      linked.push_back(victim);
    }
    const int debt = rng().Between(20, 300) * 100;
    At(where, "debt_imposed", Date(c.year, c.month, 17), victim, {contact}).Num("amount", debt).Str("currency", "EUR")
        .Str("reason", "smuggling_fee")
        .Str("details", "told on arrival that the crossing was owed and would be worked off")
        .Str("source", victim_source).End();
    const std::string start = Date(c.year, c.month, 18), end = Date(c.year, c.month + 5, 28);
    Span(where, "harbouring", Date(c.year, c.month, 17), end, victim, {contact}).Str("at", n.safe_house)
        .Str("source", victim_source).End();
    auto& exploitation = Span(where, begging ? "forced_begging" : "sexual_exploitation", start, end, victim, {contact});
    if (!begging) exploitation.Str("at", n.safe_house);
    exploitation.Str("details", "all takings handed over; no account of what was owed").Str("source", victim_source)
        .End();
    std::vector<std::string> findings = {"smuggling_of_migrants", "debt_bondage", "smuggling_to_trafficking",
                                         "trafficking_in_persons", "victim_identification_needed"};
    if (controlled) {
      const char* control = rng().Pick(kControls);
      const int day = rng().Between(18, 27);
      At(where, control, Date(c.year, c.month, day), victim, {contact}).Str("source", victim_source).End();
      findings.push_back("indicator_profile");
    }
    if (notebook) {
      const int entries = rng().Between(3, 5);
      for (int m = 1; m <= entries; ++m) {
        const int amount = rng().Between(2, 6) * 100;
        out_.Begin("transaction", NextId("tx"), where).Str("type", "debt_repayment").Str("payer", victim)
            .Str("payee", contact).Num("amount", amount).Str("currency", "EUR")
            .Str("date", Date(c.year, c.month + m, 28))
            .Str("details", "'paid' in the boss's notebook against the takings").Str("source", victim_source).End();
      }
    }
    Truth(person, c.type, findings, linked);
  }

  // No birth date: a record states the person's age, 16 or 17, on a day or
  // in a year, and the recruitment comes while the person may still be
  // under 18: a presumed child (LEGAL-MODEL: age from stated_ages,
  // presumption of minority). A child needs no means: recruited, moved and
  // exploited (sexual exploitation or begging) by one person within one
  // country: child trafficking, trafficking in persons, internal,
  // identification needed. ILO/EC: a child with an action, but no sign of
  // exploitative conditions of work (no work event): no ILO finding.
  void StatedAgeChild(const V2Case& c) {
    const Country& home = *c.origin;
    const int age = rng().Between(16, 17);
    std::string on;
    if (rng().Chance(30)) {  // "aged 17 in 2023": 1 to 18 - age years before the recruitment
      const int back = rng().Between(1, 18 - age);
      on = std::to_string(c.year - back);
    } else {  // on a day, 1 month to 18 - age years less 2 months before
      const int back = rng().Between(1, 12 * (18 - age) - 2);
      const int months = c.year * 12 + (c.month - 1) - back;
      const int day = rng().Between(1, 28);
      on = Date(months / 12, months % 12 + 1, day);
    }
    const std::string stated = "[{\"age\":" + std::to_string(age) + ",\"on\":\"" + on + "\"}]";
    std::string person = PersonV2(c.agency, c.source, c.name, Sex(80), "", stated, home.code);
    Identifiers(c.agency, person, home.code, c.source);
    std::string recruiter_name = NameFrom(home);
    std::string recruiter = PersonV2(c.agency, c.source, recruiter_name, Sex(20), "", "", home.code);
    auto [from_place, to_place] = TwoPlaces(home);
    std::string from = Location(c.agency, from_place, home.code, "city");
    std::string to = Location(c.agency, std::string("Rented flat, ") + to_place, home.code, "residence");
    const bool begging = rng().Chance(30);
    const int day = rng().Between(1, 20);
    At(c.agency, "recruitment", Date(c.year, c.month, day), person, {recruiter}).Str("at", from)
        .Str("source", c.source).End();
    At(c.agency, "transport", Date(c.year, c.month, day + 4), person, {recruiter}).Str("from", from).Str("to", to)
        .Str("source", c.source).End();
    Span(c.agency, begging ? "forced_begging" : "sexual_exploitation", Date(c.year, c.month, day + 5),
         Date(c.year, c.month + 3, 2), person, {recruiter}).Str("at", to).Str("source", c.source).End();
    Truth(person, c.type, {"child_trafficking", "internal_trafficking", "trafficking_in_persons",
                           "victim_identification_needed"});
  }

  // Every date a year: crossed irregularly with a member of a network, told
  // the same year that the crossing was owed to the network's contact,
  // harboured and put to unpaid work by the contact, arrested in a raid the
  // same year. With partial dates "after" means could be after
  // (LEGAL-MODEL v2): the debt and the work count as after the crossing,
  // the arrest as after the elements. Smuggling (the deferred fee, the work
  // in kind); debt bondage (unpaid work, no repayment recorded: branch (b));
  // the smuggling turned into trafficking; trafficking, not internal;
  // identification needed; non-punishment concern (arrested after the
  // elements of trafficking, whatever the charge). ILO/EC: nothing is known
  // to be before the work, so every sign is at destination: no salary
  // (medium), the debt bondage finding (strong), irregular status (medium):
  // nothing positive, no ILO finding; when 60 or more hours a week are
  // recorded (strong), exploitative conditions are positive: a profile.
  void YearOnlyDates(const V2Case& c) {
    const Network& n = *c.n;
    const std::string birth = AdultBirth(c.year);
    const bool hours = rng().Chance(40);
    std::string person = PersonV2(c.agency, c.source, c.name, Sex(30), birth, "", c.origin->code);
    Identifiers(c.agency, person, c.origin->code, c.source);
    const std::string& smuggler = n.members[rng().Below(n.members.size() - 1)];
    const std::string& contact = n.members.back();
    const std::string year = std::to_string(c.year);
    At(c.agency, "border_crossing", year, person, {smuggler}).Str("from", n.from_location).Str("to", n.to_location)
        .Str("entry", "irregular").Str("method", n.route->method).Str("source", c.source).End();
    const int debt = rng().Between(20, 120) * 100;
    At(c.agency, "debt_imposed", year, person, {contact}).Num("amount", debt).Str("currency", "EUR")
        .Str("reason", "smuggling_fee").Str("source", c.source).End();
    Span(c.agency, "harbouring", year, year, person, {contact}).Str("at", n.safe_house).Str("source", c.source).End();
    const char* sector = rng().Pick(kSectors);
    auto& work = Span(c.agency, "work", year, year, person, {contact}).Str("at", n.worksite).Str("sector", sector);
    if (hours) work.Num("hours_per_week", rng().Between(60, 80));
    work.Num("wage", 0).Str("currency", "EUR").Str("source", c.source).End();
    const char* charge = rng().Pick(kArrestCharges);
    At(c.agency, "arrest", year, person, {}).Str("at", n.worksite).Str("charge", charge)
        .Str("details", "arrested in a raid on the worksite").Str("source", c.source).End();
    std::vector<std::string> findings = {"smuggling_of_migrants", "debt_bondage", "smuggling_to_trafficking",
                                         "trafficking_in_persons", "victim_identification_needed",
                                         "non_criminalization_concern"};
    if (hours) findings.push_back("indicator_profile");
    Truth(person, c.type, findings);
  }

  // The ILO/EC worked example (ILO-INDICATORS.md): recruited with a false
  // promise (a deception about wages, conditions, contract, housing or
  // travel: one medium), an irregular arrival on the person's own (no one
  // facilitated it: not smuggling; irregular status at destination,
  // medium), 60-84 hours a week (strong) unpaid (medium) for an employer
  // associated with the recruiter, the passport kept (strong) and a threat
  // (medium; weak for exposure) at destination. Trafficking in persons
  // (recruitment or transport; deception, passport or threat; the
  // excessive unpaid work; connected actors), not internal, identification
  // needed. ILO/EC: exploitative conditions and coercion at destination are
  // positive, deceptive recruitment (one medium) is not: a profile,
  // recruitment missing. `completed`: a second deception, about the job,
  // its location or the employer (strong): deceptive recruitment positive,
  // the adult rule met: trafficking_indicators instead.
  void IloWorkedExample(const V2Case& c, bool completed) {
    const Network& n = *c.n;
    const char* destination = n.route->to_country;
    const std::string birth = AdultBirth(c.year);
    std::string person = PersonV2(c.agency, c.source, c.name, Sex(30), birth, "", c.origin->code);
    Identifiers(c.agency, person, c.origin->code, c.source);
    std::string recruiter_name = NameFrom(*c.origin);
    std::string recruiter = PersonV2(c.agency, c.source, recruiter_name, Sex(20), "", "", c.origin->code);
    std::string employer = Employer(c.agency, c.source, destination);
    Relation(c.agency, "associate_of", recruiter, employer, c.source);
    std::string city = Location(c.agency, rng().Pick(c.origin->places), c.origin->code, "city");
    std::string worksite = Location(c.agency, "Worksite of Employer " + employer.substr(employer.find('/') + 1),
                                    destination, "worksite");
    At(c.agency, "recruitment", Date(c.year, c.month, 10), person, {recruiter}).Str("at", city)
        .Str("source", c.source).End();
    const char* about = rng().Pick(kMediumDeceptions);
    At(c.agency, "deception", Date(c.year, c.month, 10), person, {recruiter}).Str("about", about)
        .Str("source", c.source).End();
    if (completed) {
      const char* strong = rng().Pick(kStrongDeceptions);
      At(c.agency, "deception", Date(c.year, c.month, 10), person, {recruiter}).Str("about", strong)
          .Str("source", c.source).End();
    }
    At(c.agency, "border_crossing", Date(c.year, c.month + 1, 2), person, {}).Str("from", n.from_location)
        .Str("to", n.to_location).Str("entry", "irregular").Str("method", std::string(n.route->method) + ", alone")
        .Str("source", c.source).End();
    At(c.agency, "transport", Date(c.year, c.month + 1, 5), person, {employer}).Str("from", n.to_location)
        .Str("to", worksite).Str("source", c.source).End();
    const int hours = rng().Between(60, 84);
    const char* sector = rng().Pick(kSectors);
    Span(c.agency, "work", Date(c.year, c.month + 1, 6), Date(c.year, c.month + 6, 28), person, {employer})
        .Str("at", worksite).Str("sector", sector).Num("hours_per_week", hours).Num("wage", 0).Str("currency", "EUR")
        .Str("source", c.source).End();
    At(c.agency, "document_retention", Date(c.year, c.month + 1, 7), person, {employer}).Str("source", c.source).End();
    const char* threat = rng().Pick(kThreats);
    At(c.agency, "threat", Date(c.year, c.month + 2, 15), person, {employer}).Str("threat_of", threat)
        .Str("source", c.source).End();
    Truth(person, c.type, {"trafficking_in_persons", "victim_identification_needed",
                           completed ? "trafficking_indicators" : "indicator_profile"});
  }

  // The agent's false promises dated only by the year, the year the work
  // began (ILO-INDICATORS phase: a deception always belongs to
  // recruitment, whatever its date): about the job, its location or the
  // employer (strong) and about wages or conditions (medium): deceptive
  // recruitment positive. A regular entry with a work permit, received by
  // the employer (an associate of the agent): 60-72 hours (strong) for a low
  // wage, bad living conditions (medium), the passport kept (strong) and a
  // threat dated by the year (not known to be before the work: at
  // destination, medium or weak). The adult rule is met:
  // trafficking_indicators; trafficking in persons (recruitment, deception,
  // excessive hours, connected), not internal, not smuggling (a regular
  // entry), identification needed.
  void IloDeceptionDatedWithTheWork(const V2Case& c) {
    const Network& n = *c.n;
    const char* destination = n.route->to_country;
    const std::string birth = AdultBirth(c.year);
    std::string person = PersonV2(c.agency, c.source, c.name, Sex(30), birth, "", c.origin->code);
    Identifiers(c.agency, person, c.origin->code, c.source);
    std::string agent_name = NameFrom(*c.origin);
    std::string agent = PersonV2(c.agency, c.source, agent_name, Sex(20), "", "", c.origin->code);
    std::string employer = Employer(c.agency, c.source, destination);
    Relation(c.agency, "associate_of", agent, employer, c.source);
    std::string city = Location(c.agency, rng().Pick(c.origin->places), c.origin->code, "city");
    std::string worksite = Location(c.agency, "Worksite of Employer " + employer.substr(employer.find('/') + 1),
                                    destination, "worksite");
    const std::string year = std::to_string(c.year);
    At(c.agency, "recruitment", year, person, {agent}).Str("at", city).Str("source", c.source).End();
    const char* strong = rng().Pick(kStrongDeceptions);
    At(c.agency, "deception", year, person, {agent}).Str("about", strong).Str("source", c.source).End();
    const char* medium = rng().Pick(kMediumDeceptions);
    At(c.agency, "deception", year, person, {agent}).Str("about", medium).Str("source", c.source).End();
    At(c.agency, "border_crossing", Date(c.year, c.month + 1, 2), person, {}).Str("from_country", c.origin->code)
        .Str("to_country", destination).Str("entry", "regular").Str("method", "flight, work permit")
        .Str("source", c.source).End();
    At(c.agency, "receipt", Date(c.year, c.month + 1, 2), person, {employer}).Str("source", c.source).End();
    const std::string start = Date(c.year, c.month + 1, 4), end = Date(c.year, c.month + 6, 28);
    const int hours = rng().Between(60, 72);
    const int wage = rng().Between(3, 6) * 100;
    const char* sector = rng().Pick(kSectors);
    Span(c.agency, "work", start, end, person, {employer}).Str("at", worksite).Str("sector", sector)
        .Num("hours_per_week", hours).Num("wage", wage).Str("currency", "EUR").Str("source", c.source).End();
    At(c.agency, "document_retention", Date(c.year, c.month + 1, 5), person, {employer}).Str("source", c.source).End();
    const char* threat = rng().Pick(kThreats);
    At(c.agency, "threat", year, person, {employer}).Str("threat_of", threat).Str("source", c.source).End();
    Span(c.agency, "bad_living_conditions", start, end, person, {employer}).Str("source", c.source).End();
    Truth(person, c.type, {"trafficking_in_persons", "victim_identification_needed", "trafficking_indicators"});
  }

  // A child (13-16 at the recruitment) recruited by an agent who works for
  // a workshop owner and moved there, within one country: 40-56 hours a
  // week for a small wage, with three or four of hazardous work, bad living
  // conditions, very bad working conditions, no contract, no schooling
  // (each medium for a child) during the work. No purpose of the Protocol
  // (under 60 hours, paid, no menace, no exploitation event) and no means:
  // the action alone, no legal finding. ILO/EC child rule: an action and
  // exploitative conditions of work positive (three mediums or more):
  // trafficking_indicators, and nothing else.
  void IloChildWorkshop(const V2Case& c) {
    const Country& home = *c.origin;
    const int years = rng().Between(14, 16);
    const std::string birth = BirthYearsBefore(c.year, years);
    std::string child = PersonV2(c.agency, c.source, c.name, Sex(30), birth, "", home.code);
    Identifiers(c.agency, child, home.code, c.source);
    std::string agent_name = NameFrom(home);
    std::string agent = PersonV2(c.agency, c.source, agent_name, "M", "", "", home.code);
    std::string owner_name = NameFrom(home);
    std::string owner = PersonV2(c.agency, c.source, owner_name, "M", "", "", home.code);
    Relation(c.agency, "works_for", agent, owner, c.source);
    auto [from_place, to_place] = TwoPlaces(home);
    const char* sector = rng().Pick(kWorkshops);
    std::string village = Location(c.agency, std::string("Village near ") + from_place, home.code, "city");
    std::string workshop = Location(c.agency, std::string(sector) + ", " + to_place, home.code, "worksite");
    At(c.agency, "recruitment", Date(c.year, c.month, 8), child, {agent}).Str("at", village)
        .Str("source", c.source).End();
    At(c.agency, "transport", Date(c.year, c.month, 10), child, {agent}).Str("from", village).Str("to", workshop)
        .Str("source", c.source).End();
    const std::string start = Date(c.year, c.month, 11), end = Date(c.year, c.month + 6, 20);
    const int hours = rng().Between(40, 56);
    const int wage = rng().Between(20, 80);
    Span(c.agency, "work", start, end, child, {owner}).Str("at", workshop).Str("sector", sector)
        .Num("hours_per_week", hours).Num("wage", wage).Str("currency", "USD").Str("source", c.source).End();
    std::array<const char*, 5> conditions = {"hazardous_work", "bad_living_conditions", "bad_working_conditions",
                                             "no_contract", "no_education"};
    for (size_t i = conditions.size() - 1; i > 0; --i) std::swap(conditions[i], conditions[rng().Below(i + 1)]);
    const int shown = rng().Between(3, 4);
    for (int i = 0; i < shown; ++i) {
      Span(c.agency, conditions[i], start, end, child, {owner}).Str("source", c.source).End();
    }
    Truth(child, c.type, {"trafficking_indicators"});
  }

  const GeneratorOptions& options_;
  Random random_;     // the version 1 cases and the networks
  Random v2_random_;  // the version 2 cases
  Random* rng_ = &random_;
  Writer out_;
  std::ostream& truth_;
  GeneratorStats* stats_;
  std::vector<Network> networks_;
  uint64_t serial_ = 0;
  uint64_t v2_serial_ = 0;
  uint64_t v2_cases_ = 0;
};

}  // namespace

GeneratorStats Generate(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth) {
  GeneratorStats stats;
  Generator(options, cases, truth, &stats).Run();
  return stats;
}

}  // namespace palermo::bench
