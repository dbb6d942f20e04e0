// Communities (issue #11): groups of parties more joined among themselves
// than to the rest, by libigraph's Leiden algorithm optimising modularity,
// with a fixed seed so that the same graph gives the same groups.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "graph/projection.h"

namespace palermo::graph {

struct Communities {
  std::vector<std::vector<uint32_t>> groups;  // vertices ascending; largest first
  double modularity = 0;                      // of the partition (Newman-Girvan)
};

// Leiden on the simple undirected graph (each joined pair once), the
// modularity objective as igraph's Python interface sets it (node weights
// the degrees, resolution 1 / 2m), beta 0.01, iterated until no vertex
// moves, from `seed`. Unavailable when igraph fails (out of memory).
Result<Communities> LeidenCommunities(const Projection& projection, uint64_t seed = 1);

}  // namespace palermo::graph
