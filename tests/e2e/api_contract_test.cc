// End-to-end: the API's contract with outside clients, against a real
// palermod on a loopback port. Which status code each kind of error gets
// (docs/ERRORS.md, walked row by row), the richer error model of a refused
// import as a default gRPC client receives it, every error of a dry run,
// stated limits, page tokens bound to their query, consistency and import
// numbers, timestamps, and the log line of every import.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/subprocess.h"
#include "format/json.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "palermo/v1/graph.grpc.pb.h"
#include "palermo/v1/reasoner.grpc.pb.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using google::protobuf::util::TimeUtil;
using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using palermo::testing::TempDir;
using palermo::testing::WriteFile;
using process::Outcome;
namespace v1 = palermo::v1;

class ApiContract : public palermo::testing::E2eTest {
 protected:
  // A palermod whose default agency is border-police.
  std::unique_ptr<process::Palermod> StartServer(const std::string& name = "data") {
    return E2eTest::StartServer("border-police", {}, name);
  }
  using E2eTest::Import;
  grpc::Status Import(const std::string& text, v1::ImportResponse* response = nullptr) {
    return Import(text, v1::ImportRequest(), response);
  }
};

// `count` lines, each with one error (a birth date that is no date).
std::string BadLines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    text += "{\"kind\":\"person\",\"id\":\"n" + std::to_string(i) +
            "\",\"names\":[\"N\"],\"birth_date\":\"1999-02-30\"}\n";
  }
  return text;
}

int CountOf(const std::string& text, const std::string& what) {
  int count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// -- Defect 7: the richer error model, bounded; every error on request -----

TEST_F(ApiContract, ARefusalWithThousandsOfErrorsReachesADefaultClientAsInvalidArgument) {
  auto server = StartServer();
  v1::ImportRequest first;
  first.set_file_name("bad.jsonl");
  first.set_max_error_details(1000);
  grpc::Status status = Import(BadLines(2000), first);
  // Before: a 56 KB trailer, which a default client turns into RESOURCE_EXHAUSTED.
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_NE(status.error_message().find("2000 errors in bad.jsonl; nothing was imported"), std::string::npos)
      << status.error_message();
  EXPECT_LE(status.error_details().size(), 4096u);

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), status.error_message());
  ASSERT_EQ(details.details_size(), 2);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).Is<google::rpc::BadRequest>());
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_GT(bad_request.field_violations_size(), 5);
  EXPECT_EQ(bad_request.field_violations(0).field(), "line 1: birth_date");
  EXPECT_NE(bad_request.field_violations(0).description().find("\"1999-02-30\" is not an ISO 8601 date"),
            std::string::npos)
      << bad_request.field_violations(0).description();
  v1::ImportErrors errors;
  ASSERT_TRUE(details.details(1).UnpackTo(&errors));
  EXPECT_EQ(errors.total(), 2000);
  EXPECT_EQ(errors.errors_size(), bad_request.field_violations_size());
  EXPECT_TRUE(errors.cut_to_size());
  EXPECT_EQ(errors.errors(1).line(), 2);

  // Long reasons in non-ASCII text (percent-encoded in grpc-message, three
  // bytes for one) still reach a default client.
  std::string long_values;
  for (int i = 1; i <= 50; ++i) {
    std::string value;
    for (int j = 0; j < 400; ++j) value += "\u00e9";  // é, two bytes of UTF-8 each
    long_values += "{\"kind\":\"person\",\"id\":\"n" + std::to_string(i) + "\",\"names\":[\"N\"],\"birth_date\":\"" +
                   value + "\",\"sex\":\"" + value + "\"}\n";
  }
  first.set_file_name(std::string(300, 'f') + "\xc3\xa9.jsonl");
  status = Import(long_values, first);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_LE(status.error_details().size(), 4096u);
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_TRUE(details.details(1).UnpackTo(&errors));
  EXPECT_EQ(errors.total(), 100);
  EXPECT_GT(errors.errors_size(), 0);
  first.set_file_name("bad.jsonl");

  // A few errors fit whole: all listed, not cut.
  status = Import(BadLines(3), first);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_TRUE(details.details(1).UnpackTo(&errors));
  EXPECT_EQ(errors.errors_size(), 3);
  EXPECT_FALSE(errors.cut_to_size());
}

TEST_F(ApiContract, ErrorsWithoutALineOrFieldFollowTheViolationConvention) {
  auto server = StartServer();
  grpc::Status status = Import("{oops\n");
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "line 1");  // no field at fault
}

TEST_F(ApiContract, DryRunStreamsEveryErrorAndTheCliPrintsThemAll) {
  auto server = StartServer();
  const std::string text = BadLines(1500) + ReadFile(ScenarioPath("smuggling_only"));
  grpc::ClientContext context;
  auto stream = graph_->CheckImport(&context);
  v1::ImportRequest request;
  request.set_file_name("bad.jsonl");
  request.set_chunk(text);
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  v1::ImportDiagnostic message;
  int errors = 0, summaries = 0;
  int64_t last_line = 0;
  v1::ImportCheckSummary summary;
  while (stream->Read(&message)) {
    if (message.has_error()) {
      ++errors;
      EXPECT_GT(message.error().line(), last_line);  // by line
      last_line = message.error().line();
    }
    if (message.has_summary()) {
      ++summaries;
      summary = message.summary();
    }
  }
  grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(errors, 1500);
  EXPECT_EQ(summaries, 1);
  EXPECT_EQ(summary.errors_total(), 1500);
  EXPECT_FALSE(summary.cut());

  WriteFile(scratch_.File("bad.jsonl"), text);
  Outcome dry = Cli({"import", "--dry-run", scratch_.File("bad.jsonl")}, *server);
  EXPECT_EQ(dry.exit_code, 1);
  EXPECT_NE(dry.err.find("1500 errors; it would import nothing"), std::string::npos) << dry.err.substr(0, 500);
  EXPECT_EQ(CountOf(dry.err, ": field `birth_date`: "), 1500);
  EXPECT_NE(dry.err.find("bad.jsonl:1500: field `birth_date`"), std::string::npos);
  EXPECT_EQ(dry.err.find("more"), std::string::npos);
  // A real import lists the first ones and says how to see the rest.
  Outcome refused = Cli({"import", scratch_.File("bad.jsonl")}, *server);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("1500 errors; nothing was imported"), std::string::npos);
  EXPECT_NE(refused.err.find("more ('palermo import --dry-run' lists every one)"), std::string::npos);
  EXPECT_EQ(Cli({"export"}, *server).out, "");
}

TEST_F(ApiContract, ACleanDryRunEndsOkWithItsSummaryAndWritesNothing) {
  auto server = StartServer();
  grpc::ClientContext context;
  auto stream = graph_->CheckImport(&context);
  v1::ImportRequest request;
  request.set_chunk(ReadFile(ScenarioPath("smuggling_only")));
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  v1::ImportDiagnostic message, last;
  while (stream->Read(&message)) last = message;
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_TRUE(last.has_summary());
  EXPECT_EQ(last.summary().records(), 7);
  EXPECT_EQ(last.summary().created(), 7);
  EXPECT_EQ(last.summary().errors_total(), 0);
  EXPECT_EQ(Cli({"export"}, *server).out, "");
}

// -- Stated limits ----------------------------------------------------------

TEST_F(ApiContract, LimitsAreRefusedNotQuietlyApplied) {
  auto server = StartServer();
  v1::ImportRequest first;
  first.set_max_error_details(1001);
  grpc::Status status = Import(BadLines(2), first);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("max_error_details 1001 is over the limit of 1000"), std::string::npos)
      << status.error_message();
  EXPECT_TRUE(status.error_details().empty());  // a bad request, not a refused file

  v1::ListFindingsRequest request;
  request.set_page_size(100000);
  v1::ListFindingsResponse response;
  status = reasoner_->ListFindings(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("page_size 100000 is out of range: 0 (the default, 500) to 5000"),
            std::string::npos)
      << status.error_message();
  request.set_page_size(5000);
  EXPECT_TRUE(reasoner_->ListFindings(Context().get(), request, &response).ok());
}

// -- One code for each kind of error: docs/ERRORS.md, row by row ------------

struct Row {
  std::string rpc;
  std::string kind;  // the kind of error, as docs/ERRORS.md names it
  std::function<grpc::Status()> call;
  grpc::StatusCode code;
};

TEST_F(ApiContract, EveryRowOfTheErrorTableGetsItsCode) {
  auto server = StartServer();
  ASSERT_TRUE(Import(ReadFile(ScenarioPath("smuggling_only"))).ok());
  using Code = grpc::StatusCode;
  auto get = [this](const std::string& key) {
    return [this, key] {
      v1::GetRequest request;
      request.set_key(key);
      v1::GetResponse response;
      return graph_->Get(Context().get(), request, &response);
    };
  };
  auto neighbors = [this](const std::string& key, uint32_t depth) {
    return [this, key, depth] {
      v1::NeighborsRequest request;
      request.set_key(key);
      request.set_depth(depth);
      v1::NeighborsResponse response;
      return graph_->Neighbors(Context().get(), request, &response);
    };
  };
  auto path = [this](const std::string& from, const std::string& to, uint32_t max_depth) {
    return [this, from, to, max_depth] {
      v1::PathRequest request;
      request.set_from(from);
      request.set_to(to);
      request.set_max_depth(max_depth);
      v1::PathResponse response;
      return graph_->Path(Context().get(), request, &response);
    };
  };
  auto export_of = [this](const std::string& agency) {
    return [this, agency] {
      v1::ExportRequest request;
      request.set_agency(agency);
      grpc::ClientContext context;
      auto reader = graph_->Export(&context, request);
      v1::ExportResponse batch;
      while (reader->Read(&batch)) {
      }
      return reader->Finish();
    };
  };
  auto import_with = [this](const std::string& agency, const std::string& file_name, const std::string& text) {
    return [this, agency, file_name, text] {
      v1::ImportRequest first;
      first.set_agency(agency);
      first.set_file_name(file_name);
      first.set_dry_run(true);
      return Import(text, first);
    };
  };
  auto assess = [this](const std::string& subject, int consistency) {
    return [this, subject, consistency] {
      v1::AssessRequest request;
      request.set_subject(subject);
      request.set_consistency(static_cast<v1::Consistency>(consistency));
      v1::AssessResponse response;
      return reasoner_->Assess(Context().get(), request, &response);
    };
  };
  auto list = [this](std::function<void(v1::ListFindingsRequest*)> fill) {
    return [this, fill] {
      v1::ListFindingsRequest request;
      fill(&request);
      v1::ListFindingsResponse response;
      return reasoner_->ListFindings(Context().get(), request, &response);
    };
  };
  auto explain = [this](const std::string& id) {
    return [this, id] {
      v1::ExplainRequest request;
      request.set_finding_id(id);
      v1::ExplainResponse response;
      return reasoner_->Explain(Context().get(), request, &response);
    };
  };
  auto subscribe = [this](const std::string& type) {
    return [this, type] {
      v1::SubscribeFindingsRequest request;
      request.add_types(type);
      grpc::ClientContext context;
      auto reader = reasoner_->SubscribeFindings(&context, request);
      v1::FindingEvent event;
      reader->Read(&event);
      return reader->Finish();
    };
  };
  auto check_rules = [this](const std::string& file_name, const std::string& text) {
    return [this, file_name, text] {
      v1::CheckRulesRequest request;
      request.set_file_name(file_name);
      request.set_text(text);
      v1::CheckRulesResponse response;
      return reasoner_->CheckRules(Context().get(), request, &response);
    };
  };
  const std::string clean = ReadFile(ScenarioPath("smuggling_only"));
  const std::vector<Row> table = {
      {"Get", "key missing", get(""), Code::INVALID_ARGUMENT},
      {"Get", "key with an empty agency and id", get("/"), Code::INVALID_ARGUMENT},
      {"Get", "key with an empty agency", get("/p1"), Code::INVALID_ARGUMENT},
      {"Get", "key with an empty id", get("border-police/"), Code::INVALID_ARGUMENT},
      {"Get", "key with more than one '/'", get("a/b/c"), Code::INVALID_ARGUMENT},
      {"Get", "key with a control character", get("border-police/p\x01"), Code::INVALID_ARGUMENT},
      // proto3 string fields must be UTF-8: the request does not parse, and
      // gRPC answers for palermod (a conforming client cannot send it).
      {"Get", "key not UTF-8", get("border-police/p\xff"), Code::INTERNAL},
      {"Get", "well-formed key of no record", get("border-police/nobody"), Code::NOT_FOUND},
      {"Get", "well-formed key of no record (default agency)", get("nobody"), Code::NOT_FOUND},
      {"Get", "well-formed key of an agency with no records", get("no-such-agency/p1"), Code::NOT_FOUND},
      {"Get", "a record", get("p1"), Code::OK},
      {"Neighbors", "key malformed", neighbors("a/b/c", 1), Code::INVALID_ARGUMENT},
      {"Neighbors", "depth over 6 (even for an absent key)", neighbors("nobody", 7), Code::INVALID_ARGUMENT},
      {"Neighbors", "well-formed key of no record", neighbors("nobody", 1), Code::NOT_FOUND},
      {"Path", "from malformed", path("/", "p1", 0), Code::INVALID_ARGUMENT},
      {"Path", "to missing", path("p1", "", 0), Code::INVALID_ARGUMENT},
      {"Path", "max_depth over 12 (even for absent keys)", path("nobody", "p1", 13), Code::INVALID_ARGUMENT},
      {"Path", "well-formed key of no record", path("p1", "nobody", 0), Code::NOT_FOUND},
      {"Export", "agency holding '/'", export_of("a/b"), Code::INVALID_ARGUMENT},
      {"Export", "agency with a control character", export_of("a\tb"), Code::INVALID_ARGUMENT},
      {"Export", "agency with no records (empty export)", export_of("no-such-agency"), Code::OK},
      {"Import", "agency holding '/'", import_with("a/b", "", clean), Code::INVALID_ARGUMENT},
      {"Import", "file_name with a control character", import_with("", "x\x1b[2J.jsonl", clean),
       Code::INVALID_ARGUMENT},
      {"Import", "a file with errors", import_with("", "bad.jsonl", "{oops\n"), Code::INVALID_ARGUMENT},
      {"Import", "a clean file (dry run)", import_with("", "ok.jsonl", clean), Code::OK},
      {"Assess", "subject malformed", assess("a/b/c", 0), Code::INVALID_ARGUMENT},
      {"Assess", "consistency not a Consistency", assess("", 9), Code::INVALID_ARGUMENT},
      {"Assess", "well-formed subject of no record", assess("nobody", 0), Code::NOT_FOUND},
      {"Assess", "stored consistency", assess("p1", 2), Code::OK},
      {"ListFindings", "unknown finding type", list([](auto* r) { r->add_types("smuggling"); }),
       Code::INVALID_ARGUMENT},
      {"ListFindings", "agency holding '/'", list([](auto* r) { r->set_agency("a/b"); }), Code::INVALID_ARGUMENT},
      {"ListFindings", "agency of no finding (empty page)", list([](auto* r) { r->set_agency("no-such-agency"); }),
       Code::OK},
      {"ListFindings", "subject malformed", list([](auto* r) { r->set_subject("/p1"); }), Code::INVALID_ARGUMENT},
      {"ListFindings", "well-formed subject of no record", list([](auto* r) { r->set_subject("nobody"); }),
       Code::NOT_FOUND},
      {"ListFindings", "page_size negative", list([](auto* r) { r->set_page_size(-1); }), Code::INVALID_ARGUMENT},
      {"ListFindings", "page_size over 5000", list([](auto* r) { r->set_page_size(5001); }), Code::INVALID_ARGUMENT},
      {"ListFindings", "since not a valid Timestamp", list([](auto* r) { r->mutable_since()->set_nanos(-1); }),
       Code::INVALID_ARGUMENT},
      {"ListFindings", "page_token not one the server gave", list([](auto* r) { r->set_page_token("zz"); }),
       Code::INVALID_ARGUMENT},
      {"ListFindings", "consistency not a Consistency",
       list([](auto* r) { r->set_consistency(static_cast<v1::Consistency>(9)); }), Code::INVALID_ARGUMENT},
      {"Explain", "finding_id missing", explain(""), Code::INVALID_ARGUMENT},
      {"Explain", "finding_id not TYPE:SUBJECT", explain("smuggling_of_migrants"), Code::INVALID_ARGUMENT},
      {"Explain", "finding_id of an unknown type", explain("smuggling:border-police/p1"), Code::INVALID_ARGUMENT},
      {"Explain", "finding_id with a malformed subject", explain("smuggling_of_migrants:a/b/c"),
       Code::INVALID_ARGUMENT},
      {"Explain", "well-formed id of no finding", explain("debt_bondage:border-police/p1"), Code::NOT_FOUND},
      {"Explain", "a finding", explain("smuggling_of_migrants:border-police/p1"), Code::OK},
      {"SubscribeFindings", "unknown finding type", subscribe("smuggling"), Code::INVALID_ARGUMENT},
      {"CheckRules", "file_name with a control character", check_rules("a\nb.dl", "x(1)."), Code::INVALID_ARGUMENT},
      {"CheckRules", "a rule file with errors (listed in the response)", check_rules("bad.dl", "x("), Code::OK},
  };
  for (const auto& row : table) {
    grpc::Status status = row.call();
    EXPECT_EQ(status.error_code(), row.code) << row.rpc << ": " << row.kind << ": " << status.error_message();
  }
}

TEST_F(ApiContract, MessagesNameTheFieldAndEscapeTheByteAtFault) {
  auto server = StartServer();
  v1::GetRequest request;
  request.set_key("border-police/p\x01");
  v1::GetResponse response;
  grpc::Status status = graph_->Get(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("key \"border-police/p\\x01\" holds a control character"), std::string::npos)
      << status.error_message();
  request.set_key("a/b/c");
  status = graph_->Get(Context().get(), request, &response);
  EXPECT_NE(status.error_message().find("key \"a/b/c\" is not a key: a key is AGENCY/ID"), std::string::npos)
      << status.error_message();
  v1::ListFindingsRequest list;
  list.set_agency("x\x7f");
  v1::ListFindingsResponse page;
  status = reasoner_->ListFindings(Context().get(), list, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("agency \"x\\x7F\" holds a control character (byte 2)"), std::string::npos)
      << status.error_message();
}

// -- Page tokens ------------------------------------------------------------

TEST_F(ApiContract, APageTokenWorksOnlyWithTheFiltersThatMadeIt) {
  auto server = StartServer();
  ASSERT_TRUE(Import(ReadFile(ScenarioPath("cross_agency_same_as"))).ok());
  v1::ListFindingsRequest request;
  request.set_agency("border-police");
  request.set_page_size(1);
  v1::ListFindingsResponse page;
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), request, &page).ok());
  ASSERT_FALSE(page.next_page_token().empty());
  const std::string token = page.next_page_token();

  // The same filters (any page size): the next page.
  request.set_page_token(token);
  request.set_page_size(2);
  EXPECT_TRUE(reasoner_->ListFindings(Context().get(), request, &page).ok());

  // Other filters: refused, each of them.
  std::vector<std::function<void(v1::ListFindingsRequest*)>> others = {
      [](auto* r) { r->clear_agency(); },
      [](auto* r) { r->set_agency("labour-inspectorate"); },
      [](auto* r) { r->add_types("debt_bondage"); },
      [](auto* r) { r->set_subject("p1"); },
      [](auto* r) { *r->mutable_since() = TimeUtil::SecondsToTimestamp(0); },
  };
  for (size_t i = 0; i < others.size(); ++i) {
    v1::ListFindingsRequest other = request;
    others[i](&other);
    grpc::Status status = reasoner_->ListFindings(Context().get(), other, &page);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "filter change " << i;
    EXPECT_NE(status.error_message().find("page_token was given for other filters"), std::string::npos)
        << status.error_message();
  }
}

// -- Consistency and import numbers -----------------------------------------

TEST_F(ApiContract, ImportsAndFindingsSayWhichImportTheyAre) {
  auto server = StartServer();
  v1::ImportResponse response;
  ASSERT_TRUE(Import(ReadFile(ScenarioPath("smuggling_only")), &response).ok());
  EXPECT_EQ(response.import_number(), 1u);
  EXPECT_TRUE(response.replaced_by_agency().empty());

  // Another agency's file that replaces two border-police records.
  v1::ImportRequest first;
  first.set_agency("ngo");
  ASSERT_TRUE(Import("{\"kind\":\"person\",\"id\":\"w1\",\"names\":[\"W\"]}\n"
                     "{\"kind\":\"person\",\"id\":\"p2\",\"agency\":\"border-police\",\"names\":[\"Ilir D.\"]}\n"
                     "{\"kind\":\"location\",\"id\":\"l1\",\"agency\":\"border-police\",\"name\":\"Ayvalik\","
                     "\"country\":\"TR\"}\n",
                     first, &response)
                  .ok());
  EXPECT_EQ(response.import_number(), 2u);
  EXPECT_EQ(response.replaced(), 2);
  ASSERT_EQ(response.replaced_by_agency().size(), 1u);
  EXPECT_EQ(response.replaced_by_agency().at("border-police"), 2);

  // Current (the default): the findings reflect both imports.
  v1::AssessRequest assess;
  v1::AssessResponse assessed;
  ASSERT_TRUE(reasoner_->Assess(Context().get(), assess, &assessed).ok());
  EXPECT_EQ(assessed.findings_import_number(), 2u);
  EXPECT_EQ(assessed.store_import_number(), 2u);
  // Stored: at once, and it says which import it reflects.
  assess.set_consistency(v1::CONSISTENCY_STORED);
  ASSERT_TRUE(reasoner_->Assess(Context().get(), assess, &assessed).ok());
  EXPECT_EQ(assessed.findings_import_number(), 2u);
  v1::ListFindingsRequest list;
  list.set_consistency(v1::CONSISTENCY_STORED);
  v1::ListFindingsResponse listed;
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.findings_import_number(), 2u);
  EXPECT_EQ(listed.store_import_number(), 2u);
  EXPECT_EQ(listed.findings_size(), 1);

  // The CLI: the import number and who lost records; --consistency.
  WriteFile(scratch_.File("again.jsonl"), ReadFile(ScenarioPath("smuggling_only")));
  Outcome again = Cli({"import", scratch_.File("again.jsonl")}, *server);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(", import 3"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("replaced records: 7 of border-police"), std::string::npos) << again.out;
  Outcome json = Cli({"--json", "import", scratch_.File("again.jsonl")}, *server);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"import_number\":4"), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"replaced_by_agency\":{\"border-police\":7}"), std::string::npos) << json.out;
  for (const char* command : {"assess", "findings"}) {
    Outcome stored = Cli({"--json", command, "--consistency", "stored"}, *server);
    ASSERT_EQ(stored.exit_code, 0) << command << ": " << stored.err;
    format::JsonValue value;
    std::string error;
    ASSERT_TRUE(format::ParseJson(stored.out, &value, &error)) << error;
    ASSERT_NE(value.Find("import_number"), nullptr) << stored.out;
    EXPECT_LE(value.Find("import_number")->number_value(), 4) << stored.out;
    EXPECT_EQ(value.Find("store_import_number")->number_value(), 4) << stored.out;
  }
  Outcome bad = Cli({"assess", "--consistency", "eventual"}, *server);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--consistency must be 'current' or 'stored'"), std::string::npos) << bad.err;
}

// -- Times are Timestamps ---------------------------------------------------

TEST_F(ApiContract, FirstSeenAndSinceAreTimestamps) {
  auto server = StartServer();
  const auto before = TimeUtil::GetCurrentTime().seconds() - 1;
  ASSERT_TRUE(Import(ReadFile(ScenarioPath("smuggling_only"))).ok());
  v1::ListFindingsRequest request;
  v1::ListFindingsResponse response;
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), request, &response).ok());
  ASSERT_EQ(response.findings_size(), 1);
  const google::protobuf::Timestamp first_seen = response.findings(0).first_seen();
  EXPECT_GE(first_seen.seconds(), before);
  EXPECT_LE(first_seen.seconds(), TimeUtil::GetCurrentTime().seconds() + 1);
  EXPECT_EQ(first_seen.nanos(), 0);  // to the second

  *request.mutable_since() = first_seen;  // at or after: included
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), request, &response).ok());
  EXPECT_EQ(response.findings_size(), 1);
  request.mutable_since()->set_seconds(first_seen.seconds() + 1);
  ASSERT_TRUE(reasoner_->ListFindings(Context().get(), request, &response).ok());
  EXPECT_EQ(response.findings_size(), 0);

  // The CLI still takes a date or RFC 3339 text, and prints RFC 3339.
  Outcome listed = Cli({"findings", "--since", "2026-11-29"}, *server);
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  Outcome json = Cli({"--json", "findings", "--since", "2000-01-01T02:00:00+02:00"}, *server);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"first_seen\":\"" + TimeUtil::ToString(first_seen) + "\""), std::string::npos)
      << json.out;
}

// -- Every import is logged, however it ends --------------------------------

TEST_F(ApiContract, CancelledImportsAndImportsPastTheirDeadlineAreLogged) {
  auto server = StartServer();
  const std::string text = ReadFile(ScenarioPath("smuggling_only"));
  {
    grpc::ClientContext context;
    v1::ImportResponse response;
    auto writer = graph_->Import(&context, &response);
    v1::ImportRequest request;
    request.set_file_name("half.jsonl");
    request.set_chunk(text.substr(0, text.size() / 2));
    ASSERT_TRUE(writer->Write(request));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server has (most likely) read it
    context.TryCancel();
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    v1::ImportResponse response;
    auto writer = graph_->Import(&context, &response);
    v1::ImportRequest request;
    request.set_file_name("slow.jsonl");
    request.set_chunk(text.substr(0, text.size() / 2));
    ASSERT_TRUE(writer->Write(request));
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // the client never finishes in time
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  // The log lines come once the server has noticed: wait for them. On a
  // loaded machine the call may end before palermod read its first message
  // (then the file is "(unnamed)"): the outcome is what must be logged.
  std::string log;
  for (int i = 0; i < 100; ++i) {
    log = server->log();
    if (log.find(": past its deadline, ") != std::string::npos && log.find(": cancelled, ") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(log.find("palermod: import half.jsonl sent as border-police: cancelled, ") != std::string::npos ||
              log.find("palermod: import (unnamed) sent as border-police: cancelled, ") != std::string::npos)
      << log;
  EXPECT_TRUE(log.find("palermod: import slow.jsonl sent as border-police: past its deadline, ") != std::string::npos ||
              log.find("palermod: import (unnamed) sent as border-police: past its deadline, ") != std::string::npos)
      << log;
  EXPECT_EQ(Cli({"export"}, *server).out, "");
}

}  // namespace
}  // namespace palermo
