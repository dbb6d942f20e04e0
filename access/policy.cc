#include "access/policy.h"

#include <cctype>
#include <optional>
#include <sstream>

#include "common/text.h"

namespace palermo::access {
namespace {

constexpr char kDefaultPolicy[] = R"(# Palermo's default access policy (docs/ACCESS.md). A file of this form
# given to palermod --policy replaces it.
role reader palermo.v1.GraphService/Export palermo.v1.GraphService/Get palermo.v1.GraphService/Neighbors
role reader palermo.v1.GraphService/Path
role reader palermo.v1.ReasonerService/Assess palermo.v1.ReasonerService/ListFindings
role reader palermo.v1.ReasonerService/Explain palermo.v1.ReasonerService/SubscribeFindings
role reader palermo.v1.ReasonerService/ListRules palermo.v1.ReasonerService/CheckRules
role reader palermo.v1.AnalyticsService/*
role reader palermo.v1.LinkageService/FindCandidates palermo.v1.LinkageService/ListDecisions
role reader palermo.v1.LinkageService/GetLinkageModel palermo.v1.LinkageService/ComparePair
role reader grpc.reflection.v1alpha.ServerReflection/* grpc.reflection.v1.ServerReflection/* grpc.health.v1.Health/*
role importer reader palermo.v1.GraphService/Import palermo.v1.GraphService/CheckImport
role importer palermo.v1.GraphService/Release
role linker reader palermo.v1.LinkageService/Decide
role admin importer linker palermo.v1.AuditService/*
grant * * reader importer linker admin
)";

struct Word {
  std::string text;
  size_t column;  // 1-based
};

std::vector<Word> Words(const std::string& line) {
  std::vector<Word> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '#') ++i;
    words.push_back({line.substr(start, i - start), start + 1});
  }
  return words;
}

// "package.Service/Method" or "package.Service/*": a dotted service name
// and a method name of letters, digits and '_'.
bool IsMethodItem(std::string_view item) {
  const size_t slash = item.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= item.size()) return false;
  const std::string_view service = item.substr(0, slash), method = item.substr(slash + 1);
  if (service.find('.') == std::string_view::npos || service.front() == '.' || service.back() == '.') return false;
  for (char c : service) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.') return false;
  }
  if (method == "*") return true;
  for (char c : method) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

bool Matches(const std::string& pattern, std::string_view name) { return pattern == "*" || pattern == name; }

}  // namespace

std::string_view DefaultPolicyText() { return kDefaultPolicy; }

Result<Policy> ParsePolicy(std::string_view text, std::string_view file) {
  Policy policy;
  std::vector<std::string> errors;
  std::set<Role> defined;
  auto error = [&](size_t line, size_t column, const std::string& message) {
    errors.push_back(std::string(file) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message);
  };
  std::istringstream in{std::string(text)};
  size_t number = 0;
  std::set<Role> closed;  // roles whose definition lines have ended (another statement came)
  std::vector<Role> open;  // the role whose lines are being read (at most one)
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<Word> words = Words(line);
    if (words.empty()) continue;
    const Word& keyword = words[0];
    if (keyword.text == "role") {
      if (words.size() < 3) {
        error(number, keyword.column, "`role` needs a role name and at least one method or role");
        continue;
      }
      auto role = ParseRole(words[1].text);
      if (!role) {
        error(number, words[1].column, "unknown role \"" + EscapeForMessage(words[1].text, 100) + "\" (reader, importer, linker or admin)");
        continue;
      }
      // A role's lines come together: "role reader ..." may continue on the next lines.
      if (open.empty() || open[0] != *role) {
        if (defined.count(*role) > 0) {
          error(number, words[1].column, "role " + words[1].text + " is defined again (its lines must come together)");
          continue;
        }
        closed.insert(open.begin(), open.end());
        open = {*role};
        defined.insert(*role);
      }
      for (size_t i = 2; i < words.size(); ++i) {
        if (auto included = ParseRole(words[i].text)) {
          if (*included == *role) {
            error(number, words[i].column, "role " + words[1].text + " includes itself");
          } else if (closed.count(*included) == 0) {
            error(number, words[i].column,
                  "role " + words[i].text + " is included before it is defined (define it above)");
          } else {
            for (const std::string& m : policy.methods[*included]) policy.methods[*role].insert(m);
          }
        } else if (IsMethodItem(words[i].text)) {
          policy.methods[*role].insert(words[i].text);
        } else {
          error(number, words[i].column,
                "\"" + EscapeForMessage(words[i].text, 100) + "\" is neither a role nor a method (package.Service/Method or package.Service/*)");
        }
      }
    } else if (keyword.text == "grant") {
      closed.insert(open.begin(), open.end());
      open.clear();
      if (words.size() < 4) {
        error(number, keyword.column, "`grant` needs AGENCY ANALYST ROLE... (\"*\" for any agency or analyst)");
        continue;
      }
      Grant grant{words[1].text, words[2].text, {}};
      bool ok = true;
      for (int i : {1, 2}) {
        if (words[i].text == "*") continue;
        std::string bad = CheckIdentityName(i == 1 ? "an agency" : "an analyst", words[i].text);
        if (!bad.empty()) {
          error(number, words[i].column, bad);
          ok = false;
        }
      }
      for (size_t i = 3; i < words.size(); ++i) {
        auto role = ParseRole(words[i].text);
        if (!role) {
          error(number, words[i].column, "unknown role \"" + EscapeForMessage(words[i].text, 100) + "\"");
          ok = false;
        } else if (defined.count(*role) == 0) {
          error(number, words[i].column, "role " + words[i].text + " is granted but not defined (define it above)");
          ok = false;
        } else {
          grant.roles.insert(*role);
        }
      }
      if (ok) policy.grants.push_back(std::move(grant));
    } else {
      error(number, keyword.column, "unknown statement \"" + EscapeForMessage(keyword.text, 100) + "\" (role or grant)");
    }
  }
  if (errors.empty() && policy.grants.empty()) error(number + 1, 1, "the policy grants nothing: nobody could call");
  if (!errors.empty()) {
    std::string message = std::to_string(errors.size()) + " error(s) in the access policy";
    for (const std::string& e : errors) message += "\n" + e;
    return Status::InvalidArgument(message);
  }
  return policy;
}

Status Allow(const Policy& policy, std::string_view agency, std::string_view analyst, Role role,
             std::string_view method) {
  if (!method.empty() && method.front() == '/') method.remove_prefix(1);
  bool granted = false;
  for (const Grant& grant : policy.grants) {
    if (Matches(grant.agency, agency) && Matches(grant.analyst, analyst) && grant.roles.count(role) > 0) {
      granted = true;
      break;
    }
  }
  const std::string role_name(RoleName(role));
  if (!granted) return Status::InvalidArgument("the policy does not grant this caller the role " + role_name);
  auto it = policy.methods.find(role);
  if (it != policy.methods.end()) {
    const size_t slash = method.find('/');
    const std::string service_wildcard =
        slash == std::string_view::npos ? "" : std::string(method.substr(0, slash)) + "/*";
    if (it->second.count(std::string(method)) > 0 || it->second.count(service_wildcard) > 0) return Status::Ok();
  }
  return Status::InvalidArgument("the role " + role_name + " may not call " + std::string(method));
}

std::vector<std::string> UnknownMethods(const Policy& policy,
                                        const std::map<std::string, std::set<std::string>>& known) {
  std::set<std::string> unknown;
  for (const auto& [role, items] : policy.methods) {
    for (const std::string& item : items) {
      const size_t slash = item.find('/');
      auto service = known.find(item.substr(0, slash));
      const std::string method = item.substr(slash + 1);
      if (service == known.end() || (method != "*" && service->second.count(method) == 0)) unknown.insert(item);
    }
  }
  return {unknown.begin(), unknown.end()};
}

}  // namespace palermo::access
