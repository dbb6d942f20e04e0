#include "cli/analytics_command.h"

#include <iostream>

#include "palermo/v1/analytics.grpc.pb.h"

namespace palermo::cli {

namespace v1 = palermo::v1;

#define PALERMO_FILTER_HELP                                                                       \
  "Filters (any command):\n"                                                                      \
  "  --agency A   only edges made by records of agency A (repeat for several)\n"                  \
  "  --from DATE  only edges whose record's time reaches DATE or later (2024, 2024-03, ...)\n"   \
  "  --to DATE    only edges whose record's time starts by the end of DATE\n"                     \
  "               (undated edges, the relations, are kept by either)\n"                          \
  "  --kind K     only edges of kind K (repeat): acted_on acted_together moved_together paid\n"  \
  "               related same_as at_place (default: all but at_place)\n"

const char kNetworksHelp[] =
    "usage: palermo networks [FILTERS] [--limit N] [--members N] [--json]\n"
    "\n"
    "The networks of parties (persons and organizations joined by the events, payments and\n"
    "relations that name them), largest first: size, the agencies that recorded members, the\n"
    "findings about members by type, and the first members by key (--members, default 20).\n"
    "--limit: networks listed (default 100).\n"
    "--json prints {\"networks\": [{\"size\": N, \"agencies\": [...], \"findings\": {TYPE: N},\n"
    "\"members\": [...]}], \"total\": N, \"parties\": N, \"pairs\": N}.\n\n" PALERMO_FILTER_HELP;

const char kBrokersHelp[] =
    "usage: palermo brokers [FILTERS] [--top N] [--sample K] [--json]\n"
    "\n"
    "The parties that sit between others, by betweenness (the pairs of parties whose shortest\n"
    "paths pass through them), with PageRank and degree beside it. Exact unless the network\n"
    "is too big or --sample K asks for K sources drawn with a fixed seed; the output says\n"
    "which. --top: brokers listed (default 20).\n"
    "--json prints {\"brokers\": [{\"key\": K, \"betweenness\": B, \"pagerank\": R, \"degree\": D}],\n"
    "\"sampled\": false, \"sources\": N, \"seed\": S, \"parties\": N}.\n\n" PALERMO_FILTER_HELP;

const char kCoresHelp[] =
    "usage: palermo cores [FILTERS] [--min K] [--limit N] [--json]\n"
    "\n"
    "The k-core number of each party: the largest k such that it belongs to a group where\n"
    "everyone is joined to at least k others of the group. Highest first; --min K keeps\n"
    "parties of cores of at least K; --limit (default 1000).\n"
    "--json prints {\"cores\": [{\"key\": K, \"core\": C, \"degree\": D}], \"max_core\": C,\n"
    "\"truncated\": false}.\n\n" PALERMO_FILTER_HELP;

const char kLinkHelp[] =
    "usage: palermo link A B [FILTERS] [--sequential] [--json]\n"
    "\n"
    "A path with the fewest hops from party A to party B through parties, with the events,\n"
    "transactions and relations of each hop. --sequential keeps only time-respecting paths:\n"
    "each hop's record no earlier than the previous hop's (undated relations fit anywhere).\n"
    "--json prints {\"path\": [{\"key\": K, \"via\": [KEYS]}]} from A to B, [] when none.\n\n" PALERMO_FILTER_HELP;

#undef PALERMO_FILTER_HELP

namespace {

const std::map<std::string, bool> kFilterOptions = {
    {"--agency", true}, {"--from", true}, {"--to", true}, {"--kind", true}};

// Parses `raw` with the filter flags and `more`, filling `filter`.
bool ParseWithFilter(const std::vector<std::string>& raw, std::map<std::string, bool> more, Args* args,
                     v1::ProjectionFilter* filter, std::string* error) {
  more.insert(kFilterOptions.begin(), kFilterOptions.end());
  if (!ParseArgs(raw, more, args, error)) return false;
  auto all = [&](const std::string& name) {
    return args->options.count(name) ? args->options.at(name) : std::vector<std::string>{};
  };
  for (const std::string& agency : all("--agency")) filter->add_agencies(agency);
  for (const std::string& kind : all("--kind")) filter->add_kinds(kind);
  filter->set_from(args->one("--from"));
  filter->set_to(args->one("--to"));
  return true;
}

// Reads an optional count flag into `out`; false (with `error`) when it is bad.
bool OptionalCount(const Args& args, const char* name, uint32_t* out, std::string* error) {
  if (!args.has(name)) return true;
  return ParseCount(args.one(name), name, out, error);
}

std::string Findings(const v1::Network& network) {
  std::string out;
  for (const auto& [type, count] : std::map<std::string, int64_t>(network.findings().begin(),
                                                                  network.findings().end())) {
    out += (out.empty() ? "" : ", ") + type + " " + std::to_string(count);
  }
  return out.empty() ? "no findings" : out;
}

}  // namespace

int Networks(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::NetworksRequest request;
  std::string error;
  uint32_t limit = 0, members = 0;
  if (!ParseWithFilter(raw, {{"--limit", true}, {"--members", true}}, &args, request.mutable_filter(), &error) ||
      !OptionalCount(args, "--limit", &limit, &error) || !OptionalCount(args, "--members", &members, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("networks takes no positional arguments");
  request.set_max_results(limit);
  request.set_max_members(members);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::NetworksResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Networks(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"networks\":" << JsonList(response.networks(), [](const v1::Network& n) {
      std::string findings = "{";
      for (const auto& [type, count] : std::map<std::string, int64_t>(n.findings().begin(), n.findings().end())) {
        findings += (findings.size() > 1 ? "," : "") + Quoted(type) + ":" + std::to_string(count);
      }
      return "{\"size\":" + std::to_string(n.size()) + ",\"agencies\":" + QuotedList(n.agencies()) +
             ",\"findings\":" + findings + "},\"members\":" + QuotedList(n.members()) + "}";
    }) << ",\"total\":" << response.total() << ",\"parties\":" << response.parties()
              << ",\"pairs\":" << response.pairs() << "}\n";
    return 0;
  }
  std::cout << response.total() << " networks of " << response.parties() << " parties (" << response.pairs()
            << " pairs joined)\n";
  for (const v1::Network& n : response.networks()) {
    std::string agencies;
    for (const std::string& agency : n.agencies()) agencies += (agencies.empty() ? "" : ", ") + agency;
    std::cout << "  " << n.size() << " parties, recorded by " << agencies << "; " << Findings(n) << "\n    ";
    for (int m = 0; m < n.members_size(); ++m) std::cout << (m ? " " : "") << n.members(m);
    if (static_cast<uint32_t>(n.members_size()) < n.size()) std::cout << " ...";
    std::cout << "\n";
  }
  return 0;
}

int Brokers(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::BrokersRequest request;
  std::string error;
  uint32_t top = 0, sample = 0;
  if (!ParseWithFilter(raw, {{"--top", true}, {"--sample", true}}, &args, request.mutable_filter(), &error) ||
      !OptionalCount(args, "--top", &top, &error) || !OptionalCount(args, "--sample", &sample, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("brokers takes no positional arguments");
  request.set_top(top);
  request.set_sample(sample);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::BrokersResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Brokers(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"brokers\":" << JsonList(response.brokers(), [](const v1::Broker& b) {
      return "{\"key\":" + Quoted(b.key()) + ",\"betweenness\":" + Number(b.betweenness(), "%.17g") +
             ",\"pagerank\":" + Number(b.pagerank(), "%.17g") + ",\"degree\":" + std::to_string(b.degree()) + "}";
    }) << ",\"sampled\":" << (response.sampled() ? "true" : "false") << ",\"sources\":" << response.sources()
              << ",\"seed\":" << response.seed() << ",\"parties\":" << response.parties() << "}\n";
    return 0;
  }
  std::cout << "betweenness " << (response.sampled() ? "estimated from " + std::to_string(response.sources()) +
                                                           " sources (seed " + std::to_string(response.seed()) + ")"
                                                     : std::string("exact"))
            << " over " << response.parties() << " parties\n";
  std::cout << "  betweenness   pagerank  degree  party\n";
  for (const v1::Broker& b : response.brokers()) {
    std::cout << "  " << Number(b.betweenness(), "%11.1f") << "  " << Number(b.pagerank(), "%9.5f") << "  "
              << Number(b.degree(), "%6.0f") << "  " << b.key() << "\n";
  }
  return 0;
}

int Cores(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::CoresRequest request;
  std::string error;
  uint32_t min = 0, limit = 0;
  if (!ParseWithFilter(raw, {{"--min", true}, {"--limit", true}}, &args, request.mutable_filter(), &error) ||
      !OptionalCount(args, "--min", &min, &error) || !OptionalCount(args, "--limit", &limit, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("cores takes no positional arguments");
  request.set_min_core(min);
  request.set_max_results(limit);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::CoresResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Cores(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"cores\":" << JsonList(response.cores(), [](const v1::Core& c) {
      return "{\"key\":" + Quoted(c.key()) + ",\"core\":" + std::to_string(c.core()) +
             ",\"degree\":" + std::to_string(c.degree()) + "}";
    }) << ",\"max_core\":" << response.max_core() << ",\"truncated\":" << (response.truncated() ? "true" : "false")
              << "}\n";
    return 0;
  }
  std::cout << "highest core " << response.max_core() << "\n  core  degree  party\n";
  for (const v1::Core& c : response.cores()) {
    std::cout << "  " << Number(c.core(), "%4.0f") << "  " << Number(c.degree(), "%6.0f") << "  " << c.key() << "\n";
  }
  if (response.truncated()) std::cout << "(more left out: raise --limit)\n";
  return 0;
}

int Link(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::LinkRequest request;
  std::string error;
  if (!ParseWithFilter(raw, {{"--sequential", false}}, &args, request.mutable_filter(), &error)) return Usage(error);
  if (args.positional.size() != 2) return Usage("link needs two keys: A B");
  request.set_a(args.positional[0]);
  request.set_b(args.positional[1]);
  request.set_sequential(args.has("--sequential"));
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::LinkResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Link(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"path\":" << JsonList(response.path(), [](const v1::LinkStep& step) {
      return "{\"key\":" + Quoted(step.key()) + ",\"via\":" + QuotedList(step.via()) + "}";
    }) << "}\n";
    return 0;
  }
  if (response.path().empty()) {
    std::cout << "no " << (request.sequential() ? "time-respecting " : "") << "path from " << request.a() << " to "
              << request.b() << "\n";
    return 0;
  }
  for (int i = 0; i < response.path_size(); ++i) {
    const v1::LinkStep& step = response.path(i);
    if (i > 0) {
      std::string via;
      for (const std::string& key : step.via()) via += (via.empty() ? "" : ", ") + key;
      std::cout << "   | " << via << "\n";
    }
    std::cout << step.key() << "\n";
  }
  return 0;
}

}  // namespace palermo::cli
