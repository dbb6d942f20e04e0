// The version 2 cases (legal model v2, the ILO/EC indicators), written after
// a version 1 case one time in four (Generator::Run in generator.cc), and
// the helpers only they use. Each draws only from rng() (v2_random_ here), one
// draw per statement, so that the bytes do not depend on the order in which
// a compiler evaluates arguments.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "bench/generator_internal.h"

namespace palermo::bench::internal {

namespace {

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

}  // namespace

CaseType Generator::PickV2Type() {
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

void Generator::WriteV2Case() {
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

std::string Generator::NameFrom(const Country& country) {
  std::string given = rng().Pick(country.given);
  std::string family = rng().Pick(country.family);
  return given + " " + family;
}

const char* Generator::Sex(int female_percent) { return rng().Chance(female_percent) ? "F" : "M"; }

// An adult at any date of the case's year (19-45 years younger), by year
// or by month, as the version 1 cases have it.
std::string Generator::AdultBirth(int year) {
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
std::string Generator::BirthYearsBefore(int year, int years) {
  int month = rng().Between(1, 12);
  int day = rng().Between(1, 28);
  return Date(year - years, month, day);
}

// Two different places of a country: where the person comes from, and
// where the person is taken.
std::pair<const char*, const char*> Generator::TwoPlaces(const Country& country) {
  size_t from = rng().Below(country.places.size());
  size_t to = (from + 1 + rng().Below(country.places.size() - 1)) % country.places.size();
  return {country.places[from], country.places[to]};
}

std::string Generator::PersonV2(const std::string& agency, const std::string& source, const std::string& name,
                                const char* sex, const std::string& birth, const std::string& stated_ages,
                                const char* nationality) {
  std::string id = NextId("p");
  auto& w = out_.Begin("person", id, agency).List("names", {name});
  if (!birth.empty()) w.Str("birth_date", birth);
  if (!stated_ages.empty()) w.Raw("stated_ages", stated_ages);
  w.Str("sex", sex).List("nationalities", {nationality}).Str("source", source).End();
  return Key(agency, id);
}

std::string Generator::Employer(const std::string& agency, const std::string& source, const char* country) {
  std::string id = NextId("org");
  out_.Begin("organization", id, agency).List("names", {std::string("Employer ") + id}).Str("org_type", "employer")
      .Str("country", country).Str("source", source).End();
  return Key(agency, id);
}

void Generator::Relation(const std::string& agency, const char* type, const std::string& from,
                         const std::string& to, const std::string& source) {
  out_.Begin("relation", NextId("rel"), agency).Str("type", type).Str("from", from).Str("to", to)
      .Str("source", source).End();
}

// Begins an event at a date (At) or over a time (Span: a start and, when
// not empty, an end) with its subject and actors; the caller adds the
// fields of its type and the source, and ends it.
Writer& Generator::At(const std::string& agency, const char* type, const std::string& date,
                      const std::string& subject, const std::vector<std::string>& actors) {
  auto& w = out_.Begin("event", NextId("ev"), agency).Str("type", type).Str("date", date).Str("subject", subject);
  if (!actors.empty()) w.List("actors", actors);
  return w;
}
Writer& Generator::Span(const std::string& agency, const char* type, const std::string& start,
                        const std::string& end, const std::string& subject, const std::vector<std::string>& actors) {
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
void Generator::ChoresAtSchool(const V2Case& c) {
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
void Generator::ChildDomesticWork(const V2Case& c) {
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
void Generator::FeeWorkedOff(const V2Case& c) {
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
void Generator::StatedAgeChild(const V2Case& c) {
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
void Generator::YearOnlyDates(const V2Case& c) {
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
void Generator::IloWorkedExample(const V2Case& c, bool completed) {
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
void Generator::IloDeceptionDatedWithTheWork(const V2Case& c) {
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
void Generator::IloChildWorkshop(const V2Case& c) {
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

}  // namespace palermo::bench::internal
