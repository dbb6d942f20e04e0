// The analyses investigators run on the projection (graph/projection.h):
// networks (connected components), brokers (betweenness, PageRank, degree),
// cores (k-core numbers) and links (shortest paths, time-respecting or
// not). Each works on vertices 0..n-1 of one Projection and knows no store.
#pragma once

#include <cstdint>
#include <vector>

#include "graph/projection.h"

namespace palermo::graph {

// The connected components, each its vertices ascending; largest first
// (ties: the one with the smaller first vertex first).
std::vector<std::vector<uint32_t>> Components(const Projection& projection);

struct BrokerOptions {
  // Betweenness is computed component by component (shortest paths never
  // leave one). 0: exact (Brandes through Boost.Graph on each component)
  // unless the work is over max_exact_work; otherwise components of up to
  // 64 vertices are still computed exactly (they cost little) and this many
  // sources are shared out among the larger ones by their work (at least
  // one each, at most its size), each one's estimate Brandes and Pich's,
  // scaled by its size / its sources; then the components holding the 40
  // highest estimates are computed exactly, as long as that costs no more
  // than the sampling did (the top brokers are what is asked for). As many
  // sources as vertices gives the exact values.
  int64_t sample = 0;
  uint64_t seed = 1;
  // The exact computation's work, the sum over components of vertices x
  // pairs, above which `default_sample` sources are drawn instead.
  double max_exact_work = 2e10;
  int64_t default_sample = 2000;
};

struct Brokers {
  // Per vertex. Betweenness of the undirected graph: the pairs {s, t}
  // (unordered, s, t != v) through v, each shortest path counted by its
  // share; PageRank (damping 0.85, the rank of vertices without neighbours
  // spread over all, iterated to an L1 change under 1e-12), summing to 1;
  // degree: the vertices joined to v.
  std::vector<double> betweenness;
  std::vector<double> pagerank;
  std::vector<uint32_t> degree;
  int64_t sources = 0;  // the searches the betweenness ran (n when exact)
  bool sampled = false;  // some component's values are estimates
};

Brokers ComputeBrokers(const Projection& projection, const BrokerOptions& options = {});

// The betweenness part of ComputeBrokers alone; `sources` and `sampled`
// get what it used.
std::vector<double> Betweenness(const Projection& projection, const BrokerOptions& options, int64_t* sources,
                                bool* sampled);

// Standard PageRank of the undirected graph (each pair of neighbours joined
// both ways): r(v) = (1 - d) / n + d (sum over neighbours u of r(u) /
// degree(u) + the ranks of vertices without neighbours / n), from 1 / n,
// until the L1 change is under `tolerance` or `max_iterations`.
std::vector<double> PageRank(const Projection& projection, double damping = 0.85, double tolerance = 1e-12,
                             int max_iterations = 1000);

// The k-core number of each vertex (Boost core_numbers): the largest k such
// that the vertex is in a subgraph where every vertex has k neighbours.
std::vector<uint32_t> CoreNumbers(const Projection& projection);

// One hop of a path: the vertex reached and the edges (records) that join
// it to the previous vertex (none for the first).
struct LinkHop {
  uint32_t vertex = 0;
  std::vector<const ProjectedEdge*> via;
};

// A path from `from` to `to` with the fewest hops, empty when there is none.
// `sequential`: time-respecting paths only, as i2's Find Path: each hop
// needs an edge that ends no earlier than the time the previous hop was
// reached (the start of its edge, or the previous time when later);
// undated edges (relations) may be taken at any point. A hop's `via` then
// lists the edges usable at that point.
std::vector<LinkHop> Link(const Projection& projection, uint32_t from, uint32_t to, bool sequential);

}  // namespace palermo::graph
