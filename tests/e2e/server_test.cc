// End-to-end: a real palermod on a loopback port, driven through the CLI
// and through a gRPC client. No mocks.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "common/subprocess.h"
#include "format/case_format.h"
#include "format/json.h"
#include "google/rpc/status.pb.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using palermo::testing::TempDir;
using palermo::testing::WriteFile;
namespace v1 = palermo::v1;

using process::Outcome;

Outcome RunProgram(const std::vector<std::string>& argv, const TempDir& dir, const std::string& stdin_path = "") {
  static int counter = 0;
  return process::Run(argv, dir.File("run" + std::to_string(++counter)), stdin_path);
}

// A real palermod for one test, with a gRPC stub at hand.
class Server : public process::Palermod {
 public:
  Server(const std::string& data_dir, const TempDir& scratch, const std::string& agency = "default",
         const std::vector<std::string>& extra_args = {})
      : Palermod(PALERMOD_PATH, data_dir, scratch.File("palermod-" + std::to_string(++instances_) + ".log"), agency,
                 extra_args) {}

  std::unique_ptr<v1::GraphService::Stub> Stub() const {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, 4 << 20);
    return v1::GraphService::NewStub(grpc::CreateCustomChannel(address(), grpc::InsecureChannelCredentials(), args));
  }

 private:
  static inline int instances_ = 0;
};

class EndToEnd : public ::testing::Test {
 protected:
  Outcome Cli(std::vector<std::string> args, const Server& server, const std::string& stdin_path = "") {
    args.insert(args.begin(), {PALERMO_CLI_PATH, "--server", server.address()});
    return RunProgram(args, scratch_, stdin_path);
  }
  std::string DataDir(const std::string& name = "data") { return scratch_.File(name); }

  TempDir scratch_;
};

const std::map<std::string, std::string>& ScenarioAgencies() {
  static const std::map<std::string, std::string> kAgencies = {
      {"smuggling_only", "border-police"},        {"smuggling_then_debt_bondage", "labour-inspectorate"},
      {"internal_trafficking", "police-ro"},      {"child_without_means", "child-protection"},
      {"adult_missing_means", "labour-inspectorate"}, {"aggravated_smuggling", "border-police"},
      {"humanitarian_no_benefit", "border-police"}, {"smuggled_and_prosecuted", "prosecutor"},
      {"cross_agency_same_as", "border-police"}};
  return kAgencies;
}

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

int CountLines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

format::JsonValue ParseJsonOrFail(const std::string& text) {
  format::JsonValue value;
  std::string error;
  EXPECT_TRUE(format::ParseJson(text, &value, &error)) << error << "\n" << text;
  return value;
}

TEST_F(EndToEnd, HealthAndReflectionAreServed) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  Outcome health = Cli({"health"}, server);
  EXPECT_EQ(health.exit_code, 0) << health.err;
  EXPECT_NE(health.out.find("SERVING"), std::string::npos);

  // grpc.reflection.v1alpha ServerReflectionInfo with list_services (field 7).
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::Slice request_slice(std::string("\x3A\x00", 2));
  grpc::ByteBuffer request(&request_slice, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_NE(bytes.find("palermo.v1.GraphService"), std::string::npos);
  EXPECT_NE(bytes.find("grpc.health.v1.Health"), std::string::npos);
  context.TryCancel();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
}

TEST_F(EndToEnd, WorkedCasesImportAndExportRoundTrip) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  // Scenarios of one agency reuse local ids (p1, e1): a later file replaces
  // those records, so the store holds one record per distinct global key.
  std::set<std::string> keys;
  for (const auto& [name, agency] : ScenarioAgencies()) {
    Outcome run = Cli({"import", "--agency", agency, ScenarioPath(name)}, server);
    ASSERT_EQ(run.exit_code, 0) << name << ": " << run.err;
    EXPECT_NE(run.out.find("imported"), std::string::npos);
    std::vector<v1::Record> records;
    std::string error;
    ASSERT_TRUE(format::ParseCaseText(ReadFile(ScenarioPath(name)), agency, &records, &error)) << error;
    for (const auto& record : records) keys.insert(model::GlobalKey(record.agency(), record.id()));
  }
  Outcome exported = Cli({"export"}, server);
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(CountLines(exported.out), static_cast<int>(keys.size()));

  // Importing the export into a fresh server gives the same export.
  WriteFile(scratch_.File("export.jsonl"), exported.out);
  Server copy(DataDir("copy"), scratch_, "another-agency");
  ASSERT_TRUE(copy.running()) << copy.log();
  Outcome imported = Cli({"import", scratch_.File("export.jsonl")}, copy);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  // The same records; the order may differ (ids follow first mention).
  EXPECT_EQ(SortedLines(Cli({"export"}, copy).out), SortedLines(exported.out));

  // One agency's export holds only its records.
  Outcome prosecutor = Cli({"export", "--agency", "prosecutor"}, server);
  ASSERT_EQ(prosecutor.exit_code, 0);
  EXPECT_EQ(CountLines(prosecutor.out), 9);
  EXPECT_EQ(prosecutor.out.find("border-police"), std::string::npos);

  // Importing the same file again changes nothing.
  Outcome again = Cli({"import", "--agency", "border-police", ScenarioPath("smuggling_only")}, server);
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("(0 new, 7 replaced)"), std::string::npos) << again.out;
  EXPECT_EQ(Cli({"export"}, server).out, exported.out);
}

TEST_F(EndToEnd, BadInputIsRefusedWithEveryErrorAndWritesNothing) {
  Server server(DataDir(), scratch_, "border-police");
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(Cli({"import", ScenarioPath("smuggling_only")}, server).exit_code, 0);
  const std::string before = Cli({"export"}, server).out;

  WriteFile(scratch_.File("bad.jsonl"),
            "{\"kind\":\"person\",\"id\":\"p1\",\"names\":[\"Replaced\"]}\n"
            "{\"kind\":\"person\",\"id\":\"n1\",\"names\":[\"N\"],\"birth_date\":\"1999-02-30\"}\n"
            "{\"kind\":\"event\",\"id\":\"e9\",\"type\":\"arrest\",\"date\":\"2024\",\"subject\":\"ghost\"}\n"
            "{\"kind\":\"location\",\"id\":\"l9\",\"name\":\"X\",\"country\":\"UK\"}\n"
            "{oops\n");
  Outcome run = Cli({"import", scratch_.File("bad.jsonl")}, server);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("4 errors; nothing was imported"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.jsonl:2: field `birth_date`"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.jsonl:3: field `subject`: no record \"border-police/ghost\""), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.jsonl:4: field `country`"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.jsonl:5: not valid JSON"), std::string::npos) << run.err;
  EXPECT_EQ(Cli({"export"}, server).out, before);

  Outcome json = Cli({"--json", "import", scratch_.File("bad.jsonl")}, server);
  EXPECT_EQ(json.exit_code, 1);
  format::JsonValue report = ParseJsonOrFail(json.out);
  EXPECT_FALSE(report.Find("ok")->bool_value());
  EXPECT_EQ(report.Find("errors")->items().size(), 4u);

  // The same through gRPC: INVALID_ARGUMENT with the errors in the details.
  auto stub = server.Stub();
  grpc::ClientContext context;
  v1::ImportResponse response;
  auto writer = stub->Import(&context, &response);
  std::string text = ReadFile(scratch_.File("bad.jsonl"));
  for (size_t i = 0; i < text.size(); i += 10) {
    v1::ImportRequest request;
    request.set_chunk(text.substr(i, 10));
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 2);  // a google.rpc.BadRequest, then a palermo.v1.ImportErrors
  v1::ImportErrors errors;
  ASSERT_TRUE(details.details(1).UnpackTo(&errors));
  EXPECT_EQ(errors.total(), 4);
  EXPECT_EQ(errors.errors(0).line(), 2);
  EXPECT_EQ(errors.errors(0).field(), "birth_date");
  EXPECT_EQ(Cli({"export"}, server).out, before);
}

TEST_F(EndToEnd, StreamedGrpcImportInSmallChunks) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  auto stub = server.Stub();
  grpc::ClientContext context;
  v1::ImportResponse response;
  auto writer = stub->Import(&context, &response);
  std::string text = ReadFile(ScenarioPath("smuggling_then_debt_bondage"));
  for (size_t i = 0; i < text.size(); i += 33) {
    v1::ImportRequest request;
    if (i == 0) request.set_agency("labour-inspectorate");
    request.set_chunk(text.substr(i, 33));
    ASSERT_TRUE(writer->Write(request));
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.records(), 38);

  grpc::ClientContext get_context;
  v1::GetRequest get;
  get.set_key("labour-inspectorate/e6");
  v1::GetResponse record;
  ASSERT_TRUE(stub->Get(&get_context, get, &record).ok());
  EXPECT_EQ(record.record().event().wage(), 0);
  EXPECT_TRUE(record.record().event().has_wage());
  EXPECT_EQ(record.out_edges_size(), 4);  // subject, actor, at, source

  grpc::ClientContext missing_context;
  get.set_key("labour-inspectorate/nobody");
  EXPECT_EQ(stub->Get(&missing_context, get, &record).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(EndToEnd, ACancelledImportWritesNothing) {
  Server server(DataDir(), scratch_, "border-police");
  ASSERT_TRUE(server.running()) << server.log();
  auto stub = server.Stub();
  {
    grpc::ClientContext context;
    v1::ImportResponse response;
    auto writer = stub->Import(&context, &response);
    std::string text = ReadFile(ScenarioPath("smuggling_only"));
    v1::ImportRequest request;
    request.set_chunk(text.substr(0, text.size() / 2));
    ASSERT_TRUE(writer->Write(request));
    context.TryCancel();  // the client goes away half way
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The server has let go of the import: the next one proceeds, and the
  // half file left nothing behind.
  EXPECT_EQ(Cli({"export"}, server).out, "");
  Outcome whole = Cli({"import", ScenarioPath("smuggling_only")}, server);
  EXPECT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(CountLines(Cli({"export"}, server).out), 7);
}

TEST_F(EndToEnd, AnAcknowledgedImportSurvivesKill9) {
  std::string data = DataDir();
  {
    Server server(data, scratch_, "border-police");
    ASSERT_TRUE(server.running()) << server.log();
    Outcome run = Cli({"import", ScenarioPath("aggravated_smuggling")}, server);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(server.Kill(SIGKILL), 128 + SIGKILL);
  }
  Server restarted(data, scratch_, "border-police");
  ASSERT_TRUE(restarted.running()) << restarted.log();
  Outcome get = Cli({"get", "border-police/e2"}, restarted);
  EXPECT_EQ(get.exit_code, 0) << get.err;
  EXPECT_NE(get.out.find("endangerment"), std::string::npos);
  EXPECT_EQ(CountLines(Cli({"export"}, restarted).out), 10);
}

TEST_F(EndToEnd, NeighborsAndPaths) {
  Server server(DataDir(), scratch_, "border-police");
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(Cli({"import", ScenarioPath("cross_agency_same_as")}, server).exit_code, 0);

  Outcome neighbors = Cli({"--json", "neighbors", "border-police/p1", "--depth", "2", "--kind", "person"}, server);
  ASSERT_EQ(neighbors.exit_code, 0) << neighbors.err;
  format::JsonValue result = ParseJsonOrFail(neighbors.out);
  std::vector<std::string> ids;
  for (const auto& n : result.Find("neighbors")->items()) ids.push_back(n.Find("record")->Find("id")->text());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"s9", "w7"}));

  Outcome human = Cli({"neighbors", "p1"}, server);  // bare id: the server's agency
  ASSERT_EQ(human.exit_code, 0) << human.err;
  EXPECT_NE(human.out.find("border-police/e1  [event]  border_crossing 2023-03-03"), std::string::npos) << human.out;

  Outcome path = Cli({"--json", "path", "border-police/p1", "labour-inspectorate/farm"}, server);
  ASSERT_EQ(path.exit_code, 0) << path.err;
  format::JsonValue found = ParseJsonOrFail(path.out);
  EXPECT_TRUE(found.Find("found")->bool_value());
  EXPECT_EQ(found.Find("records")->items().size(), 5u);
  EXPECT_EQ(found.Find("edges")->items().size(), 4u);

  Outcome no_path = Cli({"path", "border-police/p1", "border-police/s1"}, server);
  EXPECT_EQ(no_path.exit_code, 0);
  EXPECT_NE(no_path.out.find("no path"), std::string::npos);

  Outcome missing = Cli({"neighbors", "border-police/nobody"}, server);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("not found"), std::string::npos);
  Outcome bad_depth = Cli({"neighbors", "p1", "--depth", "9"}, server);
  EXPECT_EQ(bad_depth.exit_code, 1);
  EXPECT_NE(bad_depth.err.find("depth must be between 1 and 6"), std::string::npos) << bad_depth.err;
}

TEST_F(EndToEnd, ASecondServerOnTheSameDirectoryFailsCleanly) {
  Server first(DataDir(), scratch_);
  ASSERT_TRUE(first.running()) << first.log();
  Server second(DataDir(), scratch_);
  EXPECT_FALSE(second.running());
  EXPECT_EQ(second.exit_code(), 1);
  EXPECT_NE(second.log().find("is in use by another process"), std::string::npos) << second.log();
  Outcome health = Cli({"health"}, first);
  EXPECT_EQ(health.exit_code, 0);
}

TEST_F(EndToEnd, SigtermStopsCleanly) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  EXPECT_EQ(server.Kill(SIGTERM), 0);
  EXPECT_NE(server.log().find("palermod: stopped"), std::string::npos) << server.log();
  // The directory is free again.
  Server again(DataDir(), scratch_);
  EXPECT_TRUE(again.running()) << again.log();
}

TEST_F(EndToEnd, CliSaysWhenItCannotReachTheServer) {
  std::string address;
  {
    Server server(DataDir(), scratch_);
    ASSERT_TRUE(server.running());
    address = server.address();
    server.Kill(SIGTERM);
  }
  Outcome run = RunProgram({PALERMO_CLI_PATH, "--server", address, "get", "x/y"}, scratch_);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("cannot reach palermod at " + address), std::string::npos) << run.err;
}

TEST_F(EndToEnd, AssessPrintsTheFindingsOfTheStoredCase) {
  Server server(DataDir(), scratch_, "border-police");
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(Cli({"import", ScenarioPath("cross_agency_same_as")}, server).exit_code, 0);
  Outcome json = Cli({"--json", "assess"}, server);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  format::JsonValue result = ParseJsonOrFail(json.out);
  std::set<std::string> types;
  for (const auto& f : result.Find("findings")->items()) {
    types.insert(f.Find("type")->text());
    EXPECT_EQ(f.Find("subject")->text(), "border-police/p1");
    EXPECT_EQ(f.Find("linked")->items().size(), 2u);
    for (const char* field : {"id", "rule", "citation", "elements", "missing", "evidence", "grading", "age_presumed", "actors"}) {
      EXPECT_NE(f.Find(field), nullptr) << field;
    }
    EXPECT_EQ(f.Find("grading")->Find("reliability")->text(), "C");  // the labour inspectorate's source is the weakest
  }
  EXPECT_EQ(types, (std::set<std::string>{"debt_bondage", "indicator_profile", "smuggling_of_migrants",
                                          "smuggling_to_trafficking", "trafficking_in_persons",
                                          "victim_identification_needed"}));
  // The same person asked for under the other agency's key.
  Outcome one = Cli({"--json", "assess", "--subject", "labour-inspectorate/w7"}, server);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(ParseJsonOrFail(one.out).Find("findings")->items().size(), 6u);
  Outcome report = Cli({"assess"}, server);
  ASSERT_EQ(report.exit_code, 0);
  EXPECT_NE(report.out.find("Trafficking in persons"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("What to do:"), std::string::npos);
  EXPECT_NE(report.out.find("Evidence, by date:"), std::string::npos);
  Outcome missing = Cli({"assess", "--subject", "border-police/nobody"}, server);
  EXPECT_EQ(missing.exit_code, 1);
}

// Collects the record keys of a proof tree.
void ProofRecords(const format::JsonValue& node, std::set<std::string>* keys) {
  if (!node.Find("record")->text().empty()) keys->insert(node.Find("record")->text());
  // A fact from a record names the record's source (issue #9): it must exist too.
  const std::string& source = node.Find("source")->Find("key")->text();
  if (!source.empty()) keys->insert(source);
  for (const auto& premise : node.Find("premises")->items()) ProofRecords(premise, keys);
}

TEST_F(EndToEnd, EveryKeyOfEveryExplanationExistsInTheStore) {
  Server server(DataDir(), scratch_, "labour-inspectorate");
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(Cli({"import", ScenarioPath("smuggling_then_debt_bondage")}, server).exit_code, 0);
  format::JsonValue findings = ParseJsonOrFail(Cli({"--json", "assess"}, server).out);
  ASSERT_EQ(findings.Find("findings")->items().size(), 6u);
  std::set<std::string> keys;
  for (const auto& f : findings.Find("findings")->items()) {
    const std::string id = f.Find("id")->text();
    Outcome explained = Cli({"--json", "explain", id}, server);
    ASSERT_EQ(explained.exit_code, 0) << id << ": " << explained.err;
    format::JsonValue explanation = ParseJsonOrFail(explained.out);
    EXPECT_EQ(explanation.Find("finding")->Find("id")->text(), id);
    ASSERT_FALSE(explanation.Find("proofs")->items().empty()) << id;
    std::set<std::string> these;
    for (const auto& proof : explanation.Find("proofs")->items()) {
      EXPECT_FALSE(proof.Find("rule")->text().empty());
      ProofRecords(proof, &these);
    }
    EXPECT_FALSE(these.empty()) << id;
    keys.insert(these.begin(), these.end());
    for (const auto& e : f.Find("evidence")->items()) keys.insert(e.Find("key")->text());
    EXPECT_EQ(f.Find("sources")->items().size(), 1u) << id << ": the evidence's source records";
  }
  EXPECT_TRUE(keys.count("labour-inspectorate/s1")) << "the explanations name the case's source record";
  auto stub = server.Stub();
  for (const auto& key : keys) {
    grpc::ClientContext context;
    v1::GetRequest request;
    request.set_key(key);
    v1::GetResponse response;
    EXPECT_TRUE(stub->Get(&context, request, &response).ok()) << key;
  }
  Outcome human = Cli({"explain", "debt_bondage:labour-inspectorate/v1"}, server);
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_NE(human.out.find("<- rule debt_bondage: 1956 Supplementary Convention"), std::string::npos) << human.out;
  // Each fact from a record names its source: key, reference, date reported
  // and grading; times read as dates, not seconds.
  EXPECT_NE(human.out.find("source labour-inspectorate/s1 \"LABOUR-INSPECTORATE-smuggling_then_debt_bondage\" "
                           "reported 2024-11-20, graded B2"),
            std::string::npos)
      << human.out;
  EXPECT_NE(human.out.find("when(\"labour-inspectorate/e3\", 2024-02-20, 2024-02-20)"), std::string::npos) << human.out;
  Outcome smuggling = Cli({"explain", "smuggling_of_migrants:labour-inspectorate/v1"}, server);
  EXPECT_EQ(smuggling.exit_code, 0) << smuggling.err;
  EXPECT_NE(smuggling.out.find("not nationality(\"labour-inspectorate/v1\", "), std::string::npos) << smuggling.out;
  Outcome unknown = Cli({"explain", "debt_bondage:labour-inspectorate/nobody"}, server);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no finding"), std::string::npos);
  Outcome malformed = Cli({"explain", "debt_bondage"}, server);
  EXPECT_EQ(malformed.exit_code, 1);
  EXPECT_NE(malformed.err.find("finding ids are TYPE:SUBJECT"), std::string::npos) << malformed.err;
}

TEST_F(EndToEnd, FindingsAppearAndAreRetractedAsImportsHappen) {
  Server server(DataDir(), scratch_, "labour-inspectorate");
  ASSERT_TRUE(server.running()) << server.log();
  auto stub = v1::ReasonerService::NewStub(grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto reader = stub->SubscribeFindings(&context, v1::SubscribeFindingsRequest());
  v1::FindingEvent event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_SUBSCRIBED);

  ASSERT_EQ(Cli({"import", ScenarioPath("smuggling_then_debt_bondage")}, server).exit_code, 0);
  std::set<std::string> appeared;
  while (appeared.size() < 6 && reader->Read(&event)) {
    EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_NEW);
    appeared.insert(event.finding().type());
  }
  EXPECT_EQ(appeared, (std::set<std::string>{"debt_bondage", "indicator_profile", "smuggling_of_migrants",
                                             "smuggling_to_trafficking", "trafficking_in_persons",
                                             "victim_identification_needed"}));

  // The victim is identified: that finding no longer holds.
  WriteFile(scratch_.File("identified.jsonl"),
            "{\"kind\":\"event\",\"id\":\"vi\",\"type\":\"victim_identified\",\"date\":\"2024-11-21\",\"subject\":\"v1\"}\n");
  ASSERT_EQ(Cli({"import", scratch_.File("identified.jsonl")}, server).exit_code, 0);
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.change(), v1::FindingEvent::CHANGE_RETRACTED);
  EXPECT_EQ(event.finding().id(), "victim_identification_needed:labour-inspectorate/v1");
  context.TryCancel();
  reader->Finish();
}

// The ids and first_seen of `findings --json`'s output.
std::map<std::string, std::string> FirstSeenById(const std::string& json) {
  std::map<std::string, std::string> out;
  format::JsonValue parsed = ParseJsonOrFail(json);
  for (const auto& f : parsed.Find("findings")->items()) out[f.Find("id")->text()] = f.Find("first_seen")->text();
  return out;
}

TEST_F(EndToEnd, StoredFindingsAreListedFilteredAndKeptAcrossRestarts) {
  const std::string data = DataDir();
  std::map<std::string, std::string> first;
  {
    Server server(data, scratch_, "labour-inspectorate");
    ASSERT_TRUE(server.running()) << server.log();
    ASSERT_EQ(Cli({"import", ScenarioPath("smuggling_then_debt_bondage")}, server).exit_code, 0);
    // Right after the import is acknowledged, its findings are there.
    Outcome all = Cli({"--json", "findings"}, server);
    ASSERT_EQ(all.exit_code, 0) << all.err;
    first = FirstSeenById(all.out);
    ASSERT_EQ(first.size(), 6u);
    for (const auto& [id, seen] : first) EXPECT_EQ(seen.size(), 20u) << id << " first_seen " << seen;  // YYYY-MM-DDTHH:MM:SSZ

    auto count = [&](std::vector<std::string> filters) {
      filters.insert(filters.begin(), {"--json", "findings"});
      Outcome listed = Cli(filters, server);
      EXPECT_EQ(listed.exit_code, 0) << listed.err;
      return FirstSeenById(listed.out).size();
    };
    EXPECT_EQ(count({"--type", "debt_bondage"}), 1u);
    EXPECT_EQ(count({"--type", "debt_bondage", "--type", "smuggling_of_migrants"}), 2u);
    EXPECT_EQ(count({"--agency", "labour-inspectorate"}), 6u);
    EXPECT_EQ(count({"--agency", "border-police"}), 0u);
    EXPECT_EQ(count({"--subject", "v1"}), 6u);
    EXPECT_EQ(count({"--since", "2000-01-01"}), 6u);
    EXPECT_EQ(count({"--since", "2999-01-01T00:00:00+02:00"}), 0u);
    Outcome bad_since = Cli({"findings", "--since", "yesterday"}, server);
    EXPECT_EQ(bad_since.exit_code, 2);  // the CLI reads the time; a usage error
    EXPECT_NE(bad_since.err.find("since \"yesterday\" is not an RFC 3339 time"), std::string::npos) << bad_since.err;
    Outcome bad_type = Cli({"findings", "--type", "smuggling"}, server);
    EXPECT_EQ(bad_type.exit_code, 1);
    EXPECT_NE(bad_type.err.find("unknown finding type \"smuggling\""), std::string::npos) << bad_type.err;
    Outcome bad_watch = Cli({"watch", "--type", "smuggling"}, server);
    EXPECT_EQ(bad_watch.exit_code, 1);
    EXPECT_NE(bad_watch.err.find("unknown finding type \"smuggling\""), std::string::npos) << bad_watch.err;
    Outcome bad_subject = Cli({"findings", "--subject", "nobody"}, server);
    EXPECT_EQ(bad_subject.exit_code, 1);

    // Pages of two: every finding once, in (type, subject) order.
    auto stub = v1::ReasonerService::NewStub(grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
    v1::ListFindingsRequest request;
    request.set_page_size(2);
    std::vector<std::string> paged;
    for (int page = 0; page < 10; ++page) {
      grpc::ClientContext context;
      v1::ListFindingsResponse response;
      ASSERT_TRUE(stub->ListFindings(&context, request, &response).ok());
      EXPECT_LE(response.findings_size(), 2);
      for (const auto& f : response.findings()) paged.push_back(f.type() + " " + f.subject());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    EXPECT_EQ(paged.size(), 6u);
    EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
    EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), 6u);
    grpc::ClientContext context;
    v1::ListFindingsResponse response;
    request.set_page_token("zz");
    EXPECT_EQ(stub->ListFindings(&context, request, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    grpc::ClientContext negative_context;
    v1::ListFindingsRequest negative;
    negative.set_page_size(-1);
    EXPECT_EQ(stub->ListFindings(&negative_context, negative, &response).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(server.Kill(SIGTERM), 0);
  }
  {
    // Restarted: the stored findings are current, so nothing is evaluated again.
    Server server(data, scratch_, "labour-inspectorate");
    ASSERT_TRUE(server.running()) << server.log();
    Outcome all = Cli({"--json", "findings"}, server);
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_EQ(FirstSeenById(all.out), first);
    EXPECT_EQ(server.log().find("evaluating every case"), std::string::npos) << server.log();
    EXPECT_EQ(server.Kill(SIGTERM), 0);
  }
  {
    // Other rules: everything is evaluated again at start; the findings that
    // still hold keep their first_seen, the new rule's findings appear.
    std::filesystem::create_directories(scratch_.File("rules"));
    WriteFile(scratch_.File("rules/flag.dl"),
              ".finding flagged_for_review(subject, crossing).\n"
              "@flag_smuggled \"local policy: review every smuggled migrant\"\n"
              "flagged_for_review(P, C) :- smuggling_of_migrants(P, C, _, _).\n");
    Server server(data, scratch_, "labour-inspectorate", {"--rules", scratch_.File("rules")});
    ASSERT_TRUE(server.running()) << server.log();
    Outcome all = Cli({"--json", "findings"}, server);
    ASSERT_EQ(all.exit_code, 0) << all.err;
    auto now = FirstSeenById(all.out);
    EXPECT_EQ(now.size(), first.size() + 1);
    for (const auto& [id, seen] : first) EXPECT_EQ(now[id], seen) << id;
    EXPECT_EQ(now.count("flagged_for_review:labour-inspectorate/v1"), 1u);
    EXPECT_NE(server.log().find("evaluating every case"), std::string::npos) << server.log();
  }
}

TEST_F(EndToEnd, RulesAreListedAndCheckedAndBadRulesStopTheServer) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  Outcome list = Cli({"rules", "list"}, server);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("smuggling_of_migrants"), std::string::npos);
  EXPECT_NE(list.out.find("SOM Protocol Art. 3(a)"), std::string::npos);

  WriteFile(scratch_.File("bad.dl"), "@x \"cite\" flagged(P) :- person(P), !unknown_thing(P).\n");
  Outcome bad = Cli({"rules", "check", scratch_.File("bad.dl")}, server);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.dl:1:37: unknown predicate unknown_thing"), std::string::npos) << bad.err;
  WriteFile(scratch_.File("good.dl"), "@flag \"local policy\" flagged(P) :- smuggling_of_migrants(P, _, _, _).\n");
  Outcome good = Cli({"rules", "check", scratch_.File("good.dl")}, server);
  EXPECT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("ok, 1 rules"), std::string::npos) << good.out;

  // palermod --rules refuses to start on a bad rule file.
  std::filesystem::create_directories(scratch_.File("rules"));
  WriteFile(scratch_.File("rules/bad.dl"), ReadFile(scratch_.File("bad.dl")));
  process::Outcome refused = process::Run({PALERMOD_PATH, "--data", DataDir("other"), "--listen", "127.0.0.1:0",
                                           "--rules", scratch_.File("rules")},
                                          scratch_.File("refused"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("unknown predicate unknown_thing"), std::string::npos) << refused.err;
}

TEST_F(EndToEnd, CliHelpAndUsageErrors) {
  for (const char* command : {"import", "export", "get", "neighbors", "path", "assess", "explain", "watch", "rules", "health"}) {
    Outcome help = RunProgram({PALERMO_CLI_PATH, command, "--help"}, scratch_);
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find(std::string("usage: palermo ") + command), std::string::npos) << command;
  }
  Outcome top = RunProgram({PALERMO_CLI_PATH, "--help"}, scratch_);
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_EQ(RunProgram({PALERMO_CLI_PATH, "frobnicate"}, scratch_).exit_code, 2);
  EXPECT_EQ(RunProgram({PALERMO_CLI_PATH, "get"}, scratch_).exit_code, 2);
  EXPECT_EQ(RunProgram({PALERMO_CLI_PATH, "neighbors", "x", "--depth", "two"}, scratch_).exit_code, 2);
  Outcome daemon_help = RunProgram({PALERMOD_PATH, "--help"}, scratch_);
  EXPECT_EQ(daemon_help.exit_code, 0);
  EXPECT_NE(daemon_help.out.find("--data DIR"), std::string::npos);
  EXPECT_EQ(RunProgram({PALERMOD_PATH, "--bogus"}, scratch_).exit_code, 2);
}

TEST_F(EndToEnd, ImportFromStdinAndDryRun) {
  Server server(DataDir(), scratch_, "border-police");
  ASSERT_TRUE(server.running()) << server.log();
  Outcome dry = Cli({"import", "--dry-run", ScenarioPath("smuggling_only")}, server);
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("checked"), std::string::npos);
  EXPECT_EQ(Cli({"export"}, server).out, "");
  Outcome from_stdin = Cli({"import", "-"}, server, ScenarioPath("smuggling_only"));
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(CountLines(Cli({"export"}, server).out), 7);
}

// Rule texts that once overflowed the stack of palermod's parser or checker
// (issue #7, defect 1), with the message each must get instead.
struct HostileRuleText {
  std::string name;
  std::string text;
  std::string message;
};

std::vector<HostileRuleText> HostileRuleTexts() {
  auto repeat = [](std::string_view piece, size_t times) {
    std::string out;
    for (size_t i = 0; i < times; ++i) out.append(piece);
    return out;
  };
  const std::string head = "@deep \"x\" deep(P) :- person(P), X = ";
  return {
      {"parentheses.dl", head + repeat("(", 30000) + "1" + repeat(")", 30000) + ", X > 0.",
       "parentheses.dl:1:101: parentheses and aggregates nest deeper than 64 levels"},
      {"sum.dl", head + "1" + repeat("+1", 999999) + ", X > 0.",
       "sum.dl:1:1: the rule text is 2000043 bytes long; a rule file may hold at most 1048576 bytes"},
      {"chain.dl", head + "1" + repeat("+1", 100000) + ", X > 0.", "nests deeper than 64 levels"},
      {"aggregates.dl", head + "0, N = " + repeat("count : { M = ", 10000) + "count : { person(P) " +
                            repeat("}", 10001) + ".",
       "parentheses and aggregates nest deeper than 64 levels"},
      {"utf8.dl", "@bad \"Art. 3 \xFF\" bad(P) :- person(P).", "utf8.dl:1:14: the rule text is not valid UTF-8 (byte \\xFF)"},
  };
}

TEST_F(EndToEnd, CheckRulesRefusesHostileRuleTextsAndTheServerLives) {
  Server server(DataDir(), scratch_);
  ASSERT_TRUE(server.running()) << server.log();
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(8 << 20);
  auto stub = v1::ReasonerService::NewStub(
      grpc::CreateCustomChannel(server.address(), grpc::InsecureChannelCredentials(), args));
  for (const auto& hostile : HostileRuleTexts()) {
    // A proto3 string cannot carry invalid UTF-8: protobuf refuses it before
    // the reasoner sees it, so only the --rules test below has that case.
    if (hostile.name == "utf8.dl") continue;
    grpc::ClientContext context;
    v1::CheckRulesRequest request;
    request.set_file_name(hostile.name);
    request.set_text(hostile.text);
    v1::CheckRulesResponse response;
    grpc::Status status = stub->CheckRules(&context, request, &response);
    ASSERT_TRUE(status.ok()) << hostile.name << ": " << status.error_message() << "\n" << server.log();
    EXPECT_FALSE(response.ok()) << hostile.name;
    ASSERT_EQ(response.errors_size(), 1) << hostile.name;
    EXPECT_NE(response.errors(0).find(hostile.message), std::string::npos) << response.errors(0);
  }
  // Still serving, and still checking.
  grpc::ClientContext context;
  v1::CheckRulesRequest request;
  request.set_file_name("good.dl");
  request.set_text("@flag \"local policy\" flagged(P) :- person(P), N = count : { nationality(P, _) }, N > (1 + 1).");
  v1::CheckRulesResponse response;
  ASSERT_TRUE(stub->CheckRules(&context, request, &response).ok()) << server.log();
  EXPECT_TRUE(response.ok()) << (response.errors_size() > 0 ? response.errors(0) : "");
  EXPECT_EQ(response.rules(), 1);
}

TEST_F(EndToEnd, PalermodRefusesHostileRuleFilesWithAMessageNotACrash) {
  for (const auto& hostile : HostileRuleTexts()) {
    std::string rules = scratch_.File("rules-" + hostile.name);
    std::filesystem::create_directories(rules);
    WriteFile(rules + "/" + hostile.name, hostile.text);
    process::Outcome refused = process::Run(
        {PALERMOD_PATH, "--data", DataDir("data-" + hostile.name), "--listen", "127.0.0.1:0", "--rules", rules},
        scratch_.File("refused-" + hostile.name));
    EXPECT_EQ(refused.exit_code, 1) << hostile.name << ": " << refused.err;
    EXPECT_NE(refused.err.find(hostile.message), std::string::npos) << refused.err;
  }
}

TEST_F(EndToEnd, PalermodPrintsTheErrorsOfEveryRuleFile) {
  std::filesystem::create_directories(scratch_.File("rules"));
  WriteFile(scratch_.File("rules/a.dl"), "@a \"x\" a(P) :- person(P)\n");
  WriteFile(scratch_.File("rules/b.dl"), "@b \"x\" b(P) :- person(P), !unknown_thing(P).\n");
  WriteFile(scratch_.File("rules/c.dl"), "@c \"x\" c(P :- person(P).\n");
  process::Outcome refused = process::Run(
      {PALERMOD_PATH, "--data", DataDir(), "--listen", "127.0.0.1:0", "--rules", scratch_.File("rules")},
      scratch_.File("refused"));
  EXPECT_EQ(refused.exit_code, 1);
  for (const char* message : {"a.dl:2:1: expected ',' or '.' after a literal, found the end of the file",
                              "c.dl:1:12: expected ',' or ')' in the arguments of c, found ':-'",
                              "b.dl:1:28: unknown predicate unknown_thing"}) {
    EXPECT_NE(refused.err.find(message), std::string::npos) << message << "\n" << refused.err;
  }
}

}  // namespace
}  // namespace palermo
