// The fixture of the access-control end-to-end tests (access_test.cc,
// record_access_test.cc): a real palermod with TLS, certificates made in
// the test (a CA, palermod's certificate for localhost and 127.0.0.1,
// agency certificates with the URI SAN palermo:agency:NAME, and a
// stranger CA's), keys and tokens made with `palermo admin`, calls through
// the CLI and through stubs. Calls go to 127.0.0.1 (the server
// certificate's IP SAN): naming localhost would resolve it through c-ares,
// whose allocation LeakSanitizer reports.
#pragma once

#include <google/protobuf/descriptor.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "palermo/v1/analytics.pb.h"
#include "palermo/v1/audit.pb.h"
#include "palermo/v1/linkage_service.pb.h"
#include "tests/access/certs.h"
#include "tests/e2e/e2e_fixture.h"

namespace palermo::testing {

class AccessTest : public E2eTest {
 protected:
  void SetUp() override {
    ca_ = MakeCa("Palermo test CA");
    const KeyAndCert& ca = ca_;
    KeyAndCert stranger_ca = MakeCa("another CA");
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

  KeyAndCert ca_;  // the agencies' CA

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
                                         const std::string& address = "", bool own_connection = false) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(scratch_.File("ca.pem"));
    ssl.pem_cert_chain = ReadFile(scratch_.File(certificate + ".crt"));
    ssl.pem_private_key = ReadFile(scratch_.File(certificate + ".key"));
    std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
    if (!token.empty()) {
      credentials = grpc::CompositeChannelCredentials(
          credentials, grpc::AccessTokenCredentials(token));  // "authorization: Bearer TOKEN"
    }
    grpc::ChannelArguments arguments;
    // Its own connection, as a client of its own would have (else gRPC
    // shares one among channels of the same target and arguments).
    if (own_connection) arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(address.empty() ? server_->address() : address, credentials, arguments);
  }

  // Calls `method` ("/package.Service/Method") with no request message and
  // returns how it ended: enough to see whether the access check let it
  // through (a call it lets through fails later, for want of a request).
  // `token` (optional): the call's own token, on a channel without one.
  static grpc::Status CallBare(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                               const std::string& token = "") {
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    if (!token.empty()) context.set_credentials(grpc::AccessTokenCredentials(token));
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

  // Calls fn("Service/Method", "/package.Service/Method") for every method
  // of palermod's services, from their descriptors; the count.
  static int ForEachMethod(const std::function<void(const std::string&, const std::string&)>& fn) {
    // Linking these messages puts their services' descriptors in the pool.
    EXPECT_NE(palermo::v1::FindCandidatesRequest::descriptor(), nullptr);
    EXPECT_NE(palermo::v1::NetworksRequest::descriptor(), nullptr);
    EXPECT_NE(palermo::v1::ReadLogRequest::descriptor(), nullptr);
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    int walked = 0;
    for (const char* name : {"palermo.v1.GraphService", "palermo.v1.ReasonerService", "palermo.v1.LinkageService",
                             "palermo.v1.AnalyticsService", "palermo.v1.AuditService"}) {
      const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
      EXPECT_NE(service, nullptr) << name;
      for (int m = 0; service != nullptr && m < service->method_count(); ++m) {
        fn(service->name() + "/" + service->method(m)->name(),
           "/" + service->full_name() + "/" + service->method(m)->name());
        ++walked;
      }
    }
    return walked;
  }

  std::unique_ptr<process::Palermod> server_;
  int tokens_ = 0;
};

}  // namespace palermo::testing
