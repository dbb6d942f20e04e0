// Fuzzes the rule parser and checker (reasoner/parser.h, program.h) with
// any bytes as a rule file. Beyond the sanitizers it checks that a refused
// text gets a FILE:LINE:COLUMN message that is valid UTF-8, and that what
// parses stays within the documented limits.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text.h"
#include "reasoner/facts.h"
#include "reasoner/parser.h"
#include "reasoner/program.h"

namespace {

using namespace palermo::reasoner;

void Require(bool condition, const char* what, const std::string& detail) {
  if (condition) return;
  std::fprintf(stderr, "rule_parser_fuzz: %s: %s\n", what, palermo::EscapeForMessage(detail, 400).c_str());
  std::abort();
}

int TermDepth(const Term& term) {
  if (term.kind != Term::Kind::kBinary) return 1;
  int left = TermDepth(*term.left), right = TermDepth(*term.right);
  return 1 + (left > right ? left : right);
}

void CheckLimits(const std::vector<Literal>& body, int nesting) {
  Require(body.size() <= kMaxBodyLiterals, "a body over the limit parsed", std::to_string(body.size()));
  Require(nesting <= kMaxNestingDepth, "aggregates nested over the limit parsed", std::to_string(nesting));
  for (const auto& literal : body) {
    Require(literal.atom.args.size() <= kMaxArguments, "an atom over the limit parsed", literal.atom.predicate);
    for (const auto& arg : literal.atom.args) Require(TermDepth(arg) <= kMaxNestingDepth, "a deep term parsed", "");
    Require(TermDepth(literal.left) <= kMaxNestingDepth && TermDepth(literal.right) <= kMaxNestingDepth,
            "a deep term parsed", "");
    if (literal.kind == Literal::Kind::kAggregate) CheckLimits(literal.body, nesting + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  palermo::Result<ParsedFile> parsed = ParseRules(text, "fuzz.dl");
  if (!parsed.ok()) {
    const std::string& error = parsed.status().message();
    Require(parsed.status().diagnostics().size() == 1, "a syntax error that is not one diagnostic", error);
    Require(error.rfind("fuzz.dl:", 0) == 0, "a syntax error without its position", error);
    Require(palermo::IsValidUtf8(error), "a syntax error that is not valid UTF-8", error);
    return 0;
  }
  const ParsedFile& file = parsed.value();
  Require(palermo::IsValidUtf8(text.substr(text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0)), "invalid UTF-8 parsed",
          std::string(text));
  for (const auto& rule : file.rules) {
    Require(rule.head.args.size() <= kMaxArguments, "a head over the limit parsed", rule.head.predicate);
    CheckLimits(rule.body, 0);
    Require(palermo::IsValidUtf8(rule.citation), "a citation that is not valid UTF-8", rule.citation);
  }
  Program program;
  palermo::Status compiled = Compile({file}, BasePredicates(), &program);
  Require(compiled.ok() == compiled.diagnostics().empty(), "Compile's result disagrees with its diagnostics",
          compiled.message());
  for (const auto& diagnostic : compiled.diagnostics()) {
    const std::string e = diagnostic.ToString();
    Require(e.rfind("fuzz.dl:", 0) == 0, "a check error without its position", e);
    Require(palermo::IsValidUtf8(e), "a check error that is not valid UTF-8", e);
  }
  return 0;
}
