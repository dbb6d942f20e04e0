// Parses rule files (docs/RULES.md) into the syntax tree of ast.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "reasoner/ast.h"

namespace palermo::reasoner {

// Limits on a rule text. A rule text may come from a client (CheckRules, a
// --rules file), and the parser, the checker and the engine walk the syntax
// tree recursively: these bound the stack and the time any text can take.
// docs/RULES.md lists them; the parser reports each with its position.
//
// Bytes of one rule text (a file, or the text of a CheckRules request).
inline constexpr size_t kMaxRuleTextBytes = size_t{1} << 20;
// Levels of nesting: parentheses and aggregates inside one another, and the
// depth of an expression's tree (a lone term is one level, each operator
// above it one more: `1+2+3` is three levels, as is `1+(2+3)`).
inline constexpr int kMaxNestingDepth = 64;
// Literals in one rule body, and in each aggregate's body.
inline constexpr size_t kMaxBodyLiterals = 64;
// Arguments of one atom; columns of one `.finding`.
inline constexpr size_t kMaxArguments = 64;
// Terms (variables, constants and operators) in one rule, aggregates
// included; the checker's work grows with the square of it.
inline constexpr size_t kMaxRuleTerms = 512;

// Parses `text`, read from `file` (used in messages). The text must be valid
// UTF-8 (a leading byte-order mark is skipped) and within the limits above.
// On failure returns InvalidArgument with one Diagnostic (file, line,
// column, reason) for the first problem, the message being its ToString():
// "FILE:LINE:COLUMN: expected ..., found ..." or the limit or encoding
// problem. The columns count characters, and anything quoted from the text
// is escaped (common/text.h), so that the message is valid UTF-8.
Result<ParsedFile> ParseRules(std::string_view text, const std::string& file);

}  // namespace palermo::reasoner
