#include "reasoner/assess.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/encoding.h"
#include "common/text.h"
#include "model/dates.h"
#include "model/vocabulary.h"
#include "reasoner/engine.h"
#include "reasoner/facts.h"
#include "reasoner/parser.h"

namespace palermo::reasoner {

namespace v1 = palermo::v1;

namespace {

// Appends the problems of a failed `status` to `problems`: its diagnostics,
// or its message as one when it has none, so that a failed load always
// names at least one.
void AddProblems(const Status& status, std::vector<Diagnostic>* problems) {
  if (status.ok()) return;
  const auto& found = status.diagnostics();
  if (found.empty()) problems->push_back({0, "", status.message()});
  problems->insert(problems->end(), found.begin(), found.end());
}

}  // namespace

std::vector<RuleSource> ShippedRulesAnd(std::vector<RuleSource> more) {
  std::vector<RuleSource> all = ShippedRules();
  all.insert(all.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return all;
}

std::string ShippedRuleName(const RuleSource& source) {
  std::string_view name = source.file;
  name.remove_prefix(name.rfind('/') == std::string_view::npos ? 0 : name.rfind('/') + 1);
  if (name.size() > 3 && name.substr(name.size() - 3) == ".dl") name.remove_suffix(3);
  return std::string(name);
}

Status SelectShippedRules(std::string_view names, std::vector<RuleSource>* out) {
  std::vector<std::string> wanted;
  for (size_t start = 0; start <= names.size();) {
    size_t comma = std::min(names.find(',', start), names.size());
    wanted.emplace_back(names.substr(start, comma - start));
    start = comma + 1;
  }
  if (wanted == std::vector<std::string>{"none"}) return Status::Ok();
  std::string known;
  for (const auto& source : ShippedRules()) known += (known.empty() ? "" : ", ") + ShippedRuleName(source);
  for (const auto& name : wanted) {
    bool found = std::any_of(ShippedRules().begin(), ShippedRules().end(),
                             [&](const RuleSource& source) { return ShippedRuleName(source) == name; });
    if (!found) return Status::InvalidArgument("no shipped rules named \"" + name + "\" (shipped: " + known + "; or none)");
  }
  for (const auto& source : ShippedRules()) {
    if (std::find(wanted.begin(), wanted.end(), ShippedRuleName(source)) != wanted.end()) out->push_back(source);
  }
  return Status::Ok();
}

Result<std::unique_ptr<Reasoner>> Reasoner::Load(const std::vector<RuleSource>& sources) {
  // Every problem at once: the syntax error of each file that has one, then
  // the check errors of the files that parse (checked together, without
  // the others: a predicate only an unparsable file derives is unknown here).
  std::vector<ParsedFile> files;
  std::vector<Diagnostic> problems;
  for (const auto& source : sources) {
    Result<ParsedFile> parsed = ParseRules(source.text, source.file);
    if (!parsed.ok()) {
      AddProblems(parsed.status(), &problems);
      continue;
    }
    files.push_back(std::move(parsed.value()));
  }
  auto reasoner = std::unique_ptr<Reasoner>(new Reasoner());
  AddProblems(Compile(files, BasePredicates(), &reasoner->program_), &problems);
  if (!problems.empty()) return Status::InvalidArgument(std::move(problems));
  return reasoner;
}

Status Reasoner::ReadDirectory(const std::string& directory, std::vector<RuleSource>* sources) {
  std::error_code error;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".dl") paths.push_back(entry.path());
  }
  if (error) return Status::IoError("cannot read the rules directory " + directory + ": " + error.message());
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::IoError("cannot read " + path.string());
    sources->push_back({path.string(), text.str()});
  }
  return Status::Ok();
}

namespace {

std::string KeyOf(const v1::Record& record) { return model::GlobalKey(record.agency(), record.id()); }

// Walks derivations down to base facts and collects the records they come
// from (the first symbol column of a base fact, when it names a record).
// Each walk visits a derived tuple once; visits are stamped with the walk's
// number, so nothing is cleared between walks.
class EvidenceCollector {
 public:
  // `is_record[symbol]` tells whether a symbol is the key of a record.
  EvidenceCollector(const Engine& engine, const std::vector<bool>& is_record) : engine_(engine), is_record_(is_record) {}

  // Appends the record symbols under (relation, row) to `out` (unsorted, may repeat).
  void Walk(const Relation* relation, uint32_t row, std::vector<uint32_t>* out) {
    ++walk_;
    Visit(relation, row, out);
  }

 private:
  struct PairHash {
    size_t operator()(const std::pair<const Relation*, uint32_t>& p) const {
      return std::hash<const void*>()(p.first) * 31 + p.second;
    }
  };
  void Visit(const Relation* relation, uint32_t row, std::vector<uint32_t>* out) {
    const Derivation& d = relation->derivation(row);
    if (d.rule < 0) {
      for (const Value& v : relation->row(row)) {
        if (v.type != Value::Type::kSymbol) continue;
        if (v.symbol < is_record_.size() && is_record_[v.symbol]) out->push_back(v.symbol);
        break;  // the first symbol column only
      }
      return;
    }
    uint32_t& stamp = visited_[{relation, row}];
    if (stamp == walk_) return;
    stamp = walk_;
    for (const Premise& p : d.premises) Visit(p.relation, p.row, out);
  }

  const Engine& engine_;
  const std::vector<bool>& is_record_;
  uint32_t walk_ = 0;
  std::unordered_map<std::pair<const Relation*, uint32_t>, uint32_t, PairHash> visited_;
};

// The grading (GradingLetters) of the source `record` comes from; false
// when it names no source record among `by_key`.
bool SourceGrading(const v1::Record& record, const std::unordered_map<std::string, const v1::Record*>& by_key,
                   std::string* reliability, std::string* credibility) {
  auto source = by_key.find(record.source());
  if (record.source().empty() || source == by_key.end() || !source->second->has_source_record()) return false;
  GradingLetters(source->second->source_record(), reliability, credibility);
  return true;
}

int64_t RecordTime(const v1::Record& record) {
  int64_t first_s, last_s;
  if (model::WhenOf(record, &first_s, &last_s) && first_s != INT64_MIN) return first_s;
  return INT64_MAX;  // undated records (and those with only an end) last
}

}  // namespace

// The rules evaluated over a set of records.
struct Evaluated {
  Evaluated(const Program& program, const std::vector<v1::Record>& records) : parties(records), engine(program) {
    AddFacts(records, parties, &engine);
    engine.Evaluate();
    by_key.reserve(records.size());
    for (const auto& r : records) {
      std::string key = KeyOf(r);
      uint32_t symbol;
      if (engine.symbols().Find(key, &symbol)) {
        if (symbol >= is_record.size()) is_record.resize(symbol + 1, false);
        is_record[symbol] = true;
      }
      by_key.emplace(std::move(key), &r);
    }
  }
  std::string Text(const Value& v) const {
    return v.type == Value::Type::kSymbol ? engine.symbols().Text(v.symbol) : std::to_string(v.number);
  }

  Parties parties;
  Engine engine;
  std::unordered_map<std::string, const v1::Record*> by_key;
  std::vector<bool> is_record;  // by symbol: the key of a record
};

std::vector<Finding> Reasoner::Assess(const std::vector<v1::Record>& records) const {
  Evaluated evaluated(program_, records);
  return Collect(evaluated);
}

std::vector<Finding> Reasoner::Collect(const Evaluated& evaluated, std::string_view only_id) const {
  // A finding id is TYPE:SUBJECT (types hold no ':').
  const std::string_view only_type = only_id.substr(0, only_id.find(':'));
  const std::string_view only_subject = only_id.empty() ? std::string_view() : only_id.substr(only_type.size() + 1);
  const Engine& engine = evaluated.engine;
  const Parties& parties = evaluated.parties;
  const auto& by_key = evaluated.by_key;
  EvidenceCollector collector(engine, evaluated.is_record);
  std::vector<std::vector<uint32_t>> evidence_of;  // by finding

  std::vector<Finding> findings;
  for (const auto& declaration : program_.findings) {
    if (!only_id.empty() && declaration.predicate != only_type) continue;
    const Relation* relation = engine.relation(declaration.predicate);
    std::map<std::string, size_t> by_subject;  // subject -> index in findings
    for (size_t row = 0; row < relation->size(); ++row) {
      const Tuple& tuple = relation->row(row);
      auto text = [&](const Value& v) { return evaluated.Text(v); };
      std::string subject = text(tuple[0]);
      if (!only_id.empty() && subject != only_subject) continue;
      auto [it, inserted] = by_subject.emplace(subject, findings.size());
      if (inserted) {
        Finding f;
        f.type = declaration.predicate;
        f.subject = subject;
        f.id = f.type + ":" + subject;
        f.linked = parties.Members(subject);
        const PlannedRule* rule = engine.rules()[relation->derivation(row).rule];
        f.rule = rule->rule.name;
        f.citation = rule->rule.citation;
        findings.push_back(std::move(f));
        evidence_of.emplace_back();
      }
      Finding& f = findings[it->second];
      for (size_t col = 1; col < declaration.columns.size(); ++col) {
        const std::string& column = declaration.columns[col];
        std::string value = text(tuple[col]);
        if (value == "-") continue;  // no record (or nothing missing) in this column
        if (column == "missing") {
          if (std::find(f.missing.begin(), f.missing.end(), value) == f.missing.end()) f.missing.push_back(value);
        } else if (column == "age_presumed") {
          f.age_presumed = f.age_presumed || value == "yes";
        } else if (column.rfind("actor", 0) == 0) {
          if (std::find(f.actors.begin(), f.actors.end(), value) == f.actors.end()) f.actors.push_back(value);
        } else {
          auto& keys = f.elements[column];
          if (std::find(keys.begin(), keys.end(), value) == keys.end()) keys.push_back(value);
        }
      }
      collector.Walk(relation, static_cast<uint32_t>(row), &evidence_of[it->second]);
    }
  }

  for (size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    std::vector<uint32_t>& symbols = evidence_of[i];
    std::sort(symbols.begin(), symbols.end());
    symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
    std::vector<std::pair<int64_t, const std::string*>> dated;  // (time, key)
    dated.reserve(symbols.size());
    for (uint32_t symbol : symbols) {
      const std::string& key = engine.symbols().Text(symbol);
      dated.emplace_back(RecordTime(*by_key.at(key)), &key);
    }
    std::sort(f.actors.begin(), f.actors.end());
    for (auto& [name, keys] : f.elements) std::sort(keys.begin(), keys.end());
    std::sort(f.missing.begin(), f.missing.end());
    // Evidence by date, then key; the weakest grading among its sources.
    std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    f.evidence.reserve(dated.size());
    for (const auto& [time, key] : dated) f.evidence.push_back(*key);
    for (const auto& key : f.evidence) {
      std::string reliability, credibility;
      if (!SourceGrading(*by_key.at(key), by_key, &reliability, &credibility)) continue;
      if (f.reliability.empty() || reliability > f.reliability) f.reliability = reliability;
      if (f.credibility.empty() || credibility > f.credibility) f.credibility = credibility;
    }
  }
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return a.subject != b.subject ? a.subject < b.subject : a.type < b.type;
  });
  return findings;
}

}  // namespace palermo::reasoner

namespace palermo::reasoner {

namespace {

// Builds the proof of one tuple: its rule and premises, down to base facts
// and the records they come from. Shared sub-proofs are shown once.
class ProofBuilder {
 public:
  ProofBuilder(const Evaluated& evaluated, size_t max_nodes) : evaluated_(evaluated), budget_(max_nodes) {}

  ProofNode Build(const Relation* relation, uint32_t row) {
    ProofNode node;
    const Tuple& tuple = relation->row(row);
    node.fact = relation->name() + "(";
    for (size_t i = 0; i < tuple.size(); ++i) {
      if (i > 0) node.fact += ", ";
      if (tuple[i].type == Value::Type::kSymbol) node.fact += "\"" + evaluated_.Text(tuple[i]) + "\"";
      else if (IsTimeColumn(relation->name(), i)) node.fact += TimeText(tuple[i].number);
      else node.fact += FormatNumber(tuple[i].number);
    }
    node.fact += ")";
    if (budget_ == 0) {
      node.truncated = true;
      return node;
    }
    --budget_;
    const Derivation& d = relation->derivation(row);
    if (d.rule < 0) {
      // A base fact: the record it comes from, its agency and grading.
      if (!tuple.empty() && tuple[0].type == Value::Type::kSymbol) {
        auto it = evaluated_.by_key.find(evaluated_.Text(tuple[0]));
        if (it != evaluated_.by_key.end()) Describe(*it->second, &node);
      }
      return node;
    }
    const PlannedRule* rule = evaluated_.engine.rules()[d.rule];
    node.rule = rule->rule.name;
    node.citation = rule->rule.citation;
    if (!shown_.insert({relation, row}).second) {
      node.shown_above = true;
      return node;
    }
    for (const Premise& p : d.premises) node.premises.push_back(Build(p.relation, p.row));
    AddAbsent(*rule, d, &node);
    return node;
  }

 private:
  // A value while replaying a rule: a number, or text (a symbol, or a
  // string constant that no fact holds).
  struct Shown {
    bool number = false;
    double value = 0;
    std::string text;
  };
  Shown Show(const Value& v) const {
    if (v.type == Value::Type::kNumber) return {true, v.number, {}};
    return {false, 0, evaluated_.Text(v)};
  }
  bool Eval(const Term& term, const std::map<std::string, Shown>& vars, Shown* out) const {
    switch (term.kind) {
      case Term::Kind::kVariable: {
        auto it = vars.find(term.text);
        if (it == vars.end()) return false;
        *out = it->second;
        return true;
      }
      case Term::Kind::kString: *out = {false, 0, term.text}; return true;
      case Term::Kind::kNumber: *out = {true, term.number, {}}; return true;
      case Term::Kind::kAnonymous: return false;
      case Term::Kind::kBinary: {
        Shown a, b;
        if (!Eval(*term.left, vars, &a) || !Eval(*term.right, vars, &b) || !a.number || !b.number) return false;
        double r = term.op == '+' ? a.value + b.value : term.op == '-' ? a.value - b.value
                 : term.op == '*' ? a.value * b.value : b.value != 0 ? a.value / b.value : 0;
        *out = {true, r, {}};
        return true;
      }
    }
    return false;
  }
  // The negated conditions of `rule`, with the values the derivation bound:
  // its premises are the tuples of the rule's positive atoms in evaluation
  // order, which bind the variables; `=` comparisons bind the rest. An
  // aggregate gathers an unknown number of premises, so replay stops there.
  void AddAbsent(const PlannedRule& rule, const Derivation& d, ProofNode* node) {
    std::map<std::string, Shown> vars;
    size_t next = 0;
    std::vector<const Literal*> negations;
    for (const Literal& literal : rule.order) {
      if (literal.kind == Literal::Kind::kAggregate) break;
      if (literal.kind == Literal::Kind::kNegation) {
        negations.push_back(&literal);
      } else if (literal.kind == Literal::Kind::kAtom) {
        if (next >= d.premises.size()) return;  // not the shape expected: show nothing rather than guess
        const Tuple& tuple = d.premises[next].relation->row(d.premises[next].row);
        ++next;
        for (size_t i = 0; i < literal.atom.args.size() && i < tuple.size(); ++i) {
          const Term& arg = literal.atom.args[i];
          if (arg.kind == Term::Kind::kVariable && !vars.count(arg.text)) vars[arg.text] = Show(tuple[i]);
        }
      } else if (literal.kind == Literal::Kind::kComparison && literal.op == "=") {
        Shown v;
        if (literal.left.kind == Term::Kind::kVariable && !vars.count(literal.left.text) && Eval(literal.right, vars, &v)) {
          vars[literal.left.text] = v;
        } else if (literal.right.kind == Term::Kind::kVariable && !vars.count(literal.right.text) &&
                   Eval(literal.left, vars, &v)) {
          vars[literal.right.text] = v;
        }
      }
    }
    for (const Literal* negation : negations) {
      ProofNode absent;
      absent.absent = true;
      absent.fact = negation->atom.predicate + "(";
      bool complete = true;
      for (size_t i = 0; i < negation->atom.args.size(); ++i) {
        if (i > 0) absent.fact += ", ";
        const Term& arg = negation->atom.args[i];
        Shown v;
        if (arg.kind == Term::Kind::kAnonymous) {
          absent.fact += "_";
        } else if (Eval(arg, vars, &v)) {
          absent.fact += v.number ? FormatNumber(v.value) : "\"" + v.text + "\"";
        } else {
          complete = false;
        }
      }
      absent.fact += ")";
      if (complete) node->premises.push_back(std::move(absent));
    }
  }

  // Seconds since 1970 as a reader writes them: a date when the time is
  // the start or the last second of a day, else an RFC 3339 time (UTC).
  static std::string TimeText(double seconds) {
    const auto s = static_cast<int64_t>(seconds);
    if (static_cast<double>(s) != seconds) return FormatNumber(seconds);
    const bool whole_day = s % model::kSecondsPerDay == 0 || (s + 1) % model::kSecondsPerDay == 0;
    const std::string text = UtcTimeText(s);
    if (text.empty()) return FormatNumber(seconds);
    return whole_day ? text.substr(0, 10) : text;
  }
  static std::string FormatNumber(double n) {
    std::string out;
    AppendNumber(n, &out);
    return out;
  }
  void Describe(const v1::Record& record, ProofNode* node) const {
    node->record = KeyOf(record);
    node->agency = record.agency();
    if (SourceGrading(record, evaluated_.by_key, &node->reliability, &node->credibility)) {
      const v1::Source& source = evaluated_.by_key.at(record.source())->source_record();
      node->source = record.source();
      node->source_reference = source.reference();
      node->source_reported = source.reported().iso();
    }
  }

  const Evaluated& evaluated_;
  size_t budget_;
  std::set<std::pair<const Relation*, uint32_t>> shown_;
};

}  // namespace

Result<Explanation> Reasoner::Explain(const std::vector<v1::Record>& records, const std::string& finding_id,
                                      size_t max_nodes) const {
  Evaluated evaluated(program_, records);
  Explanation explanation;
  bool found = false;
  for (auto& f : Collect(evaluated, finding_id)) {
    if (f.id == finding_id) {
      explanation.finding = std::move(f);
      found = true;
      break;
    }
  }
  if (!found) return Status::NotFound("no finding " + finding_id);
  const Relation* relation = evaluated.engine.relation(explanation.finding.type);
  uint32_t subject;
  if (relation == nullptr || !evaluated.engine.symbols().Find(explanation.finding.subject, &subject)) {
    return Status::NotFound("no finding " + finding_id);
  }
  ProofBuilder builder(evaluated, max_nodes);
  for (size_t row = 0; row < relation->size(); ++row) {
    const Tuple& tuple = relation->row(row);
    if (tuple[0] == Value::Symbol(subject)) explanation.proofs.push_back(builder.Build(relation, static_cast<uint32_t>(row)));
  }
  return explanation;
}

}  // namespace palermo::reasoner
