#include "reasoner/program.h"

#include <algorithm>
#include <functional>
#include <set>

namespace palermo::reasoner {

const FindingWords& DefaultFindingWords() {
  static const FindingWords kDefault = {"Finding", "derived by a loaded rule", "see the rule's citation"};
  return kDefault;
}

const FindingWords& Program::WordsOf(std::string_view type) const {
  for (const auto& declaration : findings) {
    if (declaration.predicate == type) return declaration.words;
  }
  return DefaultFindingWords();
}

void TermVariables(const Term& term, std::vector<std::string>* out) {
  if (term.kind == Term::Kind::kVariable) {
    if (std::find(out->begin(), out->end(), term.text) == out->end()) out->push_back(term.text);
  } else if (term.kind == Term::Kind::kBinary) {
    TermVariables(*term.left, out);
    TermVariables(*term.right, out);
  }
}

namespace {

void AtomVariables(const Atom& atom, std::vector<std::string>* out) {
  for (const auto& arg : atom.args) TermVariables(arg, out);
}

// Variables a literal mentions anywhere (for aggregates: in its body too).
void LiteralVariables(const Literal& literal, std::vector<std::string>* out) {
  switch (literal.kind) {
    case Literal::Kind::kAtom:
    case Literal::Kind::kNegation: AtomVariables(literal.atom, out); break;
    case Literal::Kind::kComparison:
      TermVariables(literal.left, out);
      TermVariables(literal.right, out);
      break;
    case Literal::Kind::kAggregate:
      TermVariables(literal.left, out);
      TermVariables(literal.right, out);
      for (const auto& inner : literal.body) LiteralVariables(inner, out);
      break;
  }
}

bool AllBound(const std::vector<std::string>& vars, const std::set<std::string>& bound) {
  return std::all_of(vars.begin(), vars.end(), [&](const std::string& v) { return bound.count(v) > 0; });
}

class Compiler {
 public:
  Compiler(const std::vector<BasePredicate>& base, Program* program, std::vector<Diagnostic>* errors)
      : program_(program), errors_(errors) {
    for (const auto& b : base) program_->predicates[b.name] = {static_cast<int>(b.columns.size()), true, 0};
  }

  // Checks and plans every rule; each problem is added to the errors.
  void Run(const std::vector<ParsedFile>& files) {
    std::vector<const Rule*> rules;
    std::map<std::string, const Rule*> names;
    for (const auto& file : files) {
      for (const auto& rule : file.rules) {
        rules.push_back(&rule);
        if (rule.name.empty()) {
          Error(rule.position, "every rule needs a name and a citation: @name \"citation\" before it");
        } else if (names.count(rule.name)) {
          Error(rule.position, "rule name @" + rule.name + " is used twice (first at " +
                                   names[rule.name]->position.ToString() + ")");
        } else {
          names[rule.name] = &rule;
        }
        DeclareHead(rule.head);
      }
    }
    for (const Rule* rule : rules) CheckArities(*rule);
    for (const auto& file : files) {
      for (const auto& finding : file.findings) CheckFinding(finding);
    }
    // Safety and stratification are checked even when the above found
    // errors, so that one load reports every problem.
    std::vector<PlannedRule> planned;
    for (const Rule* rule : rules) {
      PlannedRule p;
      p.rule = *rule;
      std::set<std::string> bound;
      if (!Plan(rule->body, &bound, &p.order)) continue;
      std::vector<std::string> head_vars;
      AtomVariables(rule->head, &head_vars);
      for (const auto& v : head_vars) {
        if (!bound.count(v)) {
          Error(rule->head.position, "variable " + v + " in the head of " + rule->head.predicate +
                                         " is not bound by the body (unsafe rule)");
        }
      }
      for (const auto& arg : rule->head.args) {
        if (arg.kind == Term::Kind::kAnonymous) Error(arg.position, "'_' cannot stand in a rule's head");
      }
      planned.push_back(std::move(p));
    }
    Stratify(std::move(planned));
  }

 private:
  void Error(const Position& at, std::string message) { errors_->push_back(at.Diagnose(std::move(message))); }

  void DeclareHead(const Atom& head) {
    auto it = program_->predicates.find(head.predicate);
    if (it == program_->predicates.end()) {
      program_->predicates[head.predicate] = {static_cast<int>(head.args.size()), false, 0};
    } else if (it->second.base) {
      Error(head.position, head.predicate + " is a base predicate (facts from the store); rules cannot derive it");
    }
  }

  void CheckAtom(const Atom& atom) {
    auto it = program_->predicates.find(atom.predicate);
    if (it == program_->predicates.end()) {
      Error(atom.position, "unknown predicate " + atom.predicate + " (no base predicate and no rule derives it)");
    } else if (it->second.arity != static_cast<int>(atom.args.size())) {
      Error(atom.position, atom.predicate + " takes " + std::to_string(it->second.arity) + " arguments, not " +
                               std::to_string(atom.args.size()));
    }
  }

  void CheckLiterals(const std::vector<Literal>& body) {
    for (const auto& literal : body) {
      if (literal.kind == Literal::Kind::kAtom || literal.kind == Literal::Kind::kNegation) CheckAtom(literal.atom);
      if (literal.kind == Literal::Kind::kAggregate) CheckLiterals(literal.body);
    }
  }

  void CheckArities(const Rule& rule) {
    CheckAtom(rule.head);
    CheckLiterals(rule.body);
  }

  void CheckFinding(const FindingDecl& finding) {
    auto it = program_->predicates.find(finding.predicate);
    if (it == program_->predicates.end() || it->second.base) {
      Error(finding.position, ".finding " + finding.predicate + ": no rule derives it");
      return;
    }
    if (it->second.arity != static_cast<int>(finding.columns.size())) {
      Error(finding.position, ".finding " + finding.predicate + " names " + std::to_string(finding.columns.size()) +
                                  " columns but its rules give it " + std::to_string(it->second.arity));
    }
    if (finding.columns.empty() || finding.columns[0] != "subject") {
      Error(finding.position, ".finding " + finding.predicate + ": the first column must be `subject`");
    }
    FindingDecl declared = finding;
    const FindingWords& fallback = DefaultFindingWords();
    if (declared.words.title.empty()) declared.words.title = fallback.title;
    if (declared.words.meaning.empty()) declared.words.meaning = fallback.meaning;
    if (declared.words.action.empty()) declared.words.action = fallback.action;
    program_->findings.push_back(std::move(declared));
  }

  // Orders `body` so that every literal is evaluated once its variables are
  // bound; adds the variables it binds to `bound`. False (with errors) when
  // some literal can never be evaluated.
  bool Plan(const std::vector<Literal>& body, std::set<std::string>* bound, std::vector<Literal>* order) {
    const size_t errors_before = errors_->size();
    std::vector<bool> used(body.size(), false);
    for (size_t placed = 0; placed < body.size(); ++placed) {
      int best = -1, best_rank = 99;
      for (size_t i = 0; i < body.size(); ++i) {
        if (used[i]) continue;
        int rank = Readiness(body, i, *bound);
        if (rank < best_rank) {
          best_rank = rank;
          best = static_cast<int>(i);
        }
      }
      if (best < 0 || best_rank >= 99) {
        for (size_t i = 0; i < body.size(); ++i) {
          if (!used[i]) Unready(body, i, *bound);
        }
        return false;
      }
      const Literal& literal = body[best];
      used[best] = true;
      Literal planned = literal;
      if (literal.kind == Literal::Kind::kAtom) {
        AtomVariables(literal.atom, &bound_scratch_);
      } else if (literal.kind == Literal::Kind::kComparison && literal.op == "=") {
        TermVariables(literal.left, &bound_scratch_);
        TermVariables(literal.right, &bound_scratch_);
      } else if (literal.kind == Literal::Kind::kAggregate) {
        std::set<std::string> inner = *bound;
        planned.body.clear();
        if (!Plan(literal.body, &inner, &planned.body)) return false;
        std::vector<std::string> result;
        TermVariables(literal.left, &result);
        bound_scratch_.insert(bound_scratch_.end(), result.begin(), result.end());
        if (literal.kind == Literal::Kind::kAggregate && literal.function != "count") {
          std::vector<std::string> aggregated;
          TermVariables(literal.right, &aggregated);
          for (const auto& v : aggregated) {
            if (!inner.count(v)) Error(literal.right.position, "variable " + v + " of the aggregated term is not bound by the aggregate's body");
          }
        }
      }
      for (const auto& v : bound_scratch_) bound->insert(v);
      bound_scratch_.clear();
      order->push_back(std::move(planned));
    }
    return errors_->size() == errors_before;
  }

  // 0: a filter ready now; 1: an atom with a bound argument; 2: another
  // atom; 99: not ready.
  int Readiness(const std::vector<Literal>& body, size_t i, const std::set<std::string>& bound) {
    const Literal& literal = body[i];
    std::vector<std::string> vars;
    switch (literal.kind) {
      case Literal::Kind::kAtom: {
        for (const auto& arg : literal.atom.args) {
          if (arg.kind == Term::Kind::kString || arg.kind == Term::Kind::kNumber) return 1;
          if (arg.kind == Term::Kind::kVariable && bound.count(arg.text)) return 1;
          if (arg.kind == Term::Kind::kBinary) {
            std::vector<std::string> inner;
            TermVariables(arg, &inner);
            if (!AllBound(inner, bound)) return 99;  // arithmetic needs its variables
          }
        }
        return 2;
      }
      case Literal::Kind::kNegation:
        AtomVariables(literal.atom, &vars);
        return AllBound(vars, bound) ? 0 : 99;
      case Literal::Kind::kComparison: {
        std::vector<std::string> left, right;
        TermVariables(literal.left, &left);
        TermVariables(literal.right, &right);
        if (AllBound(left, bound) && AllBound(right, bound)) return 0;
        if (literal.op != "=") return 99;
        // An assignment: one side a lone unbound variable, the other bound.
        bool left_assigns = literal.left.kind == Term::Kind::kVariable && !bound.count(literal.left.text) && AllBound(right, bound);
        bool right_assigns = literal.right.kind == Term::Kind::kVariable && !bound.count(literal.right.text) && AllBound(left, bound);
        return left_assigns || right_assigns ? 0 : 99;
      }
      case Literal::Kind::kAggregate: {
        // Ready when the variables it shares with the rest of the rule are bound.
        std::vector<std::string> inner;
        for (const auto& l : literal.body) LiteralVariables(l, &inner);
        // Variables of other aggregates' bodies are theirs alone; only
        // their results are seen outside.
        std::vector<std::string> outside;
        for (size_t j = 0; j < body.size(); ++j) {
          if (j == i) continue;
          if (body[j].kind == Literal::Kind::kAggregate) TermVariables(body[j].left, &outside);
          else LiteralVariables(body[j], &outside);
        }
        std::set<std::string> shared(outside.begin(), outside.end());
        for (const auto& v : inner) {
          if (shared.count(v) && !bound.count(v)) return 99;
        }
        return 0;
      }
    }
    return 99;
  }

  void Unready(const std::vector<Literal>& body, size_t i, const std::set<std::string>& bound) {
    std::vector<std::string> vars;
    LiteralVariables(body[i], &vars);
    for (const auto& v : vars) {
      if (!bound.count(v)) {
        const char* what = body[i].kind == Literal::Kind::kNegation ? "a negated literal"
                           : body[i].kind == Literal::Kind::kAggregate ? "an aggregate"
                                                                        : "a comparison or arithmetic";
        Error(body[i].position, "variable " + v + " in " + what + " is not bound by a positive literal (unsafe rule)");
        return;
      }
    }
    Error(body[i].position, "this literal can never be evaluated (unsafe rule)");
  }

  // Orders rules into strata: a predicate's rules come after those of every
  // predicate it uses; recursion through negation or aggregates is refused.
  // Leaves the strata empty when there is any error.
  void Stratify(std::vector<PlannedRule> planned) {
    // Derived predicates and their dependencies (positive or negative).
    std::vector<std::string> derived;
    std::map<std::string, int> index;
    for (const auto& [name, info] : program_->predicates) {
      if (!info.base) {
        index[name] = static_cast<int>(derived.size());
        derived.push_back(name);
      }
    }
    struct Dependency {
      int to;
      bool negative;
      Position position;
    };
    std::vector<std::vector<Dependency>> uses(derived.size());
    std::function<void(int, const std::vector<Literal>&, bool)> collect = [&](int head, const std::vector<Literal>& body,
                                                                              bool negative) {
      for (const auto& literal : body) {
        if (literal.kind == Literal::Kind::kAggregate) {
          collect(head, literal.body, true);
          continue;
        }
        if (literal.kind != Literal::Kind::kAtom && literal.kind != Literal::Kind::kNegation) continue;
        auto it = index.find(literal.atom.predicate);
        if (it == index.end()) continue;  // base
        uses[head].push_back({it->second, negative || literal.kind == Literal::Kind::kNegation, literal.position});
      }
    };
    for (const auto& p : planned) {
      auto head = index.find(p.rule.head.predicate);
      if (head != index.end()) collect(head->second, p.rule.body, false);  // else: a base head, reported
    }

    // Tarjan's strongly connected components; emitted dependencies first.
    // Iterative: a chain of rules as long as a rule file allows must not
    // recurse as deep.
    std::vector<int> order_index(derived.size(), -1), low(derived.size(), 0), component(derived.size(), -1);
    std::vector<bool> on_stack(derived.size(), false);
    std::vector<int> stack;
    int counter = 0, components = 0;
    struct Frame {
      int v;
      size_t next;  // the next entry of uses[v] to look at
    };
    std::vector<Frame> frames;
    auto open = [&](int v) {
      order_index[v] = low[v] = counter++;
      stack.push_back(v);
      on_stack[v] = true;
      frames.push_back({v, 0});
    };
    for (size_t root = 0; root < derived.size(); ++root) {
      if (order_index[root] >= 0) continue;
      open(static_cast<int>(root));
      while (!frames.empty()) {
        Frame& frame = frames.back();
        int v = frame.v;
        if (frame.next < uses[v].size()) {
          int to = uses[v][frame.next++].to;
          if (order_index[to] < 0) {
            open(to);  // invalidates `frame`
          } else if (on_stack[to]) {
            low[v] = std::min(low[v], order_index[to]);
          }
          continue;
        }
        if (low[v] == order_index[v]) {
          while (true) {
            int w = stack.back();
            stack.pop_back();
            on_stack[w] = false;
            component[w] = components;
            if (w == v) break;
          }
          ++components;
        }
        frames.pop_back();
        if (!frames.empty()) low[frames.back().v] = std::min(low[frames.back().v], low[v]);
      }
    }
    for (size_t v = 0; v < derived.size(); ++v) {
      for (const auto& d : uses[v]) {
        if (d.negative && component[d.to] == component[v]) {
          Error(d.position, "negation or aggregate over " + derived[d.to] + " is not stratifiable: " + derived[d.to] +
                                " depends on " + derived[v] + " itself");
        }
      }
    }
    if (!errors_->empty()) return;
    program_->strata.assign(components, {});
    for (size_t v = 0; v < derived.size(); ++v) program_->predicates[derived[v]].stratum = component[v] + 1;
    for (auto& p : planned) {
      int c = component[index[p.rule.head.predicate]];
      for (const auto& literal : p.order) {
        bool same = (literal.kind == Literal::Kind::kAtom) && index.count(literal.atom.predicate) &&
                    component[index[literal.atom.predicate]] == c;
        p.recursive.push_back(same);
      }
      program_->strata[c].push_back(std::move(p));
    }
  }

  Program* program_;
  std::vector<Diagnostic>* errors_;
  std::vector<std::string> bound_scratch_;
};

}  // namespace

Status Compile(const std::vector<ParsedFile>& files, const std::vector<BasePredicate>& base, Program* program) {
  *program = Program();
  std::vector<Diagnostic> errors;
  Compiler(base, program, &errors).Run(files);
  if (!errors.empty()) return Status::InvalidArgument(std::move(errors));
  return Status::Ok();
}

}  // namespace palermo::reasoner
