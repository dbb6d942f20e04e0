// analytics-bench: the analytics projection and its analyses, measured
// (issue #11; figures in bench/README.md, "Network analysis").
//
//   analytics-bench projection --persons N [--updates K] [--edges-out FILE] [--sample S]
//     Generated cases (bench/generator.h) imported into a real store in a
//     temporary directory; the projection computed from scratch
//     (ProjectionKeeper::All), its stored bytes per edge, loaded into memory
//     (time, resident memory), K imports of one more case each brought in by
//     Update (median), then the analyses on one thread: components, exact
//     betweenness (Boost's Brandes), PageRank, sampled betweenness from S
//     sources (default 2000) with the recall of the exact top 20, Leiden.
//     --edges-out writes the simple graph as "u v" lines for the comparison.
//   analytics-bench edges FILE [--repeat R] [--values-out FILE]
//     An edge list ("u v" per line, vertices 0..n-1): exact betweenness and
//     PageRank timed apart from loading, median of R (default 3), values
//     written as "v betweenness pagerank" for bench/analytics_compare.py.
#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "bench/generator.h"
#include "graph/analytics.h"
#include "graph/communities.h"
#include "graph/projection.h"
#include "graph/projection_keeper.h"
#include "services/importer.h"
#include "store/store.h"

namespace {

using palermo::bench::Clock;
using palermo::bench::Seconds;
namespace graph = palermo::graph;
namespace store = palermo::store;

[[noreturn]] void Fail(const std::string& what) {
  std::cerr << "analytics-bench: " << what << "\n";
  std::exit(1);
}

void Check(const palermo::Status& s, const std::string& what) {
  if (!s.ok()) Fail(what + ": " + s.ToString());
}

long RssKiB() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

store::ImportStats Import(store::Store* s, const std::string& text) {
  palermo::services::ImporterOptions options;
  options.default_agency = "bench";
  palermo::services::Importer importer(s, options);
  Check(importer.ImportText(text), "import");
  return importer.stats();
}

// Sum over components of vertices x pairs: the exact Brandes work.
double BrandesWork(const graph::Projection& p, size_t* components, size_t* largest) {
  const auto groups = graph::Components(p);
  *components = groups.size();
  *largest = groups.empty() ? 0 : groups[0].size();
  double work = 0;
  for (const auto& group : groups) {
    double arcs = 0;
    for (uint32_t v : group) arcs += static_cast<double>(boost::out_degree(v, p.csr()));
    work += static_cast<double>(group.size()) * arcs / 2;
  }
  return work;
}

std::vector<uint32_t> Top(const std::vector<double>& values, size_t k) {
  std::vector<uint32_t> order(values.size());
  for (uint32_t v = 0; v < order.size(); ++v) order[v] = v;
  k = std::min(k, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](uint32_t x, uint32_t y) { return values[x] != values[y] ? values[x] > values[y] : x < y; });
  order.resize(k);
  return order;
}

void WriteEdges(const graph::Projection& p, const std::string& path) {
  std::ofstream out(path);
  for (uint32_t v = 0; v < p.vertex_count(); ++v) {
    for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, p.csr()))) {
      if (v < w) out << v << " " << w << "\n";
    }
  }
  if (!out) Fail("cannot write " + path);
}

int ProjectionCommand(uint64_t persons, int updates, const std::string& edges_out, int64_t sample) {
  const std::string dir = (std::filesystem::temp_directory_path() / "palermo-analytics-bench").string();
  std::filesystem::remove_all(dir);
  store::StoreOptions store_options;
  store_options.path = dir;
  auto opened = store::Store::Open(store_options);
  Check(opened.status(), "open store");
  store::Store* s = opened->get();

  palermo::bench::GeneratorOptions options;
  options.seed = 11;
  options.persons = persons + static_cast<uint64_t>(updates);
  // The last `updates` cases are imported one at a time after the projection.
  const palermo::bench::SplitCaseFile split = palermo::bench::GenerateSplit(options, static_cast<size_t>(updates));
  auto started = Clock::now();
  Import(s, split.base);
  std::cout << "imported " << split.base_lines << " records in " << std::fixed << std::setprecision(1) << Seconds(started)
            << " s\n";

  graph::ProjectionKeeper keeper(s);
  uint64_t reached = 0;
  started = Clock::now();
  Check(keeper.All(&reached), "projection");
  const double all_s = Seconds(started);
  size_t edges = 0, legs = 0, bytes = 0;
  Check(s->Snapshot()->ForEachDerived(store::DerivedFamily::kProjection, "", "",
                                      [&](std::string_view key, std::string_view value) {
                                        (key[0] == 'e' ? edges : legs) += 1;
                                        bytes += key.size() + value.size();
                                        return true;
                                      }),
        "scan");
  std::cout << "projection from scratch: " << std::setprecision(2) << all_s << " s, " << edges << " edges, " << legs
            << " legs, " << std::setprecision(1) << static_cast<double>(bytes) / static_cast<double>(edges + legs)
            << " stored bytes per entry (keys and values, before compression)\n";

  const long rss_before = RssKiB();
  started = Clock::now();
  auto loaded = graph::Projection::Load(*s->Snapshot(), {});
  Check(loaded.status(), "load");
  const double load_s = Seconds(started);
  const long rss_after = RssKiB();
  const graph::Projection& p = *loaded;
  std::cout << "loaded: " << std::setprecision(2) << load_s << " s, " << p.vertex_count() << " parties, "
            << p.pair_count() << " pairs, " << p.edge_count() << " record edges, resident +"
            << (rss_after - rss_before) / 1024 << " MiB (" << std::setprecision(0)
            << (rss_after - rss_before) * 1024.0 / static_cast<double>(std::max<size_t>(1, p.edge_count()))
            << " bytes per record edge)\n";

  std::vector<double> update_ms;
  for (const std::string& chunk : split.cases) {
    store::CommittedImport committed;
    committed.before = s->Snapshot();
    const store::ImportStats stats = Import(s, chunk);
    committed.number = stats.number;
    committed.touched = stats.TouchedIds();
    started = Clock::now();
    Check(keeper.Update(committed, &reached), "update");
    update_ms.push_back(1000 * Seconds(started));
  }
  if (!update_ms.empty()) {
    std::cout << "update after one case (" << update_ms.size() << " imports): median " << std::setprecision(2)
              << Median(update_ms) << " ms, max " << *std::max_element(update_ms.begin(), update_ms.end()) << " ms\n";
  }

  size_t components = 0, largest = 0;
  const double work = BrandesWork(p, &components, &largest);
  std::cout << "components " << components << ", the largest " << largest << " parties, Brandes work "
            << std::scientific << std::setprecision(2) << work << std::fixed << "\n";
  int64_t sources = 0;
  bool sampled = false;
  graph::BrokerOptions exact_options;
  exact_options.max_exact_work = 1e300;
  started = Clock::now();
  const std::vector<double> exact = graph::Betweenness(p, exact_options, &sources, &sampled);
  std::cout << "exact betweenness: " << std::setprecision(2) << Seconds(started) << " s\n";
  started = Clock::now();
  graph::PageRank(p);
  std::cout << "PageRank: " << std::setprecision(3) << Seconds(started) << " s\n";
  graph::BrokerOptions sampled_options;
  sampled_options.sample = sample;
  started = Clock::now();
  const std::vector<double> estimate = graph::Betweenness(p, sampled_options, &sources, &sampled);
  const double sampled_s = Seconds(started);
  const std::vector<uint32_t> top_exact = Top(exact, 20), top_sampled = Top(estimate, 20);
  size_t recalled = 0;
  for (uint32_t v : top_sampled) recalled += std::count(top_exact.begin(), top_exact.end(), v);
  std::cout << "sampled betweenness (" << sources << " sources): " << std::setprecision(2) << sampled_s
            << " s, top-20 recall " << recalled << "/20\n";
  started = Clock::now();
  auto communities = graph::LeidenCommunities(p);
  Check(communities.status(), "communities");
  std::cout << "Leiden: " << std::setprecision(2) << Seconds(started) << " s, " << communities->groups.size()
            << " communities, modularity " << std::setprecision(3) << communities->modularity << "\n";
  if (!edges_out.empty()) WriteEdges(p, edges_out);
  std::filesystem::remove_all(dir);
  return 0;
}

int EdgesCommand(const std::string& path, int repeat, const std::string& values_out) {
  std::ifstream in(path);
  if (!in) Fail("cannot read " + path);
  std::vector<graph::ProjectedEdge> edges;
  uint64_t u, v;
  while (in >> u >> v) {
    graph::ProjectedEdge e;
    e.u = std::min(u, v) + 1;  // node ids from 1: vertex i is node i + 1
    e.v = std::max(u, v) + 1;
    e.via = edges.size() + 1;
    e.kind = graph::EdgeKind::kActedOn;
    if (e.u != e.v) edges.push_back(e);
  }
  auto started = Clock::now();
  const graph::Projection p = graph::Projection::FromEdges(std::move(edges));
  const double load_s = Seconds(started);
  size_t components = 0, largest = 0;
  const double work = BrandesWork(p, &components, &largest);
  std::cout << "n " << p.vertex_count() << ", m " << p.pair_count() << ", components " << components << ", largest "
            << largest << ", Brandes work " << std::scientific << std::setprecision(3) << work << std::fixed
            << ", built in " << std::setprecision(3) << load_s << " s\n";
  graph::BrokerOptions exact;
  exact.max_exact_work = 1e300;
  std::vector<double> betweenness, pagerank, bc_s, pr_s;
  for (int r = 0; r < repeat; ++r) {
    int64_t sources = 0;
    bool sampled = false;
    started = Clock::now();
    betweenness = graph::Betweenness(p, exact, &sources, &sampled);
    bc_s.push_back(Seconds(started));
    started = Clock::now();
    pagerank = graph::PageRank(p);
    pr_s.push_back(Seconds(started));
  }
  std::cout << "palermo exact betweenness: median " << std::setprecision(3) << Median(bc_s) << " s of " << repeat
            << "; PageRank: median " << std::setprecision(4) << Median(pr_s) << " s\n";
  if (!values_out.empty()) {
    std::ofstream out(values_out);
    out << std::setprecision(17);
    for (uint32_t x = 0; x < p.vertex_count(); ++x) out << p.id(x) - 1 << " " << betweenness[x] << " " << pagerank[x] << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) Fail("usage: analytics-bench projection --persons N [...] | edges FILE [...]");
  const std::string command = argv[1];
  uint64_t persons = 10000;
  int updates = 5, repeat = 3;
  int64_t sample = 2000;
  std::string edges_out, values_out, file;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Fail(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--persons") persons = std::stoull(next());
    else if (arg == "--updates") updates = std::stoi(next());
    else if (arg == "--edges-out") edges_out = next();
    else if (arg == "--sample") sample = std::stoll(next());
    else if (arg == "--repeat") repeat = std::stoi(next());
    else if (arg == "--values-out") values_out = next();
    else if (file.empty() && arg.rfind("--", 0) != 0) file = arg;
    else Fail("unknown argument " + arg);
  }
  if (command == "projection") return ProjectionCommand(persons, updates, edges_out, sample);
  if (command == "edges" && !file.empty()) return EdgesCommand(file, repeat, values_out);
  Fail("usage: analytics-bench projection --persons N [...] | edges FILE [...]");
}
