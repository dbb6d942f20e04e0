#include "bench/gringo_translate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>

#include "common/text.h"

namespace palermo::bench::gringo {

namespace r = palermo::reasoner;

namespace {

// Flags of a class of numbers: what the rules do with it.
constexpr uint8_t kArithmetic = 1;  // + - * or sum: values are computed
constexpr uint8_t kCount = 2;       // a count's result: gringo's integers as they are
constexpr uint8_t kProduct = 4;     // two values of the class multiplied: no scaling
constexpr uint8_t kString = 8;      // a string of the rules meets the class

constexpr long long kMaxInt = INT32_MAX;       // gringo's numbers are 32-bit
constexpr long long kMaxDenominator = 1 << 20;

bool FitsInt(double x) { return x == std::floor(x) && std::fabs(x) <= static_cast<double>(kMaxInt); }

// The least q with x == p / q exactly (in doubles) for some integer p, up
// to kMaxDenominator; 0 when there is none (or |x| is beyond 32 bits). Such
// a p / q is one of the convergents of x's continued fraction.
long long Denominator(double x) {
  double a = std::fabs(x), rest = a;
  if (a > static_cast<double>(kMaxInt)) return 0;
  long long h_prev = 1, h = static_cast<long long>(std::floor(rest));
  long long k_prev = 0, k = 1;
  for (int i = 0; i < 64; ++i) {
    if (static_cast<double>(h) / static_cast<double>(k) == a) return k;
    double fraction = rest - std::floor(rest);
    if (fraction == 0) return 0;
    rest = 1 / fraction;
    if (rest > static_cast<double>(kMaxDenominator)) return 0;
    long long term = static_cast<long long>(std::floor(rest));
    long long k_next = term * k + k_prev;  // below 2^41
    if (k_next > kMaxDenominator) return 0;
    long long h_next = term * h + h_prev;  // about a * k_next: below 2^52
    h_prev = h, h = h_next, k_prev = k, k = k_next;
  }
  return 0;
}

bool HasAnonymous(const r::Term& term) {
  if (term.kind == r::Term::Kind::kAnonymous) return true;
  return term.kind == r::Term::Kind::kBinary && (HasAnonymous(*term.left) || HasAnonymous(*term.right));
}

std::string VariableName(const std::string& name) { return "V" + name; }

// A token's place: the same in a rule as written and in its plan (a copy).
std::tuple<std::string, int, int> PlaceOf(const r::Term& term) {
  return {term.position.file, term.position.line, term.position.column};
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string Canonical(const std::string& predicate, const std::vector<std::string>& args) {
  return predicate + "(" + Join(args, ",") + ")";
}

std::string CanonicalNumber(double value) {
  std::string out;
  AppendNumber(value, &out);
  return out;
}

// The variables of a literal outside aggregates' bodies (an aggregate's:
// its result).
void OuterVariables(const r::Literal& literal, std::set<std::string>* out) {
  std::vector<std::string> variables;
  for (const auto& arg : literal.atom.args) r::TermVariables(arg, &variables);
  r::TermVariables(literal.left, &variables);
  if (literal.kind == r::Literal::Kind::kComparison) r::TermVariables(literal.right, &variables);
  out->insert(variables.begin(), variables.end());
}

// Every variable of a literal, its aggregate's body included.
void AllVariables(const r::Literal& literal, std::set<std::string>* out) {
  std::vector<std::string> variables;
  for (const auto& arg : literal.atom.args) r::TermVariables(arg, &variables);
  r::TermVariables(literal.left, &variables);
  r::TermVariables(literal.right, &variables);
  out->insert(variables.begin(), variables.end());
  for (const auto& inner : literal.body) AllVariables(inner, out);
}

std::set<std::string> HeadVariables(const r::Rule& rule) {
  std::vector<std::string> variables;
  for (const auto& arg : rule.head.args) r::TermVariables(arg, &variables);
  return {variables.begin(), variables.end()};
}

// The variables of a rule outside its aggregates' bodies: the head's, the
// other literals', and the aggregates' results (gringo's global variables).
std::set<std::string> GlobalVariables(const r::Rule& rule) {
  std::set<std::string> variables = HeadVariables(rule);
  for (const auto& literal : rule.body) OuterVariables(literal, &variables);
  return variables;
}

constexpr std::string_view kPlanPrefix = "plan__";

}  // namespace


std::string CanonicalTuple(const std::string& predicate, const r::Tuple& tuple, const r::Symbols& symbols) {
  std::vector<std::string> args;
  for (const r::Value& v : tuple) {
    args.push_back(v.type == r::Value::Type::kSymbol ? DoubleQuoted(symbols.Text(v.symbol)) : CanonicalNumber(v.number));
  }
  return Canonical(predicate, args);
}

// What writing one rule keeps: the numeric node of each of its variables,
// those gringo calls global (met outside aggregates), the `_`s named.
struct Translation::RuleScope {
  const std::map<std::string, int>* variables;
  std::set<std::string> globals;
  int fresh = 0;
};

// The variables met while writing a part of a rule: inside an aggregate,
// every variable of its body that is not global (the element's tuple),
// each `_` of a positive atom named afresh; elsewhere `_` stays `_`.
class Translation::Names {
 public:
  explicit Names(RuleScope* rule) : rule_(rule) {}
  // The body of an aggregate, collecting its variables into `used`.
  Names Inner(std::vector<std::string>* used) const {
    Names inner(rule_);
    inner.used_ = used;
    return inner;
  }
  // A negated atom: its `_` matches any value and names nothing.
  Names Unnamed() const { return Names(rule_); }
  std::string Variable(const std::string& name) {
    std::string text = VariableName(name);
    if (used_ != nullptr && !rule_->globals.count(name) && std::find(used_->begin(), used_->end(), text) == used_->end()) {
      used_->push_back(text);
    }
    return text;
  }
  std::string Anonymous() {
    if (used_ == nullptr) return "_";
    std::string name = "Anon" + std::to_string(rule_->fresh++);
    used_->push_back(name);
    return name;
  }
  int NodeOf(const std::string& variable) const { return rule_->variables->at(variable); }

 private:
  RuleScope* rule_;
  std::vector<std::string>* used_ = nullptr;
};

struct Translation::Codec {
  enum class Kind { kAsIs, kScaled, kRank };
  Kind kind = Kind::kAsIs;
  long long scale = 1;
  std::vector<double> ranks;  // kRank: the numbers of the class, sorted, distinct
};

Translation::~Translation() = default;

// ---------------------------------------------------------------------------
// Analysis: which numeric places share a class, and what is done with it

int Translation::NewNode() {
  parent_.push_back(static_cast<int>(parent_.size()));
  flags_.push_back(0);
  return parent_.back();
}

int Translation::Find(int node) const {
  while (parent_[node] != node) node = parent_[node];
  return node;
}

void Translation::Union(int a, int b) {
  a = Find(a), b = Find(b);
  if (a != b) parent_[a] = b;
}

int Translation::Column(const std::string& predicate, size_t column) {
  auto [it, added] = columns_.try_emplace({predicate, column}, -1);
  if (added) it->second = NewNode();
  return it->second;
}

void Translation::Error(const r::Position& at, const std::string& message) {
  errors_.push_back(at.Diagnose("cannot translate for gringo: " + message));
}

// The node of a term's value in the classes, or -1 for `_` (it holds none).
int Translation::TermNode(const r::Term& term, std::map<std::string, int>* variables) {
  using Kind = r::Term::Kind;
  switch (term.kind) {
    case Kind::kVariable: {
      auto [it, added] = variables->try_emplace(term.text, -1);
      if (added) it->second = NewNode();
      return it->second;
    }
    case Kind::kAnonymous: return -1;
    case Kind::kString: {
      int node = NewNode();
      flags_[node] |= kString;
      return node;
    }
    case Kind::kNumber: {
      int node = NewNode();
      constants_[PlaceOf(term)] = {node, term.number};
      return node;
    }
    case Kind::kBinary: break;
  }
  if (term.op == '/') {
    Error(term.position, "'/' divides numbers, gringo's '/' integers (7/2 is 3)");
    return -1;
  }
  // X * 2: the constant factor has no class of its own; it is written as it is.
  const r::Term* factor = nullptr;
  const r::Term* other = nullptr;
  if (term.op == '*' && term.right->kind == Kind::kNumber) factor = term.right.get(), other = term.left.get();
  else if (term.op == '*' && term.left->kind == Kind::kNumber) factor = term.left.get(), other = term.right.get();
  int node;
  if (factor != nullptr) {
    factors_[PlaceOf(*factor)] = factor;
    node = TermNode(*other, variables);
  } else {
    int left = TermNode(*term.left, variables), right = TermNode(*term.right, variables);
    if (left >= 0 && right >= 0) Union(left, right);
    node = left >= 0 ? left : right;
    if (node >= 0 && term.op == '*') flags_[node] |= kProduct;
  }
  if (node < 0) node = NewNode();
  flags_[node] |= kArithmetic;
  return node;
}

void Translation::AtomNodes(const r::Atom& atom, std::map<std::string, int>* variables) {
  if (atom.predicate == "not") Error(atom.position, "a predicate named 'not' (gringo's keyword)");
  for (size_t i = 0; i < atom.args.size(); ++i) {
    const r::Term& arg = atom.args[i];
    if (arg.kind == r::Term::Kind::kBinary && HasAnonymous(arg)) Error(arg.position, "'_' in arithmetic");
    int node = TermNode(arg, variables);
    if (node >= 0) Union(node, Column(atom.predicate, i));
  }
}

void Translation::LiteralNodes(const r::Literal& literal, bool in_aggregate, std::map<std::string, int>* variables) {
  using Kind = r::Literal::Kind;
  switch (literal.kind) {
    case Kind::kAtom:
    case Kind::kNegation: AtomNodes(literal.atom, variables); return;
    case Kind::kComparison: {
      if (HasAnonymous(literal.left) || HasAnonymous(literal.right)) Error(literal.position, "'_' in a comparison");
      int left = TermNode(literal.left, variables), right = TermNode(literal.right, variables);
      if (left >= 0 && right >= 0) Union(left, right);
      return;
    }
    case Kind::kAggregate: {
      if (in_aggregate) {
        Error(literal.position, "an aggregate inside an aggregate (gringo nests none); derive the inner one by a rule");
      }
      for (const auto& inner : literal.body) LiteralNodes(inner, true, variables);
      int result = TermNode(literal.left, variables);
      if (literal.function == "count") {
        flags_[result] |= kCount;
        return;
      }
      if (HasAnonymous(literal.right)) Error(literal.right.position, "'_' as the aggregated term");
      int weight = TermNode(literal.right, variables);
      if (weight >= 0) Union(result, weight);
      if (literal.function == "sum") flags_[result] |= kArithmetic;
      return;
    }
  }
}

Result<std::unique_ptr<Translation>> Translation::Analyse(const std::vector<r::ParsedFile>& files,
                                                          const r::Program& program) {
  std::unique_ptr<Translation> t(new Translation());
  t->program_ = &program;
  for (const auto& file : files) t->rules_.insert(t->rules_.end(), file.rules.begin(), file.rules.end());
  // rules_ does not change from here on: factors_ points into it.
  for (const r::Rule& rule : t->rules_) {
    std::map<std::string, int> variables;
    t->AtomNodes(rule.head, &variables);
    for (const auto& literal : rule.body) t->LiteralNodes(literal, false, &variables);
    t->rule_variables_.push_back(std::move(variables));
  }
  std::map<std::string, const std::vector<r::Literal>*> plans;
  for (const auto& stratum : program.strata) {
    for (const auto& planned : stratum) plans[planned.rule.name] = &planned.order;
  }
  for (const r::Rule& rule : t->rules_) {
    auto plan = plans.find(rule.name);
    t->plans_.push_back(plan == plans.end() ? &rule.body : plan->second);
  }
  for (const auto& [name, info] : program.predicates) {
    if (name.rfind(kPlanPrefix, 0) == 0) {
      Diagnostic problem;
      problem.reason = "cannot translate for gringo: the predicate " + name + " starts like its auxiliary predicates";
      t->errors_.push_back(std::move(problem));
    }
  }
  for (const auto& finding : program.findings) {
    if (std::find(t->findings_.begin(), t->findings_.end(), finding.predicate) == t->findings_.end()) {
      t->findings_.push_back(finding.predicate);
    }
  }
  if (!t->errors_.empty()) return Status::InvalidArgument(std::move(t->errors_));
  return t;
}

// ---------------------------------------------------------------------------
// Encoding numbers

std::string Translation::ClassColumns(int root) const {
  std::vector<std::string> places;
  for (const auto& [place, node] : columns_) {
    if (Find(node) == root) places.push_back(place.first + "[" + std::to_string(place.second + 1) + "]");
  }
  return places.empty() ? "numbers of the rules only" : Join(places, " ");
}

Status Translation::DecideClass(int root, std::vector<double> values, uint8_t flags) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  auto codec = std::make_unique<Codec>();
  auto bad = std::find_if(values.begin(), values.end(), [](double x) { return !FitsInt(x); });
  if (bad == values.end()) {
    codecs_[root] = std::move(codec);  // as it is
    return Status::Ok();
  }
  const std::string where = ClassColumns(root) + ": the number " + CanonicalNumber(*bad);
  if (!(flags & (kArithmetic | kCount))) {
    codec->kind = Codec::Kind::kRank;
    codec->ranks = std::move(values);
    codecs_[root] = std::move(codec);
    return Status::Ok();
  }
  if (flags & (kCount | kProduct)) {
    return Status::InvalidArgument(where + " is no 32-bit integer, and the rules " +
                                   (flags & kCount ? "count into" : "multiply") + " this class");
  }
  long long scale = 1;
  for (double x : values) {
    long long q = Denominator(x);
    if (q == 0) return Status::InvalidArgument(where + " is beyond 32 bits, or no fraction p/q with q up to 2^20");
    scale = std::lcm(scale, q);
    if (scale > kMaxDenominator) return Status::InvalidArgument(where + " needs a scale beyond 2^20");
  }
  for (double x : values) {
    long long p = std::llround(x * static_cast<double>(scale));
    if (static_cast<double>(p) / static_cast<double>(scale) != x || std::llabs(p) > kMaxInt) {
      return Status::InvalidArgument(ClassColumns(root) + ": the number " + CanonicalNumber(x) + " scaled by " +
                                     std::to_string(scale) + " is no 32-bit integer");
    }
  }
  codec->kind = Codec::Kind::kScaled;
  codec->scale = scale;
  codecs_[root] = std::move(codec);
  return Status::Ok();
}

Status Translation::EncodeNumbers(const r::Engine& engine) {
  symbolic_.clear();
  std::map<int, std::vector<double>> values;  // by root
  for (const auto& [name, info] : program_->predicates) {
    if (!info.base) continue;
    std::vector<int> roots;
    for (int i = 0; i < info.arity; ++i) roots.push_back(Find(Column(name, i)));
    const r::Relation* relation = engine.relation(name);
    for (size_t row = 0; row < relation->size(); ++row) {
      const r::Tuple& tuple = relation->row(row);
      for (size_t i = 0; i < tuple.size(); ++i) {
        if (tuple[i].type == r::Value::Type::kNumber) values[roots[i]].push_back(tuple[i].number);
        else symbolic_.insert(roots[i]);
      }
    }
  }
  for (const auto& [place, constant] : constants_) values[Find(constant.node)].push_back(constant.value);
  std::vector<uint8_t> flags(parent_.size(), 0);
  for (size_t node = 0; node < parent_.size(); ++node) flags[Find(static_cast<int>(node))] |= flags_[node];
  for (size_t root = 0; root < flags.size(); ++root) {
    if (flags[root] & kString) symbolic_.insert(static_cast<int>(root));
  }
  std::vector<Diagnostic> problems;
  for (const auto& [place, factor] : factors_) {
    if (!FitsInt(factor->number)) {
      problems.push_back(factor->position.Diagnose("cannot translate for gringo: the factor " +
                                                   CanonicalNumber(factor->number) + " is no 32-bit integer"));
    }
  }
  codecs_.clear();
  for (auto& [root, numbers] : values) {
    Status s = DecideClass(root, std::move(numbers), flags[root]);
    if (s.ok()) continue;
    Diagnostic problem;
    problem.reason = "cannot translate for gringo: " + s.message();
    problems.push_back(std::move(problem));
  }
  if (!problems.empty()) return Status::InvalidArgument(std::move(problems));
  return Status::Ok();
}

long long Translation::EncodeIn(int root, double value) const {
  auto it = codecs_.find(root);
  if (it == codecs_.end() || it->second->kind == Codec::Kind::kAsIs) return std::llround(value);
  const Codec& codec = *it->second;
  if (codec.kind == Codec::Kind::kScaled) return std::llround(value * static_cast<double>(codec.scale));
  // Every number of the class was seen by EncodeNumbers.
  return std::lower_bound(codec.ranks.begin(), codec.ranks.end(), value) - codec.ranks.begin();
}

std::vector<std::string> Translation::DescribeEncodings() const {
  std::vector<std::string> lines;
  for (const auto& [root, codec] : codecs_) {
    if (codec->kind == Codec::Kind::kScaled) {
      lines.push_back(ClassColumns(root) + ": scaled by " + std::to_string(codec->scale));
    } else if (codec->kind == Codec::Kind::kRank) {
      lines.push_back(ClassColumns(root) + ": by rank (" + std::to_string(codec->ranks.size()) + " numbers)");
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Writing

std::string Translation::Number(const r::Term& term) const {
  if (factors_.count(PlaceOf(term))) return std::to_string(std::llround(term.number));
  return std::to_string(EncodeIn(Find(constants_.at(PlaceOf(term)).node), term.number));
}

std::string Translation::TermText(const r::Term& term, Names* names) const {
  using Kind = r::Term::Kind;
  switch (term.kind) {
    case Kind::kVariable: return names->Variable(term.text);
    case Kind::kAnonymous: return names->Anonymous();
    case Kind::kString: return DoubleQuoted(term.text);
    case Kind::kNumber: return Number(term);
    case Kind::kBinary: return "(" + TermText(*term.left, names) + term.op + TermText(*term.right, names) + ")";
  }
  return "";
}

std::string Translation::AtomText(const r::Atom& atom, Names* names) const {
  if (atom.args.empty()) return atom.predicate;
  std::vector<std::string> args;
  for (const auto& arg : atom.args) args.push_back(TermText(arg, names));
  return atom.predicate + "(" + Join(args, ",") + ")";
}

// Our engine compares (< <= > >=) and aggregates (sum min max) numbers
// only; gringo orders strings above every integer. So a variable that may
// hold a string there must hold a number (`V < ""`: below every string);
// a string constant there makes the literal false.
void Translation::NumberGuard(const r::Term& side, const Names& names, std::vector<std::string>* body) const {
  std::string guard;
  if (side.kind == r::Term::Kind::kString) guard = "#false";
  if (side.kind == r::Term::Kind::kVariable && symbolic_.count(Find(names.NodeOf(side.text)))) {
    guard = VariableName(side.text) + " < \"\"";
  }
  if (!guard.empty() && std::find(body->begin(), body->end(), guard) == body->end()) body->push_back(guard);
}

void Translation::LiteralText(const r::Literal& literal, Names* names, std::vector<std::string>* body) const {
  using Kind = r::Literal::Kind;
  switch (literal.kind) {
    case Kind::kAtom: body->push_back(AtomText(literal.atom, names)); return;
    case Kind::kNegation: {
      // `_` in a negation is "any value" in both languages; it names nothing.
      Names unnamed = names->Unnamed();
      body->push_back("not " + AtomText(literal.atom, &unnamed));
      return;
    }
    case Kind::kComparison:
      body->push_back(TermText(literal.left, names) + " " + literal.op + " " + TermText(literal.right, names));
      if (literal.op != "=" && literal.op != "!=") {
        NumberGuard(literal.left, *names, body);
        NumberGuard(literal.right, *names, body);
      }
      return;
    case Kind::kAggregate: AggregateText(literal, names, body); return;
  }
}

// N = count : { body } -> N = #count{ V1,...,Vk : body }, the tuple being
// every variable of the body (its `_`s named): gringo counts distinct
// tuples, our engine matches, and each match is one such tuple.
// S = sum T : { body } -> S = #sum{ T,V1,...,Vk : body } likewise; min and
// max take no value from an empty body in our engine, #sup or #inf in gringo.
void Translation::AggregateText(const r::Literal& literal, Names* names, std::vector<std::string>* body) const {
  std::vector<std::string> used, condition;
  Names inner = names->Inner(&used);
  for (const auto& l : literal.body) LiteralText(l, &inner, &condition);
  std::string weight;
  if (literal.function != "count") {
    weight = TermText(literal.right, &inner);
    NumberGuard(literal.right, inner, &condition);
  }
  if (!weight.empty()) {
    used.erase(std::remove(used.begin(), used.end(), weight), used.end());
    used.insert(used.begin(), weight);
  }
  body->push_back(TermText(literal.left, names) + " = #" + literal.function + "{ " + Join(used, ",") + " : " +
                  Join(condition, ", ") + " }");
  if (literal.function == "min") body->push_back(TermText(literal.left, names) + " < #sup");
  if (literal.function == "max") body->push_back(TermText(literal.left, names) + " > #inf");
}

void Translation::WriteRules(std::ostream& out, Order order) const {
  out << "% Palermo's rules for gringo, translated by bench/gringo_translate.cc (do not edit).\n";
  for (size_t i = 0; i < rules_.size(); ++i) WriteRule(out, i, order);
  for (const auto& finding : findings_) {
    out << "#show " << finding << "/" << program_->predicates.at(finding).arity << ".\n";
  }
}

// One rule. Order::kPlanned writes its body in our planner's order, cut
// before its third positive atom and each one after: the part before a cut
// derives plan__RULE__K(every variable bound so far that is used later),
// which the next part starts from. gringo chooses its own join order within
// a rule; so it joins two atoms at a time, in ours.
void Translation::WriteRule(std::ostream& out, size_t index, Order order) const {
  const r::Rule& rule = rules_[index];
  const std::vector<r::Literal>& body = order == Order::kPlanned ? *plans_[index] : rule.body;
  std::vector<std::vector<const r::Literal*>> parts(1);
  int atoms = 0;
  for (const auto& literal : body) {
    if (order == Order::kPlanned && literal.kind == r::Literal::Kind::kAtom && ++atoms > 2) parts.emplace_back();
    parts.back().push_back(&literal);
  }
  // used[k]: the variables that parts k, k+1, ... and the head use.
  std::vector<std::set<std::string>> used(parts.size() + 1);
  used.back() = HeadVariables(rule);
  for (size_t k = parts.size(); k-- > 0;) {
    used[k] = used[k + 1];
    for (const r::Literal* literal : parts[k]) AllVariables(*literal, &used[k]);
  }
  RuleScope scope{&rule_variables_[index], GlobalVariables(rule)};
  Names names(&scope);
  out << "% " << rule.name << " (" << rule.position.ToString() << ")\n";
  std::set<std::string> bound;
  std::string previous;
  for (size_t k = 0; k < parts.size(); ++k) {
    std::vector<std::string> text;
    if (!previous.empty()) text.push_back(previous);
    for (const r::Literal* literal : parts[k]) {
      LiteralText(*literal, &names, &text);
      OuterVariables(*literal, &bound);
    }
    std::string head = AtomText(rule.head, &names);
    if (k + 1 < parts.size()) {
      std::vector<std::string> carried;
      for (const auto& v : bound) {
        if (used[k + 1].count(v)) carried.push_back(VariableName(v));
      }
      head = std::string(kPlanPrefix) + rule.name + "__" + std::to_string(k + 1);
      if (!carried.empty()) head += "(" + Join(carried, ",") + ")";
      previous = head;
    }
    out << head;
    if (!text.empty()) out << " :- " << Join(text, ", ");
    out << ".\n";
  }
}

std::string Translation::ValueText(const r::Value& value, int column_node, const r::Symbols& symbols) const {
  if (value.type == r::Value::Type::kSymbol) return DoubleQuoted(symbols.Text(value.symbol));
  return std::to_string(EncodeIn(Find(column_node), value.number));
}

size_t Translation::WriteFacts(const r::Engine& engine, std::ostream& out) const {
  size_t facts = 0;
  std::string text;
  for (const auto& [name, info] : program_->predicates) {
    if (!info.base) continue;
    std::vector<int> nodes;
    for (int i = 0; i < info.arity; ++i) nodes.push_back(columns_.at({name, static_cast<size_t>(i)}));
    const r::Relation* relation = engine.relation(name);
    for (size_t row = 0; row < relation->size(); ++row, ++facts) {
      const r::Tuple& tuple = relation->row(row);
      text += name;
      for (size_t i = 0; i < tuple.size(); ++i) {
        text += i > 0 ? ',' : '(';
        text += ValueText(tuple[i], nodes[i], engine.symbols());
      }
      text += tuple.empty() ? ".\n" : ").\n";
      if (text.size() > (1 << 20)) {
        out << text;
        text.clear();
      }
    }
  }
  out << text;
  return facts;
}

// ---------------------------------------------------------------------------
// Reading what gringo derived

namespace {

// Reads a gringo string constant at `*at` (its opening quote) into `out`.
bool ReadString(std::string_view text, size_t* at, std::string* out) {
  for (size_t i = *at + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      *at = i + 1;
      return true;
    }
    if (c == '\\') {
      if (++i == text.size()) return false;
      c = text[i] == 'n' ? '\n' : text[i];
      if (c != '\n' && c != '"' && c != '\\') return false;
    }
    out->push_back(c);
  }
  return false;
}

bool ReadInteger(std::string_view text, size_t* at, long long* out) {
  size_t end = *at + (*at < text.size() && text[*at] == '-');
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == *at || (end == *at + 1 && text[*at] == '-')) return false;
  *out = std::strtoll(std::string(text.substr(*at, end - *at)).c_str(), nullptr, 10);
  *at = end;
  return true;
}

}  // namespace

Result<std::string> Translation::DecodeAtom(std::string_view text) const {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("gringo printed " + EscapeForMessage(text, 200) + ": " + why);
  };
  size_t at = std::min(text.find('('), text.size());
  std::string predicate(text.substr(0, at));
  if (std::find(findings_.begin(), findings_.end(), predicate) == findings_.end()) return bad("not a finding");
  std::vector<std::string> args;
  while (at < text.size() && text[at] != ')') {
    ++at;  // '(' or ','
    if (at < text.size() && text[at] == '"') {
      std::string s;
      if (!ReadString(text, &at, &s)) return bad("a string that does not end");
      args.push_back(DoubleQuoted(s));
      continue;
    }
    long long n;
    if (!ReadInteger(text, &at, &n)) return bad("a term that is neither a string nor an integer");
    auto column = columns_.find({predicate, args.size()});
    auto codec = column == columns_.end() ? codecs_.end() : codecs_.find(Find(column->second));
    double value = static_cast<double>(n);
    if (codec != codecs_.end() && codec->second->kind == Codec::Kind::kScaled) {
      value /= static_cast<double>(codec->second->scale);
    } else if (codec != codecs_.end() && codec->second->kind == Codec::Kind::kRank) {
      if (n < 0 || n >= static_cast<long long>(codec->second->ranks.size())) return bad("a rank out of range");
      value = codec->second->ranks[n];
    }
    args.push_back(CanonicalNumber(value));
  }
  if (at != text.size() && at + 1 != text.size()) return bad("text after the atom");
  if (static_cast<int>(args.size()) != program_->predicates.at(predicate).arity) return bad("the wrong arity");
  return Canonical(predicate, args);
}

}  // namespace palermo::bench::gringo
