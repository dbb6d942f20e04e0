// Checking and planning rule files: names, arities, safety, stratification,
// and the order in which each rule's body is evaluated. Everything wrong with
// a rule file is reported here, at load, with its position.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reasoner/ast.h"

namespace palermo::reasoner {

// A base predicate: facts the engine is given (from the store), not derived.
struct BasePredicate {
  std::string name;
  std::vector<std::string> columns;
  std::string doc;  // one line, for docs/RULES.md and `rules list`
};

struct PredicateInfo {
  int arity = 0;
  bool base = false;
  int stratum = 0;  // base predicates: 0; derived: 1 + position in evaluation order
};

// A rule with its body in evaluation order.
struct PlannedRule {
  Rule rule;                        // as written (body in written order)
  std::vector<Literal> order;       // body in evaluation order
  std::vector<bool> recursive;      // per `order` entry: an atom of the rule's own stratum
};

// The words of a finding type whose declaration does not give them
// (docs/RULES.md): title "Finding", meaning "derived by a loaded rule",
// action "see the rule's citation".
const FindingWords& DefaultFindingWords();

struct Program {
  std::map<std::string, PredicateInfo> predicates;
  // Strata in evaluation order; each holds the rules of one recursive
  // component (or one predicate), to run to a fixpoint before the next.
  std::vector<std::vector<PlannedRule>> strata;
  // In the order of the files and of their declarations; every word is
  // set (the defaults stand in for those a declaration does not give).
  std::vector<FindingDecl> findings;

  // The words of finding type `type`: those of its (first) declaration, or
  // the defaults for a type the program does not declare.
  const FindingWords& WordsOf(std::string_view type) const;
};

// Checks and plans `files` against `base` into `program`. OK, or
// InvalidArgument with one Diagnostic per problem (file, line, column,
// reason), every problem of the files at once, its message theirs one per
// line ("FILE:LINE:COLUMN: ..."); `program` is then incomplete.
Status Compile(const std::vector<ParsedFile>& files, const std::vector<BasePredicate>& base, Program* program);

// Variables of a term, in order of appearance (no `_`).
void TermVariables(const Term& term, std::vector<std::string>* out);

}  // namespace palermo::reasoner
