// Link charts (issue #11): the parties around a person drawn as a person
// would rather look at them, through Graphviz's library (libgvc): a node
// per party coloured by the agency that recorded it and outlined by the
// findings about it, an edge per pair of parties labelled by what joins
// them, the subject drawn bold, and a legend.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/status.h"

namespace palermo::graph {

struct ChartNode {
  std::string key;     // global key
  std::string label;   // a name
  std::string kind;    // person, organization, location
  std::string agency;
  std::vector<std::string> findings;  // finding types about it
  bool subject = false;
};

struct ChartEdge {
  size_t a = 0;  // indexes into the nodes
  size_t b = 0;
  std::string label;  // what joins them ("paid", "acted_on x2")
  std::string tooltip;  // the records that join them (their keys), shown on hover
};

struct ChartSpec {
  std::string title;
  std::vector<ChartNode> nodes;
  std::vector<ChartEdge> edges;
  // Each node links to link_prefix + its key (URL-escaped) when not empty:
  // the web page's "open this record".
  std::string link_prefix;
  // The finding types drawn as smuggling and as trafficking (outline
  // colours); others are listed in the label only.
  std::vector<std::string> smuggling_types;
  std::vector<std::string> trafficking_types;
};

// The chart in Graphviz's language (what RenderChartSvg lays out).
std::string ChartDot(const ChartSpec& spec);

// The chart laid out (neato) and drawn as SVG. Unavailable when Graphviz
// cannot lay it out.
Result<std::string> RenderChartSvg(const ChartSpec& spec);

}  // namespace palermo::graph
