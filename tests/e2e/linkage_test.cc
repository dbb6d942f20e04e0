// End-to-end linkage against a real palermod, through the CLI: the
// cross-agency case imported without its same_as; the candidate is proposed
// with its reasons; `linkage decide --same` makes the reasoner find
// smuggling_to_trafficking for that person, and `--different` afterwards
// retracts it and the pair is not proposed again. Candidates survive a
// restart from their mark; bad requests get clear errors and change nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "format/json.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using palermo::testing::WriteFile;
using process::Outcome;

class LinkageE2e : public palermo::testing::E2eTest {
 protected:
  // The cross-agency case without the analyst's same_as line.
  std::string CaseWithoutSameAs() {
    std::istringstream in(ReadFile(ScenarioPath("cross_agency_same_as")));
    std::string line, out;
    while (std::getline(in, line)) {
      if (line.find("\"same_as\"") == std::string::npos) out += line + "\n";
    }
    EXPECT_NE(out.find("Muhammad Alhasan"), std::string::npos);
    return out;
  }

  format::JsonValue Json(const Outcome& outcome) {
    format::JsonValue value;
    std::string error;
    EXPECT_TRUE(format::ParseJson(outcome.out, &value, &error)) << error << "\n" << outcome.out << outcome.err;
    return value;
  }

  bool HasFinding(const process::Palermod& server, const std::string& id) {
    Outcome findings = Cli({"findings"}, server);
    EXPECT_EQ(findings.exit_code, 0) << findings.err;
    return findings.out.find(id) != std::string::npos;
  }
};

TEST_F(LinkageE2e, ACandidateDecidedSameJoinsTheRecordsAndDifferentUndoesIt) {
  auto server = StartServer("border-police");
  WriteFile(scratch_.File("case.jsonl"), CaseWithoutSameAs());
  Outcome imported = Cli({"import", scratch_.File("case.jsonl")}, *server);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_FALSE(HasFinding(*server, "smuggling_to_trafficking:"));

  // Proposed, with its reasons from the prior on, between the two agencies.
  Outcome candidates = Cli({"--json", "linkage", "candidates", "--agency", "border-police", "--agency",
                            "labour-inspectorate"},
                           *server);
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  format::JsonValue json = Json(candidates);
  const format::JsonValue* list = json.Find("candidates");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items().size(), 1u) << candidates.out;
  const format::JsonValue& c = list->items()[0];
  EXPECT_EQ(c.Find("a")->text(), "border-police/p1");
  EXPECT_EQ(c.Find("b")->text(), "labour-inspectorate/w7");
  EXPECT_GT(std::stod(c.Find("probability")->text()), 0.5);
  const auto& reasons = c.Find("reasons")->items();
  ASSERT_GE(reasons.size(), 3u);
  EXPECT_EQ(reasons[0].text().rfind("prior ", 0), 0u) << reasons[0].text();
  EXPECT_NE(candidates.out.find("Muhammad Alhasan"), std::string::npos);
  EXPECT_NE(candidates.out.find("skeleton"), std::string::npos);
  EXPECT_NE(candidates.out.find("birth date '1996-02-11' ~ '1996-02' compatible"), std::string::npos);

  // The same: the reasoner now sees the smuggler who became the trafficker.
  Outcome same = Cli({"linkage", "decide", "border-police/p1", "labour-inspectorate/w7", "--same", "--note",
                      "same man, two spellings", "--analyst", "ana"},
                     *server);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("is the same person as"), std::string::npos) << same.out;
  EXPECT_TRUE(HasFinding(*server, "smuggling_to_trafficking:border-police/p1"));
  Outcome none = Cli({"--json", "linkage", "candidates"}, *server);
  EXPECT_EQ(Json(none).Find("candidates")->items().size(), 0u) << none.out;
  Outcome decisions = Cli({"--json", "linkage", "decisions"}, *server);
  ASSERT_EQ(decisions.exit_code, 0) << decisions.err;
  format::JsonValue listed = Json(decisions);
  ASSERT_EQ(listed.Find("decisions")->items().size(), 1u);
  const format::JsonValue& d = listed.Find("decisions")->items()[0];
  EXPECT_EQ(d.Find("verdict")->text(), "same");
  EXPECT_EQ(d.Find("analyst")->text(), "ana");
  EXPECT_EQ(d.Find("agency")->text(), "border-police");
  EXPECT_EQ(d.Find("note")->text(), "same man, two spellings");
  // The relation's source names the deciding agency and analyst.
  Outcome relation = Cli({"get", d.Find("relation")->text()}, *server);
  ASSERT_EQ(relation.exit_code, 0) << relation.err;
  EXPECT_NE(relation.out.find("same_as"), std::string::npos) << relation.out;
  Outcome source = Cli({"get", "border-police/linkage-analyst-ana"}, *server);
  EXPECT_NE(source.out.find("linkage decisions of analyst ana of border-police"), std::string::npos) << source.out;

  // Different, afterwards: the join and the finding that rested on it go,
  // and the pair is not proposed again, even at the lowest probability.
  Outcome different = Cli({"linkage", "decide", "border-police/p1", "labour-inspectorate/w7", "--different",
                           "--analyst", "ana"},
                          *server);
  ASSERT_EQ(different.exit_code, 0) << different.err;
  EXPECT_FALSE(HasFinding(*server, "smuggling_to_trafficking:"));
  Outcome low = Cli({"--json", "linkage", "candidates", "--min-probability", "0"}, *server);
  EXPECT_EQ(Json(low).Find("candidates")->items().size(), 0u) << low.out;
  Outcome after = Cli({"--json", "linkage", "decisions", "--subject", "labour-inspectorate/w7"}, *server);
  const format::JsonValue after_json = Json(after);
  ASSERT_EQ(after_json.Find("decisions")->items().size(), 1u);
  EXPECT_EQ(after_json.Find("decisions")->items()[0].Find("verdict")->text(), "different");
}

TEST_F(LinkageE2e, CandidatesAreKeptAcrossARestartFromTheirMark) {
  std::string log;
  {
    auto server = StartServer("border-police");
    WriteFile(scratch_.File("case.jsonl"), CaseWithoutSameAs());
    ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *server).exit_code, 0);
    Outcome candidates = Cli({"--json", "linkage", "candidates"}, *server);
    ASSERT_EQ(Json(candidates).Find("candidates")->items().size(), 1u);
  }
  auto server = StartServer("border-police");
  Outcome candidates = Cli({"--json", "linkage", "candidates"}, *server);
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  EXPECT_EQ(Json(candidates).Find("candidates")->items().size(), 1u);
  // The mark matched: nothing was linked again at start.
  EXPECT_EQ(server->log().find("linking every person"), std::string::npos) << server->log();
}

TEST_F(LinkageE2e, BadRequestsAreRefusedClearlyAndChangeNothing) {
  auto server = StartServer("border-police");
  WriteFile(scratch_.File("case.jsonl"), CaseWithoutSameAs());
  ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *server).exit_code, 0);
  Outcome missing = Cli({"linkage", "decide", "border-police/p1", "labour-inspectorate/nobody", "--same"}, *server);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("labour-inspectorate/nobody"), std::string::npos) << missing.err;
  Outcome location = Cli({"linkage", "decide", "border-police/p1", "border-police/a", "--same"}, *server);
  EXPECT_EQ(location.exit_code, 1);
  EXPECT_NE(location.err.find("only persons and organizations"), std::string::npos) << location.err;
  Outcome both = Cli({"linkage", "decide", "border-police/p1", "labour-inspectorate/w7"}, *server);
  EXPECT_EQ(both.exit_code, 2);
  Outcome three = Cli({"linkage", "candidates", "--agency", "a", "--agency", "b", "--agency", "c"}, *server);
  EXPECT_EQ(three.exit_code, 2);
  Outcome probability = Cli({"linkage", "candidates", "--min-probability", "1.5"}, *server);
  EXPECT_EQ(probability.exit_code, 2);
  Outcome unknown = Cli({"linkage", "candidates", "--subject", "labour-inspectorate/nobody"}, *server);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("labour-inspectorate/nobody"), std::string::npos) << unknown.err;
  Outcome unknown_decisions = Cli({"linkage", "decisions", "--subject", "nobody"}, *server);
  EXPECT_EQ(unknown_decisions.exit_code, 1);
  EXPECT_NE(unknown_decisions.err.find("border-police/nobody"), std::string::npos) << unknown_decisions.err;
  // A secret too short to key the encodings: refused, nothing written.
  WriteFile(scratch_.File("short-secret"), "short\n");
  Outcome encode = Cli({"linkage", "encode", "--secret-file", scratch_.File("short-secret"), scratch_.File("case.jsonl")},
                       *server);
  EXPECT_EQ(encode.exit_code, 1);
  EXPECT_EQ(encode.out, "");
  EXPECT_NE(encode.err.find("--secret-file"), std::string::npos) << encode.err;
  Outcome decisions = Cli({"--json", "linkage", "decisions"}, *server);
  EXPECT_EQ(Json(decisions).Find("decisions")->items().size(), 0u);
  Outcome candidates = Cli({"--json", "linkage", "candidates"}, *server);
  EXPECT_EQ(Json(candidates).Find("candidates")->items().size(), 1u);
}

// Any two persons compared on request: the proposed pair with its reasons
// and the rules whose blocks hold both; a pair never proposed with why; a
// decided pair with its decision; bad requests refused with what was wrong.
TEST_F(LinkageE2e, AnyTwoPersonsAreComparedWithWhatBecameOfThePair) {
  auto server = StartServer("border-police");
  WriteFile(scratch_.File("case.jsonl"), CaseWithoutSameAs());
  ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *server).exit_code, 0);

  Outcome proposed = Cli({"--json", "linkage", "compare", "labour-inspectorate/w7", "p1"}, *server);
  ASSERT_EQ(proposed.exit_code, 0) << proposed.err;
  format::JsonValue json = Json(proposed);
  const format::JsonValue& c = *json.Find("candidate");
  EXPECT_EQ(c.Find("a")->text(), "border-police/p1");  // as stored, whichever order was asked
  EXPECT_EQ(c.Find("b")->text(), "labour-inspectorate/w7");
  EXPECT_EQ(json.Find("outcome")->text().rfind("proposed at ", 0), 0u) << proposed.out;
  EXPECT_TRUE(json.Find("stored")->bool_value());
  // The same probability as the stored candidate's.
  Outcome stored = Cli({"--json", "linkage", "candidates"}, *server);
  EXPECT_EQ(Json(stored).Find("candidates")->items()[0].Find("probability")->text(), c.Find("probability")->text());
  EXPECT_EQ(c.Find("reasons")->items()[0].text().rfind("prior ", 0), 0u);
  bool a_rule_proposes = false;
  for (const format::JsonValue& block : json.Find("shared_blocks")->items()) {
    a_rule_proposes = a_rule_proposes || block.Find("proposes")->bool_value();
  }
  EXPECT_TRUE(a_rule_proposes) << proposed.out;
  EXPECT_TRUE(json.Find("decision")->is_null());

  // A pair blocking never put together: scored all the same, and said so.
  Outcome never = Cli({"linkage", "compare", "p1", "s9"}, *server);
  ASSERT_EQ(never.exit_code, 0) << never.err;
  EXPECT_EQ(never.out.rfind("not proposed: ", 0), 0u) << never.out;
  EXPECT_NE(never.out.find("'Mohammed Al-Hassan"), std::string::npos) << never.out;
  EXPECT_NE(never.out.find("nationality 'SY' ~ 'TR' differ"), std::string::npos) << never.out;

  // Decided: the decision is what became of the pair.
  ASSERT_EQ(Cli({"linkage", "decide", "p1", "labour-inspectorate/w7", "--different", "--analyst", "ana"}, *server)
                .exit_code,
            0);
  Outcome decided = Cli({"linkage", "compare", "p1", "labour-inspectorate/w7"}, *server);
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  EXPECT_EQ(decided.out.rfind("decided different persons by ana of border-police", 0), 0u) << decided.out;

  Outcome location = Cli({"linkage", "compare", "p1", "a"}, *server);
  EXPECT_EQ(location.exit_code, 1);
  EXPECT_NE(location.err.find("border-police/a is not a person"), std::string::npos) << location.err;
  Outcome nobody = Cli({"linkage", "compare", "p1", "labour-inspectorate/nobody"}, *server);
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_NE(nobody.err.find("labour-inspectorate/nobody"), std::string::npos) << nobody.err;
  Outcome itself = Cli({"linkage", "compare", "p1", "border-police/p1"}, *server);
  EXPECT_EQ(itself.exit_code, 1);
  EXPECT_NE(itself.err.find("itself"), std::string::npos) << itself.err;
  EXPECT_EQ(Cli({"linkage", "compare", "p1"}, *server).exit_code, 2);
}

// A deployment that joins equal documents: two agencies' records with the
// same passport are joined without an analyst, and say so; without the
// flag (the tests above) nothing is joined.
TEST_F(LinkageE2e, EqualDocumentsAreJoinedOnlyWhereTheDeploymentSaysSo) {
  auto server = StartServer("border-police", {"--linkage-join-equal-documents"});
  WriteFile(scratch_.File("two.jsonl"),
            R"({"kind":"person","id":"p1","names":["Ahmad Karimi"],"birth_date":"1990"})" "\n"
            R"({"kind":"identifier","id":"i1","type":"passport","value":"P 0012345","holder":"p1"})" "\n"
            R"({"kind":"person","id":"q7","agency":"ngo","names":["Ahmed Karimy"],"birth_date":"1990-04-02"})" "\n"
            R"({"kind":"identifier","id":"j1","agency":"ngo","type":"passport","value":"P0012345","holder":"q7"})" "\n");
  ASSERT_EQ(Cli({"import", scratch_.File("two.jsonl")}, *server).exit_code, 0);
  size_t decisions = 0;
  Outcome listed;
  for (int attempt = 0; attempt < 50 && decisions == 0; ++attempt) {
    listed = Cli({"--json", "linkage", "decisions"}, *server);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    decisions = Json(listed).Find("decisions")->items().size();
    if (decisions == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(decisions, 1u) << listed.out << server->log();
  const format::JsonValue json = Json(listed);
  const format::JsonValue& d = json.Find("decisions")->items()[0];
  EXPECT_EQ(d.Find("verdict")->text(), "same");
  EXPECT_EQ(d.Find("analyst")->text(), "palermod (--linkage-join-equal-documents)");
  EXPECT_EQ(d.Find("a")->text(), "border-police/p1");
  EXPECT_EQ(d.Find("b")->text(), "ngo/q7");
}

// Two agencies that may not share names encode their files with the
// project's secret (`palermo linkage encode`, run locally); palermod links
// the encodings as it links clear records, and no name reaches it.
TEST_F(LinkageE2e, EncodedFilesLinkWithoutTheirNames) {
  auto server = StartServer("border-police");
  WriteFile(scratch_.File("secret"), "the project's shared secret, 2026\n");
  WriteFile(scratch_.File("a.jsonl"),
            R"({"kind":"person","id":"p1","names":["Mohamed Abdirahman"],"given_names":["Mohamed"],)"
            R"("family_names":["Abdirahman"],"birth_date":"1990-03-04","sex":"M"})" "\n"
            R"({"kind":"person","id":"p2","names":["Yuriy Shchukin"],"birth_date":"1971-11-30","sex":"M"})" "\n");
  WriteFile(scratch_.File("b.jsonl"),
            R"({"kind":"person","id":"w7","agency":"ngo","names":["Mohammed Abdirahman"],"given_names":["Mohammed"],)"
            R"("family_names":["Abdirahman"],"birth_date":"1990-03-04","sex":"M"})" "\n");
  Outcome encoded_a = Cli({"linkage", "encode", "--secret-file", scratch_.File("secret"), scratch_.File("a.jsonl")},
                          *server);
  ASSERT_EQ(encoded_a.exit_code, 0) << encoded_a.err;
  Outcome encoded_b = Cli({"linkage", "encode", "--secret-file", scratch_.File("secret"), scratch_.File("b.jsonl")},
                          *server);
  ASSERT_EQ(encoded_b.exit_code, 0) << encoded_b.err;
  for (const char* name : {"Abdirahman", "Shchukin", "1990-03-04"}) {
    EXPECT_EQ(encoded_a.out.find(name), std::string::npos) << name;
    EXPECT_EQ(encoded_b.out.find(name), std::string::npos) << name;
  }
  WriteFile(scratch_.File("a.enc.jsonl"), encoded_a.out);
  WriteFile(scratch_.File("b.enc.jsonl"), encoded_b.out);
  ASSERT_EQ(Cli({"import", scratch_.File("a.enc.jsonl")}, *server).exit_code, 0);
  ASSERT_EQ(Cli({"import", scratch_.File("b.enc.jsonl")}, *server).exit_code, 0);
  Outcome candidates = Cli({"--json", "linkage", "candidates"}, *server);
  ASSERT_EQ(candidates.exit_code, 0) << candidates.err;
  const format::JsonValue json = Json(candidates);
  ASSERT_EQ(json.Find("candidates")->items().size(), 1u) << candidates.out;
  const format::JsonValue& c = json.Find("candidates")->items()[0];
  EXPECT_EQ(c.Find("a")->text(), "border-police/p1");
  EXPECT_EQ(c.Find("b")->text(), "ngo/w7");
  EXPECT_NE(candidates.out.find("clk"), std::string::npos) << candidates.out;
  EXPECT_NE(candidates.out.find("dice"), std::string::npos) << candidates.out;
}

}  // namespace
}  // namespace palermo
