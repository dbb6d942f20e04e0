#include "cli/audit_command.h"

#include <iostream>

#include "access/audit.h"
#include "palermo/v1/audit.grpc.pb.h"

namespace palermo::cli {

namespace v1 = palermo::v1;

const char kAuditHelp[] =
    "usage: palermo audit log [--since TIME] [--agency A]\n"
    "       palermo audit verify [--log-key FILE]\n"
    "\n"
    "log: the audit log's entries (one JSON object per line, with its index): every call\n"
    "palermod answered, allowed or refused: time, agency, analyst, method, a digest of the\n"
    "request, the outcome, and how many global keys the reply named with their digest.\n"
    "With TLS an agency reads the entries of its own calls.\n"
    "--since takes a date or an RFC 3339 time; --agency the calls of one agency.\n"
    "verify: reads the whole log and its signed checkpoints and checks, on this side, that\n"
    "every entry still hashes as it did when written, that none is missing, that each\n"
    "checkpoint's signature verifies and its root is that of the entries before it, and that\n"
    "each checkpoint is consistent with the one before (RFC 6962); other agencies' entries\n"
    "come as their stored hashes only. Exits 1 naming each entry\n"
    "or checkpoint that fails. --log-key: the log's public key (palermod's\n"
    "DATA/audit-signing.pub, or the .pub of its --audit-key); without it the key palermod\n"
    "reports is used, and the output says so.\n";

namespace {

// The whole answer of ReadLog.
grpc::Status ReadAll(const Global& global, const v1::ReadLogRequest& request, std::vector<v1::AuditLogEntry>* entries,
                     std::vector<std::string>* checkpoints, std::string* public_key) {
  auto stub = v1::AuditService::NewStub(Connect(global));
  auto context = NewContext(600);
  auto reader = stub->ReadLog(context.get(), request);
  v1::ReadLogChunk chunk;
  while (reader->Read(&chunk)) {
    if (!chunk.public_key().empty()) *public_key = chunk.public_key();
    for (auto& e : *chunk.mutable_entries()) entries->push_back(std::move(e));
    for (auto& c : *chunk.mutable_checkpoints()) checkpoints->push_back(std::move(c));
  }
  return reader->Finish();
}

int Log(const Global& global, const Args& args) {
  v1::ReadLogRequest request;
  request.set_since(args.one("--since"));
  request.set_agency(args.one("--agency"));
  std::vector<v1::AuditLogEntry> entries;
  std::vector<std::string> checkpoints;
  std::string key;
  grpc::Status status = ReadAll(global, request, &entries, &checkpoints, &key);
  if (!status.ok()) return Fail(global, status);
  for (const auto& e : entries) {
    // The stored object with its index first.
    std::cout << "{\"index\":" << e.index() << "," << e.text().substr(e.text().empty() ? 0 : 1) << "\n";
  }
  std::cout.flush();
  return 0;
}

int Verify(const Global& global, const Args& args) {
  v1::ReadLogRequest request;
  request.set_checkpoints(true);
  std::vector<v1::AuditLogEntry> entries;
  std::vector<std::string> checkpoints;
  std::string reported;
  grpc::Status status = ReadAll(global, request, &entries, &checkpoints, &reported);
  if (!status.ok()) return Fail(global, status);
  access::PublicKey key{};
  if (args.has("--log-key")) {
    auto keys = access::ReadPublicKeys(args.one("--log-key"));
    if (!keys.ok() || keys->empty()) {
      std::cerr << "palermo: --log-key: " << (keys.ok() ? "no key in the file" : keys.status().message()) << "\n";
      return 2;
    }
    key = keys->front();
  } else {
    if (reported.size() != key.size()) {
      std::cerr << "palermo: palermod reported no audit log key\n";
      return 1;
    }
    std::copy(reported.begin(), reported.end(), key.begin());
    std::cerr << "palermo: checking with the key palermod reports; give --log-key to check against a key you hold\n";
  }
  std::vector<access::AuditEntry> stored;
  for (const auto& e : entries) {
    access::AuditEntry entry;
    entry.index = e.index();
    entry.text = e.text();
    entry.withheld = e.withheld();
    if (e.stored_leaf().size() == entry.stored_leaf.size()) {
      std::copy(e.stored_leaf().begin(), e.stored_leaf().end(), entry.stored_leaf.begin());
    }
    stored.push_back(std::move(entry));
  }
  const access::AuditVerdict verdict = access::VerifyAuditLog(stored, checkpoints, key);
  for (const std::string& problem : verdict.problems) std::cout << "FAILED: " << problem << "\n";
  std::cout << verdict.entries << " entries, " << verdict.checkpoints << " checkpoints; "
            << (verdict.problems.empty() ? "the log verifies" : std::to_string(verdict.problems.size()) + " problems")
            << "; the last valid checkpoint covers " << verdict.covered << " entries"
            << (verdict.withheld > 0 ? "; " + std::to_string(verdict.withheld) +
                                           " entries of other agencies checked by their stored hashes only"
                                     : std::string())
            << std::endl;
  return verdict.problems.empty() ? 0 : 1;
}

}  // namespace

int Audit(const Global& global, const std::vector<std::string>& raw) {
  if (raw.empty()) return Usage("audit needs log or verify");
  const std::string sub = raw[0];
  Args args;
  std::string error;
  const std::vector<std::string> rest(raw.begin() + 1, raw.end());
  if (sub == "log") {
    if (!ParseArgs(rest, {{"--since", true}, {"--agency", true}}, &args, &error)) return Usage(error);
    if (!args.positional.empty()) return Usage("audit log takes no arguments");
    return Log(global, args);
  }
  if (sub == "verify") {
    if (!ParseArgs(rest, {{"--log-key", true}}, &args, &error)) return Usage(error);
    if (!args.positional.empty()) return Usage("audit verify takes no arguments");
    return Verify(global, args);
  }
  return Usage("audit takes log or verify, not " + sub);
}

}  // namespace palermo::cli
