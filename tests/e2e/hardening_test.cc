// End-to-end: what an adversarial outside client found (issue #7) stays
// fixed. palermod serves exactly the address it prints, says who wrote what
// and that it does not separate agencies, tells subscribers which import
// caused each event and that it is stopping, and forgets a cancelled
// subscription with all it held.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "common/subprocess.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ScenarioPath;
using palermo::testing::TempDir;
using palermo::testing::WriteFile;
namespace v1 = palermo::v1;

class Hardening : public palermo::testing::E2eTest {
 protected:
  std::unique_ptr<process::Palermod> Start(const std::string& agency = "default",
                                           const std::vector<std::string>& extra = {}) {
    return StartServer(agency, extra);
  }

  grpc::Status Import(const std::string& text, const std::string& agency, v1::ImportResponse* response) {
    v1::ImportRequest first;
    first.set_agency(agency);
    first.set_file_name(agency + ".jsonl");
    return E2eTest::Import(text, first, response);
  }

  // Waits until `pattern` matches palermod's log (up to a minute).
  static bool AwaitLog(const process::Palermod& server, const std::regex& pattern) {
    for (int i = 0; i < 600; ++i) {
      if (std::regex_search(server.log(), pattern)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
};

TEST_F(Hardening, PalermodListensOnExactlyTheAddressItPrints) {
  auto server = Start();
  const int port = std::stoi(server->address().substr(server->address().rfind(':') + 1));
  EXPECT_EQ(process::ListeningTcpPorts(server->pid()), std::vector<int>{port})
      << "one listening socket, on the printed port, and no other";
}

TEST_F(Hardening, AnImportSaysWhoseRecordsItReplaced) {
  auto server = Start();
  EXPECT_NE(server->log().find("this palermod does not separate agencies"), std::string::npos) << server->log();
  v1::ImportResponse first;
  ASSERT_TRUE(Import(R"({"kind":"person","id":"p1","names":["A"]}
{"kind":"person","id":"p2","names":["B"]}
)",
                     "coast-guard", &first)
                  .ok());
  EXPECT_TRUE(first.replaced_by_agency().empty());

  // Sent as the NGO, naming the coast guard's records: allowed (no access
  // control yet), but counted and logged.
  v1::ImportResponse second;
  ASSERT_TRUE(Import(R"({"kind":"person","id":"p1","agency":"coast-guard","names":["C"]}
{"kind":"person","id":"n1","names":["D"]}
)",
                     "ngo", &second)
                  .ok());
  EXPECT_EQ(second.replaced(), 1);
  ASSERT_EQ(second.replaced_by_agency().size(), 1u);
  EXPECT_EQ(second.replaced_by_agency().at("coast-guard"), 1);
  EXPECT_TRUE(AwaitLog(*server, std::regex("import ngo\\.jsonl sent as ngo: committed, 2 lines, 2 records, "
                                           "replaced 1 of coast-guard,")))
      << server->log();
}

TEST_F(Hardening, FindingEventsNameTheImportThatCausedThemAndEndWhenPalermodStops) {
  auto server = Start("labour-inspectorate");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto reader = reasoner_->SubscribeFindings(&context, v1::SubscribeFindingsRequest());
  v1::FindingEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_SUBSCRIBED);
  EXPECT_EQ(event.import_number(), 0u);

  v1::ImportResponse imported;
  ASSERT_TRUE(Import(palermo::testing::ReadFile(ScenarioPath("smuggling_then_debt_bondage")), "labour-inspectorate",
                     &imported)
                  .ok());
  ASSERT_EQ(imported.import_number(), 1u);
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_NEW);
  EXPECT_EQ(event.import_number(), imported.import_number());

  ASSERT_EQ(server->Kill(SIGTERM), 0) << server->log();
  while (reader->Read(&event)) {
  }
  grpc::Status ended = reader->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  EXPECT_NE(ended.error_message().find("findings --since"), std::string::npos) << ended.error_message();
}

TEST_F(Hardening, ACancelledSubscriptionIsForgottenWithWhatItHeld) {
  auto server = Start("labour-inspectorate");
  {
    grpc::ClientContext context;
    auto reader = reasoner_->SubscribeFindings(&context, v1::SubscribeFindingsRequest());
    v1::FindingEvent event;
    ASSERT_TRUE(reader->Read(&event));
    ASSERT_TRUE(AwaitLog(*server, std::regex("palermod listening")));
    context.TryCancel();
    reader->Finish();
  }
  // The stream notices its cancellation within a poll (200 ms); the keeper
  // reports its subscribers after each round of findings. Import until a
  // round reports none (a few rounds at most).
  const std::regex forgotten("palermod: memory: [^\\n]*; 0 subscribers, 0 events queued");
  bool seen = false;
  for (int round = 1; round <= 20 && !seen; ++round) {
    v1::ImportResponse imported;
    ASSERT_TRUE(Import(R"({"kind":"person","id":"p)" + std::to_string(round) + R"(","names":["A"]})", "ngo", &imported)
                    .ok());
    // The memory line follows the findings line; the linkage's own line may
    // come between them (another thread).
    ASSERT_TRUE(AwaitLog(*server, std::regex("findings after import " + std::to_string(imported.import_number()) +
                                             ":[\\s\\S]*subscribers")))
        << server->log();
    seen = std::regex_search(server->log(), forgotten);
  }
  EXPECT_TRUE(seen) << server->log();
}

TEST_F(Hardening, MemoryFlagsAreCheckedAndBoundTheStore) {
  process::Outcome bad = process::Run({PALERMOD_PATH, "--data", scratch_.File("x"), "--memory", "12"},
                                      scratch_.File("bad"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--memory takes a whole number from 256"), std::string::npos) << bad.err;
  auto server = Start("default", {"--memory", "512"});
  v1::ImportResponse imported;
  ASSERT_TRUE(Import(R"({"kind":"person","id":"p1","names":["A"]})", "default", &imported).ok());
  EXPECT_TRUE(AwaitLog(*server, std::regex("store cache [0-9]+ of 64 MiB"))) << server->log();
}

}  // namespace
}  // namespace palermo
