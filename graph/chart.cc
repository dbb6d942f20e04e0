#include "graph/chart.h"

#include <gvc.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>

#include "common/text.h"

namespace palermo::graph {
namespace {

// Graphviz keeps global state: one layout at a time.
std::mutex graphviz_mutex;

// Fill colours for agencies, in the order of their names (a palette that
// stays readable with black text).
constexpr const char* kAgencyColours[] = {"#a6cee3", "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99",
                                          "#fb9a99", "#8dd3c7", "#bebada", "#d9d9d9", "#ccebc5"};
constexpr const char* kSmugglingColour = "#e66101";
constexpr const char* kTraffickingColour = "#b2182b";

bool Listed(const std::vector<std::string>& list, const std::vector<std::string>& types) {
  for (const std::string& type : types) {
    if (std::find(list.begin(), list.end(), type) != list.end()) return true;
  }
  return false;
}

}  // namespace

std::string ChartDot(const ChartSpec& spec) {
  std::map<std::string, std::string> colours;
  for (const ChartNode& node : spec.nodes) colours[node.agency];
  size_t next = 0;
  for (auto& [agency, colour] : colours) colour = kAgencyColours[next++ % std::size(kAgencyColours)];
  // The title and the legend (agencies by colour, findings by outline)
  // are the graph's label, above the chart.
  std::string legend = "<table border=\"0\" cellborder=\"0\" cellspacing=\"2\" cellpadding=\"2\"><tr><td colspan=\"6\">"
                       "<font point-size=\"18\">" + EscapeXml(spec.title) + "</font></td></tr><tr>";
  for (const auto& [agency, colour] : colours) {
    legend += "<td bgcolor=\"" + colour + "\" width=\"14\" border=\"1\"></td><td align=\"left\">" + EscapeXml(agency) +
              "</td>";
  }
  legend += std::string("</tr><tr><td border=\"2\" color=\"") + kSmugglingColour +
            "\" width=\"14\"></td><td align=\"left\">smuggling finding</td><td border=\"2\" color=\"" +
            kTraffickingColour +
            "\" width=\"14\"></td><td align=\"left\">trafficking finding (two rings: both)</td>"
            "<td></td><td align=\"left\">ellipse: person; box: organization; bold: the subject</td></tr></table>";
  std::string dot = "graph chart {\n  graph [overlap=false, splines=false, sep=\"+12\", fontname=\"Helvetica\", "
                    "labelloc=t, label=<" +
                    legend + ">, fontsize=11];\n"
                    "  node [style=filled, fontname=\"Helvetica\", fontsize=11, penwidth=1];\n"
                    "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n";
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    const ChartNode& node = spec.nodes[i];
    const bool smuggling = Listed(spec.smuggling_types, node.findings);
    const bool trafficking = Listed(spec.trafficking_types, node.findings);
    std::string label = node.label + "\n" + node.key;
    for (const std::string& finding : node.findings) label += "\n[" + finding + "]";
    dot += "  n" + std::to_string(i) + " [label=" + DoubleQuoted(label) + ", fillcolor=\"" + colours[node.agency] + "\"";
    dot += node.kind == "organization" ? ", shape=box" : node.kind == "location" ? ", shape=house" : ", shape=ellipse";
    if (trafficking || smuggling) {
      dot += std::string(", color=\"") + (trafficking ? kTraffickingColour : kSmugglingColour) + "\", penwidth=3";
      if (trafficking && smuggling) dot += ", peripheries=2";
    }
    if (node.subject) dot += ", fontsize=13, fontname=\"Helvetica-Bold\", penwidth=4";
    if (!spec.link_prefix.empty()) {
      dot += ", URL=" + DoubleQuoted(spec.link_prefix + EscapeUrlComponent(node.key)) + ", target=\"_top\"";
    }
    dot += ", tooltip=" + DoubleQuoted(node.key) + ", id=" + DoubleQuoted("node:" + node.key) + "];\n";
  }
  for (const ChartEdge& edge : spec.edges) {
    dot += "  n" + std::to_string(edge.a) + " -- n" + std::to_string(edge.b) + " [label=" + DoubleQuoted(edge.label);
    if (!edge.tooltip.empty()) dot += ", tooltip=" + DoubleQuoted(edge.tooltip) + ", labeltooltip=" + DoubleQuoted(edge.tooltip);
    dot += "];\n";
  }
  dot += "}\n";
  return dot;
}

Result<std::string> RenderChartSvg(const ChartSpec& spec) {
  const std::string dot = ChartDot(spec);
  std::lock_guard<std::mutex> lock(graphviz_mutex);
  // One context for the process, never freed: Graphviz 2.42's pango plugin
  // keeps a pointer to the last font name it measured, which lives in the
  // context's font dictionary; a context per chart freed it under the
  // plugin (a use after free, seen by AddressSanitizer on the second chart).
  static GVC_t* const gvc = gvContext();
  if (gvc == nullptr) return Status::Unavailable("Graphviz: no context");
  Agraph_t* graph = agmemread(dot.c_str());
  if (graph == nullptr) return Status::Unavailable("Graphviz: the chart does not parse");
  std::string svg;
  Status status = Status::Ok();
  if (gvLayout(gvc, graph, "neato") != 0) {
    status = Status::Unavailable("Graphviz: neato cannot lay out the chart (is libgvc's layout plugin installed?)");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, graph, "svg", &data, &length) != 0 || data == nullptr) {
      status = Status::Unavailable("Graphviz: cannot draw SVG (is libgvc's core plugin installed?)");
    } else {
      svg.assign(data, length);
      gvFreeRenderData(data);
    }
    gvFreeLayout(gvc, graph);
  }
  agclose(graph);
  if (!status.ok()) return status;
  return svg;
}

}  // namespace palermo::graph
