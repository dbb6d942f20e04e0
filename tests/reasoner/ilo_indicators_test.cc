// The ILO/EC operational indicators (docs/ILO-INDICATORS.md,
// rules/ilo-ec-indicators.dl): the decision rule per dimension, the phase
// of each sign, the adults' and the children's lists, and what the findings
// carry.
#include <gtest/gtest.h>

#include <string>

#include "tests/reasoner/case_findings.h"

namespace palermo::reasoner {
namespace {

using IloIndicators = CaseFindings;

// A worker employed by `emp` from 2023-03-01 at a fair wage; `birth` says
// when he was born.
std::string Worker(const std::string& birth = "1980-01-01") {
  return R"({"kind":"person","id":"w","names":["W"],"birth_date":")" + birth + R"("}
{"kind":"person","id":"r","names":["Recruiter"]}
{"kind":"organization","id":"emp","names":["Employer"]}
{"kind":"event","id":"k","type":"work","start":"2023-03-01","subject":"w","actors":["emp"],"hours_per_week":40,"wage":1200}
)";
}

// An event of the worker's, by the employer.
std::string Sign(const std::string& id, const std::string& type, const std::string& date, const std::string& more = "") {
  return R"({"kind":"event","id":")" + id + R"(","type":")" + type + R"(","date":")" + date +
         R"(","subject":"w","actors":["emp"])" + more + "}\n";
}

std::string Recruited(const std::string& date = "2023-01-10") {
  return R"({"kind":"event","id":"rec","type":"recruitment","date":")" + date + R"(","subject":"w","actors":["r"]})" "\n";
}

bool Profiled(const std::set<std::string>& findings) { return findings.count("indicator_profile a/w") > 0; }

TEST_F(IloIndicators, ADimensionIsPositiveByTheDecisionRule) {
  const std::string w = Worker();
  // Coercion at destination (dimension 5), signs after the work began.
  const std::string documents = Sign("d", "document_retention", "2023-05-01");      // S
  const std::string watched = Sign("s", "surveillance", "2023-05-02");              // S
  const std::string exposure = Sign("x", "threat", "2023-05-03", R"(,"threat_of":"exposure")");  // W
  const std::string police = Sign("p", "threat", "2023-05-04", R"(,"threat_of":"denunciation")");  // M
  const std::string worse = Sign("c", "threat", "2023-05-05", R"(,"threat_of":"worse_conditions")");  // M
  const std::string lie = Sign("l", "forced_to_lie", "2023-05-06");                  // M
  EXPECT_FALSE(Profiled(Findings(w + documents)));                                   // one strong
  EXPECT_TRUE(Profiled(Findings(w + documents + watched)));                          // two strong
  EXPECT_TRUE(Profiled(Findings(w + documents + exposure)));                         // strong and weak
  EXPECT_TRUE(Profiled(Findings(w + documents + police)));                           // strong and medium
  EXPECT_FALSE(Profiled(Findings(w + police + worse)));                              // two medium
  EXPECT_TRUE(Profiled(Findings(w + police + worse + lie)));                         // three medium
  EXPECT_TRUE(Profiled(Findings(w + police + worse + exposure)));                    // two medium and one weak
  EXPECT_FALSE(Profiled(Findings(w + police + exposure)));                           // medium and weak
  // Each indicator counts once, whatever the number of records showing it.
  EXPECT_FALSE(Profiled(Findings(w + documents + Sign("d2", "document_retention", "2023-06-01"))));
  // A profile names what the adult rule still needs, and its records.
  Findings(w + documents + police);
  const Finding* profile = Last("indicator_profile");
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ(profile->missing, (std::vector<std::string>{"exploitative_conditions", "recruitment"}));
  EXPECT_EQ(profile->elements.at("coercion_at_destination"), (std::vector<std::string>{"a/d", "a/p"}));
  EXPECT_FALSE(profile->age_presumed);
}

TEST_F(IloIndicators, TheAdultRuleNeedsRecruitmentConditionsAndCoercion) {
  const std::string conditions = Sign("h", "hazardous_work", "2023-04-01") + Sign("b", "bad_living_conditions", "2023-04-01") +
                                 Sign("n", "no_contract", "2023-04-01");  // three medium
  const std::string coercion = Sign("d", "document_retention", "2023-05-01") + Sign("s", "surveillance", "2023-05-02");
  const std::string deceived = Sign("j", "deception", "2022-12-01", R"(,"about":"job")") +
                               Sign("g", "deception", "2022-12-01", R"(,"about":"wages")");  // S + M
  auto profile = Findings(Worker() + conditions + coercion);
  EXPECT_TRUE(Profiled(profile));
  EXPECT_EQ(Last("indicator_profile")->missing, (std::vector<std::string>{"recruitment"}));
  auto met = Findings(Worker() + conditions + coercion + deceived);
  EXPECT_TRUE(met.count("trafficking_indicators a/w"));
  EXPECT_FALSE(Profiled(met));
  const Finding* f = Last("trafficking_indicators");
  EXPECT_EQ(f->elements.at("deceptive_recruitment"), (std::vector<std::string>{"a/g", "a/j"}));
  EXPECT_EQ(f->elements.at("exploitative_conditions_of_work"), (std::vector<std::string>{"a/b", "a/h", "a/n"}));
  EXPECT_EQ(f->elements.at("coercion_at_destination"), (std::vector<std::string>{"a/d", "a/s"}));
  EXPECT_TRUE(f->missing.empty());
  // A sign of a dimension that is not positive is still evidence, apart.
  Findings(Worker() + conditions + coercion + deceived + Sign("e", "abuse_of_vulnerability", "2023-06-01", R"(,"vulnerability":"economic")"));
  f = Last("trafficking_indicators");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->elements.at("other_indicators"), (std::vector<std::string>{"a/e"}));
}

TEST_F(IloIndicators, ADeceptionAlwaysRecruitsOtherSignsOnlyWhenKnownBeforeTheWork) {
  // Two threats of violence known before the work: coercive recruitment
  // (dimension 2) for one indicator, medium: not positive; with violence (S)
  // before the work too, positive.
  auto before = Findings(Worker() + Sign("t", "threat", "2023-01-20") + Sign("v", "physical_violence", "2023-02-01"));
  ASSERT_TRUE(Profiled(before));
  EXPECT_TRUE(Last("indicator_profile")->elements.count("coercive_recruitment"));
  EXPECT_FALSE(Last("indicator_profile")->elements.count("coercion_at_destination"));
  // The same dated only "2023", like the work: at destination.
  auto same_year = Findings(Worker() + Sign("t", "threat", "2023") + Sign("v", "physical_violence", "2023"));
  ASSERT_TRUE(Profiled(same_year));
  EXPECT_TRUE(Last("indicator_profile")->elements.count("coercion_at_destination"));
  EXPECT_FALSE(Last("indicator_profile")->elements.count("coercive_recruitment"));
  // Deceptions dated after the work began still recruit.
  auto deceived = Findings(Worker() + Sign("j", "deception", "2023-06", R"(,"about":"employer")") +
                           Sign("g", "fraud", "2023-06", R"(,"about":"housing")"));
  ASSERT_TRUE(Profiled(deceived));
  EXPECT_TRUE(Last("indicator_profile")->elements.count("deceptive_recruitment"));
  // With no work or exploitation recorded, every sign is at recruitment.
  const std::string no_work = R"({"kind":"person","id":"w","names":["W"]}
{"kind":"organization","id":"emp","names":["Employer"]}
)";
  auto recruitment_only = Findings(no_work + Sign("d", "document_retention", "2023-05-01") + Sign("s", "surveillance", "2023-05-02"));
  EXPECT_FALSE(Profiled(recruitment_only));  // dimension 2: two medium (strong in dimension 5)
}

TEST_F(IloIndicators, AChildIsWeighedByTheChildrensListAndNeedsAnActionAndConditions) {
  // Threats of violence and forced tasks at destination: medium for an
  // adult (two medium: not positive), strong for a child.
  const std::string signs = Sign("t", "threat", "2023-05-01", R"(,"threat_of":"violence")") + Sign("f", "forced_tasks", "2023-05-02");
  EXPECT_FALSE(Profiled(Findings(Worker() + signs)));
  EXPECT_TRUE(Profiled(Findings(Worker("2008-01-01") + Recruited() + signs)));
  // A child recruited into unpaid, hazardous work without schooling: the
  // child rule (an action and exploitative conditions) is met.
  const std::string child = R"({"kind":"person","id":"w","names":["W"],"birth_date":"2008-01-01"}
{"kind":"person","id":"r","names":["Recruiter"]}
{"kind":"organization","id":"emp","names":["Workshop"]}
{"kind":"event","id":"k","type":"work","start":"2023-03-01","subject":"w","actors":["emp"],"hours_per_week":45,"wage":0}
)" + Sign("h", "hazardous_work", "2023-04-01") + Sign("n", "no_education", "2023-04-01");
  auto met = Findings(child + Recruited());
  EXPECT_TRUE(met.count("trafficking_indicators a/w"));
  // Without the action: a profile that misses it.
  auto no_action = Findings(child);
  ASSERT_TRUE(Profiled(no_action));
  EXPECT_EQ(Last("indicator_profile")->missing, (std::vector<std::string>{"action"}));
  // Born in 2005: 17 or 18 at the recruitment: presumed a child.
  Findings(R"({"kind":"person","id":"w","names":["W"],"birth_date":"2005"}
{"kind":"person","id":"r","names":["Recruiter"]}
{"kind":"organization","id":"emp","names":["Workshop"]}
{"kind":"event","id":"k","type":"work","start":"2023-03-01","subject":"w","actors":["emp"],"hours_per_week":45,"wage":0}
)" + Sign("h", "hazardous_work", "2023-04-01") + Sign("n", "no_education", "2023-04-01") + Recruited());
  ASSERT_NE(Last("trafficking_indicators"), nullptr);
  EXPECT_TRUE(Last("trafficking_indicators")->age_presumed);
}

TEST_F(IloIndicators, IrregularArrivalDebtBondageAndWorkShowTheirIndicators) {
  // An irregular arrival (legal status, dimension 6, M) and an abuse of his
  // dependency at destination (dimension 6, M; and "under strong
  // influence" in dimension 5): two medium in dimension 6, not positive; a
  // third medium (economic) makes it positive.
  const std::string arrived = R"({"kind":"person","id":"w","names":["W"],"birth_date":"1980","nationalities":["BD"]}
{"kind":"organization","id":"emp","names":["Employer"]}
{"kind":"location","id":"l1","name":"A","country":"TR"}
{"kind":"location","id":"l2","name":"B","country":"GR"}
{"kind":"event","id":"x","type":"border_crossing","date":"2023-01-05","subject":"w","from":"l1","to":"l2","entry":"irregular"}
{"kind":"event","id":"k","type":"work","start":"2023-03-01","subject":"w","actors":["emp"],"hours_per_week":72,"wage":0}
)";
  const std::string dependency = Sign("v", "abuse_of_vulnerability", "2023-05-01", R"(,"vulnerability":"dependency")");
  const std::string economic = Sign("e", "abuse_of_vulnerability", "2023-05-01", R"(,"vulnerability":"economic")");
  Findings(arrived + dependency);
  ASSERT_NE(Last("indicator_profile"), nullptr);  // dimension 4: 72 hours (S) and no pay (M)
  EXPECT_FALSE(Last("indicator_profile")->elements.count("abuse_of_vulnerability_at_destination"));
  EXPECT_EQ(Last("indicator_profile")->elements.at("exploitative_conditions_of_work"), (std::vector<std::string>{"a/k"}));
  Findings(arrived + dependency + economic);
  ASSERT_NE(Last("indicator_profile"), nullptr);
  EXPECT_EQ(Last("indicator_profile")->elements.at("abuse_of_vulnerability_at_destination"),
            (std::vector<std::string>{"a/e", "a/v", "a/x"}));
  EXPECT_EQ(Last("indicator_profile")->missing, (std::vector<std::string>{"recruitment"}));
  // A resident of the country of arrival has no irregular status there.
  Findings(std::string(arrived).replace(arrived.find(R"("nationalities":["BD"])"), 22, R"("residences":["GR"])") + dependency + economic);
  ASSERT_NE(Last("indicator_profile"), nullptr);
  EXPECT_FALSE(Last("indicator_profile")->elements.count("abuse_of_vulnerability_at_destination"));
}

}  // namespace
}  // namespace palermo::reasoner
