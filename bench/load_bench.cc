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

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
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
    "usage: load-bench [--persons N] [--clients N] [--seconds S] [--work DIR] [--only TEXT] [--rounds R] [--compare P]\n"
    "  --persons N  persons of interest in the store (default 2000: about 24,000 records)\n"
    "  --clients N  concurrent clients of the load (default 50)\n"
    "  --seconds S  length of each measurement (default 10)\n"
    "  --work DIR   where files and data go (default $TMPDIR/palermo-load-work, removed first)\n"
    "  --only TEXT  plain and the configurations whose name holds TEXT (\"TLS\", \"50 ms\")\n"
    "  --rounds R   the one-client Get in R rounds of S/R seconds per configuration,\n"
    "               the configurations in turn (default 5)\n"
    "  --compare P  each configuration but plain also with the palermod binary P (an\n"
    "               older build, say), in the same rounds\n";

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }


// CPU time (user + system, clock ticks) `pid` has used; -1 when unknown.
long CpuTicksOf(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t name_end = text.rfind(')');  // the command's name may hold spaces
  if (name_end == std::string::npos) return -1;
  std::istringstream fields(text.substr(name_end + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {  // field 3 is the state; 14 utime, 15 stime
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

// Waits (at most two minutes) until `pid` has used under 2% of a core for
// half a second: palermod's keepers of derived data have caught up with
// the import, and their work does not fall on the measurement.
void WaitUntilIdle(pid_t pid) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  long before = CpuTicksOf(pid);
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long now = CpuTicksOf(pid);
    if (now < 0 || now - before <= 1) return;
    before = now;
  }
}

struct Config {
  std::string name;
  bool tls = false;
  bool audit = false;
  std::string audit_sync;  // --audit-sync, or "" (each)
  std::string palermod = PALERMOD_PATH;
};

struct Row {
  std::string config;
  LoadResult single, load;
  std::vector<double> round_medians;  // the one-client Get's, one per round
  long single_ticks = 0;              // palermod's CPU during the one-client Get
  bool imported = false;
};

std::string Ms(double value, int small_digits = 2) {
  std::ostringstream out;
  out.precision(value < 10 ? small_digits : 1);
  out << std::fixed << value;
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t persons = 2000;
  int clients = 50;
  double seconds = 10;
  std::string work = (fs::temp_directory_path() / "palermo-load-work").string();  // $TMPDIR or /tmp
  std::string only;  // run only the configurations whose name holds this
  int rounds = 5;     // of the one-client Get, alternating the configurations
  std::string compare;  // another palermod binary, run beside this build's
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--persons" && i + 1 < argc) persons = std::stoull(argv[++i]);
    else if (arg == "--clients" && i + 1 < argc) clients = std::stoi(argv[++i]);
    else if (arg == "--seconds" && i + 1 < argc) seconds = std::stod(argv[++i]);
    else if (arg == "--work" && i + 1 < argc) work = argv[++i];
    else if (arg == "--only" && i + 1 < argc) only = argv[++i];
    else if (arg == "--rounds" && i + 1 < argc) rounds = std::max(1, std::stoi(argv[++i]));
    else if (arg == "--compare" && i + 1 < argc) compare = argv[++i];
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

  // Every configuration's palermod runs from the start, so that the
  // one-client Get can be measured in alternating rounds: the machine's
  // drift (a third between runs minutes apart) falls on every
  // configuration alike, and the differences of a few percent the goal
  // is about stay visible.
  struct Server {
    Config config;
    std::unique_ptr<palermo::process::Palermod> palermod;
    std::vector<std::string> cli;
  };
  std::vector<Server> servers;
  std::vector<Config> configs;
  for (const Config& config :
       {Config{"plain", false, false, ""}, Config{"plain, audit log (synced each)", false, true, ""},
        Config{"plain, audit log (synced every 50 ms)", false, true, "50ms"},
        Config{"TLS, audit log (synced each)", true, true, ""},
        Config{"TLS, audit log (synced every 50 ms)", true, true, "50ms"}}) {
    // plain always: the others are measured against it.
    if (config.name != "plain" && config.name.find(only) == std::string::npos) continue;
    configs.push_back(config);
    if (!compare.empty() && config.name != "plain") {
      configs.push_back(config);
      configs.back().name += ", palermod " + compare;
      configs.back().palermod = compare;
    }
  }
  for (const Config& config : configs) {
    const std::string data = file("data-" + std::to_string(servers.size()));
    std::vector<std::string> args;
    if (config.audit) args.push_back("--audit");
    if (!config.audit_sync.empty()) args.insert(args.end(), {"--audit-sync", config.audit_sync});
    if (config.tls) {
      args.insert(args.end(), {"--tls-cert", file("server.crt"), "--tls-key", file("server.key"), "--client-ca",
                               file("ca.pem"), "--token-keys", file("keys/token-signing.pub")});
    }
    auto palermod = std::make_unique<palermo::process::Palermod>(config.palermod, data, data + ".log", "bench", args);
    if (!palermod->running()) {
      std::cerr << "load-bench: palermod did not start:\n" << palermod->log();
      return 1;
    }
    std::vector<std::string> cli = {PALERMO_CLI_PATH, "--server", palermod->address()};
    if (config.tls) {
      cli.insert(cli.end(), {"--ca", file("ca.pem"), "--cert", file("bench.crt"), "--key", file("bench.key"),
                             "--token-file", file("token")});
    }
    servers.push_back({config, std::move(palermod), std::move(cli)});
  }
  auto import = [&](size_t server, const std::string& name) {
    std::vector<std::string> argv = servers[server].cli;
    argv.insert(argv.end(), {"import", file(name)});
    return palermo::process::Run(argv, file("import-" + name + std::to_string(server)));
  };
  auto channel_of = [&](size_t server) {
    return [&, server](int) {
      const Server& s = servers[server];
      grpc::ChannelArguments arguments;
      arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
      if (s.config.tls) {
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = ca.cert_pem;
        ssl.pem_cert_chain = agency.cert_pem;
        ssl.pem_private_key = agency.key_pem;
        credentials = grpc::CompositeChannelCredentials(grpc::SslCredentials(ssl), grpc::AccessTokenCredentials(*token));
      }
      return grpc::CreateCustomChannel(s.palermod->address(), credentials, arguments);
    };
  };
  for (size_t i = 0; i < servers.size(); ++i) {
    if (import(i, "base.jsonl").exit_code != 0) {
      std::cerr << "load-bench: the store's file did not import into " << servers[i].config.name << "\n";
      return 1;
    }
  }
  for (const Server& server : servers) WaitUntilIdle(server.palermod->pid());
  std::cerr << "load-bench: every palermod is idle; one client's Get, " << rounds << " rounds\n";

  std::vector<Row> rows(servers.size());
  LoadOptions single = options;
  single.clients = 1;
  single.only_get = true;
  single.seconds = seconds / rounds;
  for (int round = 0; round < rounds; ++round) {
    for (size_t k = 0; k < servers.size(); ++k) {
      const size_t i = (k + static_cast<size_t>(round)) % servers.size();  // each configuration first in turn
      const long ticks_before = CpuTicksOf(servers[i].palermod->pid());
      LoadResult part = palermo::testing::RunLoad(channel_of(i), single);
      Row& row = rows[i];
      row.single_ticks += CpuTicksOf(servers[i].palermod->pid()) - ticks_before;
      row.single.calls += part.calls;
      row.single.errors += part.errors;
      auto& all = row.single.ms["Get"];
      const auto& got = part.ms["Get"];
      all.insert(all.end(), got.begin(), got.end());
      row.round_medians.push_back(Quantile(got, 0.5));
    }
  }
  for (size_t i = 0; i < servers.size(); ++i) {
    Row& row = rows[i];
    row.config = servers[i].config.name;
    std::sort(row.single.ms["Get"].begin(), row.single.ms["Get"].end());
    palermo::process::Outcome imported;
    std::thread importer([&] { imported = import(i, "more.jsonl"); });
    row.load = palermo::testing::RunLoad(channel_of(i), options);
    importer.join();
    row.imported = imported.exit_code == 0;
    servers[i].palermod->Kill(SIGTERM);
    std::cerr << "load-bench: " << row.config << " done\n";
  }

  std::cout << "store: " << options.keys.size() << " persons of interest and their records; one client's Get for "
            << seconds << " s per configuration in " << rounds << " alternating rounds; then " << clients
            << " clients for " << seconds << " s\n\n";
  std::cout << "| palermod | Get, 1 client: calls, median ms, p99 ms | median against plain: all calls; round by "
               "round | rounds' medians ms | palermod's CPU per Get, us | "
            << clients
            << " clients while an import runs: calls, errors | Get median / p99 ms | Neighbors median / p99 ms | "
               "ListFindings median / p99 ms | import |\n";
  std::cout << "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  const double us_per_tick = 1e6 / static_cast<double>(sysconf(_SC_CLK_TCK));
  const Row* plain = !rows.empty() && servers[0].config.name == "plain" ? &rows[0] : nullptr;
  auto percent = [](double ratio) {
    std::ostringstream out;
    out.precision(0);
    out << std::fixed << std::showpos << 100 * (ratio - 1) << "%";
    return out.str();
  };
  for (const Row& r : rows) {
    const auto& get1 = r.single.ms.at("Get");
    auto cell = [&](const char* method) {
      auto it = r.load.ms.find(method);
      if (it == r.load.ms.end()) return std::string("-");
      return Ms(Quantile(it->second, 0.5)) + " / " + Ms(Quantile(it->second, 0.99));
    };
    std::string against = "-";
    if (plain != nullptr) {
      // Round by round: this configuration's median over plain's of the
      // same round (measured one after the other, so that the machine's
      // drift over the run cancels), the median of those ratios.
      std::vector<double> ratios;
      for (size_t i = 0; i < r.round_medians.size(); ++i) ratios.push_back(r.round_medians[i] / plain->round_medians[i]);
      std::sort(ratios.begin(), ratios.end());
      against = percent(Quantile(get1, 0.5) / Quantile(plain->single.ms.at("Get"), 0.5)) + "; " +
                percent(Quantile(ratios, 0.5));
    }
    const auto [fastest, slowest] = std::minmax_element(r.round_medians.begin(), r.round_medians.end());
    std::cout << "| " << r.config << " | " << r.single.calls << ", " << Ms(Quantile(get1, 0.5), 3) << ", "
              << Ms(Quantile(get1, 0.99)) << " | " << against << " | " << Ms(*fastest, 3) << "-" << Ms(*slowest, 3)
              << " | " << std::lround(static_cast<double>(r.single_ticks) * us_per_tick / std::max<double>(1, r.single.calls))
              << " | " << r.load.calls << ", " << r.load.errors << " | "
              << cell("Get") << " | " << cell("Neighbors") << " | " << cell("ListFindings") << " | "
              << (r.imported ? "committed" : "FAILED") << " |\n";
    for (const std::string& e : r.load.first_errors) std::cout << "  error: " << e << "\n";
  }
  return 0;
}
