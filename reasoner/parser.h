// Parses rule files (docs/RULES.md) into the syntax tree of ast.h.
#pragma once

#include <string>
#include <string_view>

#include "reasoner/ast.h"

namespace palermo::reasoner {

// Parses `text`, read from `file` (used in messages). On failure returns
// false and sets `error` to "FILE:LINE:COLUMN: expected ..., found ...".
bool ParseRules(std::string_view text, const std::string& file, ParsedFile* out, std::string* error);

}  // namespace palermo::reasoner
