// Network files for the tools investigators already use (issue #11):
// GraphML (Gephi, Cytoscape, yEd, networkx, igraph), GEXF (Gephi) and DOT
// (Graphviz). GraphML and DOT are written by Boost.Graph's writers, GEXF
// (1.2, which Boost does not write) here. Nodes carry their global key,
// a label, their kind and agency; edges what joins the two, the record
// that says so and its date.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace palermo::format {

struct GraphFileNode {
  std::string key;     // global key "AGENCY/ID": the node's id in GEXF and DOT
  std::string label;   // a name to show
  std::string kind;    // person, organization, location
  std::string agency;
};

struct GraphFileEdge {
  size_t source = 0;  // indexes into the nodes
  size_t target = 0;
  std::string kind;   // acted_on, paid, ...
  std::string via;    // the record's global key
  std::string date;   // as written, or empty
};

// Writes the graph (undirected; parallel edges kept, one per record) in
// `format`: "graphml", "gexf" or "dot". InvalidArgument for another format
// or an edge whose ends are not nodes.
Status WriteGraphFile(std::string_view format, const std::vector<GraphFileNode>& nodes,
                      const std::vector<GraphFileEdge>& edges, std::ostream& out);

}  // namespace palermo::format
