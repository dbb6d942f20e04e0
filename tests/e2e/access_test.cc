// Access control end to end (issue #12, "Identity" and "Roles"): a real
// palermod with TLS, certificates made in the test (a CA, palermod's
// certificate for localhost and 127.0.0.1, agency certificates with the
// URI SAN palermo:agency:NAME, and a stranger CA's), keys and tokens made
// with `palermo admin`, calls through the CLI and through stubs. Calls go
// to 127.0.0.1 (the server certificate's IP SAN): naming localhost would
// resolve it through c-ares, whose allocation LeakSanitizer reports.
#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cctype>
#include <ctime>
#include <set>

#include "access/token.h"
#include "palermo/v1/analytics.pb.h"
#include "palermo/v1/linkage_service.pb.h"
#include "tests/access/certs.h"
#include "tests/e2e/e2e_fixture.h"

namespace palermo::testing {
namespace {

class AccessTest : public E2eTest {
 protected:
  void SetUp() override {
    KeyAndCert ca = MakeCa("Palermo test CA"), stranger_ca = MakeCa("another CA");
    Write("ca.pem", ca.cert_pem);
    Write("server", IssueCert(ca, "palermod", "DNS:localhost,IP:127.0.0.1"));
    Write("border-police", IssueCert(ca, "border police", "URI:palermo:agency:border-police"));
    Write("labour-inspectorate", IssueCert(ca, "labour inspectorate", "URI:palermo:agency:labour-inspectorate"));
    Write("no-agency", IssueCert(ca, "nobody", "DNS:nobody.example"));
    Write("stranger", IssueCert(stranger_ca, "stranger", "URI:palermo:agency:border-police"));
    ASSERT_EQ(Run({PALERMO_CLI_PATH, "admin", "keygen", "--out", scratch_.File("keys")}).exit_code, 0);
    ASSERT_EQ(Run({PALERMO_CLI_PATH, "admin", "keygen", "--out", scratch_.File("other-keys")}).exit_code, 0);
    server_ = StartWithTls("data");
    ASSERT_TRUE(server_->running()) << server_->log();
  }

  // palermod with the test's certificates and token key, its data in
  // scratch_/`name`, and `extra` arguments.
  std::unique_ptr<process::Palermod> StartWithTls(const std::string& name, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--tls-cert",  scratch_.File("server.crt"), "--tls-key",
                                     scratch_.File("server.key"), "--client-ca", scratch_.File("ca.pem"),
                                     "--token-keys", scratch_.File("keys/token-signing.pub")};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<process::Palermod>(PALERMOD_PATH, scratch_.File(name), scratch_.File(name + ".log"),
                                               "default", args);
  }

  void Write(const std::string& name, const std::string& text) { WriteFile(scratch_.File(name), text); }
  void Write(const std::string& name, const KeyAndCert& pair) {
    Write(name + ".key", pair.key_pem);
    Write(name + ".crt", pair.cert_pem);
  }

  process::Outcome Run(const std::vector<std::string>& argv) {
    return process::Run(argv, scratch_.File("run" + std::to_string(++runs_)));
  }

  // `palermo admin token` for an agency, analyst and role; the token's file.
  std::string Token(const std::string& agency, const std::string& analyst, const std::string& role,
                    const std::string& keys = "keys") {
    process::Outcome made = Run({PALERMO_CLI_PATH, "admin", "token", "--key", scratch_.File(keys + "/token-signing.key"),
                                 "--agency", agency, "--analyst", analyst, "--role", role});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    const std::string path = scratch_.File("token" + std::to_string(++tokens_));
    Write(path.substr(path.rfind('/') + 1), made.out);
    return path;
  }

  // The CLI as `certificate`'s agency with `token_file` (none when empty).
  process::Outcome As(const std::string& certificate, const std::string& token_file, std::vector<std::string> args) {
    std::vector<std::string> argv = {PALERMO_CLI_PATH, "--server", server_->address(), "--ca", scratch_.File("ca.pem"),
                                     "--cert", scratch_.File(certificate + ".crt"), "--key",
                                     scratch_.File(certificate + ".key")};
    if (!token_file.empty()) argv.insert(argv.end(), {"--token-file", token_file});
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv);
  }

  // A token file's token (without the newline the CLI printed).
  static std::string Bearer(const std::string& path) {
    std::string token = ReadFile(path);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    return token;
  }

  // A channel as `certificate`'s agency presenting `token` (none when
  // empty) to the palermod at `address` (the test's when empty).
  std::shared_ptr<grpc::Channel> Channel(const std::string& certificate, const std::string& token,
                                         const std::string& address = "") {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(scratch_.File("ca.pem"));
    ssl.pem_cert_chain = ReadFile(scratch_.File(certificate + ".crt"));
    ssl.pem_private_key = ReadFile(scratch_.File(certificate + ".key"));
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
    if (!token.empty()) {
      credentials = grpc::CompositeChannelCredentials(
          credentials, grpc::AccessTokenCredentials(token));  // "authorization: Bearer TOKEN"
    }
    return grpc::CreateChannel(address.empty() ? server_->address() : address, credentials);
  }

  // Calls `method` ("/package.Service/Method") with no request message and
  // returns how it ended: enough to see whether the access check let it
  // through (a call it lets through fails later, for want of a request).
  static grpc::Status CallBare(const std::shared_ptr<grpc::Channel>& channel, const std::string& method) {
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    // Short: a call let through without a request may wait (a stream) until then.
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
    grpc::CompletionQueue cq;
    auto call = stub.PrepareCall(&context, method, &cq);
    void* tag = nullptr;
    bool ok = false;
    call->StartCall(reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    call->WritesDone(reinterpret_cast<void*>(2));
    cq.Next(&tag, &ok);
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void*>(3));
    while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(3)) {
    }
    return status;
  }

  std::unique_ptr<process::Palermod> server_;
  int tokens_ = 0;
};

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

TEST_F(AccessTest, NoCertificateAnotherCasCertificateOrNoAgencyIsRefused) {
  const std::string reader = Token("border-police", "alice", "reader");
  // No client certificate: the handshake fails.
  grpc::SslCredentialsOptions no_cert;
  no_cert.pem_root_certs = ReadFile(scratch_.File("ca.pem"));
  auto bare = grpc::CreateChannel(server_->address(), grpc::SslCredentials(no_cert));
  EXPECT_EQ(CallBare(bare, "/palermo.v1.ReasonerService/ListRules").error_code(), grpc::StatusCode::UNAVAILABLE);
  // A certificate of another CA: the handshake fails.
  EXPECT_NE(As("stranger", reader, {"rules", "list"}).exit_code, 0);
  // A plain connection to a TLS palermod: nothing.
  auto plain = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(CallBare(plain, "/palermo.v1.ReasonerService/ListRules").error_code(), grpc::StatusCode::UNAVAILABLE);
  // Our CA, but no agency in the certificate.
  grpc::Status no_agency = CallBare(Channel("no-agency", Bearer(reader)), "/palermo.v1.ReasonerService/ListRules");
  EXPECT_EQ(no_agency.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(no_agency.error_message().find("names no agency"), std::string::npos) << no_agency.error_message();
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
      "LinkageService/FindCandidates", "LinkageService/ListDecisions", "LinkageService/GetLinkageModel"};
  // Linking these messages puts their services' descriptors in the pool.
  ASSERT_NE(palermo::v1::FindCandidatesRequest::descriptor(), nullptr);
  ASSERT_NE(palermo::v1::NetworksRequest::descriptor(), nullptr);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  int walked = 0;
  for (const char* name : {"palermo.v1.GraphService", "palermo.v1.ReasonerService", "palermo.v1.LinkageService",
                           "palermo.v1.AnalyticsService"}) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int m = 0; m < service->method_count(); ++m) {
      const std::string short_name = service->name() + "/" + service->method(m)->name();
      const std::string method = "/" + service->full_name() + "/" + service->method(m)->name();
      const bool allowed = reader_may.count(short_name) > 0 || service->name() == "AnalyticsService";
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
      ++walked;
    }
  }
  EXPECT_GE(walked, 25);  // the methods of the four services today
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
