#include "format/graph_file.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>

#include "common/text.h"

namespace palermo::format {
namespace {

using FileGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, GraphFileNode, GraphFileEdge>;

void WriteGexf(const std::vector<GraphFileNode>& nodes, const std::vector<GraphFileEdge>& edges, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
         "  <meta><creator>Palermo</creator></meta>\n"
         "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n"
         "      <attribute id=\"agency\" title=\"agency\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"via\" title=\"via\" type=\"string\"/>\n"
         "      <attribute id=\"date\" title=\"date\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const GraphFileNode& node : nodes) {
    out << "      <node id=\"" << EscapeXml(node.key) << "\" label=\"" << EscapeXml(node.label)
        << "\"><attvalues><attvalue for=\"kind\" value=\"" << EscapeXml(node.kind)
        << "\"/><attvalue for=\"agency\" value=\"" << EscapeXml(node.agency) << "\"/></attvalues></node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  for (size_t i = 0; i < edges.size(); ++i) {
    const GraphFileEdge& edge = edges[i];
    out << "      <edge id=\"" << i << "\" source=\"" << EscapeXml(nodes[edge.source].key) << "\" target=\""
        << EscapeXml(nodes[edge.target].key) << "\" label=\"" << EscapeXml(edge.kind)
        << "\"><attvalues><attvalue for=\"via\" value=\"" << EscapeXml(edge.via) << "\"/><attvalue for=\"date\" value=\""
        << EscapeXml(edge.date) << "\"/></attvalues></edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
}

}  // namespace

Status WriteGraphFile(std::string_view format, const std::vector<GraphFileNode>& nodes,
                      const std::vector<GraphFileEdge>& edges, std::ostream& out) {
  if (format != "graphml" && format != "gexf" && format != "dot") {
    return Status::InvalidArgument("format: \"" + std::string(format) + "\" is not graphml, gexf or dot");
  }
  for (const GraphFileEdge& edge : edges) {
    if (edge.source >= nodes.size() || edge.target >= nodes.size()) {
      return Status::InvalidArgument("an edge names a node that is not in the graph");
    }
  }
  if (format == "gexf") {
    WriteGexf(nodes, edges, out);
    return Status::Ok();
  }
  FileGraph graph(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) graph[i] = nodes[i];
  for (const GraphFileEdge& edge : edges) boost::add_edge(edge.source, edge.target, edge, graph);
  boost::dynamic_properties properties;
  properties.property("key", boost::get(&GraphFileNode::key, graph));
  properties.property("label", boost::get(&GraphFileNode::label, graph));
  properties.property("kind", boost::get(&GraphFileNode::kind, graph));
  properties.property("agency", boost::get(&GraphFileNode::agency, graph));
  properties.property("edge_kind", boost::get(&GraphFileEdge::kind, graph));
  properties.property("via", boost::get(&GraphFileEdge::via, graph));
  properties.property("date", boost::get(&GraphFileEdge::date, graph));
  if (format == "graphml") {
    boost::write_graphml(out, graph, properties, /*ordered_vertices=*/true);
  } else {
    boost::write_graphviz_dp(out, graph, properties, "key");
  }
  return out ? Status::Ok() : Status::IoError("writing the graph file failed");
}

}  // namespace palermo::format
