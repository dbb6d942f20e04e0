// The generator's run, the records both kinds of case write (sources,
// locations, persons, networks, events, truth) and the version 1 cases.
// The version 2 cases are in generator_v2.cc; the shared insides in
// generator_internal.h.
#include "bench/generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <sstream>

#include "bench/generator_internal.h"
#include "format/case_format.h"
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

namespace internal {

namespace {

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

}  // namespace

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

void Generator::Run() {
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

std::string Generator::Source(const std::string& agency, const std::string& reported) {
  static const std::array<const char*, 4> kReliability = {"A", "B", "B", "C"};
  static const std::array<const char*, 4> kCredibility = {"1", "2", "2", "3"};
  std::string id = NextId("src");
  out_.Begin("source", id, agency).Str("reference", "REF-" + id).Str("reported", reported)
      .Str("reliability", rng().Pick(kReliability)).Str("credibility", rng().Pick(kCredibility)).End();
  return id;
}

std::string Generator::Location(const std::string& agency, const std::string& name, const char* country, const char* type) {
  std::string id = NextId("loc");
  out_.Begin("location", id, agency).Str("name", name).Str("country", country).Str("location_type", type).End();
  return Key(agency, id);
}

std::string Generator::Person(const std::string& agency, const std::string& source, const std::string& name,
                              const std::string& birth, const char* nationality, const char* residence) {
  std::string id = NextId("p");
  auto& w = out_.Begin("person", id, agency).List("names", {name});
  if (!birth.empty()) w.Str("birth_date", birth);
  w.Str("sex", rng().Chance(60) ? "M" : "F").List("nationalities", {nationality});
  if (residence != nullptr) w.List("residences", {residence});
  w.Str("source", source).End();
  return Key(agency, id);
}

// Documents and phones of a person of interest, as agencies record them.
void Generator::Identifiers(const std::string& agency, const std::string& person, const char* country, const std::string& source) {
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

void Generator::NewNetwork() {
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

CaseType Generator::PickType() {
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

void Generator::Truth(const std::string& person, CaseType type, const std::vector<std::string>& findings,
                      const std::vector<std::string>& linked) {
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

void Generator::Event(const std::string& agency, const char* type, const std::string& date,
                      const std::string& subject, const std::vector<std::string>& actors, const std::string& source) {
  auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", type).Str("date", date).Str("subject", subject);
  if (!actors.empty()) w.List("actors", actors);
  w.Str("source", source).End();
}

void Generator::WriteCase(uint64_t case_number) {
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

}  // namespace internal

GeneratorStats Generate(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth) {
  GeneratorStats stats;
  internal::Generator(options, cases, truth, &stats).Run();
  return stats;
}

bool GenerateRecords(const GeneratorOptions& options, std::vector<palermo::v1::Record>* records, std::string* error) {
  std::ostringstream cases, truth;
  Generate(options, cases, truth);
  return format::ParseCaseText(cases.str(), "bench", records, error);
}

SplitCaseFile GenerateSplit(const GeneratorOptions& options, size_t last_cases) {
  std::ostringstream all, truth;
  Generate(options, all, truth);
  std::vector<std::string> lines;
  std::istringstream in(all.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::vector<size_t> starts;  // of the last cases, from the end
  for (size_t i = lines.size(); i-- > 0 && starts.size() < last_cases;) {
    if (lines[i].find("\"kind\":\"source\"") != std::string::npos && lines[i].find("\"id\":\"src") != std::string::npos &&
        i + 1 < lines.size() && lines[i + 1].find("\"kind\":\"person\"") != std::string::npos) {
      starts.push_back(i);
    }
  }
  std::reverse(starts.begin(), starts.end());
  SplitCaseFile out;
  out.base_lines = starts.empty() ? lines.size() : starts[0];
  for (size_t i = 0; i < out.base_lines; ++i) out.base += lines[i] + "\n";
  for (size_t c = 0; c < starts.size(); ++c) {
    const size_t end = c + 1 < starts.size() ? starts[c + 1] : lines.size();
    std::string text;
    for (size_t i = starts[c]; i < end; ++i) text += lines[i] + "\n";
    out.cases.push_back(std::move(text));
  }
  return out;
}

}  // namespace palermo::bench
