// The roles policy (access/policy.h): the default's roles, a policy file's
// grants, and errors at FILE:LINE:COLUMN.
#include "access/policy.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/test_util.h"

namespace palermo::access {
namespace {

Policy Default() {
  auto policy = ParsePolicy(DefaultPolicyText(), "default");
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  return policy.ok() ? *policy : Policy{};
}

TEST(Policy, DefaultRolesAllowTheirMethodsOnly) {
  Policy p = Default();
  EXPECT_TRUE(Allow(p, "a", "x", Role::kReader, "/palermo.v1.GraphService/Get").ok());
  EXPECT_TRUE(Allow(p, "a", "x", Role::kReader, "/palermo.v1.AnalyticsService/Chart").ok()) << "Service/*";
  Status refused = Allow(p, "a", "x", Role::kReader, "/palermo.v1.GraphService/Import");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(refused.message(), "the role reader may not call palermo.v1.GraphService/Import");
  EXPECT_TRUE(Allow(p, "a", "x", Role::kImporter, "/palermo.v1.GraphService/Import").ok());
  EXPECT_TRUE(Allow(p, "a", "x", Role::kImporter, "/palermo.v1.GraphService/Get").ok()) << "includes reader";
  EXPECT_FALSE(Allow(p, "a", "x", Role::kImporter, "/palermo.v1.LinkageService/Decide").ok());
  EXPECT_TRUE(Allow(p, "a", "x", Role::kLinker, "/palermo.v1.LinkageService/Decide").ok());
  EXPECT_TRUE(Allow(p, "a", "x", Role::kAdmin, "/palermo.v1.LinkageService/Decide").ok());
  EXPECT_TRUE(Allow(p, "a", "x", Role::kAdmin, "/palermo.v1.GraphService/Import").ok());
  EXPECT_FALSE(Allow(p, "a", "x", Role::kAdmin, "/palermo.v1.GraphService/NoSuchMethod").ok());
}

TEST(Policy, GrantsLimitWhoMayHoldARole) {
  auto p = ParsePolicy(R"(role reader palermo.v1.GraphService/Get
role importer reader palermo.v1.GraphService/Import
grant border-police * reader importer   # the border police import
grant * * reader
)",
                       "policy.txt");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(Allow(*p, "border-police", "alice", Role::kImporter, "palermo.v1.GraphService/Import").ok());
  Status s = Allow(*p, "ngo-1", "bob", Role::kImporter, "palermo.v1.GraphService/Import");
  EXPECT_EQ(s.message(), "the policy does not grant this caller the role importer");
  EXPECT_TRUE(Allow(*p, "ngo-1", "bob", Role::kReader, "palermo.v1.GraphService/Get").ok());
  EXPECT_FALSE(Allow(*p, "ngo-1", "bob", Role::kLinker, "palermo.v1.GraphService/Get").ok()) << "linker undefined";
}

TEST(Policy, EveryErrorIsReportedAtItsPlace) {
  auto p = ParsePolicy(R"(role reader palermo.v1.GraphService/Get
role importer linker palermo.v1.GraphService/Import
role boss palermo.v1.GraphService/Get
role reader palermo.v1.GraphService/Path
frobnicate
grant * * admin
grant bad/agency * reader
role linker not-a-method
)",
                       "p.txt");
  ASSERT_FALSE(p.ok());
  const std::string& m = p.status().message();
  EXPECT_NE(m.find("p.txt:2:15: role linker is included before it is defined"), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:3:6: unknown role \"boss\""), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:4:6: role reader is defined again"), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:5:1: unknown statement \"frobnicate\""), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:6:11: role admin is granted but not defined"), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:7:7: an agency may hold only"), std::string::npos) << m;
  EXPECT_NE(m.find("p.txt:8:13: \"not-a-method\" is neither a role nor a method"), std::string::npos) << m;
  EXPECT_FALSE(ParsePolicy("role reader palermo.v1.GraphService/Get\n", "q").ok()) << "grants nothing";
}

TEST(Policy, MethodsTheServerDoesNotServeAreFound) {
  auto p = ParsePolicy("role reader palermo.v1.GraphService/Get palermo.v1.GraphService/Gett palermo.v1.Nope/*\n"
                       "grant * * reader\n",
                       "p");
  ASSERT_TRUE(p.ok());
  std::map<std::string, std::set<std::string>> known = {{"palermo.v1.GraphService", {"Get", "Path"}}};
  EXPECT_EQ(UnknownMethods(*p, known), (std::vector<std::string>{"palermo.v1.GraphService/Gett", "palermo.v1.Nope/*"}));
}

TEST(Policy, TheDocumentedDefaultIsTheShippedOne) {
  const std::string docs = palermo::testing::ReadFile(std::string(PALERMO_TEST_DATA) + "/../../docs/ACCESS.md");
  std::istringstream lines{std::string(DefaultPolicyText())};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_NE(docs.find("\n" + line + "\n"), std::string::npos) << "docs/ACCESS.md lacks: " << line;
  }
}

}  // namespace
}  // namespace palermo::access
