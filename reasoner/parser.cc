#include "reasoner/parser.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/text.h"

namespace palermo::reasoner {
namespace {

struct Token {
  enum class Kind { kName, kVariable, kString, kNumber, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  double number = 0;
  Position position;
};

class Lexer {
 public:
  Lexer(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

  // Reads the next token; false (with `error`) on a character no token starts with.
  bool Next(Token* token, Diagnostic* error) {
    SkipSpaceAndComments();
    token->position = {file_, line_, column_};
    token->text.clear();
    if (pos_ >= text_.size()) {
      token->kind = Token::Kind::kEnd;
      return true;
    }
    char c = text_[pos_];
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) Advance();
      token->text.assign(text_.substr(start, pos_ - start));
      token->kind = std::isupper(static_cast<unsigned char>(c)) || c == '_' ? Token::Kind::kVariable : Token::Kind::kName;
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos_;
      bool fraction = false;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
        // A '.' ends the rule unless a digit follows; a number has one at most.
        if (text_[pos_] == '.') {
          if (fraction || pos_ + 1 >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_ + 1]))) break;
          fraction = true;
        }
        Advance();
      }
      token->text.assign(text_.substr(start, pos_ - start));
      token->number = std::strtod(token->text.c_str(), nullptr);
      if (!std::isfinite(token->number)) {
        *error = token->position.Diagnose("the number " + EscapeForMessage(token->text, 40) + " is out of range");
        return false;
      }
      token->kind = Token::Kind::kNumber;
      return true;
    }
    if (c == '"') {
      Advance();
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) Advance();
        unsigned char byte = static_cast<unsigned char>(text_[pos_]);
        if (byte < 0x20 || byte == 0x7F) {
          *error = Here().Diagnose("a string cannot hold the control character " + CodePoint(byte));
          return false;
        }
        token->text.push_back(text_[pos_]);
        Advance();
      }
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        *error = token->position.Diagnose("unterminated string");
        return false;
      }
      Advance();
      token->kind = Token::Kind::kString;
      return true;
    }
    static const char* const kTwo[] = {":-", "<=", ">=", "!="};
    for (const char* two : kTwo) {
      if (text_.substr(pos_, 2) == two) {
        token->text = two;
        Advance();
        Advance();
        token->kind = Token::Kind::kPunct;
        return true;
      }
    }
    if (std::string_view("(),.!<>=+-*/{}:@").find(c) != std::string_view::npos) {
      token->text = std::string(1, c);
      Advance();
      token->kind = Token::Kind::kPunct;
      return true;
    }
    *error = token->position.Diagnose("unexpected character " + DescribeCharacter());
    return false;
  }

  // Where the next character is.
  Position Here() const { return {file_, line_, column_}; }

 private:
  static std::string CodePoint(uint32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
  }

  // The character at pos_ (the text is valid UTF-8), quoted and named:
  // '#', or 'é' (U+00E9), or '\x01' (U+0001).
  std::string DescribeCharacter() const {
    unsigned char lead = static_cast<unsigned char>(text_[pos_]);
    size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    std::string_view character = text_.substr(pos_, length);
    std::string quoted = "'" + EscapeForMessage(character) + "'";
    if (lead >= 0x21 && lead < 0x7F) return quoted;
    uint32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (size_t k = 1; k < character.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(character[k]) & 0x3F);
    return quoted + " (" + CodePoint(cp) + ")";
  }

  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) {
      ++column_;  // a character's first byte; continuation bytes do not count
    }
    ++pos_;
  }
  void SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        Advance();
      } else if (c == '%' || (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/')) {
        while (pos_ < text_.size() && text_[pos_] != '\n') Advance();
      } else {
        break;
      }
    }
  }

  std::string_view text_;
  std::string file_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

class Parser {
 public:
  Parser(std::string_view text, std::string file) : lexer_(text, std::move(file)) {}

  Result<ParsedFile> Parse() {
    ParsedFile out;
    if (!Advance()) return Failed();
    while (token_.kind != Token::Kind::kEnd) {
      bool ok = IsPunct(".") ? ParseDirective(&out) : ParseRule(&out);
      if (!ok) return Failed();
    }
    return out;
  }

 private:
  Status Failed() { return Status::InvalidArgument({std::move(error_)}); }
  bool Advance() { return lexer_.Next(&token_, &error_); }
  bool IsPunct(const char* p) const { return token_.kind == Token::Kind::kPunct && token_.text == p; }
  std::string Describe() const {
    switch (token_.kind) {
      case Token::Kind::kEnd: return "the end of the file";
      case Token::Kind::kString: return "\"" + EscapeForMessage(token_.text, 80) + "\"";
      default: return "'" + EscapeForMessage(token_.text, 80) + "'";
    }
  }
  bool Error(const std::string& expected) {
    error_ = token_.position.Diagnose("expected " + expected + ", found " + Describe());
    return false;
  }
  bool ErrorAt(const Position& at, const std::string& message) {
    error_ = at.Diagnose(message);
    return false;
  }
  bool Expect(const char* punct, const std::string& what) {
    if (!IsPunct(punct)) return Error(what);
    return Advance();
  }

  // One more level of parentheses or aggregates, opened at `at`; Leave()
  // closes it.
  bool Enter(const Position& at) {
    if (++nesting_ > kMaxNestingDepth) {
      return ErrorAt(at, "parentheses and aggregates nest deeper than " + std::to_string(kMaxNestingDepth) + " levels");
    }
    return true;
  }
  void Leave() { --nesting_; }

  // Counts one term of the current rule.
  bool CountTerm(const Position& at) {
    if (++rule_terms_ > kMaxRuleTerms) {
      return ErrorAt(at, "the rule has more than " + std::to_string(kMaxRuleTerms) +
                             " terms (variables, constants and operators); split it into smaller rules");
    }
    return true;
  }

  bool ParseDirective(ParsedFile* out) {
    Position at = token_.position;
    if (!Advance()) return false;
    if (token_.kind != Token::Kind::kName || token_.text != "finding") return Error("'finding' after '.'");
    if (!Advance()) return false;
    FindingDecl decl;
    decl.position = at;
    if (token_.kind != Token::Kind::kName) return Error("the name of a finding predicate");
    decl.predicate = token_.text;
    if (!Advance() || !Expect("(", "'(' after the finding's name")) return false;
    while (true) {
      if (token_.kind != Token::Kind::kName) return Error("a column name (lower case)");
      if (decl.columns.size() == kMaxArguments) {
        return ErrorAt(token_.position, ".finding " + decl.predicate + " has more than " +
                                            std::to_string(kMaxArguments) + " columns");
      }
      decl.columns.push_back(token_.text);
      if (!Advance()) return false;
      if (IsPunct(")")) break;
      if (!Expect(",", "',' or ')' in the column list")) return false;
    }
    if (!Advance() || !ParseFindingWords(&decl)) return false;
    if (!Expect(".", "'title', 'meaning', 'action' or '.' after the finding's columns")) return false;
    out->findings.push_back(std::move(decl));
    return true;
  }

  // The words of a finding, after its columns: `title "..."`, `meaning
  // "..."`, `action "..."`, in any order, each at most once, none empty.
  bool ParseFindingWords(FindingDecl* decl) {
    while (token_.kind == Token::Kind::kName) {
      std::string* word = token_.text == "title"     ? &decl->words.title
                          : token_.text == "meaning" ? &decl->words.meaning
                          : token_.text == "action"  ? &decl->words.action
                                                     : nullptr;
      if (word == nullptr) return true;  // not a word: the caller reports it
      const std::string clause = token_.text;
      const Position at = token_.position;
      if (!word->empty()) return ErrorAt(at, ".finding " + decl->predicate + " gives its " + clause + " twice");
      if (!Advance()) return false;
      if (token_.kind != Token::Kind::kString) return Error("the finding's " + clause + " as a string after '" + clause + "'");
      if (token_.text.find_first_not_of(' ') == std::string::npos) {
        return ErrorAt(token_.position, ".finding " + decl->predicate + ": the " + clause +
                                            " is empty; write it, or leave '" + clause + "' out");
      }
      *word = token_.text;
      if (!Advance()) return false;
    }
    return true;
  }

  bool ParseRule(ParsedFile* out) {
    Rule rule;
    rule.position = token_.position;
    rule_terms_ = 0;
    if (IsPunct("@")) {
      if (!Advance()) return false;
      if (token_.kind != Token::Kind::kName) return Error("a rule name after '@'");
      rule.name = token_.text;
      if (!Advance()) return false;
      if (token_.kind != Token::Kind::kString) return Error("the rule's citation as a string after its name");
      rule.citation = token_.text;
      if (!Advance()) return false;
    }
    if (!ParseAtom(&rule.head)) return false;
    if (IsPunct(":-")) {
      if (!Advance() || !ParseBody(&rule.body, ".")) return false;
    }
    if (!Expect(".", "',' or '.' after a literal")) return false;
    out->rules.push_back(std::move(rule));
    return true;
  }

  // Literals up to (not including) the punctuation `end`.
  bool ParseBody(std::vector<Literal>* body, const char* end) {
    while (true) {
      if (body->size() == kMaxBodyLiterals) {
        return ErrorAt(token_.position, std::string("a body has more than ") + std::to_string(kMaxBodyLiterals) +
                                            " literals; split the rule");
      }
      Literal literal;
      if (!ParseLiteral(&literal)) return false;
      body->push_back(std::move(literal));
      if (IsPunct(end)) return true;
      if (!IsPunct(",")) return Error(std::string("',' or '") + end + "' after a literal");
      if (!Advance()) return false;
    }
  }

  bool ParseAtom(Atom* atom) {
    if (token_.kind != Token::Kind::kName) return Error("a predicate name (lower case)");
    atom->predicate = token_.text;
    atom->position = token_.position;
    if (!Advance() || !Expect("(", "'(' after the predicate name " + atom->predicate)) return false;
    if (IsPunct(")")) return Advance();
    while (true) {
      if (atom->args.size() == kMaxArguments) {
        return ErrorAt(token_.position, atom->predicate + " has more than " + std::to_string(kMaxArguments) +
                                            " arguments");
      }
      Term term;
      if (!ParseExpression(&term)) return false;
      atom->args.push_back(std::move(term));
      if (IsPunct(")")) return Advance();
      if (!Expect(",", "',' or ')' in the arguments of " + atom->predicate)) return false;
    }
  }

  bool ParseLiteral(Literal* literal) {
    literal->position = token_.position;
    if (IsPunct("!") || (token_.kind == Token::Kind::kName && token_.text == "not")) {
      literal->kind = Literal::Kind::kNegation;
      return Advance() && ParseAtom(&literal->atom);
    }
    if (token_.kind == Token::Kind::kName) {
      literal->kind = Literal::Kind::kAtom;
      return ParseAtom(&literal->atom);
    }
    // A comparison or an aggregate: TERM OP ...
    if (!ParseExpression(&literal->left)) return false;
    static const char* const kOps[] = {"<=", ">=", "!=", "<", ">", "="};
    for (const char* op : kOps) {
      if (IsPunct(op)) {
        literal->op = op;
        break;
      }
    }
    if (literal->op.empty()) return Error("a comparison (< <= > >= = !=) after a term");
    if (!Advance()) return false;
    static const char* const kFunctions[] = {"count", "sum", "min", "max"};
    if (literal->op == "=" && token_.kind == Token::Kind::kName) {
      for (const char* function : kFunctions) {
        if (token_.text == function) {
          if (!Enter(literal->position)) return false;
          bool ok = ParseAggregate(literal);
          Leave();
          return ok;
        }
      }
    }
    literal->kind = Literal::Kind::kComparison;
    return ParseExpression(&literal->right);
  }

  bool ParseAggregate(Literal* literal) {
    literal->kind = Literal::Kind::kAggregate;
    literal->function = token_.text;
    if (literal->left.kind != Term::Kind::kVariable) {
      return ErrorAt(literal->position, "an aggregate's result must be a variable");
    }
    if (!Advance()) return false;
    if (literal->function != "count" && !ParseExpression(&literal->right)) return false;
    if (!Expect(":", "':' before the aggregate's body") || !Expect("{", "'{' to open the aggregate's body")) {
      return false;
    }
    if (!ParseBody(&literal->body, "}")) return false;
    return Advance();
  }

  // term { (+|-) term } with * and / binding tighter. Each sets `depth` to
  // the levels of the tree it built (1 for a lone term), and fails as soon
  // as that passes kMaxNestingDepth, before the tree grows any deeper: a
  // long chain `1+1+...` is refused after kMaxNestingDepth operators.
  bool ParseExpression(Term* out) {
    int depth = 0;
    return ParseSum(out, &depth);
  }
  bool ParseSum(Term* out, int* depth) {
    if (!ParseProduct(out, depth)) return false;
    while (IsPunct("+") || IsPunct("-")) {
      if (!Binary(out, depth, [this](Term* t, int* d) { return ParseProduct(t, d); })) return false;
    }
    return true;
  }
  bool ParseProduct(Term* out, int* depth) {
    if (!ParsePrimary(out, depth)) return false;
    while (IsPunct("*") || IsPunct("/")) {
      if (!Binary(out, depth, [this](Term* t, int* d) { return ParsePrimary(t, d); })) return false;
    }
    return true;
  }
  template <typename Operand>
  bool Binary(Term* out, int* depth, Operand operand) {
    Term node;
    node.kind = Term::Kind::kBinary;
    node.op = token_.text[0];
    node.position = token_.position;
    if (!CountTerm(node.position)) return false;
    node.left = std::make_shared<Term>(std::move(*out));
    node.right = std::make_shared<Term>();
    int right_depth = 0;
    if (!Advance() || !operand(node.right.get(), &right_depth)) return false;
    *depth = 1 + std::max(*depth, right_depth);
    if (*depth > kMaxNestingDepth) {
      return ErrorAt(node.position, "the expression nests deeper than " + std::to_string(kMaxNestingDepth) +
                                        " levels (each operator and parenthesis is one); compute it in steps");
    }
    *out = std::move(node);
    return true;
  }
  bool ParsePrimary(Term* out, int* depth) {
    out->position = token_.position;
    *depth = 1;
    if (!IsPunct("(") && !CountTerm(token_.position)) return false;
    switch (token_.kind) {
      case Token::Kind::kVariable:
        out->kind = token_.text == "_" ? Term::Kind::kAnonymous : Term::Kind::kVariable;
        out->text = token_.text;
        return Advance();
      case Token::Kind::kString:
        out->kind = Term::Kind::kString;
        out->text = token_.text;
        return Advance();
      case Token::Kind::kNumber:
        out->kind = Term::Kind::kNumber;
        out->number = token_.number;
        return Advance();
      default:
        if (IsPunct("-")) {  // a negative number
          if (!Advance()) return false;
          if (token_.kind != Token::Kind::kNumber) return Error("a number after '-'");
          out->kind = Term::Kind::kNumber;
          out->number = -token_.number;
          return Advance();
        }
        if (IsPunct("(")) {
          if (!Enter(token_.position)) return false;
          bool ok = Advance() && ParseSum(out, depth) && Expect(")", "')' to close the parenthesis");
          Leave();
          return ok;
        }
        return Error("a term (a Variable, _, a \"string\" or a number)");
    }
  }

  Lexer lexer_;
  Token token_;
  Diagnostic error_;  // the first problem, once a step has returned false
  int nesting_ = 0;         // parentheses and aggregates open around the token
  size_t rule_terms_ = 0;   // terms of the rule being parsed
};

// "FILE:LINE:COLUMN" of byte `offset` of `text`.
Position PositionOf(std::string_view text, size_t offset, const std::string& file) {
  Position at{file, 1, 1};
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++at.column;
    }
  }
  return at;
}

}  // namespace

Result<ParsedFile> ParseRules(std::string_view text, const std::string& file) {
  if (text.size() > kMaxRuleTextBytes) {
    return Status::InvalidArgument({Position{file, 1, 1}.Diagnose(
        "the rule text is " + std::to_string(text.size()) + " bytes long; a rule file may hold at most " +
        std::to_string(kMaxRuleTextBytes) + " bytes")});
  }
  // A UTF-8 byte-order mark, as some editors write one, is not part of the text.
  static constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) text.remove_prefix(kByteOrderMark.size());
  size_t invalid = InvalidUtf8Offset(text);
  if (invalid != std::string_view::npos) {
    return Status::InvalidArgument({PositionOf(text, invalid, file).Diagnose(
        "the rule text is not valid UTF-8 (byte " + EscapeForMessage(text.substr(invalid, 1)) + ")")});
  }
  return Parser(text, file).Parse();
}

}  // namespace palermo::reasoner
