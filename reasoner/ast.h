// The rule language's syntax tree (docs/RULES.md). Produced by the parser,
// checked and planned by program.h, evaluated by engine.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/text.h"

namespace palermo::reasoner {

// A place in a rule file, for messages: "rules/palermo.dl:12:5". The column
// counts characters (UTF-8 sequences), from 1.
struct Position {
  std::string file;
  int line = 0;
  int column = 0;
  // The file name may come from a client (CheckRules): escaped.
  std::string ToString() const {
    return EscapeForMessage(file) + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  // A problem here; its ToString() is "FILE:LINE:COLUMN: reason".
  Diagnostic Diagnose(std::string reason) const {
    Diagnostic diagnostic;
    diagnostic.file = file;
    diagnostic.line = line;
    diagnostic.column = column;
    diagnostic.reason = std::move(reason);
    return diagnostic;
  }
};

// A term: a variable, the anonymous variable `_`, a constant, or arithmetic.
struct Term {
  enum class Kind { kVariable, kAnonymous, kString, kNumber, kBinary };
  Kind kind = Kind::kAnonymous;
  std::string text;   // variable name or string constant
  double number = 0;  // number constant
  char op = 0;        // kBinary: + - * /
  std::shared_ptr<Term> left, right;
  Position position;
};

struct Atom {
  std::string predicate;
  std::vector<Term> args;
  Position position;
};

// One element of a rule body.
struct Literal {
  enum class Kind {
    kAtom,         // p(X, Y)
    kNegation,     // !p(X, Y)
    kComparison,   // X < Y, X = Y + 1 (an `=` with one unbound variable side assigns it)
    kAggregate,    // N = count : { body }, S = sum A : { body }
  };
  Kind kind = Kind::kAtom;
  Atom atom;                         // kAtom, kNegation
  std::string op;                    // kComparison: < <= > >= = !=
  Term left, right;                  // kComparison; kAggregate: left = result variable, right = aggregated term
  std::string function;              // kAggregate: count sum min max
  std::vector<Literal> body;         // kAggregate
  Position position;
};

struct Rule {
  std::string name;      // from @name "citation"
  std::string citation;
  Atom head;
  std::vector<Literal> body;
  Position position;
};

// What a finding type says to people (docs/RULES.md, "Findings"): its
// title, what it means, and what to do about it. Each is one line of plain
// text; none is part of the finding as stored.
struct FindingWords {
  std::string title;    // "Smuggling of migrants"
  std::string meaning;  // a sentence without its final period
  std::string action;   // what to do, likewise
};

// `.finding NAME(col, ...) title "..." meaning "..." action "...".`: a
// predicate whose tuples are findings; column roles come from their names,
// and the words say what the finding is (see docs/RULES.md). Words the
// declaration does not give are empty here; Compile (program.h) fills them.
struct FindingDecl {
  std::string predicate;
  std::vector<std::string> columns;
  FindingWords words;
  Position position;
};

struct ParsedFile {
  std::vector<Rule> rules;
  std::vector<FindingDecl> findings;
};

}  // namespace palermo::reasoner
