// The rules and facts of Palermo, translated mechanically into the language
// of gringo (the grounder of the Potassco ASP system), so that gringo can
// evaluate them beside our engine (bench/gringo_bench.cc; bench/README.md,
// "gringo side by side").
//
// Rules: predicates keep their names; a variable X becomes VX; strings are
// quoted; `!p`/`not p` become `not p`; comparisons and + - * stay; an
// aggregate `N = count : { body }` becomes `N = #count{ T : body }` where T
// is every variable of the body (each `_` of its positive atoms named), so
// that gringo counts (or sums, or takes the min or max over) the same
// matches our engine does. Annotations and `.finding` declarations are not
// ASP: each finding predicate is `#show`n instead.
//
// Numbers: our engine computes with doubles, gringo with 32-bit integers.
// The rules tie the numeric columns into classes (a variable joins every
// column it appears in; comparisons, arithmetic and aggregates join their
// sides), and each class is written one way, the same in rules and facts:
//  - as it is, when all its numbers are integers that fit 32 bits;
//  - else by rank (the n-th smallest number of the class is n), when the
//    rules only compare it (no arithmetic, no sum, not a count);
//  - else scaled by the least common denominator of its numbers, when the
//    rules only add it (+, -, sum, times a constant);
//  - else not at all: the translation fails, saying which class and number.
// What gringo derives is decoded the same way before it is compared.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "common/status.h"
#include "reasoner/ast.h"
#include "reasoner/engine.h"
#include "reasoner/program.h"

namespace palermo::bench::gringo {


// A finding tuple in one canonical text, the same for ours and gringo's:
// pred("a",12,166.66666666666666) (strings quoted as by DoubleQuoted, common/text.h; numbers as
// common/text.h AppendNumber writes them).
std::string CanonicalTuple(const std::string& predicate, const reasoner::Tuple& tuple,
                           const reasoner::Symbols& symbols);

class Translation {
 public:
  ~Translation();
  // Reads the rules of `files` (already compiled into `program`, which must
  // outlive the translation). InvalidArgument, one diagnostic per place,
  // for what gringo cannot express as we mean it: division (gringo's is
  // integer division), `_` outside an atom, an aggregate inside another.
  static Result<std::unique_ptr<Translation>> Analyse(const std::vector<reasoner::ParsedFile>& files,
                                                      const reasoner::Program& program);

  // Chooses how each class of numbers is written, from the numbers of the
  // rules and of the base facts in `engine`. InvalidArgument naming the
  // class and a number when one cannot be written.
  Status EncodeNumbers(const reasoner::Engine& engine);

  // How a rule's body is written: as written, or in the order our planner
  // evaluates it, split into rules of two positive atoms each (gringo
  // chooses its own join order within a rule: so it is given ours).
  enum class Order { kAsWritten, kPlanned };
  // The rules in gringo's language, with a #show for each finding
  // predicate. After EncodeNumbers.
  void WriteRules(std::ostream& out, Order order = Order::kAsWritten) const;
  // Every tuple of every base relation of `engine` as a fact; returns how
  // many. After EncodeNumbers with the same engine.
  size_t WriteFacts(const reasoner::Engine& engine, std::ostream& out) const;

  // The finding predicates, each once, in declaration order.
  const std::vector<std::string>& findings() const { return findings_; }
  // A shown atom as gringo prints it, `pred("a",12)`, decoded into the
  // canonical text of CanonicalTuple; InvalidArgument when it is not one.
  Result<std::string> DecodeAtom(std::string_view text) const;

  // One line per class of numbers not written as it is: its columns and
  // how it is written ("amount[2] charged[4] ...: scaled by 3").
  std::vector<std::string> DescribeEncodings() const;
  size_t rules() const { return rules_.size(); }

 private:
  struct Codec;
  struct RuleScope;
  class Names;
  Translation() = default;
  // Analysis: union-find over the numeric places of the rules.
  int NewNode();
  int Find(int node) const;
  void Union(int a, int b);
  int Column(const std::string& predicate, size_t column);
  int TermNode(const reasoner::Term& term, std::map<std::string, int>* variables);
  void AtomNodes(const reasoner::Atom& atom, std::map<std::string, int>* variables);
  void LiteralNodes(const reasoner::Literal& literal, bool in_aggregate, std::map<std::string, int>* variables);
  void Error(const reasoner::Position& at, const std::string& message);
  // Encoding.
  Status DecideClass(int root, std::vector<double> values, uint8_t flags);
  std::string ClassColumns(int root) const;
  long long EncodeIn(int root, double value) const;
  // Writing.
  std::string Number(const reasoner::Term& term) const;
  std::string TermText(const reasoner::Term& term, Names* names) const;
  std::string AtomText(const reasoner::Atom& atom, Names* names) const;
  void NumberGuard(const reasoner::Term& side, const Names& names, std::vector<std::string>* body) const;
  void LiteralText(const reasoner::Literal& literal, Names* names, std::vector<std::string>* body) const;
  void AggregateText(const reasoner::Literal& literal, Names* names, std::vector<std::string>* body) const;
  void WriteRule(std::ostream& out, size_t index, Order order) const;
  std::string ValueText(const reasoner::Value& value, int column_node, const reasoner::Symbols& symbols) const;

  const reasoner::Program* program_ = nullptr;
  std::vector<reasoner::Rule> rules_;
  std::vector<std::map<std::string, int>> rule_variables_;  // per rule: variable -> node
  std::vector<const std::vector<reasoner::Literal>*> plans_;  // per rule: its body in our planner's order
  std::vector<std::string> findings_;
  std::vector<Diagnostic> errors_;
  // Union-find over numeric places; flags of every node, read at the root.
  std::vector<int> parent_;
  std::vector<uint8_t> flags_;
  std::map<std::pair<std::string, size_t>, int> columns_;
  // Number constants of the rules, by their place (file, line, column):
  // the node of each and its value; the constant factors of `*`, written
  // as they are.
  using Place = std::tuple<std::string, int, int>;
  struct Constant {
    int node;
    double value;
  };
  std::map<Place, Constant> constants_;
  std::map<Place, const reasoner::Term*> factors_;
  std::map<int, std::unique_ptr<Codec>> codecs_;        // by root
  std::set<int> symbolic_;                              // roots of classes that may hold strings
};

}  // namespace palermo::bench::gringo
