// Record-level access end to end (issue #12, "Record-level access" and
// "Release"): agency A (border-police) holds restricted records (handling
// H2 through their source, one discoverable H1 record, one H2 record it
// later releases, one H1 record releasable to B), agency B
// (labour-inspectorate) holds its own. Every RPC of the services'
// descriptors is called as B, aimed at A's records, and no answer carries
// anything of A's restricted records: a method added later without an
// entry here fails the walk.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

#include "palermo/v1/analytics.grpc.pb.h"
#include "palermo/v1/audit.grpc.pb.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/linkage_service.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/e2e/access_fixture.h"

namespace palermo::testing {
namespace {

namespace v1 = palermo::v1;

constexpr char kB[] = R"({"kind":"person","id":"w1","names":["Wahid Known"],"sex":"M"}
{"kind":"person","id":"w2","names":["Zarqa Hidenname"],"birth_date":"1990-05-01","sex":"F","nationalities":["ER"]}
{"kind":"identifier","id":"wid2","type":"passport","value":"X7781234","country":"ER","holder":"w2"}
{"kind":"person","id":"w3","names":["Nadia Refnam"],"birth_date":"1985-02-02","sex":"F"}
{"kind":"identifier","id":"wid3","type":"passport","value":"R5550001","holder":"w3"}
)";

// A's records: everything from src-a is H2 (inherited), ref1 may be
// discovered, rel1 is released later, court1 is releasable to B but H1.
constexpr char kA[] = R"({"kind":"source","id":"src-a","reference":"BP-SECRET-REF-9","reported":"2024-04-02","reliability":"B","credibility":"2","handling":{"code":"H2"}}
{"kind":"location","id":"port-a","name":"Secretport","country":"LY","location_type":"port","source":"src-a"}
{"kind":"location","id":"port-b","name":"Hiddenharbour","country":"IT","location_type":"port","source":"src-a"}
{"kind":"person","id":"hp1","names":["Zarqa Hiddenname"],"birth_date":"1990-05-01","sex":"F","nationalities":["ER"],"source":"src-a"}
{"kind":"identifier","id":"hid1","type":"passport","value":"X7781234","country":"ER","holder":"hp1","source":"src-a"}
{"kind":"person","id":"hs1","names":["Hamid Hiddensmuggler"],"sex":"M","nationalities":["LY"],"source":"src-a"}
{"kind":"transaction","id":"hfee","type":"smuggling_fee","payer":"hp1","payee":"hs1","amount":1500,"currency":"EUR","date":"2024-03-25","source":"src-a"}
{"kind":"event","id":"hx1","type":"border_crossing","date":"2024-03-31","subject":"hp1","actors":["hs1"],"from":"port-a","to":"port-b","entry":"irregular","source":"src-a"}
{"kind":"event","id":"hh1","type":"harbouring","start":"2024-04-06","subject":"labour-inspectorate/w1","actors":["hs1"],"details":"hidden-detail-text","source":"src-a"}
{"kind":"person","id":"ref1","names":["Nadia Refname"],"birth_date":"1985-02-02","sex":"F","handling":{"code":"H1","discoverable":true}}
{"kind":"identifier","id":"rid1","type":"passport","value":"R5550001","holder":"ref1","handling":{"code":"H1","discoverable":true}}
{"kind":"person","id":"rel1","names":["Rita Releasable"],"handling":{"code":"H2"}}
{"kind":"person","id":"court1","names":["Carla Courtless"],"handling":{"code":"H1","releasable_to":["labour-inspectorate"]}}
{"kind":"person","id":"pub1","names":["Paula Public"]}
)";

// What B must never read of A's restricted records (compared lower-case):
// their contents, and the keys of those it may not even discover.
const std::vector<std::string> kSecrets = {
    "zarqa hiddenname", "hiddensmuggler", "secretport", "hiddenharbour", "hidden-detail-text", "bp-secret-ref",
    "rita releasable", "nadia refname", "yasmin hiddentwo", "border-police/hp", "border-police/hs1",
    "border-police/hx", "border-police/hh1", "border-police/hfee", "border-police/src-a", "border-police/hid1",
    "border-police/port-", "border-police/rel1"};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

class RecordAccessTest : public AccessTest {
 protected:
  void SetUp() override {
    AccessTest::SetUp();
    if (HasFatalFailure()) return;
    b_ = Channel("labour-inspectorate", Bearer(Token("labour-inspectorate", "bob", "admin")));
    a_ = Channel("border-police", Bearer(Token("border-police", "alice", "admin")));
    ASSERT_TRUE(ImportAs(b_, kB).ok());
    ASSERT_TRUE(ImportAs(a_, kA).ok());
  }

  static grpc::Status ImportAs(const std::shared_ptr<grpc::Channel>& channel, const std::string& text) {
    auto stub = v1::GraphService::NewStub(channel);
    v1::ImportResponse response;
    auto context = Context();
    auto writer = stub->Import(context.get(), &response);
    v1::ImportRequest request;
    request.set_chunk(text);
    writer->Write(request);
    writer->WritesDone();
    return writer->Finish();
  }

  // What a call answered, status and messages, for the secrets to be looked for.
  static std::string Said(const grpc::Status& status, const std::string& messages) {
    return std::to_string(status.error_code()) + " " + status.error_message() + "\n" + status.error_details() + "\n" +
           messages;
  }

  // A unary call on `stub` as text.
  template <typename Stub, typename Request, typename Response>
  static std::string Unary(Stub* stub,
                           grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                           const Request& request) {
    Response response;
    auto context = Context();
    grpc::Status status = (stub->*method)(context.get(), request, &response);
    return Said(status, response.DebugString());
  }

  std::shared_ptr<grpc::Channel> a_, b_;
};

// The secrets `said` holds, once the keys the request itself named are
// taken out (an error may echo the key asked for).
std::vector<std::string> Leaks(std::string said, const std::vector<std::string>& asked) {
  said = Lower(said);
  for (const std::string& key : asked) {
    const std::string k = Lower(key);
    for (size_t at; (at = said.find(k)) != std::string::npos;) said.replace(at, k.size(), "<asked>");
  }
  std::vector<std::string> found;
  for (const std::string& secret : kSecrets) {
    if (said.find(secret) != std::string::npos) found.push_back(secret);
  }
  return found;
}

TEST_F(RecordAccessTest, AnotherAgencyReadsNoneOfTheRestrictedRecordsThroughAnyMethod) {
  auto graph = v1::GraphService::NewStub(b_);
  auto reasoner = v1::ReasonerService::NewStub(b_);
  auto linkage = v1::LinkageService::NewStub(b_);
  auto analytics = v1::AnalyticsService::NewStub(b_);
  using Calls = std::vector<std::pair<std::vector<std::string>, std::string>>;  // (keys asked, what was said)

  auto get = [&](const std::string& key) {
    v1::GetRequest r;
    r.set_key(key);
    return Unary(graph.get(), &v1::GraphService::Stub::Get, r);
  };
  auto import = [&](const std::string& text) {
    grpc::Status status = ImportAs(b_, text);
    return Said(status, "");
  };
  auto check_import = [&](const std::string& text) {
    auto context = Context();
    auto stream = graph->CheckImport(context.get());
    v1::ImportRequest request;
    request.set_chunk(text);
    stream->Write(request);
    stream->WritesDone();
    v1::ImportDiagnostic diagnostic;
    std::string messages;
    while (stream->Read(&diagnostic)) messages += diagnostic.DebugString();
    return Said(stream->Finish(), messages);
  };
  auto export_records = [&](const std::string& purpose) {
    auto context = Context();
    v1::ExportRequest request;
    request.set_purpose(purpose);
    auto reader = graph->Export(context.get(), request);
    v1::ExportResponse batch;
    std::string messages;
    while (reader->Read(&batch)) messages += batch.DebugString();
    return Said(reader->Finish(), messages);
  };
  const std::string reference_edge =
      R"({"kind":"relation","id":"rx","type":"associate_of","from":"w1","to":"border-police/hs1"})";

  // Each method: the calls made as B, aimed at A's records.
  std::map<std::string, std::function<Calls()>> walk = {
      {"GraphService/Import", [&] { return Calls{{{"border-police/hs1"}, import(reference_edge + "\n")}}; }},
      {"GraphService/CheckImport", [&] { return Calls{{{"border-police/hs1"}, check_import(reference_edge + "\n")}}; }},
      {"GraphService/Export", [&] { return Calls{{{}, export_records("")}, {{}, export_records("court")}}; }},
      {"GraphService/Get",
       [&] {
         return Calls{{{"border-police/hp1"}, get("border-police/hp1")},
                      {{}, get("labour-inspectorate/w1")},
                      {{}, get("border-police/ref1")},
                      {{"border-police/src-a"}, get("border-police/src-a")}};
       }},
      {"GraphService/Neighbors",
       [&] {
         v1::NeighborsRequest r;
         r.set_key("labour-inspectorate/w1");
         r.set_depth(4);
         v1::NeighborsRequest hidden;
         hidden.set_key("border-police/hs1");
         return Calls{{{}, Unary(graph.get(), &v1::GraphService::Stub::Neighbors, r)},
                      {{"border-police/hs1"}, Unary(graph.get(), &v1::GraphService::Stub::Neighbors, hidden)}};
       }},
      {"GraphService/Path",
       [&] {
         v1::PathRequest r;
         r.set_from("labour-inspectorate/w1");
         r.set_to("border-police/hs1");
         return Calls{{{"border-police/hs1"}, Unary(graph.get(), &v1::GraphService::Stub::Path, r)}};
       }},
      {"GraphService/Release",
       [&] {
         v1::ReleaseRequest hidden, discoverable;
         hidden.set_key("border-police/rel1");
         hidden.set_to("labour-inspectorate");
         discoverable.set_key("border-police/ref1");
         discoverable.set_to("labour-inspectorate");
         return Calls{{{"border-police/rel1"}, Unary(graph.get(), &v1::GraphService::Stub::Release, hidden)},
                      {{}, Unary(graph.get(), &v1::GraphService::Stub::Release, discoverable)}};
       }},
      {"ReasonerService/Assess",
       [&] {
         v1::AssessRequest all, hidden;
         hidden.set_subject("border-police/hp1");
         return Calls{{{}, Unary(reasoner.get(), &v1::ReasonerService::Stub::Assess, all)},
                      {{"border-police/hp1"}, Unary(reasoner.get(), &v1::ReasonerService::Stub::Assess, hidden)}};
       }},
      {"ReasonerService/ListFindings",
       [&] {
         v1::ListFindingsRequest all, of_w1;
         of_w1.set_subject("labour-inspectorate/w1");
         return Calls{{{}, Unary(reasoner.get(), &v1::ReasonerService::Stub::ListFindings, all)},
                      {{}, Unary(reasoner.get(), &v1::ReasonerService::Stub::ListFindings, of_w1)}};
       }},
      {"ReasonerService/Explain",
       [&] {
         v1::ExplainRequest r;
         r.set_finding_id("smuggling_of_migrants:border-police/hp1");
         return Calls{{{"border-police/hp1"}, Unary(reasoner.get(), &v1::ReasonerService::Stub::Explain, r)}};
       }},
      {"ReasonerService/SubscribeFindings",
       [&] {
         // A imports a second restricted case while B listens.
         auto context = std::make_unique<grpc::ClientContext>();
         context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(6));
         auto reader = reasoner->SubscribeFindings(context.get(), v1::SubscribeFindingsRequest());
         v1::FindingEvent event;
         std::string messages;
         if (reader->Read(&event)) messages += event.DebugString();  // subscribed
         std::string second(kA);
         for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                  {"\"hp1\"", "\"hp2\""}, {"Zarqa Hiddenname", "Yasmin Hiddentwo"}, {"\"hfee\"", "\"hfee2\""},
                  {"\"hx1\"", "\"hx2\""}, {"\"hid1\"", "\"hid2\""}}) {
           for (size_t at; (at = second.find(from)) != std::string::npos;) second.replace(at, from.size(), to);
         }
         EXPECT_TRUE(ImportAs(a_, second).ok());
         while (reader->Read(&event)) messages += event.DebugString();
         return Calls{{{}, Said(reader->Finish(), messages)}};
       }},
      {"ReasonerService/ListRules",
       [&] { return Calls{{{}, Unary(reasoner.get(), &v1::ReasonerService::Stub::ListRules, v1::ListRulesRequest())}}; }},
      {"ReasonerService/CheckRules",
       [&] {
         return Calls{{{}, Unary(reasoner.get(), &v1::ReasonerService::Stub::CheckRules, v1::CheckRulesRequest())}};
       }},
      {"LinkageService/FindCandidates",
       [&] {
         v1::FindCandidatesRequest all;
         all.set_min_probability(0);
         return Calls{{{}, Unary(linkage.get(), &v1::LinkageService::Stub::FindCandidates, all)}};
       }},
      {"LinkageService/Decide",
       [&] {
         v1::DecideRequest r;
         r.set_a("labour-inspectorate/w2");
         r.set_b("border-police/hp1");
         r.set_verdict(v1::LINKAGE_VERDICT_SAME);
         return Calls{{{"border-police/hp1"}, Unary(linkage.get(), &v1::LinkageService::Stub::Decide, r)}};
       }},
      {"LinkageService/ListDecisions",
       [&] {
         return Calls{
             {{}, Unary(linkage.get(), &v1::LinkageService::Stub::ListDecisions, v1::ListDecisionsRequest())}};
       }},
      {"LinkageService/GetLinkageModel",
       [&] {
         return Calls{
             {{}, Unary(linkage.get(), &v1::LinkageService::Stub::GetLinkageModel, v1::GetLinkageModelRequest())}};
       }},
      {"LinkageService/ComparePair",
       [&] {
         // A hidden record is none; a discoverable one shows no reasons.
         v1::ComparePairRequest hidden, reference;
         hidden.set_a("labour-inspectorate/w2");
         hidden.set_b("border-police/hp1");
         reference.set_a("labour-inspectorate/w3");
         reference.set_b("border-police/ref1");
         return Calls{{{"border-police/hp1"}, Unary(linkage.get(), &v1::LinkageService::Stub::ComparePair, hidden)},
                      {{"border-police/ref1"}, Unary(linkage.get(), &v1::LinkageService::Stub::ComparePair, reference)}};
       }},
      {"AnalyticsService/Networks",
       [&] {
         v1::NetworksRequest r;
         r.mutable_filter()->add_kinds("at_place");
         return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Networks, v1::NetworksRequest())},
                      {{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Networks, r)}};
       }},
      {"AnalyticsService/Communities",
       [&] {
         return Calls{
             {{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Communities, v1::CommunitiesRequest())}};
       }},
      {"AnalyticsService/Brokers",
       [&] { return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Brokers, v1::BrokersRequest())}}; }},
      {"AnalyticsService/Cores",
       [&] { return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Cores, v1::CoresRequest())}}; }},
      {"AnalyticsService/Link",
       [&] {
         v1::LinkRequest r;
         r.set_a("labour-inspectorate/w1");
         r.set_b("border-police/hs1");
         return Calls{{{"border-police/hs1"}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Link, r)}};
       }},
      {"AnalyticsService/Routes",
       [&] { return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Routes, v1::RoutesRequest())}}; }},
      {"AnalyticsService/Timeline",
       [&] {
         v1::TimelineRequest r;
         r.set_subject("labour-inspectorate/w1");
         return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Timeline, r)}};
       }},
      {"AnalyticsService/Chart",
       [&] {
         v1::ChartRequest r;
         r.set_subject("labour-inspectorate/w1");
         r.set_depth(4);
         r.mutable_filter()->add_kinds("acted_on");
         r.mutable_filter()->add_kinds("at_place");
         return Calls{{{}, Unary(analytics.get(), &v1::AnalyticsService::Stub::Chart, r)}};
       }},
      {"AnalyticsService/ExportGraph",
       [&] {
         auto context = Context();
         v1::ExportGraphRequest request;
         request.set_format("graphml");
         request.mutable_filter()->add_kinds("acted_on");
         request.mutable_filter()->add_kinds("at_place");
         auto reader = analytics->ExportGraph(context.get(), request);
         v1::ExportGraphChunk chunk;
         std::string data;
         while (reader->Read(&chunk)) data += chunk.data();
         return Calls{{{}, Said(reader->Finish(), data)}};
       }},
      {"AuditService/ReadLog",
       [&] {
         auto context = Context();
         auto reader = v1::AuditService::NewStub(b_)->ReadLog(context.get(), v1::ReadLogRequest());
         v1::ReadLogChunk chunk;
         std::string messages;
         while (reader->Read(&chunk)) {
           messages += chunk.DebugString();
           for (const auto& e : chunk.entries()) {
             EXPECT_NE(e.text().find(R"("agency":"labour-inspectorate")"), std::string::npos) << "B's own only";
           }
         }
         // B's own entries quote what B asked for (refusals name the key asked).
         return Calls{{{"border-police/hp1", "border-police/hs1", "border-police/src-a", "border-police/rel1"},
                       Said(reader->Finish(), messages)}};
       }},
  };

  int walked = 0;
  ForEachMethod([&](const std::string& method, const std::string&) {
    auto it = walk.find(method);
    if (it == walk.end()) {
      ADD_FAILURE() << method << " has no record-access check here: add one to the walk";
      return;
    }
    for (const auto& [asked, said] : it->second()) {
      EXPECT_TRUE(Leaks(said, asked).empty())
          << method << " showed agency B what it may not read: " << ::testing::PrintToString(Leaks(said, asked))
          << "\n" << said;
    }
    ++walked;
  });
  EXPECT_EQ(walked, static_cast<int>(walk.size())) << "the walk names a method palermod no longer serves";
}

TEST_F(RecordAccessTest, AHiddenRecordIsANoHitAndADiscoverableOneAReference) {
  auto graph = v1::GraphService::NewStub(b_);
  auto ask = [&](const std::string& key, v1::GetResponse* response) {
    v1::GetRequest request;
    request.set_key(key);
    return graph->Get(Context().get(), request, response);
  };
  v1::GetResponse response;
  grpc::Status hidden = ask("border-police/hp1", &response);
  grpc::Status absent = ask("border-police/nobody", &response);
  EXPECT_EQ(hidden.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(absent.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Leaks(hidden.error_message(), {"border-police/hp1"}), Leaks(absent.error_message(), {"border-police/nobody"}));
  // An import that refers to a hidden record is refused as one that refers to none.
  auto refer_to = [&](const std::string& key) {
    return ImportAs(b_, R"({"kind":"relation","id":"rx","type":"associate_of","from":"w1","to":")" + key + "\"}\n");
  };
  grpc::Status refers_hidden = refer_to("border-police/hs1");
  grpc::Status refers_absent = refer_to("border-police/nobody");
  EXPECT_EQ(refers_hidden.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(refers_absent.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto without = [](std::string text, const std::string& key) {
    for (size_t at; (at = text.find(key)) != std::string::npos;) text.replace(at, key.size(), "KEY");
    return text;
  };
  EXPECT_EQ(without(refers_hidden.error_message(), "border-police/hs1"),
            without(refers_absent.error_message(), "border-police/nobody"));
  EXPECT_TRUE(refer_to("border-police/ref1").ok()) << "a discoverable record may be referred to";
  ASSERT_TRUE(ask("border-police/ref1", &response).ok());
  EXPECT_TRUE(response.record().reference_only());
  EXPECT_EQ(response.record().agency(), "border-police");
  EXPECT_EQ(response.record().handling().code(), v1::HANDLING_CODE_H1);
  EXPECT_FALSE(response.record().has_person()) << response.DebugString();
  // The owner reads all of it, and the CLI says whom to ask.
  v1::GetResponse own;
  v1::GetRequest request;
  request.set_key("border-police/hp1");
  ASSERT_TRUE(v1::GraphService::NewStub(a_)->Get(Context().get(), request, &own).ok());
  EXPECT_EQ(own.record().person().names(0), "Zarqa Hiddenname");
  process::Outcome cli = As("labour-inspectorate", Token("labour-inspectorate", "bob", "reader"),
                            {"get", "border-police/ref1"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("reference only (H1): ask border-police"), std::string::npos) << cli.out;
}

TEST_F(RecordAccessTest, TheOwnersFindingsAndEdgesStayWhatTheyWere) {
  // The restricted records still make findings, for their owner.
  auto reasoner = v1::ReasonerService::NewStub(a_);
  v1::ListFindingsResponse findings;
  ASSERT_TRUE(reasoner->ListFindings(Context().get(), v1::ListFindingsRequest(), &findings).ok());
  bool smuggling = false;
  for (const auto& f : findings.findings()) smuggling |= f.id() == "smuggling_of_migrants:border-police/hp1";
  EXPECT_TRUE(smuggling) << findings.DebugString();
  // A sees its event about B's person; B does not.
  v1::GetRequest request;
  request.set_key("labour-inspectorate/w1");
  v1::GetResponse as_a, as_b;
  ASSERT_TRUE(v1::GraphService::NewStub(a_)->Get(Context().get(), request, &as_a).ok());
  ASSERT_TRUE(v1::GraphService::NewStub(b_)->Get(Context().get(), request, &as_b).ok());
  EXPECT_EQ(as_a.in_edges_size(), 1) << as_a.DebugString();
  EXPECT_EQ(as_b.in_edges_size(), 0) << as_b.DebugString();
}

TEST_F(RecordAccessTest, TheOwnersReleaseMakesARecordReadableAtOnce) {
  const std::string bob = Token("labour-inspectorate", "bob", "reader");
  EXPECT_NE(As("labour-inspectorate", bob, {"get", "border-police/rel1"}).exit_code, 0);
  // Only the owner may release.
  process::Outcome theirs = As("labour-inspectorate", Token("labour-inspectorate", "bob", "importer"),
                               {"release", "border-police/ref1", "--to", "labour-inspectorate"});
  EXPECT_NE(theirs.exit_code, 0);
  EXPECT_NE(theirs.err.find("only its owner border-police may release"), std::string::npos) << theirs.err;
  v1::GetRequest ref1;
  ref1.set_key("border-police/ref1");
  v1::GetResponse as_owner;
  ASSERT_TRUE(v1::GraphService::NewStub(a_)->Get(Context().get(), ref1, &as_owner).ok());
  EXPECT_EQ(as_owner.record().handling().releasable_to_size(), 0) << "the refused release wrote nothing";
  process::Outcome released = As("border-police", Token("border-police", "alice", "importer"),
                                 {"release", "rel1", "--to", "labour-inspectorate"});
  ASSERT_EQ(released.exit_code, 0) << released.err;
  EXPECT_NE(released.out.find("border-police/rel1 released to labour-inspectorate"), std::string::npos)
      << released.out;
  process::Outcome got = As("labour-inspectorate", bob, {"get", "border-police/rel1"});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  EXPECT_NE(got.out.find("Rita Releasable"), std::string::npos) << got.out;
  // Export for a court leaves out H1 records the caller could otherwise read.
  process::Outcome all = As("labour-inspectorate", bob, {"export"});
  process::Outcome court = As("labour-inspectorate", bob, {"export", "--for", "court"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  ASSERT_EQ(court.exit_code, 0) << court.err;
  EXPECT_NE(all.out.find("Carla Courtless"), std::string::npos) << all.out;
  EXPECT_EQ(court.out.find("Carla Courtless"), std::string::npos) << court.out;
  EXPECT_NE(court.out.find("Wahid Known"), std::string::npos) << court.out;
  EXPECT_NE(court.out.find("Rita Releasable"), std::string::npos) << court.out;
  process::Outcome purpose = As("labour-inspectorate", bob, {"export", "--for", "a-newspaper"});
  EXPECT_EQ(purpose.exit_code, 2) << purpose.err;
  EXPECT_TRUE(purpose.out.empty()) << purpose.out;
  v1::ExportRequest bad;
  bad.set_purpose("a-newspaper");
  auto context = Context();
  auto reader = v1::GraphService::NewStub(b_)->Export(context.get(), bad);
  v1::ExportResponse batch;
  EXPECT_FALSE(reader->Read(&batch)) << "nothing is exported for a purpose palermod does not know";
  grpc::Status refused = reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("is not one of: court"), std::string::npos) << refused.error_message();
}

}  // namespace
}  // namespace palermo::testing
