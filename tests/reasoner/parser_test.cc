#include "reasoner/parser.h"

#include <gtest/gtest.h>

#include "reasoner/program.h"

namespace palermo::reasoner {
namespace {

const std::vector<BasePredicate> kBase = {
    {"edge", {"from", "to"}, ""},
    {"person", {"p"}, ""},
    {"amount", {"t", "a"}, ""},
};

// Parses and compiles; returns the errors (empty when fine).
std::vector<std::string> Check(const std::string& text) {
  ParsedFile file;
  std::string error;
  if (!ParseRules(text, "t.dl", &file, &error)) return {error};
  Program program;
  std::vector<std::string> errors;
  Compile({file}, kBase, &program, &errors);
  return errors;
}

std::string OneError(const std::string& text) {
  auto errors = Check(text);
  EXPECT_EQ(errors.size(), 1u) << text;
  return errors.empty() ? "" : errors[0];
}

TEST(RuleParser, ParsesRulesAggregatesAndFindings) {
  ParsedFile file;
  std::string error;
  ASSERT_TRUE(ParseRules(R"(
    % comments are ignored
    @reach "graph reachability"
    reach(X, Y) :- edge(X, Y).
    @reach_more "transitive"   // another comment
    reach(X, Z) :- reach(X, Y), edge(Y, Z), X != Z.
    @total "sums" total(T, S) :- person(T), S = sum A : { amount(T, A) }, S >= 10.5.
    .finding reach(subject, to).
  )", "t.dl", &file, &error)) << error;
  ASSERT_EQ(file.rules.size(), 3u);
  EXPECT_EQ(file.rules[0].name, "reach");
  EXPECT_EQ(file.rules[0].citation, "graph reachability");
  EXPECT_EQ(file.rules[1].body.size(), 3u);
  EXPECT_EQ(file.rules[1].body[2].kind, Literal::Kind::kComparison);
  EXPECT_EQ(file.rules[2].body[1].kind, Literal::Kind::kAggregate);
  EXPECT_EQ(file.rules[2].body[1].function, "sum");
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].columns[1], "to");
  EXPECT_TRUE(Check(R"(@a "x" reach(X, Y) :- edge(X, Y). .finding reach(subject, to).)").empty());
}

TEST(RuleParser, SyntaxErrorsSayWhereAndWhat) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, Y)"), "t.dl:1:26: expected ',' or '.' after a literal, found the end of the file");
  EXPECT_EQ(OneError("@a \"x\"\np(X) :- edge(X Y)."), "t.dl:2:16: expected ',' or ')' in the arguments of edge, found 'Y'");
  EXPECT_EQ(OneError("@a p(X) :- edge(X, X)."), "t.dl:1:4: expected the rule's citation as a string after its name, found 'p'");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, \"open)."), "t.dl:1:24: unterminated string");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, #)."), "t.dl:1:24: unexpected character '#'");
  EXPECT_EQ(OneError(".decl p(x)."), "t.dl:1:2: expected 'finding' after '.', found 'decl'");
}

TEST(RuleChecker, RejectsUnknownPredicatesAndWrongArity) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edgy(X, Y)."),
            "t.dl:1:16: unknown predicate edgy (no base predicate and no rule derives it)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X)."), "t.dl:1:16: edge takes 2 arguments, not 1");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, Y).\n@b \"y\" q(X) :- p(X, X)."), "t.dl:2:16: p takes 1 arguments, not 2");
  EXPECT_EQ(OneError("@a \"x\" edge(X, Y) :- person(X), person(Y)."),
            "t.dl:1:8: edge is a base predicate (facts from the store); rules cannot derive it");
}

TEST(RuleChecker, RejectsUnsafeRules) {
  EXPECT_EQ(OneError("@a \"x\" p(X, Z) :- edge(X, Y)."),
            "t.dl:1:8: variable Z in the head of p is not bound by the body (unsafe rule)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X), !edge(X, Y)."),
            "t.dl:1:27: variable Y in a negated literal is not bound by a positive literal (unsafe rule)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X), Y > 3."),
            "t.dl:1:27: variable Y in a comparison or arithmetic is not bound by a positive literal (unsafe rule)");
  // Negation and comparisons may come before the atoms that bind them.
  EXPECT_TRUE(Check("@a \"x\" p(X) :- !edge(X, X), X != \"q\", person(X).").empty());
  EXPECT_TRUE(Check("@a \"x\" p(X, Z) :- Z = Y + 1, amount(X, Y).").empty());
}

TEST(RuleChecker, RequiresNamesAndCitations) {
  EXPECT_EQ(OneError("p(X) :- person(X)."), "t.dl:1:1: every rule needs a name and a citation: @name \"citation\" before it");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X).\n@a \"y\" q(X) :- person(X)."),
            "t.dl:2:1: rule name @a is used twice (first at t.dl:1:1)");
}

TEST(RuleChecker, RejectsUnstratifiableNegation) {
  auto errors = Check("@a \"x\" p(X) :- person(X), !q(X).\n@b \"y\" q(X) :- person(X), !p(X).");
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("is not stratifiable"), std::string::npos) << errors[0];
  auto aggregate = Check("@a \"x\" p(X, N) :- person(X), N = count : { p(X, _) }.");
  ASSERT_FALSE(aggregate.empty());
  EXPECT_NE(aggregate[0].find("is not stratifiable"), std::string::npos) << aggregate[0];
}

TEST(RuleChecker, FindingDeclarationsMustMatchTheirPredicate) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X). .finding p(subject, extra)."),
            "t.dl:1:27: .finding p names 2 columns but its rules give it 1");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X). .finding p(who)."),
            "t.dl:1:27: .finding p: the first column must be `subject`");
  EXPECT_EQ(OneError(".finding nothing(subject)."), "t.dl:1:1: .finding nothing: no rule derives it");
}

}  // namespace
}  // namespace palermo::reasoner
