// Which methods a caller may call (issue #12, "Roles"): each role is a set
// of gRPC methods, and a policy says which roles each agency and analyst
// may hold; the token (access/token.h) names the role of the call. palermod
// loads a policy file (--policy) or, without one, DefaultPolicyText().
//
// The file, one statement per line ('#' starts a comment):
//   role NAME ITEM...         NAME one of reader, importer, linker, admin;
//                             an ITEM is a method "package.Service/Method",
//                             every method of a service "package.Service/*",
//                             or another role, whose methods it includes
//   grant AGENCY ANALYST ROLE...   AGENCY and ANALYST a name or "*" (any)
// A role may be defined once; a role used before it is defined, or never,
// is an error; so is a grant of an undefined role. Errors name
// FILE:LINE:COLUMN, as the rule files' do, and every error is reported.
// A call is allowed when some grant matching the caller's agency and
// analyst includes the token's role, and that role includes the method.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "access/token.h"
#include "common/status.h"

namespace palermo::access {

struct Grant {
  std::string agency;   // "*": any
  std::string analyst;  // "*": any
  std::set<Role> roles;
};

struct Policy {
  // Per role, its items: "package.Service/Method" or "package.Service/*"
  // (roles it includes are expanded).
  std::map<Role, std::set<std::string>> methods;
  std::vector<Grant> grants;
};

// The policy shipped as the default: reader (reads, findings, analytics,
// linkage candidates), importer (reader and imports), linker (reader and
// linkage decisions), admin (importer and linker); every agency and
// analyst may hold every role, so the token's role decides. docs/ACCESS.md
// prints it.
std::string_view DefaultPolicyText();

// Parses a policy file's text; `file` names it in errors. InvalidArgument
// with every error as "FILE:LINE:COLUMN: message" lines.
Result<Policy> ParsePolicy(std::string_view text, std::string_view file);

// Whether `role` of `agency`/`analyst` may call `method` ("/package.Service/
// Method" as gRPC writes :path, or without the leading '/'). The reason of a
// refusal names the role and method only.
Status Allow(const Policy& policy, std::string_view agency, std::string_view analyst, Role role,
             std::string_view method);

// Every method item of `policy` that names no method of a service in
// `known` ("package.Service" -> its method names): palermod checks its
// policy against the services it serves. Empty when all are known.
std::vector<std::string> UnknownMethods(const Policy& policy,
                                        const std::map<std::string, std::set<std::string>>& known);

}  // namespace palermo::access
