// The audit log end to end (issue #12, "Audit log"): a real palermod with
// TLS keeps it; allowed and refused calls are in it with the caller's
// agency and analyst; `palermo audit log` reads it (admins only) and
// `palermo audit verify` checks it. Then, with palermod stopped, one entry
// is rewritten and, in a copy of the store, one is deleted with RocksDB's
// own ldb (Debian rocksdb-tools); verify against the restarted palermod
// fails and names the entry.
#include <gtest/gtest.h>

#include <filesystem>
#include <signal.h>

#include "tests/e2e/access_fixture.h"

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

  static std::string Hex(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    return out;
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
  EXPECT_NE(As("labour-inspectorate", their_admin, {"audit", "log", "--since", "2000"}).out, "");
  process::Outcome their_check = As("labour-inspectorate", their_admin, {"audit", "verify"});
  EXPECT_EQ(their_check.exit_code, 0) << their_check.out << their_check.err;
  EXPECT_NE(their_check.out.find("checked by their stored hashes only"), std::string::npos) << their_check.out;

  // Tampering, palermod stopped (its last checkpoint covers every entry).
  ASSERT_EQ(server_->Kill(SIGTERM), 0) << server_->log();
  std::filesystem::copy(scratch_.File("data"), scratch_.File("copy"), std::filesystem::copy_options::recursive);
  process::Outcome entry = Ldb(scratch_.File("data"), {"get", EntryKey(1)});
  ASSERT_EQ(entry.exit_code, 0) << entry.err;
  std::string value = entry.out.substr(0, entry.out.find_first_of("\r\n"));
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

}  // namespace
}  // namespace palermo::testing
