// End-to-end network analysis against a real palermod, through the CLI:
// two groups joined by one broker, a second agency's separate pair,
// networks, brokers, cores, links (in and out of time order), filters, bad
// requests, and the projection kept across a restart from its mark.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <gtest/gtest.h>

#include <fstream>

#include <string>
#include <vector>

#include "common/subprocess.h"
#include "format/json.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/test_util.h"

namespace palermo {
namespace {

using palermo::testing::ReadFile;
using palermo::testing::ScenarioPath;
using palermo::testing::WriteFile;
using process::Outcome;

// Group A {a1, a2, a3} in one event, group B {b1, b2, b3} in another; x
// transported a1 in May 2024 and paid b1 in March 2024.
const char kBorderPolice[] =
    R"({"kind":"person","id":"a1","names":["A One"]}
{"kind":"person","id":"a2","names":["A Two"]}
{"kind":"person","id":"a3","names":["A Three"]}
{"kind":"person","id":"b1","names":["B One"]}
{"kind":"person","id":"b2","names":["B Two"]}
{"kind":"person","id":"b3","names":["B Three"]}
{"kind":"person","id":"x","names":["X Broker"]}
{"kind":"location","id":"port","name":"Port","country":"TR"}
{"kind":"event","id":"ea","type":"transport","date":"2024-01-10","subject":"a1","actors":["a2","a3"],"from":"port"}
{"kind":"event","id":"eb","type":"transport","date":"2024-01-12","subject":"b1","actors":["b2","b3"],"from":"port"}
{"kind":"event","id":"ex","type":"transport","date":"2024-05-02","subject":"a1","actors":["x"]}
{"kind":"transaction","id":"tx","type":"smuggling_fee","payer":"x","payee":"b1","amount":500,"currency":"EUR","date":"2024-03-01"}
)";

const char kLabourInspectorate[] =
    R"({"kind":"person","id":"w1","names":["W One"]}
{"kind":"person","id":"boss","names":["The Boss"]}
{"kind":"event","id":"work","type":"work","start":"2024-06","subject":"w1","actors":["boss"]}
)";

class AnalyticsE2e : public palermo::testing::E2eTest {
 protected:
  std::unique_ptr<process::Palermod> StartLoaded() {
    auto server = StartServer("border-police");
    WriteFile(scratch_.File("bp.jsonl"), kBorderPolice);
    WriteFile(scratch_.File("li.jsonl"), kLabourInspectorate);
    EXPECT_EQ(Cli({"import", scratch_.File("bp.jsonl")}, *server).exit_code, 0);
    EXPECT_EQ(Cli({"import", "--agency", "labour-inspectorate", scratch_.File("li.jsonl")}, *server).exit_code, 0);
    return server;
  }

  format::JsonValue Json(const Outcome& outcome) {
    EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
    format::JsonValue value;
    std::string error;
    EXPECT_TRUE(format::ParseJson(outcome.out, &value, &error)) << error << "\n" << outcome.out;
    return value;
  }

  // The keys of a JSON path, in order.
  std::vector<std::string> PathKeys(const Outcome& outcome) {
    std::vector<std::string> keys;
    format::JsonValue json = Json(outcome);
    for (const auto& step : json.Find("path")->items()) keys.push_back(step.Find("key")->text());
    return keys;
  }
};

TEST_F(AnalyticsE2e, NetworksComeLargestFirstWithTheirAgencies) {
  auto server = StartLoaded();
  format::JsonValue json = Json(Cli({"--json", "networks"}, *server));
  const auto& networks = json.Find("networks")->items();
  ASSERT_EQ(networks.size(), 2u);
  EXPECT_EQ(networks[0].Find("size")->text(), "7");
  EXPECT_EQ(networks[0].Find("agencies")->items()[0].text(), "border-police");
  EXPECT_EQ(networks[1].Find("size")->text(), "2");
  EXPECT_EQ(networks[1].Find("members")->items()[0].text(), "labour-inspectorate/boss");
  EXPECT_EQ(json.Find("parties")->text(), "9");
  // One agency's records only.
  format::JsonValue li = Json(Cli({"--json", "networks", "--agency", "labour-inspectorate"}, *server));
  EXPECT_EQ(li.Find("total")->text(), "1");
  // The port both groups left from joins them only when places are asked for.
  format::JsonValue places = Json(Cli({"--json", "networks", "--kind", "at_place"}, *server));
  ASSERT_EQ(places.Find("total")->text(), "1");
  EXPECT_EQ(places.Find("networks")->items()[0].Find("size")->text(), "7");  // six persons and the port
  EXPECT_NE(places.Find("networks")->items()[0].Find("members")->items().size(), 0u);
  // The same question after another import sees it (the projection a call
  // loaded serves again only while the store's projection is the same).
  EXPECT_EQ(Json(Cli({"--json", "networks"}, *server)).Find("parties")->text(), "9");
  WriteFile(scratch_.File("more.jsonl"), R"({"kind":"person","id":"w2","names":["W Two"]}
{"kind":"event","id":"work2","type":"work","start":"2024-07","subject":"w2","actors":["boss"]})");
  ASSERT_EQ(Cli({"import", "--agency", "labour-inspectorate", scratch_.File("more.jsonl")}, *server).exit_code, 0);
  format::JsonValue after = Json(Cli({"--json", "networks"}, *server));
  EXPECT_EQ(after.Find("parties")->text(), "10");
  EXPECT_EQ(after.Find("networks")->items()[1].Find("size")->text(), "3");
}

TEST_F(AnalyticsE2e, TheBrokerBetweenTheGroupsLeadsTheBrokers) {
  auto server = StartLoaded();
  format::JsonValue json = Json(Cli({"--json", "brokers", "--top", "3"}, *server));
  const auto& brokers = json.Find("brokers")->items();
  ASSERT_EQ(brokers.size(), 3u);
  // x carries every pair between {a1, a2, a3} and {b1, b2, b3}: 9; a1 and
  // b1 carry their group's two others to the other four: 8 each.
  EXPECT_EQ(brokers[0].Find("key")->text(), "border-police/x");
  EXPECT_DOUBLE_EQ(std::stod(brokers[0].Find("betweenness")->text()), 9);
  EXPECT_DOUBLE_EQ(std::stod(brokers[1].Find("betweenness")->text()), 8);
  EXPECT_EQ(brokers[0].Find("degree")->text(), "2");
  ASSERT_TRUE(json.Find("sampled")->is_bool());
  EXPECT_FALSE(json.Find("sampled")->bool_value());
  // Networks this small are computed exactly even when a sample is asked for.
  Outcome text = Cli({"brokers", "--sample", "3"}, *server);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("betweenness exact over 9 parties"), std::string::npos) << text.out;
  format::JsonValue cores = Json(Cli({"--json", "cores"}, *server));
  EXPECT_EQ(cores.Find("max_core")->text(), "2");
}

TEST_F(AnalyticsE2e, ASampledBetweennessSaysSoWithItsSourcesAndSeed) {
  auto server = StartServer("border-police");
  // A chain of 100 persons, each event joining one to the next.
  std::string chain;
  for (int i = 0; i < 100; ++i) chain += R"({"kind":"person","id":"c)" + std::to_string(i) + R"(","names":["C"]})" "\n";
  for (int i = 0; i + 1 < 100; ++i) {
    chain += R"({"kind":"event","id":"h)" + std::to_string(i) + R"(","type":"transport","subject":"c)" +
             std::to_string(i) + R"(","actors":["c)" + std::to_string(i + 1) + "\"]}\n";
  }
  WriteFile(scratch_.File("chain.jsonl"), chain);
  ASSERT_EQ(Cli({"import", scratch_.File("chain.jsonl")}, *server).exit_code, 0);
  format::JsonValue json = Json(Cli({"--json", "brokers", "--sample", "10", "--top", "1"}, *server));
  ASSERT_TRUE(json.Find("sampled")->bool_value());
  EXPECT_EQ(json.Find("sources")->text(), "10");
  EXPECT_EQ(json.Find("seed")->text(), "1");
  Outcome text = Cli({"brokers", "--sample", "10"}, *server);
  EXPECT_NE(text.out.find("estimated from 10 sources (seed 1)"), std::string::npos) << text.out;
  format::JsonValue exact = Json(Cli({"--json", "brokers", "--top", "1"}, *server));
  EXPECT_FALSE(exact.Find("sampled")->bool_value());
  // The middle of the chain carries the most pairs: 49 x 50.
  EXPECT_DOUBLE_EQ(std::stod(exact.Find("brokers")->items()[0].Find("betweenness")->text()), 49 * 50);
}

TEST_F(AnalyticsE2e, ALinkNamesEachHopsRecordsAndASequentialOneKeepsTimeOrder) {
  auto server = StartLoaded();
  Outcome link = Cli({"--json", "link", "border-police/a2", "border-police/b1"}, *server);
  EXPECT_EQ(PathKeys(link), (std::vector<std::string>{"border-police/a2", "border-police/a1", "border-police/x",
                                                       "border-police/b1"}));
  EXPECT_NE(link.out.find("\"via\":[\"border-police/tx\"]"), std::string::npos) << link.out;
  // x paid b1 in March, before transporting a1 in May: no time-respecting
  // path from a1's side to b1, but one from b1's side to a1.
  EXPECT_TRUE(PathKeys(Cli({"--json", "link", "a1", "b1", "--sequential"}, *server)).empty());
  EXPECT_EQ(PathKeys(Cli({"--json", "link", "b1", "a1", "--sequential"}, *server)).size(), 3u);
  // Parties of two networks.
  Outcome none = Cli({"link", "a1", "labour-inspectorate/w1"}, *server);
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("no path"), std::string::npos);
  // A time window that leaves out the payment cuts the path.
  EXPECT_TRUE(PathKeys(Cli({"--json", "link", "a1", "b1", "--from", "2024-04"}, *server)).empty());
}

TEST_F(AnalyticsE2e, BadRequestsAreRefusedClearly) {
  auto server = StartLoaded();
  Outcome kind = Cli({"networks", "--kind", "smuggled"}, *server);
  EXPECT_EQ(kind.exit_code, 1);
  EXPECT_NE(kind.err.find("filter.kinds: unknown kind \"smuggled\""), std::string::npos) << kind.err;
  Outcome date = Cli({"brokers", "--from", "2024-13"}, *server);
  EXPECT_EQ(date.exit_code, 1);
  EXPECT_NE(date.err.find("filter.from"), std::string::npos) << date.err;
  Outcome unknown = Cli({"link", "a1", "nobody"}, *server);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("border-police/nobody"), std::string::npos) << unknown.err;
  EXPECT_EQ(Cli({"link", "a1"}, *server).exit_code, 2);
}

TEST_F(AnalyticsE2e, TheProjectionIsKeptAcrossARestartFromItsMark) {
  { auto server = StartLoaded(); }
  auto server = StartServer("border-police");
  format::JsonValue json = Json(Cli({"--json", "networks"}, *server));
  EXPECT_EQ(json.Find("parties")->text(), "9");
  EXPECT_EQ(server->log().find("projecting every record"), std::string::npos) << server->log();
}

TEST_F(AnalyticsE2e, CommunitiesSplitTheTwoGroups) {
  auto server = StartLoaded();
  format::JsonValue json = Json(Cli({"--json", "communities"}, *server));
  // Two groups of three and the broker, and the inspectorate's pair.
  ASSERT_EQ(json.Find("total")->text(), "3") << json.Find("total")->text();
  EXPECT_GT(std::stod(json.Find("modularity")->text()), 0.3);
  EXPECT_EQ(json.Find("communities")->items()[2].Find("size")->text(), "2");
  EXPECT_EQ(Json(Cli({"--json", "communities"}, *server)).Find("communities")->items()[0].Find("members")->items()[0].text(),
            json.Find("communities")->items()[0].Find("members")->items()[0].text());
}

TEST_F(AnalyticsE2e, RoutesCountTheSmuggledAndTheTraffickedOnEachLeg) {
  auto server = StartServer("border-police");
  ASSERT_EQ(Cli({"import", ScenarioPath("cross_agency_same_as")}, *server).exit_code, 0);
  format::JsonValue json = Json(Cli({"--json", "routes"}, *server));
  const auto& legs = json.Find("locations")->items();
  ASSERT_EQ(legs.size(), 1u) << json.Find("locations")->items().size();
  EXPECT_EQ(legs[0].Find("from_name")->text(), "Edirne");
  EXPECT_EQ(legs[0].Find("to_name")->text(), "Orestiada");
  EXPECT_EQ(legs[0].Find("persons")->text(), "1");
  // The migrant smuggled across is the worker later held in debt bondage:
  // the same leg carries both crimes.
  EXPECT_EQ(legs[0].Find("smuggling")->text(), "1");
  EXPECT_EQ(legs[0].Find("trafficking")->text(), "1");
  EXPECT_EQ(legs[0].Find("both")->text(), "1");
  EXPECT_EQ(json.Find("countries")->items()[0].Find("from")->text(), "TR");
}

TEST_F(AnalyticsE2e, ATimelineJoinsTheRecordsOfOnePersonInDateOrder) {
  auto server = StartServer("border-police");
  ASSERT_EQ(Cli({"import", ScenarioPath("cross_agency_same_as")}, *server).exit_code, 0);
  format::JsonValue json = Json(Cli({"--json", "timeline", "p1"}, *server));
  const auto& joined = json.Find("joined")->items();
  ASSERT_EQ(joined.size(), 2u);
  EXPECT_EQ(joined[0].text(), "border-police/p1");
  EXPECT_EQ(joined[1].text(), "labour-inspectorate/w7");
  const auto& entries = json.Find("entries")->items();
  ASSERT_GE(entries.size(), 3u);
  EXPECT_EQ(entries[0].Find("key")->text(), "border-police/t1");  // the fee, before the crossing
  bool inspectorate = false;
  std::string previous;
  for (const auto& entry : entries) {
    inspectorate = inspectorate || entry.Find("about")->text() == "labour-inspectorate/w7";
    const std::string date = entry.Find("date")->text();
    if (!date.empty() && !previous.empty()) {
      EXPECT_LE(previous.substr(0, 4), date.substr(0, 4));
    }
    if (!date.empty()) previous = date;
  }
  EXPECT_TRUE(inspectorate);
  Outcome unknown = Cli({"timeline", "nobody"}, *server);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("border-police/nobody"), std::string::npos) << unknown.err;
}

TEST_F(AnalyticsE2e, AChartIsValidSvgNamingItsSubjectAndItsParties) {
  auto server = StartLoaded();
  Outcome chart = Cli({"chart", "a1", "--depth", "2", "-o", scratch_.File("chart.svg")}, *server);
  ASSERT_EQ(chart.exit_code, 0) << chart.err;
  EXPECT_NE(chart.err.find("wrote"), std::string::npos);
  // Well-formed XML whose root is svg (Python's own parser), and its text
  // (entities decoded: Graphviz writes '-' as &#45;).
  WriteFile(scratch_.File("svg.py"),
            "import sys, xml.etree.ElementTree as ET\n"
            "root = ET.parse(sys.argv[1]).getroot()\n"
            "print(root.tag.split('}')[-1])\n"
            "print(' '.join(t for t in root.itertext()))\n");
  Outcome parsed = process::Run({PALERMO_PYTHON3_PATH, scratch_.File("svg.py"), scratch_.File("chart.svg")},
                                scratch_.File("svg"));
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  EXPECT_EQ(parsed.out.substr(0, 4), "svg\n");
  const std::string& text = parsed.out;
  EXPECT_NE(text.find("Link chart around border-police/a1"), std::string::npos) << text;
  for (const char* party : {"border-police/a2", "border-police/x", "border-police/b1"}) {
    EXPECT_NE(text.find(party), std::string::npos) << party;
  }
  EXPECT_EQ(text.find("border-police/b2"), std::string::npos);  // three hops away
  Outcome dot = Cli({"chart", "a1", "--dot", "-o", "-"}, *server);
  ASSERT_EQ(dot.exit_code, 0) << dot.err;
  EXPECT_EQ(dot.out.rfind("graph chart {", 0), 0u);
  EXPECT_NE(dot.out.find("tooltip=\"border-police/tx\""), std::string::npos);  // the payment joining x and b1
  EXPECT_EQ(Cli({"chart", "a1"}, *server).exit_code, 2);  // no -o
  EXPECT_EQ(Cli({"chart", "a1", "--depth", "9", "-o", "-"}, *server).exit_code, 1);
}

TEST_F(AnalyticsE2e, ExportedNetworkFilesReadBackInBoostAndNetworkx) {
  auto server = StartLoaded();
  for (const std::string format : {"graphml", "gexf", "dot"}) {
    Outcome exported = Cli({"export", "--format", format}, *server);
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    WriteFile(scratch_.File("net." + format), exported.out);
  }
  // Boost's reader: nine parties, one edge per record that joins two.
  struct Node {
    std::string key, kind;
  };
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Node> graph;
  boost::dynamic_properties properties(boost::ignore_other_properties);
  properties.property("key", boost::get(&Node::key, graph));
  properties.property("kind", boost::get(&Node::kind, graph));
  std::ifstream in(scratch_.File("net.graphml"));
  boost::read_graphml(in, graph, properties);
  EXPECT_EQ(boost::num_vertices(graph), 9u);
  EXPECT_EQ(boost::num_edges(graph), 9u);  // ea 3, eb 3, ex 1, tx 1, work 1
  bool broker = false;
  for (auto v : boost::make_iterator_range(boost::vertices(graph))) broker = broker || graph[v].key == "border-police/x";
  EXPECT_TRUE(broker);
  // networkx reads GraphML and GEXF alike (DOT is for Graphviz and yEd).
  const std::string script =
      "import sys, networkx as nx\n"
      "g = nx.read_graphml(sys.argv[1]); h = nx.read_gexf(sys.argv[2])\n"
      "print(g.number_of_nodes(), g.number_of_edges(), h.number_of_nodes(), h.number_of_edges(),\n"
      "      g.nodes['n6']['key'] if 'n6' in g else '')\n";
  WriteFile(scratch_.File("read.py"), script);
  Outcome read = process::Run(
      {PALERMO_PYTHON3_PATH, scratch_.File("read.py"), scratch_.File("net.graphml"), scratch_.File("net.gexf")},
      scratch_.File("python"));
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out.substr(0, 9), "9 9 9 9 b") << read.out;
  const std::string dot = ReadFile(scratch_.File("net.dot"));
  EXPECT_EQ(dot.rfind("graph G {", 0), 0u) << dot;
  EXPECT_NE(dot.find("\"border-police/x\""), std::string::npos);
  Outcome bad = Cli({"export", "--format", "xlsx"}, *server);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not graphml, gexf or dot"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace palermo
