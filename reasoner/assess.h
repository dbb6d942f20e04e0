// Findings: the shipped rules (and any loaded beside them) evaluated over a
// set of records, each finding with its rule, citation, elements, actors,
// evidence and grading.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "palermo/v1/model.pb.h"
#include "reasoner/program.h"

namespace palermo::reasoner {

struct Finding {
  std::string id;       // "TYPE:SUBJECT", stable across evaluations
  std::string type;     // the finding predicate, e.g. smuggling_of_migrants
  std::string subject;  // global key (the representative of its party)
  std::vector<std::string> linked;  // every key joined to the subject by same_as, itself included
  std::vector<std::string> actors;
  std::string rule;      // the rule of the first derivation
  std::string citation;
  std::map<std::string, std::vector<std::string>> elements;  // element -> supporting record keys
  std::vector<std::string> missing;
  bool age_presumed = false;
  std::vector<std::string> evidence;  // every record the proof rests on, by date
  std::string reliability;            // weakest among the evidence's sources ("" when none is graded)
  std::string credibility;
};

// Why a fact holds: the rule that derived it (with its citation) and the
// facts it rests on, down to base facts and the records they come from.
struct ProofNode {
  std::string fact;      // predicate("arg", 3, ...); times of base facts as dates (2024-01-05)
  std::string rule;      // empty for a base fact
  std::string citation;
  std::string record;    // base facts: the record the fact comes from
  std::string agency;
  std::string reliability;  // the record's source grading, when it has one
  std::string credibility;
  // Base facts: the source record the record comes from (its global key,
  // reference and the date it was reported, as written), when it names one.
  std::string source;
  std::string source_reference;
  std::string source_reported;
  bool shown_above = false;  // the same sub-proof appears earlier
  bool truncated = false;    // the node budget ran out here
  bool absent = false;       // a negated condition of the rule: no such fact holds
  std::vector<ProofNode> premises;
};

struct Explanation {
  Finding finding;
  std::vector<ProofNode> proofs;  // one per derived tuple of the finding
};

// A rule text and the name it is reported under.
struct RuleSource {
  std::string file;
  std::string text;
};

class Reasoner {
 public:
  // Parses, checks and plans `sources`. On any problem, InvalidArgument
  // whose diagnostics() are every problem (file, line, column, reason): the
  // syntax error of each file that has one, in the order of `sources`, then
  // the check errors of the files that parse; its message is their
  // ToString()s, "FILE:LINE:COLUMN: message", one per line.
  static Result<std::unique_ptr<Reasoner>> Load(const std::vector<RuleSource>& sources);
  // Reads the rule files (*.dl) of `directory`, sorted by name.
  static Status ReadDirectory(const std::string& directory, std::vector<RuleSource>* sources);

  // Evaluates the rules over `records` (the whole case graph, or a closed
  // part of it) and returns every finding, sorted by subject then type.
  std::vector<Finding> Assess(const std::vector<palermo::v1::Record>& records) const;
  // The proof of the finding `finding_id` ("TYPE:SUBJECT") over `records`,
  // at most `max_nodes` nodes. NotFound when there is no such finding.
  Result<Explanation> Explain(const std::vector<palermo::v1::Record>& records, const std::string& finding_id,
                              size_t max_nodes = 2000) const;

  const Program& program() const { return program_; }

 private:
  // The findings of `evaluated`; only the one with id `only_id` when given.
  std::vector<Finding> Collect(const struct Evaluated& evaluated, std::string_view only_id = {}) const;
  Program program_;
};

// The shipped rules, compiled into the binary: rules/palermo.dl (the legal
// model) and rules/ilo-ec-indicators.dl (the ILO/EC operational indicators).
const std::vector<RuleSource>& ShippedRules();
// The shipped rules followed by `more`.
std::vector<RuleSource> ShippedRulesAnd(std::vector<RuleSource> more);
// The name of a shipped rule file: its file name without directory and
// ".dl" ("palermo", "ilo-ec-indicators").
std::string ShippedRuleName(const RuleSource& source);
// Appends the shipped rule files named in `names` (comma-separated shipped
// rule names, in the order shipped; "none" for none). InvalidArgument
// naming the known names when one is unknown.
Status SelectShippedRules(std::string_view names, std::vector<RuleSource>* out);

}  // namespace palermo::reasoner
