// palermod: the Palermo server. Serves GraphService, grpc.health.v1.Health
// and server reflection over the case graph in an embedded RocksDB store.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "reasoner/assess.h"
#include "findings/stored_findings.h"
#include "graph/projection_keeper.h"
#include "linkage/stored_linkage.h"
#include "services/graph_service.h"
#include "services/access_control.h"
#include "services/audit_interceptor.h"
#include "services/audit_service.h"
#include "services/analytics_service.h"
#include "services/linkage_service.h"
#include "services/reasoner_service.h"
#include "services/reflection_v1.h"
#include "services/web.h"
#include "store/store.h"

namespace {

constexpr char kUsage[] =
    "usage: palermod [--data DIR] [--listen HOST:PORT] [--agency NAME] [--rules DIR]\n"
    "                [--shipped-rules NAMES] [--memory MIB] [--subscriber-queue N]\n"
    "                [--tls-cert F --tls-key F --client-ca F --token-keys F [--policy F]]\n"
    "                [--linkage-join-equal-documents] [--http HOST:PORT]\n"
    "\n"
    "Serves the Palermo case graph over gRPC.\n"
    "\n"
    "  --data DIR          the RocksDB data directory (default ./palermo-data; created if missing)\n"
    "  --listen HOST:PORT  address to serve on (default 127.0.0.1:50051; port 0 picks a free port)\n"
    "  --agency NAME       agency for callers and records that name none (default \"default\")\n"
    "  --rules DIR         also load the rule files (*.dl) of DIR beside the shipped rules\n"
    "  --shipped-rules NAMES  the shipped rule files to load, comma-separated (default\n"
    "                      palermo,ilo-ec-indicators: the legal model and the ILO/EC indicators;\n"
    "                      none: only those of --rules), e.g. to replace the ILO/EC list by a national one\n"
    "  --memory MIB        the memory budget (default 1024 MiB): 1/8 for RocksDB's cache (memtables\n"
    "                      included), 1/4 for an import, 1/2 for evaluating the rules; linkage's\n"
    "                      full computation refuses a store whose blocked pairs would take more\n"
    "                      than the budget (docs/LINKAGE.md, \"Memory\")\n"
    "  --subscriber-queue N  end a findings subscription that falls N events behind (default 10000)\n"
    "  --tls-cert F --tls-key F  serve with TLS: palermod's certificate (SAN its host names) and key\n"
    "  --client-ca F       require and verify client certificates of this CA; the calling agency is\n"
    "                      the certificate's URI SAN palermo:agency:NAME (docs/ACCESS.md)\n"
    "  --token-keys F      check the analysts' tokens (palermo admin token) with these public keys\n"
    "  --policy F          the roles policy (default: docs/ACCESS.md); the five go together.\n"
    "                      Without them palermod serves only on loopback and does not separate agencies\n"
    "  --linkage-join-equal-documents  decide \"same\" at once, as this agency, for every linkage\n"
    "                      candidate whose passport or national id numbers are equal (default off:\n"
    "                      nothing is joined without an analyst's decision)\n"
    "  --http HOST:PORT    also serve the read-only web page (findings, proofs, timelines, link\n"
    "                      charts) on HOST:PORT (default off; port 0 picks a free port; prints\n"
    "                      \"palermod web page on http://HOST:PORT/\"). With the TLS flags it is\n"
    "                      HTTPS with the same certificate, client certificates and tokens as gRPC,\n"
    "                      on any address; without them, plain HTTP on loopback only\n"
    "  --audit             keep the audit log without TLS too (with TLS it is always kept;\n"
    "                      docs/ACCESS.md, \"Audit\")\n"
    "  --audit-key FILE    the Ed25519 key that signs the audit checkpoints (palermo admin\n"
    "                      keygen); default DATA/audit-signing.key, made on first start\n"
    "  --audit-checkpoint-entries N   a signed checkpoint every N entries (default 1000)\n"
    "  --audit-checkpoint-seconds S   or S seconds after a new entry (default 10), and at stop\n"
    "  --audit-sync each|Nms   each: an entry is synced to disk before its reply leaves\n"
    "                      (default); Nms: queued in order before the reply, written and\n"
    "                      synced every N ms (a crash loses at most the last N ms;\n"
    "                      while writes fail, calls are refused)\n"
    "  --help              this text\n"
    "\n"
    "Stops cleanly on SIGTERM or SIGINT. Prints \"palermod listening on HOST:PORT\" once ready.\n";

struct Flags {
  std::string data = "./palermo-data";
  std::string listen = "127.0.0.1:50051";
  std::string agency = "default";
  std::string rules;  // extra rule directory, or empty
  std::string shipped_rules = "palermo,ilo-ec-indicators";
  std::string http;  // HOST:PORT of the web page, or empty
  size_t memory_mib = 1024;
  size_t subscriber_queue = palermo::findings::FindingsFanOut::kDefaultMaxEvents;
  bool join_equal_documents = false;
  palermo::services::AccessFiles access;  // --tls-cert, --tls-key, --client-ca, --token-keys, --policy
  bool audit = false;                     // --audit (always with TLS)
  std::string audit_key;                  // --audit-key, or DATA/audit-signing.key
  size_t audit_checkpoint_entries = 1000;
  size_t audit_checkpoint_seconds = 10;
  size_t audit_sync_ms = 0;  // --audit-sync: 0 each batch, else an interval
};

// A whole number in [min, max] from a flag's text.
bool ParseCount(const std::string& flag, const std::string& text, size_t min, size_t max, size_t* out) {
  size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < min || value > max) {
    std::cerr << "palermod: " << flag << " takes a whole number from " << min << " to " << max << ", not \"" << text
              << "\"\n";
    return false;
  }
  *out = value;
  return true;
}

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string* out) {
      auto eq = arg.find('=');
      if (eq != std::string::npos) {
        *out = arg.substr(eq + 1);
        return true;
      }
      if (i + 1 >= argc) {
        std::cerr << "palermod: " << arg << " needs a value\n";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    auto is = [&](const char* name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      std::exit(0);
    } else if (is("--data")) {
      if (!value(&flags->data)) return false;
    } else if (is("--listen")) {
      if (!value(&flags->listen)) return false;
    } else if (is("--agency")) {
      if (!value(&flags->agency)) return false;
    } else if (is("--rules")) {
      if (!value(&flags->rules)) return false;
    } else if (is("--shipped-rules")) {
      if (!value(&flags->shipped_rules)) return false;
    } else if (is("--http")) {
      if (!value(&flags->http)) return false;
    } else if (is("--tls-cert")) {
      if (!value(&flags->access.tls_cert)) return false;
    } else if (is("--tls-key")) {
      if (!value(&flags->access.tls_key)) return false;
    } else if (is("--client-ca")) {
      if (!value(&flags->access.client_ca)) return false;
    } else if (is("--token-keys")) {
      if (!value(&flags->access.token_keys)) return false;
    } else if (is("--policy")) {
      if (!value(&flags->access.policy)) return false;
    } else if (arg == "--audit") {
      flags->audit = true;
    } else if (is("--audit-key")) {
      if (!value(&flags->audit_key)) return false;
    } else if (is("--audit-checkpoint-entries")) {
      std::string text;
      if (!value(&text) ||
          !ParseCount("--audit-checkpoint-entries", text, 1, size_t{1} << 30, &flags->audit_checkpoint_entries)) {
        return false;
      }
    } else if (is("--audit-checkpoint-seconds")) {
      std::string text;
      if (!value(&text) ||
          !ParseCount("--audit-checkpoint-seconds", text, 1, 86400, &flags->audit_checkpoint_seconds)) {
        return false;
      }
    } else if (is("--audit-sync")) {
      std::string text;
      if (!value(&text)) return false;
      if (text == "each") {
        flags->audit_sync_ms = 0;
      } else if (text.size() < 3 || text.substr(text.size() - 2) != "ms" ||
                 !ParseCount("--audit-sync", text.substr(0, text.size() - 2), 1, 10000, &flags->audit_sync_ms)) {
        std::cerr << "palermod: --audit-sync takes each or a number of milliseconds (50ms), not \"" << text << "\"\n";
        return false;
      }
    } else if (arg == "--linkage-join-equal-documents") {
      flags->join_equal_documents = true;
    } else if (is("--memory")) {
      std::string text;
      if (!value(&text) || !ParseCount("--memory", text, 256, size_t{1} << 20, &flags->memory_mib)) return false;
    } else if (is("--subscriber-queue")) {
      std::string text;
      if (!value(&text) || !ParseCount("--subscriber-queue", text, 1, size_t{1} << 24, &flags->subscriber_queue)) {
        return false;
      }
    } else {
      std::cerr << "palermod: unknown argument " << arg << "\n" << kUsage;
      return false;
    }
  }
  if (flags->agency.empty() || flags->agency.find('/') != std::string::npos) {
    std::cerr << "palermod: --agency must be non-empty and hold no '/'\n";
    return false;
  }
  if (!palermo::services::AccessRequested(flags->access) && !palermo::services::IsLoopback(flags->listen)) {
    std::cerr << "palermod: without TLS palermod serves only on loopback (it does not separate agencies); give "
                 "--tls-cert, --tls-key, --client-ca and --token-keys to serve on "
              << flags->listen << " (docs/ACCESS.md)\n";
    return false;
  }
  return true;
}

// The audit log of `store`, signed with --audit-key or with the key in
// the data directory (made there on first start).
palermo::Result<std::unique_ptr<palermo::services::AuditLog>> OpenAuditLog(const Flags& flags,
                                                                          palermo::store::Store* store) {
  std::string key_path = flags.audit_key;
  if (key_path.empty()) {
    key_path = flags.data + "/audit-signing.key";
    if (!std::filesystem::exists(key_path)) {
      if (palermo::Status made = palermo::access::WriteKeyPair(flags.data, "audit-signing"); !made.ok()) return made;
      std::cout << "palermod: made the audit log's signing key " << key_path << " (public key beside it)"
                << std::endl;
    }
  }
  auto key = palermo::access::ReadSigningKey(key_path);
  if (!key.ok()) return key.status();
  palermo::services::AuditOptions options;
  options.checkpoint_entries = flags.audit_checkpoint_entries;
  options.checkpoint_seconds = static_cast<int>(flags.audit_checkpoint_seconds);
  options.sync_interval_ms = static_cast<int>(flags.audit_sync_ms);
  return palermo::services::AuditLog::Open(store, *key, options);
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) return 2;

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // The law first: a bad rule file stops the server before it serves.
  std::vector<palermo::reasoner::RuleSource> sources;
  if (palermo::Status shipped = palermo::reasoner::SelectShippedRules(flags.shipped_rules, &sources); !shipped.ok()) {
    std::cerr << "palermod: --shipped-rules: " << shipped.message() << "\n";
    return 2;
  }
  if (!flags.rules.empty()) {
    palermo::Status read = palermo::reasoner::Reasoner::ReadDirectory(flags.rules, &sources);
    if (!read.ok()) {
      std::cerr << "palermod: " << read.message() << "\n";
      return 1;
    }
  }
  auto reasoner = palermo::reasoner::Reasoner::Load(sources);
  if (!reasoner.ok()) {
    std::cerr << "palermod: the rules do not load:\n";
    for (const auto& problem : reasoner.status().diagnostics()) std::cerr << problem.ToString() << "\n";
    return 1;
  }

  // The memory budget, shared out (README "Memory").
  const size_t budget = flags.memory_mib << 20;
  palermo::store::StoreOptions store_options;
  store_options.path = flags.data;
  store_options.cache_bytes = budget / 8;
  store_options.memtable_bytes = budget / 16;
  store_options.import_memory_bytes = budget / 4;
  const size_t batch_records = palermo::findings::FindingsKeeper::BatchRecordsFor(budget / 2);
  auto store = palermo::store::Store::Open(store_options);
  if (!store.ok()) {
    std::cerr << "palermod: " << store.status().message() << "\n";
    return 1;
  }

  // Derived data follows the store's change feed; the services only read it.
  palermo::findings::StoredFindingsOptions findings_options;
  findings_options.batch_records = batch_records;
  findings_options.max_queued_events = flags.subscriber_queue;
  palermo::findings::StoredFindings findings(store->get(), reasoner->get(),
                                             palermo::findings::RulesFingerprint(sources), findings_options);
  palermo::services::ReasonerServiceImpl reasoner_service(store->get(), reasoner->get(), &findings, sources,
                                                          flags.agency);
  palermo::services::GraphServiceImpl graph_service(store->get(), flags.agency);
  palermo::linkage::StoredLinkage::EqualDocuments join_equal = nullptr;
  if (flags.join_equal_documents) {
    join_equal = [&store, &flags](const std::vector<std::pair<std::string, std::string>>& pairs) {
      for (const auto& [a, b] : pairs) {
        palermo::v1::LinkageDecision decision;
        uint64_t import_number = 0;
        palermo::Status s = palermo::services::WriteDecision(
            store->get(), flags.agency, a, b, palermo::v1::LINKAGE_VERDICT_SAME,
            "palermod (--linkage-join-equal-documents)", "equal passport or national id number", &decision,
            &import_number);
        if (!s.ok()) std::cerr << "palermod: joining " << a << " and " << b << " failed: " << s.ToString() << "\n";
      }
    };
  }
  palermo::linkage::LinkageOptions linkage_options;
  // A store too large for the budget gets a clear error (and retries with
  // growing pauses) instead of a full linkage computation that exhausts memory.
  linkage_options.blocking.max_proposed_pairs =
      static_cast<int64_t>(budget / palermo::linkage::kFullComputationBytesPerProposedPair);
  palermo::linkage::StoredLinkage linkage(store->get(), linkage_options, true, join_equal);
  palermo::services::LinkageServiceImpl linkage_service(store->get(), &linkage, flags.agency);
  palermo::graph::StoredProjection projection(store->get());
  palermo::services::AnalyticsServiceImpl analytics_service(store->get(), &projection, flags.agency);
  // The audit log: every call, allowed or refused, before its reply.
  const bool separate_agencies = palermo::services::AccessRequested(flags.access);
  std::unique_ptr<palermo::services::AuditLog> audit;
  if (separate_agencies || flags.audit) {
    auto opened = OpenAuditLog(flags, store->get());
    if (!opened.ok()) {
      std::cerr << "palermod: the audit log: " << opened.status().message() << "\n";
      return 1;
    }
    audit = std::move(*opened);
    if (!audit->damage().empty()) {
      std::cerr << "palermod: WARNING: the audit log is damaged (" << audit->damage()
                << "); palermod goes on logging; run `palermo audit verify` for every damaged entry\n";
    }
  }
  palermo::services::AuditServiceImpl audit_service(store->get(), audit.get(), flags.agency);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  palermo::services::InitReflectionV1ServerBuilderPlugin();  // v1 beside v1alpha (1.51 has only v1alpha)
  grpc::ServerBuilder builder;
  int port = 0;
  // Exactly the address asked for: with SO_REUSEPORT gRPC clones each
  // listener per poller, and a clone of port 0 binds another free port,
  // which served the whole API unannounced.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  std::optional<palermo::services::WebTls> web_tls;
  if (separate_agencies) {
    auto secure = palermo::services::SecureCredentials(flags.access, audit.get());
    if (!secure.ok()) {
      std::cerr << "palermod: " << secure.status().message() << "\n";
      return 2;
    }
    credentials = secure->credentials;
    web_tls = palermo::services::WebTls{flags.access.tls_cert, flags.access.tls_key, flags.access.client_ca, secure->check};
  }
  builder.AddListeningPort(flags.listen, credentials, &port);
  builder.RegisterService(&graph_service);
  builder.RegisterService(&reasoner_service);
  builder.RegisterService(&linkage_service);
  builder.RegisterService(&analytics_service);
  builder.RegisterService(&audit_service);
  if (audit) {
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
    interceptors.push_back(std::make_unique<palermo::services::AuditInterceptorFactory>(audit.get(), flags.agency));
    builder.experimental().SetInterceptorCreators(std::move(interceptors));
  }
  builder.SetMaxReceiveMessageSize(64 << 20);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    std::cerr << "palermod: cannot listen on " << flags.listen << "\n";
    return 1;
  }
  server->GetHealthCheckService()->SetServingStatus(true);
  server->GetHealthCheckService()->SetServingStatus("palermo.v1.GraphService", true);
  server->GetHealthCheckService()->SetServingStatus("palermo.v1.ReasonerService", true);
  server->GetHealthCheckService()->SetServingStatus("palermo.v1.LinkageService", true);
  server->GetHealthCheckService()->SetServingStatus("palermo.v1.AnalyticsService", true);
  server->GetHealthCheckService()->SetServingStatus("palermo.v1.AuditService", true);

  // The web page reads through the same services, over the in-process
  // channel; it is up before palermod says it listens.
  std::unique_ptr<palermo::services::WebServer> web;
  if (!flags.http.empty()) {
    const size_t colon = flags.http.rfind(':');
    int http_port = -1;
    if (colon != std::string::npos) {
      try {
        http_port = std::stoi(flags.http.substr(colon + 1));
      } catch (const std::exception&) {
        http_port = -1;
      }
    }
    if (http_port < 0 || http_port > 65535) {
      std::cerr << "palermod: --http needs HOST:PORT, not " << flags.http << "\n";
      server->Shutdown();
      return 2;
    }
    const std::string http_host = flags.http.substr(0, colon);
    web = std::make_unique<palermo::services::WebServer>(server->InProcessChannel(grpc::ChannelArguments()), web_tls);
    if (palermo::Status started = web->Start(http_host, http_port); !started.ok()) {
      std::cerr << "palermod: " << started.message() << "\n";
      server->Shutdown();
      return 2;
    }
    const std::string line = "palermod web page on " + std::string(web->scheme()) + "://" + http_host + ":" + std::to_string(web->port()) + "/\n";
    std::fflush(stdout);
    if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::cerr << "palermod: cannot write to stdout\n";
  }
  std::string host = flags.listen.substr(0, flags.listen.rfind(':'));
  {
    // One write, so that a reader of the log never sees half of it while
    // the findings' and linkage's threads log at the same time.
    const std::string line = "palermod listening on " + host + ":" + std::to_string(port) + " (data " + flags.data +
                             ", agency " + flags.agency + ")\n";
    std::cout.flush();
    std::fflush(stdout);
    if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) std::cerr << "palermod: cannot write to stdout\n";
  }
  if (separate_agencies) {
    std::cout << "palermod: callers are identified: mutual TLS (an agency's certificate, palermo:agency:NAME), a "
                 "signed token per call (analyst and role) and the roles policy "
              << (flags.access.policy.empty() ? "(default)" : flags.access.policy)
              << "; each agency reads other agencies' records as their handling allows; every call goes into "
                 "the audit log (docs/ACCESS.md)"
              << std::endl;
  } else {
    std::cout << "palermod: this palermod does not separate agencies: a development service on loopback, where "
                 "every caller may read, and replace by import, the records of every agency; each import's log line "
                 "names the agency it was sent as and whose records it replaced"
              << std::endl;
  }

  std::thread stopper([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cout << "palermod: " << strsignal(signal_number) << ", shutting down" << std::endl;
    server->GetHealthCheckService()->SetServingStatus(false);
    findings.Stop();  // ends open SubscribeFindings streams (UNAVAILABLE) and the findings' thread
    linkage.Stop();
    projection.Stop();
    if (web) web->Stop();
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  });
  server->Wait();
  stopper.join();
  server.reset();
  // The services (and the feed's thread) end before the store they read,
  // as they were made after it.
  std::cout << "palermod: stopped" << std::endl;
  return 0;
}
