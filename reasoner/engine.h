// Bottom-up evaluation of a compiled Program: semi-naive within each
// stratum, strata in order, hash indexes on the columns each literal binds,
// and for every derived tuple the rule and premises of its first derivation
// (for explanations).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reasoner/program.h"

namespace palermo::reasoner {

// A constant: a number (amounts, hours, seconds since 1970) or an interned
// symbol (record keys, types, country codes, any string).
struct Value {
  enum class Type : uint8_t { kNumber, kSymbol };
  Type type = Type::kNumber;
  uint32_t symbol = 0;
  double number = 0;

  static Value Number(double n) { return {Type::kNumber, 0, n}; }
  static Value Symbol(uint32_t s) { return {Type::kSymbol, s, 0}; }
  bool operator==(const Value& o) const {
    return type == o.type && (type == Type::kSymbol ? symbol == o.symbol : number == o.number);
  }
  bool operator!=(const Value& o) const { return !(*this == o); }
  uint64_t Hash() const;
};

using Tuple = std::vector<Value>;

class Symbols {
 public:
  uint32_t Intern(std::string_view text);
  const std::string& Text(uint32_t symbol) const { return texts_[symbol]; }
  // The symbol of `text`, or false when it was never interned.
  bool Find(std::string_view text, uint32_t* symbol) const;

 private:
  std::vector<std::string> texts_;
  std::unordered_map<std::string, uint32_t> ids_;
};

class Relation;

// How a tuple was first derived: the rule (index into Engine::rules()) and
// the tuples its positive body atoms matched, in evaluation order, with
// every tuple an aggregate counted. Base facts have rule -1, no premises.
struct Premise {
  const Relation* relation;
  uint32_t row;
};
struct Derivation {
  int rule = -1;
  std::vector<Premise> premises;
};

// Rows by hash: a multimap from 64-bit hashes to row numbers. Each distinct
// hash has one slot in an open-addressing table (linear probing) holding
// the head of its chain of rows; chains live in two flat arrays. Unlike
// std::unordered_multimap there is no allocation per entry, and unlike
// plain linear probing a hash shared by many rows (a column with few
// values) does not make one long probe run.
class HashIndex {
 public:
  void Reserve(size_t entries);
  void Add(uint64_t hash, uint32_t row);
  // Calls fn(row) for every row added with `hash` (latest first).
  template <typename Fn>
  void ForEach(uint64_t hash, Fn&& fn) const {
    if (slots_.empty()) return;
    for (size_t i = Home(hash);; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.head == kNone) return;
      if (slot.hash != hash) continue;
      for (uint32_t e = slot.head; e != kNone; e = next_[e]) fn(rows_[e]);
      return;
    }
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  struct Slot {
    uint64_t hash;
    uint32_t head = kNone;  // the latest entry with this hash
  };
  void Grow(size_t capacity);
  // The first slot to try: Fibonacci hashing takes the well-mixed high bits.
  size_t Home(uint64_t hash) const { return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_); }
  std::vector<Slot> slots_;  // one per distinct hash
  std::vector<uint32_t> rows_;  // entries: the row ...
  std::vector<uint32_t> next_;  // ... and the previous entry with the same hash
  size_t mask_ = 0;
  int shift_ = 64;
  size_t distinct_ = 0;
};

// A set of tuples of one arity, append-only, with lazily built hash indexes.
class Relation {
 public:
  Relation(std::string name, int arity) : name_(std::move(name)), arity_(arity) {}
  const std::string& name() const { return name_; }
  int arity() const { return arity_; }
  size_t size() const { return rows_.size(); }
  const Tuple& row(size_t i) const { return rows_[i]; }
  const Derivation& derivation(size_t i) const { return derivations_[i]; }

  // Adds `tuple` unless present; true when added.
  bool Insert(Tuple tuple, Derivation derivation = {});
  // The row of `tuple`, or -1.
  int64_t Find(const Tuple& tuple) const;
  // Calls fn(row) for rows in [begin, end) whose columns in `mask` (bit i =
  // column i) equal those of `probe`.
  void Lookup(uint32_t mask, const Tuple& probe, size_t begin, size_t end, const std::function<void(uint32_t)>& fn);
  // The same by scanning every row, without an index (the naive baseline).
  void Scan(uint32_t mask, const Tuple& probe, size_t begin, size_t end, const std::function<void(uint32_t)>& fn) const;

 private:
  static uint64_t HashColumns(const Tuple& tuple, uint32_t mask);
  std::string name_;
  int arity_;
  std::vector<Tuple> rows_;
  std::vector<Derivation> derivations_;
  HashIndex all_;  // full-tuple hash -> row
  std::unordered_map<uint32_t, HashIndex> indexes_;  // by column mask
};

struct EngineOptions {
  // The plain reference evaluator, for benchmarks: every round evaluates
  // every rule over everything, and literals scan whole relations instead
  // of using indexes. Same results, much slower.
  bool naive = false;
};

// The facts and the evaluation of one program.
class Engine {
 public:
  // `program` must outlive the engine.
  explicit Engine(const Program& program, EngineOptions options = {});
  ~Engine();

  Symbols& symbols() { return symbols_; }
  const Symbols& symbols() const { return symbols_; }
  // The relation of a predicate of the program (base or derived), or null.
  Relation* relation(const std::string& predicate);
  const Relation* relation(const std::string& predicate) const;
  // Adds a base fact. False when the predicate is unknown, not a base
  // predicate, or the arity is wrong.
  bool AddFact(const std::string& predicate, Tuple tuple);
  // Derives everything, stratum by stratum, to a fixpoint.
  void Evaluate();
  // The program's rules in the order Derivation::rule counts them.
  const std::vector<const PlannedRule*>& rules() const { return rules_; }

  struct CompiledRule;  // internal to engine.cc

 private:
  void EvaluateStratum(size_t stratum);

  const Program& program_;
  EngineOptions options_;
  Symbols symbols_;
  std::map<std::string, std::unique_ptr<Relation>> relations_;
  std::vector<const PlannedRule*> rules_;
  std::vector<std::unique_ptr<CompiledRule>> compiled_;
  std::vector<std::vector<size_t>> rules_by_stratum_;
};

}  // namespace palermo::reasoner
