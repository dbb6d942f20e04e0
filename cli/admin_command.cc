#include "cli/admin_command.h"

#include <ctime>
#include <iostream>

#include "access/token.h"

namespace palermo::cli {

const char kAdminHelp[] =
    "usage: palermo admin keygen --out DIR\n"
    "       palermo admin token --key DIR/token-signing.key --agency A --analyst NAME\n"
    "                           --role reader|importer|linker|admin [--days N]\n"
    "\n"
    "Run locally; nothing is sent to palermod (docs/ACCESS.md).\n"
    "keygen: makes the Ed25519 key pair tokens are signed with: DIR/token-signing.key (mode\n"
    "0600; keep it with whoever issues tokens) and DIR/token-signing.pub (for palermod\n"
    "--token-keys). Existing keys are never overwritten.\n"
    "token: prints one token (a JWS signed with EdDSA) naming the agency, the analyst and\n"
    "the role, valid for N days (default 1, at most 366). The analyst passes it with\n"
    "'palermo --token-file F'; palermod accepts it only with a client certificate of the\n"
    "same agency.\n";

namespace {

int Keygen(const Args& args) {
  if (!args.has("--out")) return Usage("admin keygen needs --out DIR");
  Status s = access::WriteKeyPair(args.one("--out"));
  if (!s.ok()) {
    std::cerr << "palermo: " << s.message() << "\n";
    return 1;
  }
  std::cerr << "palermo: wrote " << args.one("--out") << "/" << access::kSigningKeyFile << " (secret) and "
            << args.one("--out") << "/" << access::kPublicKeyFile << "\n";
  return 0;
}

int Token(const Args& args) {
  for (const char* flag : {"--key", "--agency", "--analyst", "--role"}) {
    if (!args.has(flag)) return Usage(std::string("admin token needs ") + flag);
  }
  auto role = access::ParseRole(args.one("--role"));
  if (!role) return Usage("--role must be reader, importer, linker or admin");
  uint32_t days = 1;
  std::string error;
  if (args.has("--days") && (!ParseCount(args.one("--days"), "--days", &days, &error) || days > 366)) {
    return Usage(error.empty() ? "--days must be at most 366" : error);
  }
  auto key = access::ReadSigningKey(args.one("--key"));
  if (!key.ok()) {
    std::cerr << "palermo: --key: " << key.status().message() << "\n";
    return 1;
  }
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  access::Claims claims{args.one("--agency"), args.one("--analyst"), *role, now, now + int64_t{86400} * days};
  auto token = access::SignToken(claims, *key);
  if (!token.ok()) {
    std::cerr << "palermo: " << token.status().message() << "\n";
    return 1;
  }
  std::cout << *token << "\n";
  return 0;
}

}  // namespace

int Admin(const Global&, const std::vector<std::string>& raw) {
  if (raw.empty()) return Usage("admin needs a subcommand: keygen or token");
  const std::string sub = raw[0];
  static const std::map<std::string, std::map<std::string, bool>> kOptions = {
      {"keygen", {{"--out", true}}},
      {"token", {{"--key", true}, {"--agency", true}, {"--analyst", true}, {"--role", true}, {"--days", true}}},
  };
  auto options = kOptions.find(sub);
  if (options == kOptions.end()) return Usage("unknown admin subcommand \"" + sub + "\" (keygen or token)");
  Args args;
  std::string error;
  if (!ParseArgs({raw.begin() + 1, raw.end()}, options->second, &args, &error)) return Usage(error);
  if (!args.positional.empty()) return Usage("admin " + sub + " takes no positional arguments");
  return sub == "keygen" ? Keygen(args) : Token(args);
}

}  // namespace palermo::cli
