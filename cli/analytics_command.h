// palermo networks | brokers | cores | link: the analyses of
// AnalyticsService (proto/palermo/v1/analytics.proto) on the network of
// parties, with the projection's filter flags.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cli/client.h"

namespace palermo::cli {

extern const char kNetworksHelp[];
extern const char kBrokersHelp[];
extern const char kCoresHelp[];
extern const char kLinkHelp[];

int Networks(const Global& global, const std::vector<std::string>& raw);
int Brokers(const Global& global, const std::vector<std::string>& raw);
int Cores(const Global& global, const std::vector<std::string>& raw);
int Link(const Global& global, const std::vector<std::string>& raw);

}  // namespace palermo::cli
