// The audit log end to end (issue #12, "Audit log"): a real palermod with
// TLS keeps it; allowed and refused calls are in it with the caller's
// agency and analyst; `palermo audit log` reads it (admins only) and
// `palermo audit verify` checks it. Then, with palermod stopped, one entry
// is rewritten and, in a copy of the store, one is deleted with RocksDB's
// own ldb (Debian rocksdb-tools); verify against the restarted palermod
// fails and names the entry.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <signal.h>

#include <thread>

#include "common/encoding.h"
#include "tests/e2e/access_fixture.h"
#include "tests/e2e/load_driver.h"

namespace palermo::testing {
namespace {

class AuditE2e : public AccessTest {
 protected:
  // ldb on the audit family of the store at `data`.
  process::Outcome Ldb(const std::string& data, std::vector<std::string> args) {
    std::vector<std::string> argv = {PALERMO_LDB_PATH, "--db=" + data, "--column_family=audit", "--hex"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv);
  }

  // The hex of an entry's key ('e' and the index, big-endian).
  static std::string EntryKey(uint64_t index) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "0x65%016llX", static_cast<unsigned long long>(index));
    return hex;
  }
};

TEST_F(AuditE2e, CallsAndRefusalsAreLoggedAndTamperingIsNamed) {
  const std::string admin = Token("border-police", "alice", "admin");
  const std::string reader = Token("labour-inspectorate", "bob", "reader");
  Write("case.jsonl", R"({"kind":"person","id":"p1","names":["Samir Haddad"]})" "\n");
  ASSERT_EQ(As("border-police", admin, {"import", scratch_.File("case.jsonl")}).exit_code, 0);
  ASSERT_EQ(As("border-police", admin, {"get", "p1"}).exit_code, 0);
  // Refused: a role without the method, and a token of a key palermod does not know.
  EXPECT_NE(As("labour-inspectorate", reader, {"import", scratch_.File("case.jsonl")}).exit_code, 0);
  EXPECT_NE(As("border-police", Token("border-police", "mallory", "admin", "other-keys"), {"findings"}).exit_code, 0);
  EXPECT_NE(As("labour-inspectorate", reader, {"audit", "log"}).exit_code, 0) << "the log is for admins";

  process::Outcome log = As("border-police", admin, {"audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  for (const std::string& expected :
       {std::string(R"("agency":"border-police","analyst":"alice","method":"/palermo.v1.GraphService/Import")"),
        std::string(R"("method":"/palermo.v1.GraphService/Get")"),
        std::string(R"("analyst":"","method":"/palermo.v1.ReasonerService/ListFindings","request":"","outcome":"16: )")}) {
    EXPECT_NE(log.out.find(expected), std::string::npos) << expected << "\n" << log.out;
  }
  // The Get's reply named one key: its digest is there, not the key.
  EXPECT_NE(log.out.find(R"("keys":1,"keys_digest":")"), std::string::npos) << log.out;
  EXPECT_EQ(log.out.find("Samir"), std::string::npos) << "no content in the log";

  process::Outcome verified = As("border-police", admin, {"audit", "verify", "--log-key",
                                                          scratch_.File("data/audit-signing.pub")});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("the log verifies"), std::string::npos) << verified.out;

  // Another agency checks the whole log too, reading only its own entries.
  const std::string their_admin = Token("labour-inspectorate", "carol", "admin");
  process::Outcome their_log = As("labour-inspectorate", their_admin, {"audit", "log"});
  ASSERT_EQ(their_log.exit_code, 0) << their_log.err;
  EXPECT_EQ(their_log.out.find("\"agency\":\"border-police\""), std::string::npos) << their_log.out;
  for (const std::string& expected :
       {std::string(R"("agency":"labour-inspectorate","analyst":"bob","method":"/palermo.v1.GraphService/Import")"),
        std::string(R"("outcome":"7: the role reader may not call palermo.v1.GraphService/Import")"),
        std::string(R"("method":"/palermo.v1.AuditService/ReadLog","request":"","outcome":"7: )")}) {
    EXPECT_NE(their_log.out.find(expected), std::string::npos) << expected << "\n" << their_log.out;
  }
  EXPECT_EQ(As("labour-inspectorate", their_admin, {"audit", "log", "--since", "2999-01-01"}).out, "");
  process::Outcome bad_since = As("labour-inspectorate", their_admin, {"audit", "log", "--since", "yesterday"});
  EXPECT_NE(bad_since.exit_code, 0);
  EXPECT_NE(bad_since.err.find("since:"), std::string::npos) << bad_since.err;
  EXPECT_NE(As("labour-inspectorate", their_admin, {"audit", "log", "--since", "2000"}).out, "");
  process::Outcome their_check = As("labour-inspectorate", their_admin, {"audit", "verify"});
  EXPECT_EQ(their_check.exit_code, 0) << their_check.out << their_check.err;
  EXPECT_NE(their_check.out.find("checked by their stored hashes only"), std::string::npos) << their_check.out;

  // Tampering, palermod stopped (its last checkpoint covers every entry).
  ASSERT_EQ(server_->Kill(SIGTERM), 0) << server_->log();
  std::filesystem::copy(scratch_.File("data"), scratch_.File("copy"), std::filesystem::copy_options::recursive);
  process::Outcome entry = Ldb(scratch_.File("data"), {"get", EntryKey(1)});
  ASSERT_EQ(entry.exit_code, 0) << entry.err;
  // ldb writes hex in capitals; it reads either.
  std::string value = entry.out.substr(0, entry.out.find_first_of("\r\n"));
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string from = Hex("\"method\":\"/palermo.v1.GraphService/Get\"");
  const std::string to = Hex("\"method\":\"/palermo.v1.GraphService/Gex\"");
  ASSERT_NE(value.find(from), std::string::npos) << "entry 1 is the Get: " << value;
  value.replace(value.find(from), from.size(), to);
  process::Outcome put = Ldb(scratch_.File("data"), {"put", EntryKey(1), value});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  process::Outcome deleted = Ldb(scratch_.File("copy"), {"delete", EntryKey(2)});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;

  for (const auto& [data, named] : {std::pair<std::string, std::string>{"data", "entry 1 was changed"},
                                    {"copy", "entry 2 is missing"}}) {
    server_ = StartWithTls(data);
    ASSERT_TRUE(server_->running()) << server_->log();
    process::Outcome failed = As("border-police", admin, {"audit", "verify", "--log-key",
                                                          scratch_.File("data/audit-signing.pub")});
    EXPECT_EQ(failed.exit_code, 1) << data << ": " << failed.out << failed.err;
    EXPECT_NE(failed.out.find("FAILED: " + named), std::string::npos) << data << ": " << failed.out;
    server_->Kill(SIGTERM);
  }
}

// Analysts of one agency may share a connection (a gateway's, with a
// token per call): each call is the analyst's whose token it carries, in
// the services and in the log, whatever calls came before it on that
// connection.
TEST_F(AuditE2e, EachCallOnASharedConnectionIsItsOwnAnalysts) {
  const std::string alice = Bearer(Token("border-police", "alice", "admin"));
  const std::string bob = Bearer(Token("border-police", "bob", "reader"));
  auto connection = Channel("border-police", "");
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(CallBare(connection, "/palermo.v1.ReasonerService/ListRules", alice).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_NE(CallBare(connection, "/palermo.v1.ReasonerService/ListRules", bob).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  // A reader's token after an admin's on the same connection is still a reader's.
  EXPECT_EQ(CallBare(connection, "/palermo.v1.AuditService/ReadLog", bob).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  process::Outcome log = As("border-police", Token("border-police", "carol", "admin"), {"audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  auto list_rules_calls_of = [&](const std::string& analyst) {
    const std::string entry = "\"analyst\":\"" + analyst + "\",\"method\":\"/palermo.v1.ReasonerService/ListRules\"";
    size_t calls = 0;
    for (size_t at = 0; (at = log.out.find(entry, at)) != std::string::npos; ++at) ++calls;
    return calls;
  };
  EXPECT_EQ(list_rules_calls_of("alice"), 3u) << log.out;
  EXPECT_EQ(list_rules_calls_of("bob"), 3u) << log.out;
}

// A case of `n` persons in pairs, each pair joined by an event and a
// payment, ids prefixed `prefix`.
std::string PairsCase(const std::string& prefix, int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += R"({"kind":"person","id":")" + prefix + std::to_string(i) + R"(","names":["Person )" + prefix +
            std::to_string(i) + R"("]})" "\n";
  }
  for (int i = 0; i + 1 < n; i += 2) {
    const std::string a = prefix + std::to_string(i), b = prefix + std::to_string(i + 1);
    text += R"({"kind":"event","id":"e)" + a + R"(","type":"border_crossing","date":"2024-03-01","subject":")" + a +
            R"(","actors":[")" + b + R"("],"entry":"irregular"})" "\n";
    text += R"({"kind":"transaction","id":"t)" + a + R"(","type":"smuggling_fee","payer":")" + a + R"(","payee":")" +
            b + R"(","amount":900,"currency":"EUR","date":"2024-02-20"})" "\n";
  }
  return text;
}

// 50 clients with TLS and the audit log on, while an import runs: no call
// fails, every call is in the log, and the log verifies.
TEST_F(AuditE2e, FiftyClientsWhileAnImportRunsGetNoErrorAndAreAllLogged) {
  const std::string admin = Token("border-police", "alice", "admin");
  Write("base.jsonl", PairsCase("p", 400));
  Write("more.jsonl", PairsCase("q", 2000));
  ASSERT_EQ(As("border-police", admin, {"import", scratch_.File("base.jsonl")}).exit_code, 0);
  const std::string bearer = Bearer(admin);
  LoadOptions options;
  options.clients = 50;
  options.seconds = 4;
  for (int i = 0; i < 400; ++i) options.keys.push_back("border-police/p" + std::to_string(i));
  process::Outcome imported;
  std::thread importer([&] { imported = As("border-police", admin, {"import", scratch_.File("more.jsonl")}); });
  LoadResult load = RunLoad([&](int) { return Channel("border-police", bearer, "", true); }, options);
  importer.join();
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_GT(load.calls, 50);
  EXPECT_EQ(load.errors, 0) << ::testing::PrintToString(load.first_errors);
  for (const char* method : {"Get", "Neighbors", "ListFindings"}) EXPECT_FALSE(load.ms[method].empty()) << method;
  // Every call is an entry (besides the imports' and these reads').
  process::Outcome log = As("border-police", admin, {"audit", "log"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  int64_t reads = 0;
  for (size_t at = 0; (at = log.out.find("\"method\":\"/palermo.v1.", at)) != std::string::npos; ++at) {
    const std::string method = log.out.substr(at + 22, 30);
    if (method.rfind("GraphService/Get\"", 0) == 0 || method.rfind("GraphService/Neighbors\"", 0) == 0 ||
        method.rfind("ReasonerService/ListFindings\"", 0) == 0) {
      ++reads;
    }
  }
  EXPECT_EQ(reads, load.calls);
  process::Outcome verified = As("border-police", admin, {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// A development palermod keeps the log with --audit; with a sync interval
// the entries still verify, and the last checkpoint at stop covers them.
TEST_F(AuditE2e, ADevelopmentPalermodKeepsTheLogWithASyncInterval) {
  auto dev = StartServer("default", {"--audit", "--audit-sync", "20ms", "--audit-checkpoint-entries", "2"}, "dev");
  ASSERT_TRUE(dev->running()) << dev->log();
  Write("case.jsonl", R"({"kind":"person","id":"p1","names":["Samir Haddad"]})" "\n");
  ASSERT_EQ(Cli({"import", scratch_.File("case.jsonl")}, *dev).exit_code, 0);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Cli({"get", "p1"}, *dev).exit_code, 0);
  process::Outcome verified = Cli({"audit", "verify"}, *dev);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("the log verifies"), std::string::npos) << verified.out;
  process::Outcome log = Cli({"audit", "log"}, *dev);
  EXPECT_NE(log.out.find(R"("agency":"default","analyst":"","method":"/palermo.v1.GraphService/Get")"),
            std::string::npos) << log.out;
  ASSERT_EQ(dev->Kill(SIGTERM), 0);
  auto again = StartServer("default", {"--audit"}, "dev");
  ASSERT_TRUE(again->running()) << again->log();
  process::Outcome after = Cli({"audit", "verify"}, *again);
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  EXPECT_EQ(again->log().find("damaged"), std::string::npos) << again->log();
  // Without --audit there is no log to read.
  auto none = StartServer("default", {}, "none");
  process::Outcome no_log = Cli({"audit", "log"}, *none);
  EXPECT_NE(no_log.exit_code, 0);
  EXPECT_NE(no_log.err.find("keeps no audit log"), std::string::npos) << no_log.err;
  // palermod refuses a sync it does not know.
  process::Outcome bad = process::Run({PALERMOD_PATH, "--data", scratch_.File("bad"), "--audit-sync", "often"},
                                      scratch_.File("bad-sync"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--audit-sync takes each or a number of milliseconds"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace palermo::testing
