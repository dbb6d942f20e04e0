// load-bench: Get's latency with TLS and the audit log against a plain
// palermod, and 50 concurrent clients (Get, Neighbors, ListFindings with
// deadlines) while an import runs (issue #12, "Hardening"; bench/README.md
// keeps the figures).
//
// For each configuration (plain; plain with --audit; TLS, which keeps the
// audit log; the audit log synced each batch or every 50 ms; certificates
// made here with OpenSSL) a real palermod on a fresh
// data directory gets a generated store of --persons persons; then one
// client calls Get for --seconds (median and p99), then --clients clients
// call Get, Neighbors and ListFindings in turn for --seconds while a second
// generated file is imported. Prints a Markdown table.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "access/token.h"
#include "bench/bench_util.h"
#include "bench/generator.h"
#include "common/subprocess.h"
#include "tests/access/certs.h"
#include "tests/e2e/load_driver.h"

namespace {

namespace fs = std::filesystem;
using palermo::testing::LoadOptions;
using palermo::testing::LoadResult;
using palermo::testing::Quantile;

constexpr char kUsage[] =
    "usage: load-bench [--persons N] [--clients N] [--seconds S] [--work DIR]\n"
    "  --persons N  persons of interest in the store (default 2000: about 24,000 records)\n"
    "  --clients N  concurrent clients of the load (default 50)\n"
    "  --seconds S  length of each measurement (default 10)\n"
    "  --work DIR   where files and data go (default ./load-work, removed first)\n"
    "  --only TEXT  only the configurations whose name holds TEXT (\"TLS\", \"50 ms\")\n";

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }


struct Config {
  std::string name;
  bool tls = false;
  bool audit = false;
  std::string audit_sync;  // --audit-sync, or "" (each)
};

struct Row {
  std::string config;
  LoadResult single, load;
  bool imported = false;
};

std::string Ms(double value) {
  std::ostringstream out;
  out.precision(value < 10 ? 2 : 1);
  out << std::fixed << value;
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t persons = 2000;
  int clients = 50;
  double seconds = 10;
  std::string work = "load-work";
  std::string only;  // run only the configurations whose name holds this
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) persons = std::stoull(argv[++i]);
    else if (arg == "--clients" && i + 1 < argc) clients = std::stoi(argv[++i]);
    else if (arg == "--seconds" && i + 1 < argc) seconds = std::stod(argv[++i]);
    else if (arg == "--work" && i + 1 < argc) work = argv[++i];
    else if (arg == "--only" && i + 1 < argc) only = argv[++i];
    else {
      std::cerr << kUsage;
      return 2;
    }
  }
  fs::remove_all(work);
  fs::create_directories(work);
  work = fs::absolute(work).string();
  auto file = [&](const std::string& name) { return work + "/" + name; };

  // The store's file and the one imported during the load.
  for (const auto& [name, seed, prefix] : {std::tuple<std::string, uint64_t, std::string>{"base.jsonl", 1, ""},
                                           {"more.jsonl", 2, "m-"}}) {
    palermo::bench::GeneratorOptions options;
    options.seed = seed;
    options.persons = name == "base.jsonl" ? persons : persons / 2;
    options.id_prefix = prefix;
    options.agencies = {"bench"};  // one agency: the certificate's, which imports only its own records
    std::ofstream cases(file(name)), truth(file(name + ".truth"));
    palermo::bench::Generate(options, cases, truth);
  }
  LoadOptions options;
  options.clients = clients;
  options.seconds = seconds;
  {
    const std::regex person(R"re("kind"\s*:\s*"person".*?"id"\s*:\s*"([^"]+)")re");
    std::string text;
    palermo::bench::ReadWholeFile(file("base.jsonl"), &text);
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      std::smatch match;
      if (std::regex_search(line, match, person)) options.keys.push_back("bench/" + match[1].str());
    }
  }
  if (options.keys.empty()) {
    std::cerr << "load-bench: no persons in the generated file\n";
    return 1;
  }

  // Certificates, token keys and an admin's token.
  using palermo::testing::IssueCert;
  using palermo::testing::MakeCa;
  auto ca = MakeCa("load-bench CA");
  auto server = IssueCert(ca, "palermod", "DNS:localhost,IP:127.0.0.1");
  auto agency = IssueCert(ca, "bench", "URI:palermo:agency:bench");
  WriteFile(file("ca.pem"), ca.cert_pem);
  WriteFile(file("server.crt"), server.cert_pem);
  WriteFile(file("server.key"), server.key_pem);
  WriteFile(file("bench.crt"), agency.cert_pem);
  WriteFile(file("bench.key"), agency.key_pem);
  if (!palermo::access::WriteKeyPair(file("keys")).ok()) return 1;
  auto signing = palermo::access::ReadSigningKey(file("keys/token-signing.key"));
  const int64_t now = std::time(nullptr);
  auto token = palermo::access::SignToken({"bench", "load", palermo::access::Role::kAdmin, now, now + 86400}, *signing);
  if (!token.ok()) return 1;
  WriteFile(file("token"), *token);

  std::vector<Row> rows;
  for (const Config& config :
       {Config{"plain", false, false, ""}, Config{"plain, audit log (synced each)", false, true, ""},
        Config{"plain, audit log (synced every 50 ms)", false, true, "50ms"},
        Config{"TLS, audit log (synced each)", true, true, ""},
        Config{"TLS, audit log (synced every 50 ms)", true, true, "50ms"}}) {
    if (config.name.find(only) == std::string::npos) continue;
    const std::string data = file("data-" + std::to_string(rows.size()));
    std::vector<std::string> args;
    if (config.audit) args.push_back("--audit");
    if (!config.audit_sync.empty()) args.insert(args.end(), {"--audit-sync", config.audit_sync});
    if (config.tls) {
      args.insert(args.end(), {"--tls-cert", file("server.crt"), "--tls-key", file("server.key"), "--client-ca",
                               file("ca.pem"), "--token-keys", file("keys/token-signing.pub")});
    }
    palermo::process::Palermod palermod(PALERMOD_PATH, data, data + ".log", "bench", args);
    if (!palermod.running()) {
      std::cerr << "load-bench: palermod did not start:\n" << palermod.log();
      return 1;
    }
    std::vector<std::string> cli = {PALERMO_CLI_PATH, "--server", palermod.address()};
    if (config.tls) {
      cli.insert(cli.end(), {"--ca", file("ca.pem"), "--cert", file("bench.crt"), "--key", file("bench.key"),
                             "--token-file", file("token")});
    }
    auto import = [&](const std::string& name) {
      std::vector<std::string> argv = cli;
      argv.insert(argv.end(), {"import", file(name)});
      return palermo::process::Run(argv, file("import-" + name + std::to_string(rows.size())));
    };
    if (import("base.jsonl").exit_code != 0) {
      std::cerr << "load-bench: the store's file did not import\n";
      return 1;
    }
    auto channel = [&](int) {
      grpc::ChannelArguments arguments;
      arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
      if (config.tls) {
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = ca.cert_pem;
        ssl.pem_cert_chain = agency.cert_pem;
        ssl.pem_private_key = agency.key_pem;
        credentials = grpc::CompositeChannelCredentials(grpc::SslCredentials(ssl), grpc::AccessTokenCredentials(*token));
      }
      return grpc::CreateCustomChannel(palermod.address(), credentials, arguments);
    };
    Row row;
    row.config = config.name;
    LoadOptions single = options;
    single.clients = 1;
    single.only_get = true;
    row.single = palermo::testing::RunLoad(channel, single);
    palermo::process::Outcome imported;
    std::thread importer([&] { imported = import("more.jsonl"); });
    row.load = palermo::testing::RunLoad(channel, options);
    importer.join();
    row.imported = imported.exit_code == 0;
    palermod.Kill(SIGTERM);
    rows.push_back(std::move(row));
    std::cerr << "load-bench: " << config.name << " done\n";
  }

  std::cout << "store: " << options.keys.size() << " persons of interest and their records; " << clients
            << " clients, " << seconds << " s each\n\n";
  std::cout << "| palermod | Get, 1 client: calls, median ms, p99 ms | " << clients
            << " clients while an import runs: calls, errors | Get median / p99 ms | Neighbors median / p99 ms | "
               "ListFindings median / p99 ms | import |\n";
  std::cout << "| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const Row& r : rows) {
    const auto& get1 = r.single.ms.at("Get");
    auto cell = [&](const char* method) {
      auto it = r.load.ms.find(method);
      if (it == r.load.ms.end()) return std::string("-");
      return Ms(Quantile(it->second, 0.5)) + " / " + Ms(Quantile(it->second, 0.99));
    };
    std::cout << "| " << r.config << " | " << r.single.calls << ", " << Ms(Quantile(get1, 0.5)) << ", "
              << Ms(Quantile(get1, 0.99)) << " | " << r.load.calls << ", " << r.load.errors << " | " << cell("Get")
              << " | " << cell("Neighbors") << " | " << cell("ListFindings") << " | "
              << (r.imported ? "committed" : "FAILED") << " |\n";
    for (const std::string& e : r.load.first_errors) std::cout << "  error: " << e << "\n";
  }
  return 0;
}
