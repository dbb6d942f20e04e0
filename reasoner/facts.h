// The base predicates: what rules may know of the stored case graph,
// declared in one place (docs/RULES.md lists them), and the translation of
// records into facts. Rules never touch storage.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "palermo/v1/model.pb.h"
#include "reasoner/engine.h"
#include "reasoner/program.h"

namespace palermo::reasoner {

// Every base predicate with its columns and meaning.
const std::vector<BasePredicate>& BasePredicates();

// Whether column `column` of base predicate `predicate` holds a time
// (seconds since 1970, UTC): the columns named first, last, earliest and
// latest. Explanations show those as dates.
bool IsTimeColumn(std::string_view predicate, size_t column);

// Records joined by `same_as` relations (transitively) are one party: the
// facts name each party by one representative key (the smallest), and
// `members` lists the keys of every party of more than one record.
class Parties {
 public:
  // Reads the same_as relations among `records`.
  explicit Parties(const std::vector<palermo::v1::Record>& records);
  // The representative of `key` (itself when it is joined to nothing).
  const std::string& Representative(const std::string& key) const;
  // Every key joined with `key`, itself included, sorted.
  std::vector<std::string> Members(const std::string& key) const;

 private:
  std::map<std::string, std::string> representative_;
  std::map<std::string, std::vector<std::string>> members_;
};

// The Admiralty grading of a source as letters, "B" and "2". An ungraded
// field counts as the weakest: F (reliability cannot be judged), 6.
void GradingLetters(const palermo::v1::Source& source, std::string* reliability, std::string* credibility);

// Adds the facts of `records` to `engine` (whose program declares the base
// predicates). Keys become symbols; parties are named by representatives.
void AddFacts(const std::vector<palermo::v1::Record>& records, const Parties& parties, Engine* engine);

}  // namespace palermo::reasoner
