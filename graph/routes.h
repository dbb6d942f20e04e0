// Routes (issue #11): the legs persons were moved along, counted by the
// findings about those persons, so that an investigator sees which routes
// carry smuggling, trafficking, or both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "graph/projection.h"
#include "store/store.h"

namespace palermo::graph {

// The finding types that count as each crime (finding names as
// docs/LEGAL-MODEL.md gives them).
struct RouteTypes {
  std::vector<std::string> smuggling;
  std::vector<std::string> trafficking;
};
// smuggling_of_migrants, aggravated_smuggling, smuggling_to_trafficking;
// trafficking_in_persons, child_trafficking, internal_trafficking,
// smuggling_to_trafficking (the smuggler who imposed debt bondage is both).
RouteTypes DefaultRouteTypes();

struct RouteCount {
  std::string from, to;            // location keys, or country codes
  std::string from_name, to_name;  // location names (empty for countries)
  uint32_t persons = 0;            // moved along the leg
  uint32_t smuggling = 0;          // of those, with a smuggling finding
  uint32_t trafficking = 0;        // with a trafficking finding
  uint32_t both = 0;               // with both
  uint32_t events = 0;
};

struct Routes {
  std::vector<RouteCount> locations;  // most persons first, then by keys
  std::vector<RouteCount> countries;  // legs between locations of two known countries (or one)
};

// The routes of `legs` (graph::LoadLegs), the findings read from `view`.
Result<Routes> CountRoutes(const store::View& view, const std::vector<ProjectedLeg>& legs, const RouteTypes& types);

}  // namespace palermo::graph
