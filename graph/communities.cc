#include "graph/communities.h"

#include <boost/range/iterator_range.hpp>
#include <igraph.h>

#include <algorithm>
#include <mutex>
#include <string>

namespace palermo::graph {
namespace {

// igraph's random numbers come from one process-wide generator.
std::mutex igraph_random_mutex;

// Frees an igraph object at the end of a scope.
template <typename T, igraph_error_t (*Init)(T*, igraph_integer_t), void (*Destroy)(T*)>
struct Owned {
  T value;
  bool ok;
  explicit Owned(igraph_integer_t size) : ok(Init(&value, size) == IGRAPH_SUCCESS) {}
  ~Owned() {
    if (ok) Destroy(&value);
  }
};

Status Failed(igraph_error_t code, const char* what) {
  return Status::Unavailable(std::string("igraph ") + what + ": " + igraph_strerror(code));
}

}  // namespace

Result<Communities> LeidenCommunities(const Projection& projection, uint64_t seed) {
  Communities out;
  const igraph_integer_t n = static_cast<igraph_integer_t>(projection.vertex_count());
  if (n == 0) return out;
  // Each joined pair once: the CSR's arcs from the smaller end.
  Owned<igraph_vector_int_t, igraph_vector_int_init, igraph_vector_int_destroy> ends(0);
  if (!ends.ok) return Status::Unavailable("igraph: out of memory");
  const Csr& g = projection.csr();
  for (uint32_t v = 0; v < projection.vertex_count(); ++v) {
    for (uint32_t w : boost::make_iterator_range(boost::adjacent_vertices(v, g))) {
      if (v < w && (igraph_vector_int_push_back(&ends.value, v) != IGRAPH_SUCCESS ||
                    igraph_vector_int_push_back(&ends.value, w) != IGRAPH_SUCCESS)) {
        return Status::Unavailable("igraph: out of memory");
      }
    }
  }
  igraph_t graph;
  if (igraph_error_t e = igraph_create(&graph, &ends.value, n, IGRAPH_UNDIRECTED); e != IGRAPH_SUCCESS) {
    return Failed(e, "create");
  }
  Owned<igraph_vector_t, igraph_vector_init, igraph_vector_destroy> degrees(n);
  Owned<igraph_vector_int_t, igraph_vector_int_init, igraph_vector_int_destroy> membership(n);
  igraph_error_t e = degrees.ok && membership.ok ? IGRAPH_SUCCESS : IGRAPH_ENOMEM;
  igraph_integer_t clusters = 0;
  igraph_real_t quality = 0;
  if (e == IGRAPH_SUCCESS) {
    for (igraph_integer_t v = 0; v < n; ++v) {
      VECTOR(degrees.value)[v] = static_cast<double>(boost::out_degree(static_cast<uint32_t>(v), g));
    }
    const double pairs = static_cast<double>(projection.pair_count());
    std::lock_guard<std::mutex> lock(igraph_random_mutex);
    igraph_rng_seed(igraph_rng_default(), seed);
    e = igraph_community_leiden(&graph, nullptr, &degrees.value, pairs > 0 ? 1.0 / (2 * pairs) : 1.0, 0.01, false,
                                -1, &membership.value, &clusters, &quality);
  }
  if (e == IGRAPH_SUCCESS) {
    e = igraph_modularity(&graph, &membership.value, nullptr, 1.0, IGRAPH_UNDIRECTED, &out.modularity);
  }
  igraph_destroy(&graph);
  if (e != IGRAPH_SUCCESS) return Failed(e, "Leiden");
  out.groups.assign(static_cast<size_t>(clusters), {});
  for (igraph_integer_t v = 0; v < n; ++v) {
    out.groups[static_cast<size_t>(VECTOR(membership.value)[v])].push_back(static_cast<uint32_t>(v));
  }
  std::stable_sort(out.groups.begin(), out.groups.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  return out;
}

}  // namespace palermo::graph
