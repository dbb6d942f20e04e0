#include "reasoner/engine.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace palermo::reasoner {

uint64_t Value::Hash() const {
  uint64_t bits;
  if (type == Type::kSymbol) {
    bits = 0x9E3779B97F4A7C15ull ^ symbol;
  } else {
    double n = number == 0 ? 0 : number;  // -0 == 0
    std::memcpy(&bits, &n, sizeof bits);
  }
  bits ^= bits >> 33;
  bits *= 0xff51afd7ed558ccdull;
  bits ^= bits >> 33;
  return bits;
}

uint32_t Symbols::Intern(std::string_view text) {
  auto it = ids_.find(std::string(text));
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(texts_.size());
  texts_.emplace_back(text);
  ids_.emplace(texts_.back(), id);
  return id;
}

bool Symbols::Find(std::string_view text, uint32_t* symbol) const {
  auto it = ids_.find(std::string(text));
  if (it == ids_.end()) return false;
  *symbol = it->second;
  return true;
}

// ---------------------------------------------------------------------------
// Relation

void HashIndex::Reserve(size_t entries) {
  rows_.reserve(entries);
  next_.reserve(entries);
}

void HashIndex::Add(uint64_t hash, uint32_t row) {
  if ((distinct_ + 1) * 2 > slots_.size()) Grow(std::max<size_t>(16, slots_.size() * 2));
  size_t i = Home(hash);
  while (slots_[i].head != kNone && slots_[i].hash != hash) i = (i + 1) & mask_;
  Slot& slot = slots_[i];
  if (slot.head == kNone) {
    slot.hash = hash;
    ++distinct_;
  }
  rows_.push_back(row);
  next_.push_back(slot.head);
  slot.head = static_cast<uint32_t>(rows_.size() - 1);
}

void HashIndex::Grow(size_t capacity) {
  std::vector<Slot> old(capacity);
  old.swap(slots_);
  mask_ = capacity - 1;
  shift_ = 64 - std::countr_zero(capacity);
  for (const Slot& slot : old) {
    if (slot.head == kNone) continue;
    size_t i = Home(slot.hash);
    while (slots_[i].head != kNone) i = (i + 1) & mask_;
    slots_[i] = slot;  // distinct hashes: the chain moves whole
  }
}

uint64_t Relation::HashColumns(const Tuple& tuple, uint32_t mask) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < tuple.size(); ++i) {
    if (mask & (1u << i)) h = (h ^ tuple[i].Hash()) * 1099511628211ull;
  }
  return h;
}

int64_t Relation::Find(const Tuple& tuple) const {
  int64_t found = -1;
  all_.ForEach(HashColumns(tuple, ~0u), [&](uint32_t row) {
    if (found < 0 && rows_[row] == tuple) found = row;
  });
  return found;
}

bool Relation::Insert(Tuple tuple, Derivation derivation) {
  if (Find(tuple) >= 0) return false;
  uint32_t row = static_cast<uint32_t>(rows_.size());
  all_.Add(HashColumns(tuple, ~0u), row);
  for (auto& [mask, index] : indexes_) index.Add(HashColumns(tuple, mask), row);
  rows_.push_back(std::move(tuple));
  derivations_.push_back(std::move(derivation));
  return true;
}

void Relation::Lookup(uint32_t mask, const Tuple& probe, size_t begin, size_t end,
                      const std::function<void(uint32_t)>& fn) {
  end = std::min(end, rows_.size());
  if (mask == 0) {
    for (size_t row = begin; row < end; ++row) fn(static_cast<uint32_t>(row));
    return;
  }
  auto index = indexes_.find(mask);
  if (index == indexes_.end()) {
    index = indexes_.emplace(mask, HashIndex()).first;
    index->second.Reserve(rows_.size());
    for (size_t row = 0; row < rows_.size(); ++row) index->second.Add(HashColumns(rows_[row], mask), static_cast<uint32_t>(row));
  }
  // Matches in row order, so that evaluation (and which derivation of a
  // tuple is recorded first) does not depend on hashing.
  std::vector<uint32_t> matches;
  index->second.ForEach(HashColumns(probe, mask), [&](uint32_t row) {
    if (row < begin || row >= end) return;
    const Tuple& candidate = rows_[row];
    for (size_t i = 0; i < candidate.size(); ++i) {
      if ((mask & (1u << i)) && candidate[i] != probe[i]) return;
    }
    matches.push_back(row);
  });
  std::sort(matches.begin(), matches.end());
  for (uint32_t row : matches) fn(row);
}

void Relation::Scan(uint32_t mask, const Tuple& probe, size_t begin, size_t end,
                    const std::function<void(uint32_t)>& fn) const {
  end = std::min(end, rows_.size());
  for (size_t row = begin; row < end; ++row) {
    const Tuple& candidate = rows_[row];
    bool equal = true;
    for (size_t i = 0; i < candidate.size() && equal; ++i) {
      if ((mask & (1u << i)) && candidate[i] != probe[i]) equal = false;
    }
    if (equal) fn(static_cast<uint32_t>(row));
  }
}

// ---------------------------------------------------------------------------
// Compiled rules

namespace {

struct CTerm {
  enum class Kind { kSlot, kConstant, kBinary, kAnonymous };
  Kind kind = Kind::kAnonymous;
  int slot = -1;
  Value value;
  char op = 0;
  std::shared_ptr<CTerm> left, right;
};

bool EvalTerm(const CTerm& term, const std::vector<Value>& slots, Value* out) {
  switch (term.kind) {
    case CTerm::Kind::kSlot: *out = slots[term.slot]; return true;
    case CTerm::Kind::kConstant: *out = term.value; return true;
    case CTerm::Kind::kAnonymous: return false;
    case CTerm::Kind::kBinary: {
      Value a, b;
      if (!EvalTerm(*term.left, slots, &a) || !EvalTerm(*term.right, slots, &b)) return false;
      if (a.type != Value::Type::kNumber || b.type != Value::Type::kNumber) return false;
      double r = 0;
      switch (term.op) {
        case '+': r = a.number + b.number; break;
        case '-': r = a.number - b.number; break;
        case '*': r = a.number * b.number; break;
        case '/':
          if (b.number == 0) return false;
          r = a.number / b.number;
          break;
      }
      *out = Value::Number(r);
      return true;
    }
  }
  return false;
}

bool Compare(const std::string& op, const Value& a, const Value& b) {
  if (op == "=") return a == b;
  if (op == "!=") return a != b;
  if (a.type != Value::Type::kNumber || b.type != Value::Type::kNumber) return false;
  if (op == "<") return a.number < b.number;
  if (op == "<=") return a.number <= b.number;
  if (op == ">") return a.number > b.number;
  return a.number >= b.number;
}

struct CLiteral {
  Literal::Kind kind;
  std::string op, function;
  Relation* relation = nullptr;
  std::vector<CTerm> args;
  uint32_t mask = 0;              // atom columns known before the literal
  std::vector<int> bind_slot;     // per column: slot bound from the row, or -1
  std::vector<int> check_slot;    // per column: slot bound earlier in this atom, to compare, or -1
  CTerm left, right;
  int assign_slot = -1;           // comparison `X = expr` that binds X
  bool assign_from_right = true;  // which side is computed
  std::vector<CLiteral> body;     // aggregate
  bool recursive = false;
};

}  // namespace

struct Engine::CompiledRule {
  const PlannedRule* planned;
  int index;
  Relation* head;
  std::vector<CTerm> head_args;
  std::vector<CLiteral> body;
  int slots = 0;
  bool recursive = false;
};

namespace {

class RuleCompiler {
 public:
  RuleCompiler(Symbols* symbols, const std::function<Relation*(const std::string&)>& relation)
      : symbols_(symbols), relation_(relation) {}

  int slots() const { return static_cast<int>(names_.size()); }

  CTerm Term(const reasoner::Term& term) {
    CTerm out;
    switch (term.kind) {
      case Term::Kind::kVariable:
        out.kind = CTerm::Kind::kSlot;
        out.slot = Slot(term.text);
        break;
      case Term::Kind::kAnonymous: out.kind = CTerm::Kind::kAnonymous; break;
      case Term::Kind::kString:
        out.kind = CTerm::Kind::kConstant;
        out.value = Value::Symbol(symbols_->Intern(term.text));
        break;
      case Term::Kind::kNumber:
        out.kind = CTerm::Kind::kConstant;
        out.value = Value::Number(term.number);
        break;
      case Term::Kind::kBinary:
        out.kind = CTerm::Kind::kBinary;
        out.op = term.op;
        out.left = std::make_shared<CTerm>(Term(*term.left));
        out.right = std::make_shared<CTerm>(Term(*term.right));
        break;
    }
    return out;
  }

  // Compiles literals in evaluation order, tracking which slots are bound.
  std::vector<CLiteral> Body(const std::vector<Literal>& order, const std::vector<bool>* recursive) {
    std::vector<CLiteral> out;
    for (size_t i = 0; i < order.size(); ++i) {
      const Literal& literal = order[i];
      CLiteral c;
      c.kind = literal.kind;
      c.op = literal.op;
      c.function = literal.function;
      c.recursive = recursive != nullptr && (*recursive)[i];
      switch (literal.kind) {
        case Literal::Kind::kAtom:
        case Literal::Kind::kNegation: {
          c.relation = relation_(literal.atom.predicate);
          std::vector<int> bound_here;
          for (size_t col = 0; col < literal.atom.args.size(); ++col) {
            const auto& arg = literal.atom.args[col];
            c.args.push_back(Term(arg));
            int bind = -1, check = -1;
            if (arg.kind == Term::Kind::kVariable) {
              int slot = Slot(arg.text);
              if (Bound(slot)) {
                c.mask |= 1u << col;
              } else if (std::find(bound_here.begin(), bound_here.end(), slot) != bound_here.end()) {
                check = slot;
              } else {
                bind = slot;
                bound_here.push_back(slot);
              }
            } else if (arg.kind != Term::Kind::kAnonymous) {
              c.mask |= 1u << col;
            }
            c.bind_slot.push_back(bind);
            c.check_slot.push_back(check);
          }
          if (literal.kind == Literal::Kind::kAtom) {
            for (int slot : bound_here) bound_[slot] = true;
          }
          break;
        }
        case Literal::Kind::kComparison: {
          c.left = Term(literal.left);
          c.right = Term(literal.right);
          if (literal.op == "=") {
            if (c.left.kind == CTerm::Kind::kSlot && !Bound(c.left.slot)) {
              c.assign_slot = c.left.slot;
              c.assign_from_right = true;
            } else if (c.right.kind == CTerm::Kind::kSlot && !Bound(c.right.slot)) {
              c.assign_slot = c.right.slot;
              c.assign_from_right = false;
            }
            if (c.assign_slot >= 0) bound_[c.assign_slot] = true;
          }
          break;
        }
        case Literal::Kind::kAggregate: {
          c.left = Term(literal.left);
          // The body's own variables are bound only inside it.
          auto saved = bound_;
          c.body = Body(literal.body, nullptr);
          if (literal.function != "count") c.right = Term(literal.right);
          saved.resize(bound_.size(), false);
          bound_ = saved;
          if (c.left.kind == CTerm::Kind::kSlot && !Bound(c.left.slot)) {
            c.assign_slot = c.left.slot;
            bound_[c.assign_slot] = true;
          }
          break;
        }
      }
      out.push_back(std::move(c));
    }
    return out;
  }

 private:
  int Slot(const std::string& name) {
    auto it = std::find(names_.begin(), names_.end(), name);
    if (it != names_.end()) return static_cast<int>(it - names_.begin());
    names_.push_back(name);
    bound_.push_back(false);
    return static_cast<int>(names_.size() - 1);
  }
  bool Bound(int slot) const { return bound_[slot]; }

  Symbols* symbols_;
  std::function<Relation*(const std::string&)> relation_;
  std::vector<std::string> names_;
  std::vector<bool> bound_;
};

// Where each literal reads: rows [begin, end) of its relation.
struct Range {
  size_t begin = 0, end = SIZE_MAX;
};

struct PendingTuple {
  Relation* relation;
  Tuple tuple;
  Derivation derivation;
};

class Evaluation {
 public:
  Evaluation(const Engine::CompiledRule& rule, std::vector<Range> ranges, std::vector<PendingTuple>* pending, bool naive)
      : rule_(rule), ranges_(std::move(ranges)), pending_(pending), naive_(naive), slots_(rule.slots) {}

  void Run() { Step(rule_.body, 0, [this] { Emit(); }); }

 private:
  // Evaluates literals [k, end) of `body`, calling `done` for each match.
  void Step(const std::vector<CLiteral>& body, size_t k, const std::function<void()>& done) {
    if (k == body.size()) {
      done();
      return;
    }
    const CLiteral& literal = body[k];
    switch (literal.kind) {
      case Literal::Kind::kAtom: {
        Tuple probe(literal.args.size());
        for (size_t col = 0; col < literal.args.size(); ++col) {
          if ((literal.mask & (1u << col)) && !EvalTerm(literal.args[col], slots_, &probe[col])) return;
        }
        Range range = &body == &rule_.body ? ranges_[k] : Range();
        auto match = [&](uint32_t row) {
          const Tuple& t = literal.relation->row(row);
          // Columns in order: a repeated variable is bound by its first
          // column and checked at the later ones.
          for (size_t col = 0; col < t.size(); ++col) {
            if (literal.bind_slot[col] >= 0) slots_[literal.bind_slot[col]] = t[col];
            else if (literal.check_slot[col] >= 0 && slots_[literal.check_slot[col]] != t[col]) return;
          }
          premises_.push_back({literal.relation, row});
          Step(body, k + 1, done);
          premises_.pop_back();
        };
        if (naive_) literal.relation->Scan(literal.mask, probe, range.begin, range.end, match);
        else literal.relation->Lookup(literal.mask, probe, range.begin, range.end, match);
        return;
      }
      case Literal::Kind::kNegation: {
        Tuple probe(literal.args.size());
        for (size_t col = 0; col < literal.args.size(); ++col) {
          if ((literal.mask & (1u << col)) && !EvalTerm(literal.args[col], slots_, &probe[col])) return;
        }
        // Every variable is bound here (the planner sees to it); `_` matches anything.
        bool found = false;
        auto seen = [&](uint32_t) { found = true; };
        if (naive_) literal.relation->Scan(literal.mask, probe, 0, SIZE_MAX, seen);
        else literal.relation->Lookup(literal.mask, probe, 0, SIZE_MAX, seen);
        if (!found) Step(body, k + 1, done);
        return;
      }
      case Literal::Kind::kComparison: {
        if (literal.assign_slot >= 0) {
          Value v;
          if (!EvalTerm(literal.assign_from_right ? literal.right : literal.left, slots_, &v)) return;
          slots_[literal.assign_slot] = v;
          Step(body, k + 1, done);
          return;
        }
        Value a, b;
        if (!EvalTerm(literal.left, slots_, &a) || !EvalTerm(literal.right, slots_, &b)) return;
        if (Compare(literal.op, a, b)) Step(body, k + 1, done);
        return;
      }
      case Literal::Kind::kAggregate: {
        double count = 0, total = 0;
        bool any = false;
        Value best;
        // Every tuple the aggregate counted is a premise of what follows.
        size_t premises = premises_.size();
        std::vector<Premise> gathered;
        Step(literal.body, 0, [&] {
          gathered.insert(gathered.end(), premises_.begin() + static_cast<std::ptrdiff_t>(premises), premises_.end());
          ++count;
          if (literal.function == "count") return;
          Value v;
          if (!EvalTerm(literal.right, slots_, &v) || v.type != Value::Type::kNumber) return;
          total += v.number;
          if (!any || (literal.function == "min" ? v.number < best.number : v.number > best.number)) best = v;
          any = true;
        });
        premises_.resize(premises);
        Value result;
        if (literal.function == "count") result = Value::Number(count);
        else if (literal.function == "sum") result = Value::Number(total);
        else if (any) result = best;
        else return;  // min or max of nothing
        if (literal.assign_slot >= 0) {
          slots_[literal.assign_slot] = result;
        } else {
          Value bound;
          if (!EvalTerm(literal.left, slots_, &bound) || bound != result) return;
        }
        premises_.insert(premises_.end(), gathered.begin(), gathered.end());
        Step(body, k + 1, done);
        premises_.resize(premises);
        return;
      }
    }
  }

  void Emit() {
    Tuple tuple(rule_.head_args.size());
    for (size_t i = 0; i < tuple.size(); ++i) {
      if (!EvalTerm(rule_.head_args[i], slots_, &tuple[i])) return;
    }
    if (rule_.head->Find(tuple) >= 0) return;
    pending_->push_back({rule_.head, std::move(tuple), Derivation{rule_.index, premises_}});
  }

  const Engine::CompiledRule& rule_;
  std::vector<Range> ranges_;
  std::vector<PendingTuple>* pending_;
  bool naive_;
  std::vector<Value> slots_;
  std::vector<Premise> premises_;
};

}  // namespace

// ---------------------------------------------------------------------------
// Engine

Engine::Engine(const Program& program, EngineOptions options) : program_(program), options_(options) {
  for (const auto& [name, info] : program.predicates) {
    relations_[name] = std::make_unique<Relation>(name, info.arity);
  }
  rules_by_stratum_.resize(program.strata.size());
  for (size_t s = 0; s < program.strata.size(); ++s) {
    for (const auto& planned : program.strata[s]) {
      auto rule = std::make_unique<CompiledRule>();
      rule->planned = &planned;
      rule->index = static_cast<int>(rules_.size());
      RuleCompiler compiler(&symbols_, [this](const std::string& p) { return relation(p); });
      rule->body = compiler.Body(planned.order, &planned.recursive);
      for (const auto& arg : planned.rule.head.args) rule->head_args.push_back(compiler.Term(arg));
      rule->head = relation(planned.rule.head.predicate);
      rule->slots = compiler.slots();
      for (bool r : planned.recursive) rule->recursive = rule->recursive || r;
      rules_.push_back(&planned);
      rules_by_stratum_[s].push_back(compiled_.size());
      compiled_.push_back(std::move(rule));
    }
  }
}

Engine::~Engine() = default;

Relation* Engine::relation(const std::string& predicate) {
  auto it = relations_.find(predicate);
  return it == relations_.end() ? nullptr : it->second.get();
}

const Relation* Engine::relation(const std::string& predicate) const {
  auto it = relations_.find(predicate);
  return it == relations_.end() ? nullptr : it->second.get();
}

bool Engine::AddFact(const std::string& predicate, Tuple tuple) {
  auto info = program_.predicates.find(predicate);
  if (info == program_.predicates.end() || !info->second.base || info->second.arity != static_cast<int>(tuple.size())) {
    return false;
  }
  relation(predicate)->Insert(std::move(tuple));
  return true;
}

void Engine::Evaluate() {
  for (size_t s = 0; s < rules_by_stratum_.size(); ++s) EvaluateStratum(s);
}

void Engine::EvaluateStratum(size_t stratum) {
  const auto& rule_ids = rules_by_stratum_[stratum];
  std::vector<PendingTuple> pending;
  // The stratum's relations and, after each round, the rows it added.
  std::map<const Relation*, Range> delta;
  for (size_t id : rule_ids) delta[compiled_[id]->head] = {0, 0};
  auto insert_pending = [&] {
    for (auto& [relation, range] : delta) range.begin = range.end = relation->size();
    for (auto& p : pending) p.relation->Insert(std::move(p.tuple), std::move(p.derivation));
    pending.clear();
    bool added = false;
    for (auto& [relation, range] : delta) {
      range.end = relation->size();
      added = added || range.end > range.begin;
    }
    return added;
  };
  // First round: every rule over everything known.
  for (size_t id : rule_ids) {
    const CompiledRule& rule = *compiled_[id];
    std::vector<Range> ranges(rule.body.size());
    for (size_t k = 0; k < rule.body.size(); ++k) {
      if (rule.body[k].relation != nullptr) ranges[k] = {0, rule.body[k].relation->size()};
    }
    Evaluation(rule, ranges, &pending, options_.naive).Run();
  }
  bool added = insert_pending();
  if (options_.naive) {
    // Every rule over everything, again, until nothing new appears.
    while (added) {
      for (size_t id : rule_ids) {
        const CompiledRule& rule = *compiled_[id];
        std::vector<Range> ranges(rule.body.size());
        for (size_t k = 0; k < rule.body.size(); ++k) {
          if (rule.body[k].relation != nullptr) ranges[k] = {0, rule.body[k].relation->size()};
        }
        Evaluation(rule, ranges, &pending, true).Run();
      }
      added = insert_pending();
    }
    return;
  }
  // Then, for recursive rules, only what uses the last round's new rows.
  while (added) {
    for (size_t id : rule_ids) {
      const CompiledRule& rule = *compiled_[id];
      if (!rule.recursive) continue;
      for (size_t j = 0; j < rule.body.size(); ++j) {
        if (!rule.body[j].recursive) continue;
        const Range& d = delta[rule.body[j].relation];
        if (d.begin == d.end) continue;
        std::vector<Range> ranges(rule.body.size());
        for (size_t k = 0; k < rule.body.size(); ++k) {
          if (rule.body[k].relation == nullptr) continue;
          ranges[k] = k == j ? d : Range{0, rule.body[k].relation->size()};
        }
        Evaluation(rule, ranges, &pending, false).Run();
      }
    }
    added = insert_pending();
  }
}

}  // namespace palermo::reasoner
