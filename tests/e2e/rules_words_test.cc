// End-to-end: a finding type's words (title, meaning, what to do) come from
// its `.finding` declaration, so a rule file loaded with `palermod --rules`
// speaks in its own words: in `palermo rules list`, in `palermo assess` and
// `explain`, and on every Finding palermod serves over gRPC.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "common/subprocess.h"
#include "format/json.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ScenarioPath;
using palermo::testing::TempDir;
using palermo::testing::WriteFile;
namespace v1 = palermo::v1;

// One finding type with its words, one without (the documented defaults).
constexpr char kReviewRules[] =
    "% A local policy: every smuggled migrant's file is reviewed.\n"
    ".finding flagged_for_review(subject, crossing)\n"
    "  title \"Flagged for review\"\n"
    "  meaning \"a smuggled migrant whose file this office reviews by local policy\"\n"
    "  action \"send the file to the review desk within a week\".\n"
    "@flag_smuggled \"local policy: review every smuggled migrant\"\n"
    "flagged_for_review(P, C) :- smuggling_of_migrants(P, C, _, _).\n"
    ".finding quietly_flagged(subject).\n"
    "@flag_quietly \"local policy: a flag without words\"\n"
    "quietly_flagged(P) :- flagged_for_review(P, _).\n";

class RuleWords : public palermo::testing::E2eTest {
 protected:
  // palermod (agency border-police) with kReviewRules in its --rules directory.
  std::unique_ptr<process::Palermod> Start() {
    std::filesystem::create_directories(scratch_.File("rules"));
    WriteFile(scratch_.File("rules/review.dl"), kReviewRules);
    return StartServer("border-police", {"--rules", scratch_.File("rules")});
  }

  static const v1::Finding* OfType(const google::protobuf::RepeatedPtrField<v1::Finding>& findings,
                                   const std::string& type) {
    for (const auto& f : findings) {
      if (f.type() == type) return &f;
    }
    return nullptr;
  }

  static void ExpectReviewWords(const v1::Finding& f) {
    EXPECT_EQ(f.title(), "Flagged for review");
    EXPECT_EQ(f.meaning(), "a smuggled migrant whose file this office reviews by local policy");
    EXPECT_EQ(f.action(), "send the file to the review desk within a week");
  }

};

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(RuleWords, RulesListGivesEachFindingTypeTheWordsOfItsRuleFile) {
  auto server = Start();
  ASSERT_TRUE(server->running());
  process::Outcome list = Cli({"rules", "list"}, *server);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(Contains(list.out, "  flagged_for_review(subject, crossing)  (" + scratch_.File("rules/review.dl") +
                                     ":2:1)\n"
                                     "    Flagged for review: a smuggled migrant whose file this office reviews by "
                                     "local policy.\n"
                                     "    What to do: send the file to the review desk within a week.\n"))
      << list.out;
  EXPECT_TRUE(Contains(list.out, "    Finding: derived by a loaded rule.\n    What to do: see the rule's citation.\n"))
      << list.out;
  // The shipped types speak the words of rules/palermo.dl.
  EXPECT_TRUE(Contains(list.out, "    Smuggling of migrants: an irregular entry into a foreign country, procured for a "
                                 "financial or material benefit.\n"))
      << list.out;

  v1::ListRulesResponse rules;
  ASSERT_TRUE(reasoner_->ListRules(Context().get(), v1::ListRulesRequest(), &rules).ok());
  ASSERT_EQ(rules.finding_types_size(), rules.findings_size());
  const v1::FindingType* review = nullptr;
  for (const auto& type : rules.finding_types()) {
    if (type.name() == "flagged_for_review") review = &type;
  }
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->title(), "Flagged for review");
  EXPECT_EQ(review->action(), "send the file to the review desk within a week");
  EXPECT_EQ(std::vector<std::string>(review->columns().begin(), review->columns().end()),
            (std::vector<std::string>{"subject", "crossing"}));

  process::Outcome json = Cli({"--json", "rules", "list"}, *server);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  format::JsonValue parsed;
  std::string error;
  ASSERT_TRUE(format::ParseJson(json.out, &parsed, &error)) << error;
  bool listed = false;
  for (const auto& type : parsed.Find("finding_types")->items()) {
    if (type.Find("name")->text() != "quietly_flagged") continue;
    listed = true;
    EXPECT_EQ(type.Find("title")->text(), "Finding");
    EXPECT_EQ(type.Find("meaning")->text(), "derived by a loaded rule");
  }
  EXPECT_TRUE(listed) << json.out;
}

TEST_F(RuleWords, ServedFindingsCarryTheWordsOfTheirRuleFile) {
  auto server = Start();
  ASSERT_TRUE(server->running());
  // Subscribed before the import: the new finding's event carries its words.
  grpc::ClientContext watching;
  watching.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::SubscribeFindingsRequest subscribe;
  subscribe.add_types("flagged_for_review");
  auto reader = reasoner_->SubscribeFindings(&watching, subscribe);
  v1::FindingEvent event;
  ASSERT_TRUE(reader->Read(&event));
  ASSERT_EQ(event.change(), v1::FindingEvent::CHANGE_SUBSCRIBED);

  process::Outcome imported = Cli({"import", ScenarioPath("smuggling_only")}, *server);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_NEW);
  EXPECT_EQ(event.finding().id(), "flagged_for_review:border-police/p1");
  ExpectReviewWords(event.finding());
  watching.TryCancel();
  reader->Finish();

  // Assess, ListFindings and Explain, over gRPC.
  v1::AssessRequest assess;
  assess.set_subject("border-police/p1");
  v1::AssessResponse assessed;
  ASSERT_TRUE(reasoner_->Assess(Context().get(), assess, &assessed).ok());
  const v1::Finding* review = OfType(assessed.findings(), "flagged_for_review");
  ASSERT_NE(review, nullptr);
  ExpectReviewWords(*review);
  const v1::Finding* smuggling = OfType(assessed.findings(), "smuggling_of_migrants");
  ASSERT_NE(smuggling, nullptr);
  EXPECT_EQ(smuggling->title(), "Smuggling of migrants");
  const v1::Finding* quiet = OfType(assessed.findings(), "quietly_flagged");
  ASSERT_NE(quiet, nullptr);
  EXPECT_EQ(quiet->title(), "Finding");
  EXPECT_EQ(quiet->action(), "see the rule's citation");

  v1::ListFindingsRequest list;
  list.add_types("flagged_for_review");
  v1::ListFindingsResponse listed;
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), list, &listed).ok());
  ASSERT_EQ(listed.findings_size(), 1);
  ExpectReviewWords(listed.findings(0));

  v1::ExplainRequest explain;
  explain.set_finding_id("flagged_for_review:border-police/p1");
  v1::ExplainResponse explained;
  ASSERT_TRUE(reasoner_->Explain(Context().get(), explain, &explained).ok());
  ExpectReviewWords(explained.finding());

  // The CLI prints what palermod says.
  process::Outcome report = Cli({"assess"}, *server);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_TRUE(Contains(report.out, "  Flagged for review  [flagged_for_review]  grading B2\n"
                                   "    a smuggled migrant whose file this office reviews by local policy.\n"))
      << report.out;
  EXPECT_TRUE(Contains(report.out, "    What to do: send the file to the review desk within a week.\n")) << report.out;
  EXPECT_TRUE(Contains(report.out, "  Finding  [quietly_flagged]")) << report.out;
  EXPECT_TRUE(Contains(report.out, "  Smuggling of migrants  [smuggling_of_migrants]")) << report.out;
  process::Outcome proof = Cli({"explain", "flagged_for_review:border-police/p1"}, *server);
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  EXPECT_EQ(proof.out.rfind("Flagged for review [flagged_for_review] for border-police/p1\n", 0), 0u) << proof.out;
  process::Outcome json = Cli({"--json", "assess", "--subject", "p1"}, *server);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out, "\"type\":\"flagged_for_review\",\"title\":\"Flagged for review\",\"meaning\":\"a "
                                 "smuggled migrant whose file this office reviews by local policy\",\"action\":\"send "
                                 "the file to the review desk within a week\""))
      << json.out;
}

// The shipped rule files are chosen at start: an agency may run the legal
// model without the ILO/EC indicators (and its own list with --rules).
TEST_F(RuleWords, ShippedRuleFilesAreChosenAtStart) {
  auto both = StartServer("labour-inspectorate", {}, "both");
  ASSERT_EQ(Cli({"import", ScenarioPath("ilo_worked_example_profile")}, *both).exit_code, 0);
  process::Outcome with_indicators = Cli({"--json", "assess"}, *both);
  ASSERT_EQ(with_indicators.exit_code, 0) << with_indicators.err;
  EXPECT_TRUE(Contains(with_indicators.out, "\"type\":\"indicator_profile\"")) << with_indicators.out;
  both.reset();

  auto legal = StartServer("labour-inspectorate", {"--shipped-rules", "palermo"}, "legal");
  ASSERT_EQ(Cli({"import", ScenarioPath("ilo_worked_example_profile")}, *legal).exit_code, 0);
  process::Outcome without = Cli({"--json", "assess"}, *legal);
  ASSERT_EQ(without.exit_code, 0) << without.err;
  EXPECT_TRUE(Contains(without.out, "\"type\":\"trafficking_in_persons\"")) << without.out;
  EXPECT_FALSE(Contains(without.out, "indicator_profile")) << without.out;
  process::Outcome types = Cli({"rules", "list"}, *legal);
  EXPECT_FALSE(Contains(types.out, "indicator_profile")) << types.out;
  legal.reset();

  process::Outcome refused = process::Run({PALERMOD_PATH, "--data", scratch_.File("refused"), "--listen", "127.0.0.1:0",
                                           "--shipped-rules", "palermo,national"},
                                          scratch_.File("refused-run"));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(Contains(refused.err, "--shipped-rules: no shipped rules named \"national\" (shipped: palermo, "
                                    "ilo-ec-indicators; or none)"))
      << refused.err;
}

}  // namespace
}  // namespace palermo
