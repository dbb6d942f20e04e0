#include "reasoner/engine.h"

#include <gtest/gtest.h>

#include <set>

#include "reasoner/parser.h"

namespace palermo::reasoner {
namespace {

const std::vector<BasePredicate> kBase = {
    {"edge", {"from", "to"}, ""},
    {"person", {"p"}, ""},
    {"amount", {"p", "kind", "a"}, ""},
};

class EngineTest : public ::testing::Test {
 protected:
  void Load(const std::string& text) {
    Result<ParsedFile> parsed = ParseRules(text, "t.dl");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    Status compiled = Compile({parsed.value()}, kBase, &program_);
    ASSERT_TRUE(compiled.ok()) << compiled.message();
    engine_ = std::make_unique<Engine>(program_);
  }
  Value S(const std::string& text) { return Value::Symbol(engine_->symbols().Intern(text)); }
  void Edge(const std::string& a, const std::string& b) { ASSERT_TRUE(engine_->AddFact("edge", {S(a), S(b)})); }
  std::set<std::string> Rows(const std::string& predicate) {
    std::set<std::string> out;
    const Relation* r = engine_->relation(predicate);
    for (size_t i = 0; i < r->size(); ++i) {
      std::string row;
      for (const Value& v : r->row(i)) {
        if (!row.empty()) row += ",";
        row += v.type == Value::Type::kSymbol ? engine_->symbols().Text(v.symbol) : std::to_string(static_cast<long long>(v.number));
      }
      out.insert(row);
    }
    return out;
  }

  Program program_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, RecursionReachesAFixpoint) {
  Load(R"(@r1 "base" reach(X, Y) :- edge(X, Y).
          @r2 "step" reach(X, Z) :- reach(X, Y), edge(Y, Z).)");
  Edge("a", "b");
  Edge("b", "c");
  Edge("c", "d");
  Edge("d", "b");
  engine_->Evaluate();
  EXPECT_EQ(Rows("reach"), (std::set<std::string>{"a,b", "a,c", "a,d", "b,b", "b,c", "b,d", "c,b", "c,c", "c,d",
                                                   "d,b", "d,c", "d,d"}));
}

TEST_F(EngineTest, TheNaiveReferenceAgrees) {
  const std::string rules = R"(@r1 "base" reach(X, Y) :- edge(X, Y).
          @r2 "step" reach(X, Z) :- reach(X, Y), edge(Y, Z).
          @r3 "x" unreachable(X, Y) :- person(X), person(Y), !reach(X, Y).)";
  std::set<std::string> results[2];
  for (bool naive : {false, true}) {
    Result<ParsedFile> parsed = ParseRules(rules, "t.dl");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    Program program;
    Status compiled = Compile({parsed.value()}, kBase, &program);
    ASSERT_TRUE(compiled.ok()) << compiled.message();
    Engine engine(program, EngineOptions{naive});
    auto s = [&](const std::string& t) { return Value::Symbol(engine.symbols().Intern(t)); };
    for (int i = 0; i < 30; ++i) {
      engine.AddFact("person", {s("n" + std::to_string(i))});
      engine.AddFact("edge", {s("n" + std::to_string(i)), s("n" + std::to_string((i * 7 + 3) % 30))});
    }
    engine.Evaluate();
    for (const char* predicate : {"reach", "unreachable"}) {
      const Relation* r = engine.relation(predicate);
      for (size_t i = 0; i < r->size(); ++i) {
        results[naive].insert(std::string(predicate) + engine.symbols().Text(r->row(i)[0].symbol) + "," +
                              engine.symbols().Text(r->row(i)[1].symbol));
      }
    }
  }
  EXPECT_EQ(results[0], results[1]);
  EXPECT_GT(results[0].size(), 30u);
}

TEST_F(EngineTest, StratifiedNegation) {
  Load(R"(@r1 "x" reach(X, Y) :- edge(X, Y).
          @r2 "x" reach(X, Z) :- reach(X, Y), edge(Y, Z).
          @r3 "x" unreachable(X, Y) :- person(X), person(Y), !reach(X, Y), X != Y.)");
  for (const char* p : {"a", "b", "c"}) ASSERT_TRUE(engine_->AddFact("person", {S(p)}));
  Edge("a", "b");
  Edge("b", "c");
  engine_->Evaluate();
  EXPECT_EQ(Rows("unreachable"), (std::set<std::string>{"b,a", "c,a", "c,b"}));
}

TEST_F(EngineTest, AggregatesGroupByTheirBoundVariables) {
  Load(R"(@r1 "x" totals(P, C, R, N) :- person(P),
               C = sum A : { amount(P, "charge", A) },
               R = sum A : { amount(P, "repayment", A) },
               N = count : { amount(P, _, _) }.
          @r2 "x" unpaid(P) :- totals(P, C, R, _), C >= R, R > 0.
          @r3 "x" largest(P, M) :- person(P), M = max A : { amount(P, _, A) }.)");
  for (const char* p : {"v", "w", "z"}) ASSERT_TRUE(engine_->AddFact("person", {S(p)}));
  ASSERT_TRUE(engine_->AddFact("amount", {S("v"), S("charge"), Value::Number(700)}));
  ASSERT_TRUE(engine_->AddFact("amount", {S("v"), S("repayment"), Value::Number(600)}));
  ASSERT_TRUE(engine_->AddFact("amount", {S("w"), S("charge"), Value::Number(100)}));
  ASSERT_TRUE(engine_->AddFact("amount", {S("w"), S("repayment"), Value::Number(400)}));
  engine_->Evaluate();
  EXPECT_EQ(Rows("totals"), (std::set<std::string>{"v,700,600,2", "w,100,400,2", "z,0,0,0"}));
  EXPECT_EQ(Rows("unpaid"), (std::set<std::string>{"v"}));
  EXPECT_EQ(Rows("largest"), (std::set<std::string>{"v,700", "w,400"}));  // no max for z
}

TEST_F(EngineTest, ArithmeticAssignmentAndRepeatedVariables) {
  Load(R"(@r1 "x" loop(X) :- edge(X, X).
          @r2 "x" doubled(P, D) :- amount(P, _, A), D = A * 2 + 1.)");
  Edge("a", "a");
  Edge("a", "b");
  ASSERT_TRUE(engine_->AddFact("amount", {S("v"), S("k"), Value::Number(20)}));
  engine_->Evaluate();
  EXPECT_EQ(Rows("loop"), (std::set<std::string>{"a"}));
  EXPECT_EQ(Rows("doubled"), (std::set<std::string>{"v,41"}));
}

TEST_F(EngineTest, DerivationsPointAtTheirPremises) {
  Load(R"(@r1 "x" reach(X, Y) :- edge(X, Y).
          @r2 "x" reach(X, Z) :- reach(X, Y), edge(Y, Z).)");
  Edge("a", "b");
  Edge("b", "c");
  engine_->Evaluate();
  const Relation* reach = engine_->relation("reach");
  int64_t row = reach->Find({S("a"), S("c")});
  ASSERT_GE(row, 0);
  const Derivation& d = reach->derivation(row);
  EXPECT_EQ(engine_->rules()[d.rule]->rule.name, "r2");
  ASSERT_EQ(d.premises.size(), 2u);
  EXPECT_EQ(d.premises[0].relation->name(), "reach");
  EXPECT_EQ(d.premises[1].relation->name(), "edge");
  EXPECT_EQ(d.premises[1].relation->row(d.premises[1].row)[1], S("c"));
  EXPECT_FALSE(engine_->AddFact("reach", {S("x"), S("y")}));  // derived, not base
  EXPECT_FALSE(engine_->AddFact("edge", {S("x")}));           // wrong arity
}

}  // namespace
}  // namespace palermo::reasoner
