// The edge cases of version 2 of the legal model (docs/LEGAL-MODEL.md, "What
// changed in version 2"), each as small cases on either side of the line.
#include <gtest/gtest.h>

#include <string>

#include "tests/reasoner/case_findings.h"

namespace palermo::reasoner {
namespace {

using LegalModelV2 = CaseFindings;

bool Has(const std::set<std::string>& findings, const std::string& finding) { return findings.count(finding) > 0; }

// A person moved by a relative into the relative's household, where she
// does its chores `hours` a week unpaid from 2023-09-01.
std::string Chores(const std::string& birth_date, int hours, const std::string& work_type = "household_chores") {
  return R"({"kind":"person","id":"c","names":["C"],"birth_date":")" + birth_date + R"("}
{"kind":"person","id":"aunt","names":["A"]}
{"kind":"relation","id":"r","type":"family_of","from":"aunt","to":"c"}
{"kind":"event","id":"t","type":"transport","date":"2023-08-28","subject":"c","actors":["aunt"]}
{"kind":"event","id":"w","type":"work","start":"2023-09-01","subject":"c","actors":["aunt"],"work_type":")" +
         work_type + R"(","hours_per_week":)" + std::to_string(hours) + R"(,"wage":0}
)";
}

TEST_F(LegalModelV2, HouseholdChoresAreExploitationOnlyFromTheThresholdOfTheYoungestPossibleAge) {
  // Under 15: 28 hours a week.
  EXPECT_EQ(Findings(Chores("2012-06-03", 27)), (std::set<std::string>{}));
  EXPECT_TRUE(Has(Findings(Chores("2012-06-03", 28)), "child_trafficking a/c"));
  // 15 to 17: 43 hours.
  EXPECT_EQ(Findings(Chores("2007-01-01", 42)), (std::set<std::string>{}));
  EXPECT_TRUE(Has(Findings(Chores("2007-01-01", 43)), "child_trafficking a/c"));
  // An adult: 60 hours (no means recorded: possible trafficking).
  EXPECT_EQ(Findings(Chores("1990-01-01", 59)), (std::set<std::string>{}));
  EXPECT_TRUE(Has(Findings(Chores("1990-01-01", 60)), "possible_trafficking a/c"));
  // Born in 2008: 14 or 15 at the work, so the under-15 threshold applies.
  EXPECT_TRUE(Has(Findings(Chores("2008", 30)), "child_trafficking a/c"));
  // No birth date: an adult's threshold.
  EXPECT_EQ(Findings(Chores("../1960", 50)), (std::set<std::string>{}));
  // The same hours unpaid as employment: unpaid work is exploitation.
  EXPECT_TRUE(Has(Findings(Chores("2012-06-03", 14, "employment")), "child_trafficking a/c"));
  // Family discipline is not the menace of a penalty in household chores.
  auto disciplined = Findings(Chores("2012-06-03", 14) +
                              R"({"kind":"event","id":"th","type":"threat","date":"2023-10-01","subject":"c","actors":["aunt"]})");
  EXPECT_FALSE(Has(disciplined, "child_trafficking a/c"));
  EXPECT_FALSE(Has(disciplined, "trafficking_in_persons a/c"));
}

// Recruited by a foreman by deception, then employed at a low wage (not
// zero), hours never recorded.
const std::string kLowWage = R"({"kind":"person","id":"w","names":["W"],"birth_date":"1979-03-08"}
{"kind":"person","id":"fm","names":["Foreman"]}
{"kind":"person","id":"z","names":["Stranger"]}
{"kind":"organization","id":"emp","names":["Farm"]}
{"kind":"relation","id":"r","type":"works_for","from":"fm","to":"emp"}
{"kind":"event","id":"e1","type":"recruitment","date":"2023-09-04","subject":"w","actors":["fm"]}
{"kind":"event","id":"e2","type":"deception","date":"2023-09-04","subject":"w","actors":["fm"]}
{"kind":"event","id":"e3","type":"work","start":"2023-09-06","end":"2024-04-18","subject":"w","actors":["emp"],"wage":600}
)";

std::string Threat(const std::string& actor, const std::string& date) {
  return R"({"kind":"event","id":"th","type":"threat","date":")" + date + R"(","subject":"w","actors":[")" + actor + "\"]}\n";
}

TEST_F(LegalModelV2, WorkUnderTheMenaceOfAPenaltyIsForcedLabourWhateverTheWage) {
  EXPECT_EQ(Findings(kLowWage), (std::set<std::string>{"possible_trafficking a/w", "victim_identification_needed a/w"}));
  // Threatened by the employer's foreman during the work.
  auto threatened = Findings(kLowWage + Threat("fm", "2023-11-20"));
  EXPECT_TRUE(Has(threatened, "trafficking_in_persons a/w"));
  EXPECT_FALSE(Has(threatened, "possible_trafficking a/w"));
  // By someone with no tie to the employer: no menace by the employer.
  EXPECT_FALSE(Has(Findings(kLowWage + Threat("z", "2023-11-20")), "trafficking_in_persons a/w"));
  // After the work ended: not during it.
  EXPECT_FALSE(Has(Findings(kLowWage + Threat("fm", "2024-06-01")), "trafficking_in_persons a/w"));
  // Dated only "2024": it could overlap the work, so it counts.
  EXPECT_TRUE(Has(Findings(kLowWage + Threat("fm", "2024")), "trafficking_in_persons a/w"));
}

// A debt imposed by the boss of a group, then services for the group.
std::string Debt(const std::string& services) {
  return R"({"kind":"person","id":"v","names":["V"],"birth_date":"2001-05-10"}
{"kind":"person","id":"bs","names":["Boss"]}
{"kind":"event","id":"d","type":"debt_imposed","date":"2024-02-14","subject":"v","actors":["bs"],"amount":4000,"reason":"smuggling_fee"}
)" + services;
}

const std::string kRepaid =
    R"({"kind":"transaction","id":"r0","type":"debt_repayment","payer":"v","payee":"bs","amount":300,"date":"2024-03-30"}
{"kind":"transaction","id":"r1","type":"debt_repayment","payer":"v","payee":"bs","amount":300,"date":"2024-04-30"}
)";

TEST_F(LegalModelV2, DebtBondageWhateverIsRecordedAsRepaid) {
  const std::string begging =
      R"({"kind":"event","id":"b","type":"forced_begging","start":"2024-02-15","subject":"v","actors":["bs"]})"
      "\n";
  // Exploitation as the way to pay: debt bondage, repayments or none.
  EXPECT_TRUE(Has(Findings(Debt(begging)), "debt_bondage a/v"));
  EXPECT_TRUE(Has(Findings(Debt(begging + kRepaid)), "debt_bondage a/v"));
  EXPECT_EQ(Last("debt_bondage")->rule, "debt_bondage_exploitation");
  // Exploitation known to be over before the debt: not services for it.
  EXPECT_FALSE(Has(Findings(Debt(R"({"kind":"event","id":"b","type":"forced_begging","start":"2023-01","end":"2023-06","subject":"v","actors":["bs"]})"
                                 "\n")),
                   "debt_bondage a/v"));
  const std::string unpaid =
      R"({"kind":"event","id":"k","type":"work","start":"2024-02-15","subject":"v","actors":["bs"],"wage":0})"
      "\n";
  // Unpaid work with no repayment recorded at all: not applied to the debt.
  EXPECT_TRUE(Has(Findings(Debt(unpaid)), "debt_bondage a/v"));
  EXPECT_EQ(Last("debt_bondage")->rule, "debt_bondage_unpaid_unrecorded");
  // Unpaid work while repayments are taken (version 1's branch (a)).
  EXPECT_TRUE(Has(Findings(Debt(unpaid + kRepaid)), "debt_bondage a/v"));
  // A fair loan repaid from a fair wage is not debt bondage.
  const std::string fair =
      R"({"kind":"event","id":"k","type":"work","start":"2024-02-15","subject":"v","actors":["bs"],"wage":1400,"hours_per_week":40})"
      "\n";
  EXPECT_FALSE(Has(Findings(Debt(fair + kRepaid)), "debt_bondage a/v"));
  EXPECT_FALSE(Has(Findings(Debt(fair)), "debt_bondage a/v"));
}

// An irregular crossing guided by s, with no fee.
const std::string kNoFee = R"({"kind":"person","id":"m","names":["M"],"birth_date":"1997-02-02","nationalities":["PK"]}
{"kind":"person","id":"s","names":["S"]}
{"kind":"person","id":"o","names":["Other"]}
{"kind":"location","id":"l1","name":"A","country":"BA"}
{"kind":"location","id":"l2","name":"B","country":"HR"}
{"kind":"event","id":"x","type":"border_crossing","date":"2023-08-24","subject":"m","actors":["s"],"from":"l1","to":"l2","entry":"irregular"}
)";

std::string WorkFor(const std::string& actor, const std::string& when, const std::string& more = "") {
  return R"({"kind":"event","id":"k","type":"work",)" + when + R"(,"subject":"m","actors":[")" + actor +
         R"("],"hours_per_week":45,"wage":400)" + more + "}\n";
}

TEST_F(LegalModelV2, TheSmugglersBenefitMayBeThePersonsLaterWorkOrServices) {
  EXPECT_EQ(Findings(kNoFee), (std::set<std::string>{}));  // humanitarian
  EXPECT_EQ(Findings(kNoFee + WorkFor("s", R"("start":"2023-08-26","end":"2023-10-05")")),
            (std::set<std::string>{"smuggling_of_migrants a/m"}));
  EXPECT_EQ(Last("smuggling_of_migrants")->rule, "smuggling_of_migrants");
  // Work for someone with no tie to the smuggler: no benefit to him.
  EXPECT_EQ(Findings(kNoFee + WorkFor("o", R"("start":"2023-08-26")")), (std::set<std::string>{}));
  // Work known to be over before the crossing: not for it.
  EXPECT_EQ(Findings(kNoFee + WorkFor("s", R"("start":"2022-05","end":"2022-09")")), (std::set<std::string>{}));
  // Household chores below their threshold are no benefit.
  EXPECT_EQ(Findings(kNoFee + WorkFor("s", R"("start":"2023-08-26")", R"(,"work_type":"household_chores")")),
            (std::set<std::string>{}));
  // Services: sexual exploitation by the smuggler after the crossing.
  auto services = Findings(kNoFee + R"({"kind":"event","id":"se","type":"sexual_exploitation","start":"2023-09","subject":"m","actors":["s"]})");
  EXPECT_TRUE(Has(services, "smuggling_of_migrants a/m"));
}

// Recruited with a false job offer, identity card kept; no exploitation yet.
const std::string kGrounds = R"({"kind":"person","id":"v","names":["V"],"birth_date":"1986-11-09"}
{"kind":"person","id":"r","names":["R"]}
{"kind":"event","id":"e1","type":"recruitment","date":"2024-01-12","subject":"v","actors":["r"]}
{"kind":"event","id":"e2","type":"deception","date":"2024-01-12","subject":"v","actors":["r"],"about":"job"}
{"kind":"event","id":"e4","type":"document_retention","date":"2024-01-21","subject":"v","actors":["r"]}
)";

std::string Arrest(const std::string& date) {
  return R"({"kind":"event","id":"ar","type":"arrest","date":")" + date + R"(","subject":"v","charge":"theft"})" "\n";
}

TEST_F(LegalModelV2, IdentificationAndNonPunishmentStartOnReasonableGrounds) {
  auto grounds = Findings(kGrounds + Arrest("2024-03-02"));
  EXPECT_EQ(grounds, (std::set<std::string>{"possible_trafficking a/v", "victim_identification_needed a/v",
                                             "non_criminalization_concern a/v"}));
  EXPECT_EQ(Last("victim_identification_needed")->rule, "victim_identification_needed_reasonable_grounds");
  EXPECT_EQ(Last("non_criminalization_concern")->rule, "non_criminalization_reasonable_grounds");
  // Arrested before anything of it: no tie to the trafficking.
  EXPECT_FALSE(Has(Findings(kGrounds + Arrest("2023-12-01")), "non_criminalization_concern a/v"));
  // Arrested "in 2024": could be after the recruitment.
  EXPECT_TRUE(Has(Findings(kGrounds + Arrest("2024")), "non_criminalization_concern a/v"));
  // Identified: the duty is met.
  EXPECT_FALSE(Has(Findings(kGrounds + R"({"kind":"event","id":"vi","type":"victim_identified","date":"2024-03-03","subject":"v"})"),
                   "victim_identification_needed a/v"));
}

// A smuggling whose fee becomes a debt, then unpaid work for the smuggler.
std::string Converted(const std::string& crossing, const std::string& debt) {
  return R"({"kind":"person","id":"w","names":["W"],"birth_date":"1995","nationalities":["BD"]}
{"kind":"person","id":"s","names":["S"]}
{"kind":"location","id":"l1","name":"A","country":"TR"}
{"kind":"location","id":"l2","name":"B","country":"GR"}
{"kind":"event","id":"x","type":"border_crossing","date":")" +
         crossing + R"(","subject":"w","actors":["s"],"from":"l1","to":"l2","entry":"irregular"}
{"kind":"event","id":"d","type":"debt_imposed","date":")" +
         debt + R"(","subject":"w","actors":["s"],"reason":"smuggling_fee"}
{"kind":"event","id":"k","type":"work","start":"2022","subject":"w","actors":["s"],"wage":0}
)";
}

TEST_F(LegalModelV2, AfterMeansCouldBeAfterAndBeforeMeansKnownBefore) {
  // Everything "in 2022": the debt could be after the crossing.
  EXPECT_TRUE(Has(Findings(Converted("2022", "2022")), "smuggling_to_trafficking a/w"));
  // A debt known to be before the crossing is no conversion of it.
  auto before = Findings(Converted("2022", "2021"));
  EXPECT_TRUE(Has(before, "smuggling_of_migrants a/w"));
  EXPECT_TRUE(Has(before, "debt_bondage a/w"));
  EXPECT_FALSE(Has(before, "smuggling_to_trafficking a/w"));
  // An open start: "by June 2022 at the latest" could be after a crossing in 2022.
  EXPECT_TRUE(Has(Findings(Converted("2022-03", "../2022-06")), "smuggling_to_trafficking a/w"));
}

// Recruited on `recruited` for forced begging; `person_fields` say what is known of the age.
std::string Begging(const std::string& person_fields, const std::string& recruited) {
  return R"({"kind":"person","id":"c","names":["C"])" + person_fields + R"(}
{"kind":"person","id":"x","names":["X"]}
{"kind":"event","id":"r","type":"recruitment","date":")" +
         recruited + R"(","subject":"c","actors":["x"]}
{"kind":"event","id":"b","type":"forced_begging","start":"2024-06","subject":"c","actors":["x"]}
)";
}

TEST_F(LegalModelV2, StatedAgesAndBirthDatesTogetherBoundTheAge) {
  const std::string seventeen = R"(,"stated_ages":[{"age":17,"on":"2023-05-20"}])";
  // 17 on 2023-05-20: may still be 17 on 2024-02-10.
  auto may_be_child = Findings(Begging(seventeen, "2024-02-10"));
  EXPECT_TRUE(Has(may_be_child, "child_trafficking a/c"));
  ASSERT_NE(Last("child_trafficking"), nullptr);
  EXPECT_TRUE(Last("child_trafficking")->age_presumed);
  // Certainly 18 by 2024-05-20.
  EXPECT_FALSE(Has(Findings(Begging(seventeen, "2024-05-21")), "child_trafficking a/c"));
  // Born in 2006 says 17 or 18 on 2024-04-01; 18 on 2024-03-01 says born by
  // 2006-03-01: together, 18 by then.
  EXPECT_TRUE(Has(Findings(Begging(R"(,"birth_date":"2006")", "2024-04-01")), "child_trafficking a/c"));
  EXPECT_FALSE(Has(Findings(Begging(R"(,"birth_date":"2006","stated_ages":[{"age":18,"on":"2024-03-01"}])", "2024-04-01")),
                   "child_trafficking a/c"));
  // 15 in 2009: born 1993-01-02 at the earliest, so possibly 18 on
  // 2011-06-01 (presumed a child); 16 on 2010-12-31 as well: born in 1994,
  // certainly a child then.
  EXPECT_TRUE(Has(Findings(Begging(R"(,"stated_ages":[{"age":15,"on":"2009"}])", "2011-06-01")), "child_trafficking a/c"));
  EXPECT_TRUE(Last("child_trafficking")->age_presumed);
  EXPECT_TRUE(Has(Findings(Begging(R"(,"stated_ages":[{"age":15,"on":"2009"},{"age":16,"on":"2010-12-31"}])", "2011-06-01")),
                  "child_trafficking a/c"));
  EXPECT_FALSE(Last("child_trafficking")->age_presumed);
}

TEST_F(LegalModelV2, AnOpenStartIsTakenAtItsEndForAge) {
  const std::string born = R"(,"birth_date":"2000-01-01")";
  // "../2017-06": some day by June 2017, when she was 17 at most.
  auto child = Findings(Begging(born, "../2017-06"));
  EXPECT_TRUE(Has(child, "child_trafficking a/c"));
  EXPECT_FALSE(Last("child_trafficking")->age_presumed);
  // "../2019-06": taken at its end she was 19; the open start alone does not
  // make her a presumed child.
  auto adult = Findings(Begging(born, "../2019-06"));
  EXPECT_FALSE(Has(adult, "child_trafficking a/c"));
  EXPECT_TRUE(Has(adult, "possible_trafficking a/c"));
}

}  // namespace
}  // namespace palermo::reasoner
