#include "cli/analytics_command.h"

#include <fstream>
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

const char kCommunitiesHelp[] =
    "usage: palermo communities [FILTERS] [--limit N] [--members N] [--seed S] [--json]\n"
    "\n"
    "Groups of parties more joined among themselves than to the rest (Leiden, optimising\n"
    "modularity, through libigraph; a fixed seed, default 1, gives the same groups for the\n"
    "same network), largest first, each with its agencies, the findings about its members by\n"
    "type and its first members (--members, default 20). --limit: groups listed (default 100).\n"
    "--json prints {\"communities\": [{\"size\", \"agencies\", \"findings\", \"members\"}],\n"
    "\"total\": N, \"modularity\": Q, \"seed\": S}.\n\n" PALERMO_FILTER_HELP;

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

const char kRoutesHelp[] =
    "usage: palermo routes [--agency A] [--from DATE] [--to DATE] [--limit N] [--json]\n"
    "\n"
    "The legs persons were moved along (events with a from and a to), from location to\n"
    "location and from country to country, most persons first, with how many of them have\n"
    "smuggling findings (smuggling_of_migrants, aggravated_smuggling,\n"
    "smuggling_to_trafficking), trafficking findings (trafficking_in_persons,\n"
    "child_trafficking, internal_trafficking, smuggling_to_trafficking), and both.\n"
    "--limit: legs listed per level (default 100).\n"
    "--json prints {\"locations\": [LEG], \"countries\": [LEG]}, LEG = {\"from\", \"to\",\n"
    "\"from_name\", \"to_name\", \"persons\", \"smuggling\", \"trafficking\", \"both\", \"events\"}.\n";

const char kTimelineHelp[] =
    "usage: palermo timeline KEY [--json]\n"
    "\n"
    "Every event and transaction of a person (or organization) and of the records joined to\n"
    "it by same_as, in date order. Dates are shown as written; a month or a year is an\n"
    "interval, ordered by where it starts, and an entry that starts before an earlier one\n"
    "ends is marked '~' (their order is not known). Undated entries come last.\n"
    "--json prints {\"joined\": [KEYS], \"entries\": [{\"key\", \"kind\", \"type\", \"date\",\n"
    "\"about\", \"role\", \"summary\", \"order_uncertain\"}]}.\n";

const char kChartHelp[] =
    "usage: palermo chart KEY [--depth N] [--max N] [FILTERS] [--dot] -o FILE\n"
    "\n"
    "A link chart of the parties within N hops of KEY (default 2, at most 4; the nearest\n"
    "--max, default 150): a node per party coloured by the agency that recorded it, outlined\n"
    "by its smuggling (orange) and trafficking (red) findings, its findings listed, an edge\n"
    "per pair labelled by what joins them, KEY drawn bold, a legend. Laid out by Graphviz\n"
    "(neato) in palermod and written as SVG to FILE ('-': stdout); --dot writes the chart in\n"
    "Graphviz's language instead.\n\n" PALERMO_FILTER_HELP;

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

namespace {

std::string GroupJson(const v1::Network& n) {
  std::string findings = "{";
  for (const auto& [type, count] : std::map<std::string, int64_t>(n.findings().begin(), n.findings().end())) {
    findings += (findings.size() > 1 ? "," : "") + Quoted(type) + ":" + std::to_string(count);
  }
  return "{\"size\":" + std::to_string(n.size()) + ",\"agencies\":" + QuotedList(n.agencies()) +
         ",\"findings\":" + findings + "},\"members\":" + QuotedList(n.members()) + "}";
}

void PrintGroup(const v1::Network& n) {
  std::string agencies;
  for (const std::string& agency : n.agencies()) agencies += (agencies.empty() ? "" : ", ") + agency;
  std::cout << "  " << n.size() << " parties, recorded by " << agencies << "; " << Findings(n) << "\n    ";
  for (int m = 0; m < n.members_size(); ++m) std::cout << (m ? " " : "") << n.members(m);
  if (static_cast<uint32_t>(n.members_size()) < n.size()) std::cout << " ...";
  std::cout << "\n";
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
    std::cout << "{\"networks\":" << JsonList(response.networks(), GroupJson) << ",\"total\":" << response.total()
              << ",\"parties\":" << response.parties() << ",\"pairs\":" << response.pairs() << "}\n";
    return 0;
  }
  std::cout << response.total() << " networks of " << response.parties() << " parties (" << response.pairs()
            << " pairs joined)\n";
  for (const v1::Network& n : response.networks()) PrintGroup(n);
  return 0;
}

int Communities(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::CommunitiesRequest request;
  std::string error;
  uint32_t limit = 0, members = 0, seed = 0;
  if (!ParseWithFilter(raw, {{"--limit", true}, {"--members", true}, {"--seed", true}}, &args,
                       request.mutable_filter(), &error) ||
      !OptionalCount(args, "--limit", &limit, &error) || !OptionalCount(args, "--members", &members, &error) ||
      !OptionalCount(args, "--seed", &seed, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("communities takes no positional arguments");
  request.set_max_results(limit);
  request.set_max_members(members);
  request.set_seed(seed);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::CommunitiesResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Communities(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"communities\":" << JsonList(response.communities(), GroupJson) << ",\"total\":"
              << response.total() << ",\"modularity\":" << Number(response.modularity(), "%.17g")
              << ",\"seed\":" << response.seed() << "}\n";
    return 0;
  }
  std::cout << response.total() << " communities (Leiden, seed " << response.seed() << "), modularity "
            << Number(response.modularity(), "%.3f") << "\n";
  for (const v1::Network& n : response.communities()) PrintGroup(n);
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

namespace {

std::string LegJson(const v1::RouteLeg& leg) {
  return "{\"from\":" + Quoted(leg.from()) + ",\"to\":" + Quoted(leg.to()) + ",\"from_name\":" +
         Quoted(leg.from_name()) + ",\"to_name\":" + Quoted(leg.to_name()) +
         ",\"persons\":" + std::to_string(leg.persons()) + ",\"smuggling\":" + std::to_string(leg.smuggling()) +
         ",\"trafficking\":" + std::to_string(leg.trafficking()) + ",\"both\":" + std::to_string(leg.both()) +
         ",\"events\":" + std::to_string(leg.events()) + "}";
}

void PrintLegs(const char* title, const google::protobuf::RepeatedPtrField<v1::RouteLeg>& legs) {
  std::cout << title << "\n  persons  smuggling  trafficking  both  leg\n";
  for (const v1::RouteLeg& leg : legs) {
    auto end = [](const std::string& key, const std::string& name) { return name.empty() ? key : name + " (" + key + ")"; };
    std::cout << "  " << Number(leg.persons(), "%7.0f") << "  " << Number(leg.smuggling(), "%9.0f") << "  "
              << Number(leg.trafficking(), "%11.0f") << "  " << Number(leg.both(), "%4.0f") << "  "
              << end(leg.from(), leg.from_name()) << " -> " << end(leg.to(), leg.to_name()) << "\n";
  }
  if (legs.empty()) std::cout << "  (none)\n";
}

}  // namespace

int Routes(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::RoutesRequest request;
  std::string error;
  uint32_t limit = 0;
  if (!ParseWithFilter(raw, {{"--limit", true}}, &args, request.mutable_filter(), &error) ||
      !OptionalCount(args, "--limit", &limit, &error)) {
    return Usage(error);
  }
  if (!args.positional.empty()) return Usage("routes takes no positional arguments");
  if (request.filter().kinds_size() > 0) return Usage("routes takes no --kind");
  request.set_max_results(limit);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::RoutesResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Routes(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"locations\":" << JsonList(response.locations(), LegJson)
              << ",\"countries\":" << JsonList(response.countries(), LegJson) << "}\n";
    return 0;
  }
  PrintLegs("from location to location", response.locations());
  PrintLegs("from country to country", response.countries());
  return 0;
}

int Timeline(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  std::string error;
  if (!ParseArgs(raw, {}, &args, &error)) return Usage(error);
  if (args.positional.size() != 1) return Usage("timeline needs one KEY");
  v1::TimelineRequest request;
  request.set_subject(args.positional[0]);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::TimelineResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Timeline(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  if (global.json) {
    std::cout << "{\"joined\":" << QuotedList(response.joined()) << ",\"entries\":"
              << JsonList(response.entries(), [](const v1::TimelineEntry& e) {
                   return "{\"key\":" + Quoted(e.key()) + ",\"kind\":" + Quoted(e.kind()) + ",\"type\":" +
                          Quoted(e.type()) + ",\"date\":" + Quoted(e.date()) + ",\"about\":" + Quoted(e.about()) +
                          ",\"role\":" + Quoted(e.role()) + ",\"summary\":" + Quoted(e.summary()) +
                          ",\"order_uncertain\":" + (e.order_uncertain() ? "true" : "false") + "}";
                 })
              << "}\n";
    return 0;
  }
  std::cout << "timeline of";
  for (const std::string& key : response.joined()) std::cout << " " << key;
  std::cout << "\n";
  for (const v1::TimelineEntry& e : response.entries()) {
    std::cout << (e.order_uncertain() ? "~ " : "  ") << (e.date().empty() ? "(undated)" : e.date()) << "  " << e.type()
              << " " << e.kind() << " " << e.key() << "  (" << e.role() << ": " << e.about() << ")\n      "
              << e.summary() << "\n";
  }
  if (response.entries().empty()) std::cout << "  no events or transactions\n";
  return 0;
}

int ExportGraph(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::ExportGraphRequest request;
  std::string error;
  if (!ParseWithFilter(raw, {{"--format", true}}, &args, request.mutable_filter(), &error)) return Usage(error);
  if (!args.positional.empty()) return Usage("export takes no positional arguments");
  request.set_format(args.one("--format"));
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  grpc::ClientContext context;
  auto reader = stub->ExportGraph(&context, request);
  v1::ExportGraphChunk chunk;
  while (reader->Read(&chunk)) std::fwrite(chunk.data().data(), 1, chunk.data().size(), stdout);
  grpc::Status status = reader->Finish();
  std::fflush(stdout);
  return status.ok() ? 0 : Fail(global, status);
}

int Chart(const Global& global, const std::vector<std::string>& raw) {
  Args args;
  v1::ChartRequest request;
  std::string error;
  uint32_t depth = 0, max = 0;
  if (!ParseWithFilter(raw, {{"--depth", true}, {"--max", true}, {"-o", true}, {"--dot", false}}, &args,
                       request.mutable_filter(), &error) ||
      !OptionalCount(args, "--depth", &depth, &error) || !OptionalCount(args, "--max", &max, &error)) {
    return Usage(error);
  }
  if (args.positional.size() != 1) return Usage("chart needs one KEY");
  if (!args.has("-o")) return Usage("chart needs -o FILE ('-' for stdout)");
  request.set_subject(args.positional[0]);
  request.set_depth(depth);
  request.set_max_parties(max);
  auto stub = v1::AnalyticsService::NewStub(Connect(global));
  v1::ChartResponse response;
  auto context = NewContext(600);
  grpc::Status status = stub->Chart(context.get(), request, &response);
  if (!status.ok()) return Fail(global, status);
  const std::string& data = args.has("--dot") ? response.dot() : response.svg();
  const std::string path = args.one("-o");
  if (path == "-") {
    std::cout << data;
    return 0;
  }
  std::ofstream out(path, std::ios::binary);
  out << data;
  if (!out) {
    std::cerr << "palermo: cannot write " << path << "\n";
    return 1;
  }
  std::cerr << "palermo: wrote " << path << ": " << response.parties() << " parties"
            << (response.truncated() ? " (the nearest; more within the depth: raise --max)" : "") << "\n";
  return 0;
}

}  // namespace palermo::cli
