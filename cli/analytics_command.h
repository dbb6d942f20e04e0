// palermo networks | communities | brokers | cores | link | routes | timeline | chart, and export
// --format graphml|gexf|dot: the analyses of
// AnalyticsService (proto/palermo/v1/analytics.proto) on the network of
// parties, with the projection's filter flags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kNetworksHelp[];
extern const char kCommunitiesHelp[];
extern const char kBrokersHelp[];
extern const char kCoresHelp[];
extern const char kLinkHelp[];
extern const char kRoutesHelp[];
extern const char kTimelineHelp[];
extern const char kChartHelp[];

int Networks(const Global& global, const std::vector<std::string>& raw);
int Communities(const Global& global, const std::vector<std::string>& raw);
int Brokers(const Global& global, const std::vector<std::string>& raw);
int Cores(const Global& global, const std::vector<std::string>& raw);
int Link(const Global& global, const std::vector<std::string>& raw);
int Routes(const Global& global, const std::vector<std::string>& raw);
int Timeline(const Global& global, const std::vector<std::string>& raw);
int Chart(const Global& global, const std::vector<std::string>& raw);
// `palermo export --format graphml|gexf|dot [FILTERS]` (the case format is
// cli/palermo.cc's Export).
int ExportGraph(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
