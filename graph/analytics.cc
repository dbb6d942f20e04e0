#include "graph/analytics.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace palermo::graph {
namespace {

uint32_t Degree(const Csr& g, uint32_t v) { return static_cast<uint32_t>(boost::out_degree(v, g)); }

// Sampled betweenness computes components of up to this many vertices
// exactly: each costs at most this many searches of its own few pairs.
constexpr size_t kExactBelow = 64;
// After sampling, the components of the estimated top this many vertices
// are computed exactly, within the sampling's own work.
constexpr size_t kRefineTop = 40;

// Brandes' accumulation from one source: adds to `centrality` the
// dependency of `source` on every other vertex (ordered pairs).
struct SingleSource {
  explicit SingleSource(size_t n) : sigma(n, 0), distance(n, -1), delta(n, 0) {}
  std::vector<double> sigma;
  std::vector<int64_t> distance;
  std::vector<double> delta;
  std::vector<uint32_t> order;  // vertices by distance
  std::vector<uint32_t> queue;

  void Run(const Csr& g, uint32_t source, std::vector<double>* centrality) {
    for (uint32_t v : order) {
      sigma[v] = 0;
      distance[v] = -1;
      delta[v] = 0;
    }
    order.clear();
    queue.assign(1, source);
    sigma[source] = 1;
    distance[source] = 0;
    for (size_t head = 0; head < queue.size(); ++head) {
      const uint32_t v = queue[head];
      order.push_back(v);
      for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, g))) {
        if (distance[w] < 0) {
          distance[w] = distance[v] + 1;
          queue.push_back(w);
        }
        if (distance[w] == distance[v] + 1) sigma[w] += sigma[v];
      }
    }
    for (size_t i = order.size(); i-- > 0;) {
      const uint32_t w = order[i];
      for (uint32_t v : boost::make_iterator_range(boost::adjacent_vertices(w, g))) {
        if (distance[v] == distance[w] - 1) delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
      }
      if (w != source) (*centrality)[w] += delta[w];
    }
  }
};

}  // namespace

std::vector<std::vector<uint32_t>> Components(const Projection& projection) {
  const Csr& g = projection.csr();
  const size_t n = projection.vertex_count();
  std::vector<uint32_t> component(n);
  // The CSR holds both directions of every pair: strong components of it
  // are the undirected graph's components.
  const uint32_t count =
      n == 0 ? 0
             : static_cast<uint32_t>(boost::connected_components(
                   g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g))));
  std::vector<std::vector<uint32_t>> out(count);
  for (uint32_t v = 0; v < n; ++v) out[component[v]].push_back(v);
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return out;
}

Brokers ComputeBrokers(const Projection& projection, const BrokerOptions& options) {
  const Csr& g = projection.csr();
  Brokers out;
  out.degree.resize(projection.vertex_count());
  for (uint32_t v = 0; v < out.degree.size(); ++v) out.degree[v] = Degree(g, v);
  out.pagerank = PageRank(projection);
  out.betweenness = Betweenness(projection, options, &out.sources, &out.sampled);
  return out;
}

std::vector<double> Betweenness(const Projection& projection, const BrokerOptions& options, int64_t* sources_used,
                                bool* sampled) {
  const Csr& g = projection.csr();
  const size_t n = projection.vertex_count();
  std::vector<double> betweenness(n, 0);
  *sources_used = 0;
  *sampled = false;
  // Brandes' work per component (vertices x pairs): shortest paths never
  // leave a component, so each is computed apart (Boost's Brandes resets
  // every vertex of its graph for every source: on the whole graph of many
  // small cases that is n^2).
  const auto components = Components(projection);
  std::vector<double> work(components.size(), 0);
  double total = 0;
  for (size_t c = 0; c < components.size(); ++c) {
    double arcs = 0;
    for (uint32_t v : components[c]) arcs += Degree(g, v);
    work[c] = static_cast<double>(components[c].size()) * arcs / 2;
    total += work[c];
  }
  int64_t sample = options.sample;
  if (sample == 0 && total > options.max_exact_work) sample = options.default_sample;
  // Sampled: components of up to kExactBelow vertices are computed exactly
  // (each costs at most that many searches of its own pairs); the sources
  // are shared out among the larger ones by their work.
  double sampled_work = 0;
  for (size_t c = 0; c < components.size(); ++c) {
    if (components[c].size() > kExactBelow) sampled_work += work[c];
  }
  std::mt19937_64 random(options.seed);
  std::vector<uint32_t> local(n);
  SingleSource work_space(n);
  // Exact values of one component: Boost's Brandes on the component's own
  // CSR (both arcs of each pair, so every unordered pair is counted twice).
  auto exact = [&](const std::vector<uint32_t>& members) {
    const size_t size = members.size();
    for (size_t i = 0; i < size; ++i) local[members[i]] = static_cast<uint32_t>(i);
    std::vector<std::pair<uint32_t, uint32_t>> arcs;
    for (uint32_t v : members) {
      for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, g))) arcs.emplace_back(local[v], local[w]);
    }
    const Csr component(boost::edges_are_sorted, arcs.begin(), arcs.end(), static_cast<uint32_t>(size));
    std::vector<double> values(size, 0);
    boost::brandes_betweenness_centrality(
        component, boost::centrality_map(boost::make_iterator_property_map(
                       values.begin(), boost::get(boost::vertex_index, component))));
    for (size_t i = 0; i < size; ++i) betweenness[members[i]] = values[i] / 2;
  };
  std::vector<size_t> component_of(n);
  std::vector<bool> estimated(components.size(), false);
  double spent = 0;  // the sampled searches' work
  for (size_t c = 0; c < components.size(); ++c) {
    const std::vector<uint32_t>& members = components[c];
    const size_t size = members.size();
    for (uint32_t v : members) component_of[v] = c;
    if (size < 3) {  // no vertex between two others
      *sources_used += static_cast<int64_t>(size);
      continue;
    }
    if (sample <= 0) {
      exact(members);
      *sources_used += static_cast<int64_t>(size);
      continue;
    }
    size_t sources = size;
    if (size > kExactBelow) {
      sources = std::clamp<size_t>(
          static_cast<size_t>(std::llround(static_cast<double>(sample) * work[c] / sampled_work)), 1, size);
    }
    *sources_used += static_cast<int64_t>(sources);
    // Brandes and Pich: `sources` drawn without replacement, scaled by size
    // / sources (every vertex drawn: the exact values).
    estimated[c] = sources < size;
    spent += static_cast<double>(sources) * work[c] / static_cast<double>(size);
    std::vector<uint32_t> drawn = members;
    for (size_t i = 0; i < sources; ++i) {  // a partial Fisher-Yates shuffle
      std::swap(drawn[i], drawn[std::uniform_int_distribution<size_t>(i, size - 1)(random)]);
    }
    for (size_t i = 0; i < sources; ++i) work_space.Run(g, drawn[i], &betweenness);
    const double scale = static_cast<double>(size) / static_cast<double>(sources) / 2;
    for (uint32_t v : members) betweenness[v] *= scale;
  }
  // The brokers asked for are the top ones: the components holding the
  // estimated top kRefineTop are computed exactly, largest estimate first,
  // as long as that work stays within what the sampling spent.
  if (sample > 0) {
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    const size_t top = std::min<size_t>(kRefineTop, n);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [&](uint32_t x, uint32_t y) { return betweenness[x] > betweenness[y]; });
    double refined = 0;
    for (size_t i = 0; i < top; ++i) {
      const size_t c = component_of[order[i]];
      if (!estimated[c] || refined + work[c] > spent) continue;
      refined += work[c];
      exact(components[c]);
      estimated[c] = false;
      *sources_used += static_cast<int64_t>(components[c].size());
    }
  }
  *sampled = std::find(estimated.begin(), estimated.end(), true) != estimated.end();
  return betweenness;
}

std::vector<double> PageRank(const Projection& projection, double damping, double tolerance, int max_iterations) {
  const Csr& g = projection.csr();
  const size_t n = projection.vertex_count();
  if (n == 0) return {};
  std::vector<double> rank(n, 1.0 / n), next(n);
  std::vector<double> share(n);
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    double dangling = 0;
    for (uint32_t v = 0; v < n; ++v) {
      const uint32_t degree = Degree(g, v);
      if (degree == 0) dangling += rank[v];
      share[v] = degree ? rank[v] / degree : 0;
    }
    const double base = (1 - damping) / n + damping * dangling / n;
    double change = 0;
    for (uint32_t v = 0; v < n; ++v) {
      double sum = 0;
      for (uint32_t u : boost::make_iterator_range(boost::adjacent_vertices(v, g))) sum += share[u];
      next[v] = base + damping * sum;
      change += std::abs(next[v] - rank[v]);
    }
    rank.swap(next);
    if (change < tolerance) break;
  }
  return rank;
}

std::vector<uint32_t> CoreNumbers(const Projection& projection) {
  const Csr& g = projection.csr();
  std::vector<uint32_t> cores(projection.vertex_count());
  if (cores.empty()) return cores;
  // Boost counts a vertex's in-edges; with both arcs of every pair stored,
  // those are its neighbours.
  boost::core_numbers(g, boost::make_iterator_property_map(cores.begin(), boost::get(boost::vertex_index, g)));
  return cores;
}

std::vector<LinkHop> Link(const Projection& projection, uint32_t from, uint32_t to, bool sequential) {
  const Csr& g = projection.csr();
  const size_t n = projection.vertex_count();
  if (from >= n || to >= n) return {};
  struct State {
    uint32_t vertex;
    int64_t time;    // when the vertex was reached (sequential)
    int64_t parent;  // state index, -1 for the start
  };
  std::vector<State> states = {{from, INT64_MIN, -1}};
  std::vector<int64_t> best(n, INT64_MAX);  // the earliest time each vertex was reached
  std::vector<bool> seen(n, false);
  best[from] = INT64_MIN;
  seen[from] = true;
  std::vector<int64_t> frontier = {0};
  int64_t found = from == to ? 0 : -1;
  while (found < 0 && !frontier.empty()) {
    std::vector<int64_t> next;
    for (int64_t index : frontier) {
      const State state = states[static_cast<size_t>(index)];
      for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(state.vertex, g))) {
        int64_t arrival = state.time;
        if (sequential) {
          arrival = INT64_MAX;
          bool usable = false;
          for (const ProjectedEdge* e : projection.EdgesBetween(state.vertex, w)) {
            if (e->last_s < state.time) continue;
            usable = true;
            arrival = std::min(arrival, std::max(state.time, e->first_s));
          }
          // Reached no later before (in as few hops or fewer): nothing new.
          if (!usable || (seen[w] && best[w] <= arrival)) continue;
        } else if (seen[w]) {
          continue;
        }
        seen[w] = true;
        best[w] = arrival;
        states.push_back({w, arrival, index});
        next.push_back(static_cast<int64_t>(states.size() - 1));
        if (w == to && found < 0) found = static_cast<int64_t>(states.size() - 1);
      }
    }
    frontier.swap(next);
  }
  if (found < 0) return {};
  std::vector<LinkHop> path;
  for (int64_t index = found; index >= 0; index = states[static_cast<size_t>(index)].parent) {
    const State& state = states[static_cast<size_t>(index)];
    LinkHop hop{state.vertex, {}};
    if (state.parent >= 0) {
      const State& previous = states[static_cast<size_t>(state.parent)];
      for (const ProjectedEdge* e : projection.EdgesBetween(previous.vertex, state.vertex)) {
        if (!sequential || e->last_s >= previous.time) hop.via.push_back(e);
      }
    }
    path.push_back(std::move(hop));
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace palermo::graph
