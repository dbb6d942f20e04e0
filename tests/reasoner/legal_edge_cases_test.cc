// The edge cases of the legal model, each as a small case: the findings that
// must and must not follow.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "tests/reasoner/case_findings.h"

namespace palermo::reasoner {
namespace {

using LegalEdgeCases = CaseFindings;

// A paid irregular crossing from TR into GR, for a person of `nationality`.
std::string Crossing(const std::string& nationality, const std::string& extra_person_fields = "",
                     const std::string& entry = "irregular") {
  return R"({"kind":"person","id":"p","names":["P"],"nationalities":[")" + nationality + "\"]" + extra_person_fields + "}\n" +
         R"({"kind":"person","id":"s","names":["S"]}
{"kind":"location","id":"from","name":"F","country":"TR"}
{"kind":"location","id":"to","name":"T","country":"GR"}
{"kind":"transaction","id":"fee","type":"smuggling_fee","payer":"p","payee":"s","amount":900,"currency":"EUR","date":"2024-01-01"}
{"kind":"event","id":"x","type":"border_crossing","date":"2024-01-05","subject":"p","actors":["s"],"from":"from","to":"to","entry":")" +
         entry + "\"}\n";
}

TEST_F(LegalEdgeCases, SmugglingNeedsAForeignIrregularEntryAndABenefit) {
  EXPECT_EQ(Findings(Crossing("SY")), (std::set<std::string>{"smuggling_of_migrants a/p"}));
  EXPECT_EQ(Findings(Crossing("GR")), (std::set<std::string>{}));  // own national
  EXPECT_EQ(Findings(Crossing("SY", R"(,"residences":["GR"])")), (std::set<std::string>{}));  // permanent resident
  EXPECT_EQ(Findings(Crossing("SY", "", "regular")), (std::set<std::string>{}));             // regular entry
  // No benefit: the same crossing without the fee.
  std::string no_fee = Crossing("SY");
  no_fee.erase(no_fee.find("{\"kind\":\"transaction\""), no_fee.find("{\"kind\":\"event\"") - no_fee.find("{\"kind\":\"transaction\""));
  EXPECT_EQ(Findings(no_fee), (std::set<std::string>{}));
  // A fee paid by the family, to a member of the smuggler's group.
  std::string family = Crossing("SY") +
      R"({"kind":"person","id":"mother","names":["M"]}
{"kind":"person","id":"cashier","names":["C"]}
{"kind":"organization","id":"g","names":["G"]}
{"kind":"relation","id":"r1","type":"family_of","from":"mother","to":"p"}
{"kind":"relation","id":"r2","type":"member_of","from":"s","to":"g"}
{"kind":"relation","id":"r3","type":"member_of","from":"cashier","to":"g"}
{"kind":"transaction","id":"fee2","type":"smuggling_fee","payer":"mother","payee":"cashier","amount":500,"currency":"EUR","date":"2024-01-02"}
)";
  family.erase(family.find("{\"kind\":\"transaction\",\"id\":\"fee\""), family.find("{\"kind\":\"event\"") - family.find("{\"kind\":\"transaction\",\"id\":\"fee\""));
  EXPECT_EQ(Findings(family), (std::set<std::string>{"smuggling_of_migrants a/p"}));
}

// Debt imposed by the smuggler after the crossing, then work for him.
std::string Debt(const std::string& creditor, int wage, int charge, int repayment, const std::string& extra = "") {
  return Crossing("SY") + R"({"kind":"person","id":"boss","names":["B"]}
{"kind":"event","id":"d","type":"debt_imposed","date":"2024-01-10","subject":"p","actors":[")" + creditor +
         R"("],"amount":5000,"currency":"EUR","reason":"smuggling_fee"}
{"kind":"event","id":"w","type":"work","start":"2024-01-11","end":"2024-06-30","subject":"p","actors":[")" + creditor +
         R"("],"hours_per_week":40,"wage":)" + std::to_string(wage) + R"(,"currency":"EUR"}
{"kind":"transaction","id":"c","type":"charge","reason":"rent","payer":"p","payee":")" + creditor + R"(","amount":)" +
         std::to_string(charge) + R"(,"currency":"EUR","date":"2024-02-01","added_to_debt":true}
{"kind":"transaction","id":"r","type":"debt_repayment","payer":"p","payee":")" + creditor + R"(","amount":)" +
         std::to_string(repayment) + R"(,"currency":"EUR","date":"2024-02-28"}
)" + extra;
}

// Collects the facts of a proof tree that had to be absent.
void AbsentFacts(const ProofNode& node, std::set<std::string>* out) {
  if (node.absent) out->insert(node.fact);
  for (const auto& premise : node.premises) AbsentFacts(premise, out);
}

// The proof of a smuggling finding shows the negated conditions it rests on,
// with the values of the derivation: not a national, not a resident of the
// country entered.
TEST_F(LegalEdgeCases, ExplanationsShowWhatHadToBeAbsent) {
  std::vector<palermo::v1::Record> records;
  std::string error;
  ASSERT_TRUE(format::ParseCaseText(Crossing("SY"), "a", &records, &error)) << error;
  auto explanation = reasoner_->Explain(records, "smuggling_of_migrants:a/p");
  ASSERT_TRUE(explanation.ok()) << explanation.status().message();
  std::set<std::string> absent;
  for (const auto& proof : explanation->proofs) AbsentFacts(proof, &absent);
  EXPECT_EQ(absent, (std::set<std::string>{R"(nationality("a/p", "GR"))", R"(residence("a/p", "GR"))"}));
  EXPECT_FALSE(reasoner_->Explain(records, "smuggling_of_migrants:a/s").ok());
}

// Every fact of a proof, depth first.
void Facts(const ProofNode& node, std::vector<const ProofNode*>* out) {
  out->push_back(&node);
  for (const auto& premise : node.premises) Facts(premise, out);
}

// A proof reaches the sources (issue #9): each fact from a record names the
// record's source with its reference, date reported and grading; times read
// as dates, or as RFC 3339 times when they are not whole days.
TEST_F(LegalEdgeCases, ExplanationsNameTheSourcesAndReadTimesAsDates) {
  std::string text = R"({"kind":"source","id":"src","reference":"REF-7","reported":"2024-02-01","reliability":"B","credibility":"3"})"
                     "\n" + Debt("s", 0, 500, 300);
  const std::string imposed = R"("type":"debt_imposed","date":"2024-01-10")";
  ASSERT_NE(text.find(imposed), std::string::npos);
  text.replace(text.find(imposed), imposed.size(), R"("type":"debt_imposed","date":"2024-01-10T08:15:00Z","source":"src")");
  std::vector<palermo::v1::Record> records;
  std::string error;
  ASSERT_TRUE(format::ParseCaseText(text, "a", &records, &error)) << error;
  auto explanation = reasoner_->Explain(records, "debt_bondage:a/p");
  ASSERT_TRUE(explanation.ok()) << explanation.status().message();
  std::vector<const ProofNode*> facts;
  for (const auto& proof : explanation->proofs) Facts(proof, &facts);
  std::set<std::string> times;
  const ProofNode* imposed_fact = nullptr;
  for (const ProofNode* f : facts) {
    if (f->fact.rfind("when(", 0) == 0) times.insert(f->fact);
    if (f->record == "a/d" && imposed_fact == nullptr) imposed_fact = f;
  }
  EXPECT_TRUE(times.count(R"(when("a/d", 2024-01-10T08:15:00Z, 2024-01-10T08:15:00Z))")) << ::testing::PrintToString(times);
  EXPECT_TRUE(times.count(R"(when("a/w", 2024-01-11, 2024-01-11))")) << ::testing::PrintToString(times);
  ASSERT_NE(imposed_fact, nullptr);
  EXPECT_EQ(imposed_fact->source, "a/src");
  EXPECT_EQ(imposed_fact->source_reference, "REF-7");
  EXPECT_EQ(imposed_fact->source_reported, "2024-02-01");
  EXPECT_EQ(imposed_fact->reliability + imposed_fact->credibility, "B3");
  for (const ProofNode* f : facts) {
    if (f->record == "a/w") {
      EXPECT_TRUE(f->source.empty()) << "the work names no source";
    }
  }
}

TEST_F(LegalEdgeCases, DebtBondageAndTheSmugglerTurnedTrafficker) {
  auto bonded = Findings(Debt("s", 0, 500, 300));
  EXPECT_TRUE(bonded.count("debt_bondage a/p"));
  EXPECT_TRUE(bonded.count("smuggling_to_trafficking a/p"));
  EXPECT_TRUE(bonded.count("trafficking_in_persons a/p"));
  EXPECT_TRUE(bonded.count("victim_identification_needed a/p"));
  // A fair loan paid down from a fair wage: repayments above the charges, a wage.
  auto fair = Findings(Debt("s", 1800, 100, 600));
  EXPECT_FALSE(fair.count("debt_bondage a/p"));
  EXPECT_FALSE(fair.count("trafficking_in_persons a/p"));
  EXPECT_TRUE(fair.count("smuggling_of_migrants a/p"));
  // An exploiter with no tie to the smuggler: trafficking (by the boss), but
  // not a conversion of the smuggling.
  auto unrelated = Findings(Debt("boss", 0, 500, 300) +
                            R"({"kind":"event","id":"h","type":"harbouring","start":"2024-01-11","subject":"p","actors":["boss"]})"
                            "\n");
  EXPECT_TRUE(unrelated.count("debt_bondage a/p"));
  EXPECT_TRUE(unrelated.count("trafficking_in_persons a/p"));
  EXPECT_FALSE(unrelated.count("smuggling_to_trafficking a/p"));
}

TEST_F(LegalEdgeCases, AnIdentifiedVictimNeedsNoIdentification) {
  auto identified = Findings(Debt("s", 0, 500, 300, R"({"kind":"event","id":"vi","type":"victim_identified","date":"2024-07-01","subject":"p"})"
                                                   "\n"));
  EXPECT_TRUE(identified.count("trafficking_in_persons a/p"));
  EXPECT_FALSE(identified.count("victim_identification_needed a/p"));
}

// Recruitment and forced begging of a person born in `birth`, by one actor.
std::string Begging(const std::string& birth) {
  return R"({"kind":"person","id":"c","names":["C"],"birth_date":")" + birth + R"("}
{"kind":"person","id":"x","names":["X"]}
{"kind":"event","id":"r","type":"recruitment","date":"2024-04-02","subject":"c","actors":["x"]}
{"kind":"event","id":"b","type":"forced_begging","start":"2024-04-07","subject":"c","actors":["x"]}
)";
}

TEST_F(LegalEdgeCases, ChildrenNeedNoMeansAndUncertainAgeIsPresumedMinor) {
  auto child = Findings(Begging("2010-05-01"));
  EXPECT_TRUE(child.count("child_trafficking a/c"));
  EXPECT_TRUE(child.count("trafficking_in_persons a/c"));
  ASSERT_FALSE(last_.empty());
  for (const auto& f : last_) EXPECT_FALSE(f.age_presumed) << f.type;
  last_.clear();
  // Born in 2006: 17 or 18 at the recruitment. Presumed a child.
  auto uncertain = Findings(Begging("2006"));
  EXPECT_TRUE(uncertain.count("child_trafficking a/c"));
  bool presumed = false;
  for (const auto& f : last_) presumed = presumed || (f.type == "child_trafficking" && f.age_presumed);
  EXPECT_TRUE(presumed);
  // An adult: no means recorded, so only possible trafficking (and, on
  // those reasonable grounds, identification).
  auto adult = Findings(Begging("1990-01-01"));
  EXPECT_EQ(adult, (std::set<std::string>{"possible_trafficking a/c", "victim_identification_needed a/c"}));
  // Unknown birth date: treated as an adult.
  auto unknown = Findings(R"({"kind":"person","id":"c","names":["C"]}
{"kind":"person","id":"x","names":["X"]}
{"kind":"event","id":"r","type":"recruitment","date":"2024-04-02","subject":"c","actors":["x"]}
{"kind":"event","id":"b","type":"forced_begging","start":"2024-04-07","subject":"c","actors":["x"]})");
  EXPECT_EQ(unknown, (std::set<std::string>{"possible_trafficking a/c", "victim_identification_needed a/c"}));
}

TEST_F(LegalEdgeCases, WagesWithheldDuringWorkAreExploitation) {
  const std::string base = R"({"kind":"person","id":"w","names":["W"],"birth_date":"1990"}
{"kind":"person","id":"x","names":["X"]}
{"kind":"event","id":"r","type":"recruitment","date":"2024-01-02","subject":"w","actors":["x"]}
{"kind":"event","id":"k","type":"work","start":"2024-01-10","end":"2024-06-30","subject":"w","actors":["x"],"hours_per_week":40,"wage":1200}
)";
  EXPECT_EQ(Findings(base), (std::set<std::string>{}));  // fair work: action only
  EXPECT_EQ(Findings(base + R"({"kind":"event","id":"h","type":"wage_withholding","date":"2024-03-01","subject":"w","actors":["x"]})"),
            (std::set<std::string>{"possible_trafficking a/w", "victim_identification_needed a/w"}));
  EXPECT_EQ(Findings(base + R"({"kind":"event","id":"h","type":"wage_withholding","date":"2024-08-01","subject":"w","actors":["x"]})"),
            (std::set<std::string>{}));  // after the work ended
}

TEST_F(LegalEdgeCases, SameAsAcrossAgenciesMakesOneParty) {
  auto joined = Findings(Crossing("SY") + R"({"kind":"person","id":"w","agency":"li","names":["P2"]}
{"kind":"event","id":"d","agency":"li","type":"debt_imposed","date":"2024-01-10","subject":"w","actors":["a/s"],"reason":"smuggling_fee"}
{"kind":"event","id":"k","agency":"li","type":"work","start":"2024-01-11","subject":"w","actors":["a/s"],"wage":0}
{"kind":"transaction","id":"c","agency":"li","type":"charge","payer":"w","payee":"a/s","amount":100,"date":"2024-02-01","added_to_debt":true}
{"kind":"relation","id":"same","agency":"li","type":"same_as","from":"w","to":"a/p"}
)");
  EXPECT_TRUE(joined.count("debt_bondage a/p"));
  EXPECT_TRUE(joined.count("smuggling_to_trafficking a/p"));
  for (const auto& f : last_) {
    EXPECT_EQ(f.linked, (std::vector<std::string>{"a/p", "li/w"})) << f.type;
  }
}

}  // namespace
}  // namespace palermo::reasoner
