// Access control end to end (issue #12, "Identity" and "Roles"), with the
// fixture of access_fixture.h.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cctype>
#include <ctime>
#include <set>
#include <thread>

#include "access/token.h"
#include "palermo/v1/analytics.pb.h"
#include "palermo/v1/linkage_service.pb.h"
#include "tests/e2e/access_fixture.h"

namespace palermo::testing {
namespace {

constexpr char kCase[] = R"({"kind":"person","id":"p1","names":["Samir Haddad"]}
)";

TEST_F(AccessTest, AnAgencyWithItsCertificateAndATokenIsServed) {
  Write("case.jsonl", kCase);
  const std::string importer = Token("border-police", "alice", "importer");
  process::Outcome imported = As("border-police", importer, {"import", scratch_.File("case.jsonl")});
  EXPECT_EQ(imported.exit_code, 0) << imported.err << server_->log();
  process::Outcome got = As("border-police", importer, {"get", "border-police/p1"});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  EXPECT_NE(got.out.find("Samir Haddad"), std::string::npos) << got.out;
  process::Outcome own = As("border-police", importer, {"get", "p1"});
  EXPECT_EQ(own.exit_code, 0) << "a key without an agency is the caller's: " << own.err;
  EXPECT_EQ(As("border-police", "", {"health"}).exit_code, 0) << "health needs the certificate only";
  // An importer of one agency cannot write another's records, in the file or by the request.
  Write("theirs.jsonl", R"({"kind":"person","id":"w7","agency":"labour-inspectorate","names":["Muhammad Alhasan"]})"
                        "\n");
  process::Outcome theirs = As("border-police", importer, {"import", scratch_.File("theirs.jsonl")});
  EXPECT_NE(theirs.exit_code, 0);
  EXPECT_NE(theirs.err.find("imports only its own records"), std::string::npos) << theirs.err;
  process::Outcome as_them =
      As("border-police", importer, {"import", "--agency", "labour-inspectorate", scratch_.File("case.jsonl")});
  EXPECT_NE(as_them.exit_code, 0);
  EXPECT_NE(as_them.err.find("imports only its own records"), std::string::npos) << as_them.err;
  EXPECT_NE(As("border-police", importer, {"get", "labour-inspectorate/w7"}).exit_code, 0) << "nothing was written";
  EXPECT_NE(server_->log().find("callers are identified"), std::string::npos) << server_->log();
}

TEST_F(AccessTest, NoCertificateAnotherCasCertificateOrNoAgencyIsRefusedAndLogged) {
  const std::string reader = Token("border-police", "alice", "reader");
  const std::string list_rules = "/palermo.v1.ReasonerService/ListRules";
  // No client certificate: refused as a call (palermod verifies certificates itself, so that this is logged).
  grpc::SslCredentialsOptions no_cert;
  no_cert.pem_root_certs = ReadFile(scratch_.File("ca.pem"));
  auto bare = grpc::CreateChannel(server_->address(), grpc::SslCredentials(no_cert));
  grpc::Status without = CallBare(bare, list_rules);
  EXPECT_EQ(without.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(without.error_message(), "a client certificate is needed");
  // A certificate of another CA, naming an agency of ours.
  process::Outcome stranger = As("stranger", reader, {"rules", "list"});
  EXPECT_NE(stranger.exit_code, 0);
  EXPECT_NE(stranger.err.find("does not verify against the agencies' CA"), std::string::npos) << stranger.err;
  // Our CA's, but expired.
  Write("expired", IssueCert(ca_, "border police", "URI:palermo:agency:border-police", -7200, -3600));
  process::Outcome expired = As("expired", reader, {"rules", "list"});
  EXPECT_NE(expired.exit_code, 0);
  EXPECT_NE(expired.err.find("certificate has expired"), std::string::npos) << expired.err;
  // A plain connection to a TLS palermod: nothing.
  auto plain = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(CallBare(plain, list_rules).error_code(), grpc::StatusCode::UNAVAILABLE);
  // Our CA, but no agency in the certificate.
  grpc::Status no_agency = CallBare(Channel("no-agency", Bearer(reader)), list_rules);
  EXPECT_EQ(no_agency.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(no_agency.error_message().find("names no agency"), std::string::npos) << no_agency.error_message();
  // Each refusal is in the audit log, which every agency's admin reads: the caller had no agency.
  process::Outcome log = As("labour-inspectorate", Token("labour-inspectorate", "carol", "admin"), {"audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  for (const std::string& outcome :
       {std::string("16: a client certificate is needed"),
        std::string("16: the client certificate does not verify against the agencies' CA: unable to get local issuer"),
        std::string("16: the client certificate does not verify against the agencies' CA: certificate has expired"),
        std::string("16: the certificate names no agency")}) {
    EXPECT_NE(log.out.find(R"("agency":"","analyst":"","method":")" + list_rules + R"(","request":"","outcome":")" +
                           outcome),
              std::string::npos)
        << outcome << "\n" << log.out;
  }
}

TEST_F(AccessTest, MissingExpiredForgedAndOtherAgencysTokensAreRefused) {
  auto bp = [&](const std::string& token) { return CallBare(Channel("border-police", token), "/palermo.v1.ReasonerService/ListRules"); };
  EXPECT_EQ(bp("").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(bp("not.a.token").error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Signed with a key palermod does not know.
  grpc::Status forged = bp(Bearer(Token("border-police", "alice", "admin", "other-keys")));
  EXPECT_EQ(forged.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(forged.error_message().find("does not verify"), std::string::npos) << forged.error_message();
  // Expired: made with the right key, a day ago, for an hour.
  auto key = access::ReadSigningKey(scratch_.File("keys/token-signing.key"));
  ASSERT_TRUE(key.ok());
  const int64_t now = std::time(nullptr);
  auto expired = access::SignToken({"border-police", "alice", access::Role::kReader, now - 86400, now - 82800}, *key);
  ASSERT_TRUE(expired.ok());
  EXPECT_NE(bp(*expired).error_message().find("expired"), std::string::npos);
  // A token that expires after palermod has seen it (and remembered it) is refused from then on.
  auto short_lived = access::SignToken({"border-police", "alice", access::Role::kReader, now - 1, now + 2}, *key);
  ASSERT_TRUE(short_lived.ok());
  EXPECT_NE(bp(*short_lived).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  EXPECT_NE(bp(*short_lived).error_message().find("expired"), std::string::npos);
  // Another agency's token with the border police's certificate.
  grpc::Status borrowed = bp(Bearer(Token("labour-inspectorate", "bob", "admin")));
  EXPECT_EQ(borrowed.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // Each refusal is logged with the method (the audit log comes later).
  EXPECT_NE(server_->log().find("palermod: refused /palermo.v1.ReasonerService/ListRules"), std::string::npos)
      << server_->log();
}

// Every method palermod serves, walked from the service descriptors: a
// reader is refused each method the reader role does not hold, and let
// through the others; an admin through all. A method added later without
// a place in the policy is refused to readers by this same walk.
TEST_F(AccessTest, EveryMethodIsCheckedAgainstTheCallersRole) {
  auto reader = Channel("border-police", Bearer(Token("border-police", "alice", "reader")));
  auto admin = Channel("border-police", Bearer(Token("border-police", "root", "admin")));
  const std::set<std::string> reader_may = {
      "GraphService/Export", "GraphService/Get", "GraphService/Neighbors", "GraphService/Path",
      "ReasonerService/Assess", "ReasonerService/ListFindings", "ReasonerService/Explain",
      "ReasonerService/SubscribeFindings", "ReasonerService/ListRules", "ReasonerService/CheckRules",
      "LinkageService/FindCandidates", "LinkageService/ListDecisions", "LinkageService/GetLinkageModel",
      "LinkageService/ComparePair"};
  const int walked = ForEachMethod([&](const std::string& short_name, const std::string& method) {
    const bool allowed = reader_may.count(short_name) > 0 || short_name.rfind("AnalyticsService/", 0) == 0;
    grpc::Status as_reader = CallBare(reader, method);
    if (allowed) {
      EXPECT_NE(as_reader.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method;
      EXPECT_NE(as_reader.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
    } else {
      EXPECT_EQ(as_reader.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method;
      EXPECT_EQ(as_reader.error_message(), "the role reader may not call " + method.substr(1)) << method;
    }
    grpc::Status as_admin = CallBare(admin, method);
    EXPECT_NE(as_admin.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method;
    EXPECT_NE(as_admin.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  });
  EXPECT_GE(walked, 27);  // the methods of the five services today
}

TEST_F(AccessTest, APolicyLimitsWhoMayHoldARole) {
  Write("policy.txt", "role reader palermo.v1.ReasonerService/ListRules\n"
                      "role importer reader palermo.v1.GraphService/Import\n"
                      "grant border-police alice importer\n"
                      "grant * * reader\n");
  auto limited = StartWithTls("data2", {"--policy", scratch_.File("policy.txt")});
  ASSERT_TRUE(limited->running()) << limited->log();
  auto call = [&](const std::string& token, const std::string& method) {
    return CallBare(Channel("border-police", Bearer(token), limited->address()), method).error_code();
  };
  EXPECT_NE(call(Token("border-police", "alice", "importer"), "/palermo.v1.GraphService/Import"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(call(Token("border-police", "bob", "importer"), "/palermo.v1.GraphService/Import"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(call(Token("border-police", "bob", "reader"), "/palermo.v1.GraphService/Get"),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AccessTest, ADecisionNamesTheCertificatesAgencyAndTheTokensAnalyst) {
  Write("two.jsonl", R"({"kind":"person","id":"p1","names":["Samir Haddad"]}
{"kind":"person","id":"p2","names":["Samir Hadad"]}
)");
  ASSERT_EQ(As("border-police", Token("border-police", "alice", "importer"), {"import", scratch_.File("two.jsonl")})
                .exit_code,
            0);
  const std::string carol = Token("border-police", "carol", "linker");
  process::Outcome decided = As("border-police", carol,
                                {"linkage", "decide", "border-police/p1", "border-police/p2", "--same", "--analyst",
                                 "mallory"});
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  process::Outcome listed = As("border-police", carol, {"--json", "linkage", "decisions"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"analyst\":\"carol\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"agency\":\"border-police\""), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("mallory"), std::string::npos) << "the request's analyst is not believed";
}

TEST_F(AccessTest, PalermodRefusesBadAccessSettings) {
  auto start = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {PALERMOD_PATH, "--data", scratch_.File("bad")});
    return Run(args);
  };
  process::Outcome open = start({"--listen", "0.0.0.0:0"});
  EXPECT_EQ(open.exit_code, 2);
  EXPECT_NE(open.err.find("only on loopback"), std::string::npos) << open.err;
  process::Outcome partial = start({"--tls-cert", scratch_.File("server.crt")});
  EXPECT_EQ(partial.exit_code, 2);
  EXPECT_NE(partial.err.find("go together"), std::string::npos) << partial.err;
  Write("typo.txt", "role reader palermo.v1.GraphService/Gett\ngrant * * reader\n");
  process::Outcome typo = start({"--listen", "127.0.0.1:0", "--tls-cert", scratch_.File("server.crt"), "--tls-key",
                                 scratch_.File("server.key"), "--client-ca", scratch_.File("ca.pem"), "--token-keys",
                                 scratch_.File("keys/token-signing.pub"), "--policy", scratch_.File("typo.txt")});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("palermo.v1.GraphService/Gett"), std::string::npos) << typo.err;
  EXPECT_NE(Run({PALERMO_CLI_PATH, "admin", "keygen", "--out", scratch_.File("keys")}).exit_code, 0)
      << "a key is never overwritten";
  EXPECT_EQ(Run({PALERMO_CLI_PATH, "admin", "token", "--key", scratch_.File("keys/token-signing.key"), "--agency",
                 "border-police", "--analyst", "alice", "--role", "root"})
                .exit_code,
            2);
}

}  // namespace
}  // namespace palermo::testing
