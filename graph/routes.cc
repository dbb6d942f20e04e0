#include "graph/routes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "model/vocabulary.h"

namespace palermo::graph {
namespace {

namespace v1 = palermo::v1;

struct Tally {
  std::set<NodeId> persons;
  std::set<NodeId> events;
};

std::vector<RouteCount> Ranked(const std::map<std::pair<std::string, std::string>, Tally>& tallies,
                               const std::map<NodeId, std::pair<bool, bool>>& crimes,
                               const std::map<std::string, std::string>& names) {
  std::vector<RouteCount> out;
  for (const auto& [ends, tally] : tallies) {
    RouteCount route;
    route.from = ends.first;
    route.to = ends.second;
    if (auto it = names.find(ends.first); it != names.end()) route.from_name = it->second;
    if (auto it = names.find(ends.second); it != names.end()) route.to_name = it->second;
    route.persons = static_cast<uint32_t>(tally.persons.size());
    route.events = static_cast<uint32_t>(tally.events.size());
    for (NodeId person : tally.persons) {
      const auto [smuggling, trafficking] = crimes.at(person);
      route.smuggling += smuggling;
      route.trafficking += trafficking;
      route.both += smuggling && trafficking;
    }
    out.push_back(std::move(route));
  }
  std::sort(out.begin(), out.end(), [](const RouteCount& x, const RouteCount& y) {
    return std::tie(y.persons, x.from, x.to) < std::tie(x.persons, y.from, y.to);
  });
  return out;
}

}  // namespace

RouteTypes DefaultRouteTypes() {
  return {{"smuggling_of_migrants", "aggravated_smuggling", "smuggling_to_trafficking"},
          {"trafficking_in_persons", "child_trafficking", "internal_trafficking", "smuggling_to_trafficking"}};
}

Result<Routes> CountRoutes(const store::View& view, const std::vector<ProjectedLeg>& legs, const RouteTypes& types) {
  // Each person moved: which of the two crimes its findings show.
  std::map<NodeId, std::pair<bool, bool>> crimes;
  std::map<NodeId, std::pair<std::string, std::string>> places;  // location -> key, country
  std::map<std::string, std::string> names;                      // location key -> name
  for (const ProjectedLeg& leg : legs) {
    crimes.emplace(leg.subject, std::pair(false, false));
    places.emplace(leg.from, std::pair(std::string(), std::string()));
    places.emplace(leg.to, std::pair(std::string(), std::string()));
  }
  for (auto& [person, crime] : crimes) {
    v1::Record record;
    if (Status s = view.Get(person, &record); !s.ok()) return s;
    std::vector<store::FindingKey> found;
    if (Status s = view.FindingsOf(model::GlobalKey(record.agency(), record.id()), &found); !s.ok()) return s;
    for (const store::FindingKey& finding : found) {
      auto listed = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), finding.type) != list.end();
      };
      crime.first = crime.first || listed(types.smuggling);
      crime.second = crime.second || listed(types.trafficking);
    }
  }
  for (auto& [id, place] : places) {
    v1::Record record;
    if (Status s = view.Get(id, &record); !s.ok()) return s;
    place = {model::GlobalKey(record.agency(), record.id()), record.has_location() ? record.location().country() : ""};
    names[place.first] = record.has_location() ? record.location().name() : "";
  }
  std::map<std::pair<std::string, std::string>, Tally> by_location, by_country;
  for (const ProjectedLeg& leg : legs) {
    const auto& from = places.at(leg.from);
    const auto& to = places.at(leg.to);
    Tally& location = by_location[{from.first, to.first}];
    location.persons.insert(leg.subject);
    location.events.insert(leg.via);
    if (!from.second.empty() && !to.second.empty()) {
      Tally& country = by_country[{from.second, to.second}];
      country.persons.insert(leg.subject);
      country.events.insert(leg.via);
    }
  }
  Routes routes;
  routes.locations = Ranked(by_location, crimes, names);
  routes.countries = Ranked(by_country, crimes, {});
  return routes;
}

}  // namespace palermo::graph
