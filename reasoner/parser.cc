#include "reasoner/parser.h"

#include <cctype>
#include <cstdlib>

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
  bool Next(Token* token, std::string* error) {
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
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) {
        // A '.' ends the rule unless a digit follows.
        if (text_[pos_] == '.' && (pos_ + 1 >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[pos_ + 1])))) break;
        Advance();
      }
      token->text.assign(text_.substr(start, pos_ - start));
      token->number = std::strtod(token->text.c_str(), nullptr);
      token->kind = Token::Kind::kNumber;
      return true;
    }
    if (c == '"') {
      Advance();
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\n') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) Advance();
        token->text.push_back(text_[pos_]);
        Advance();
      }
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        *error = token->position.ToString() + ": unterminated string";
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
    *error = token->position.ToString() + ": unexpected character '" + std::string(1, c) + "'";
    return false;
  }

 private:
  void Advance() {
    if (text_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
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

  bool Parse(ParsedFile* out, std::string* error) {
    if (!Advance()) return Fail(error);
    while (token_.kind != Token::Kind::kEnd) {
      bool ok = IsPunct(".") ? ParseDirective(out) : ParseRule(out);
      if (!ok) return Fail(error);
    }
    return true;
  }

 private:
  bool Fail(std::string* error) {
    *error = error_;
    return false;
  }
  bool Advance() { return lexer_.Next(&token_, &error_); }
  bool IsPunct(const char* p) const { return token_.kind == Token::Kind::kPunct && token_.text == p; }
  std::string Describe() const {
    switch (token_.kind) {
      case Token::Kind::kEnd: return "the end of the file";
      case Token::Kind::kString: return "\"" + token_.text + "\"";
      default: return "'" + token_.text + "'";
    }
  }
  bool Error(const std::string& expected) {
    error_ = token_.position.ToString() + ": expected " + expected + ", found " + Describe();
    return false;
  }
  bool Expect(const char* punct, const std::string& what) {
    if (!IsPunct(punct)) return Error(what);
    return Advance();
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
      decl.columns.push_back(token_.text);
      if (!Advance()) return false;
      if (IsPunct(")")) break;
      if (!Expect(",", "',' or ')' in the column list")) return false;
    }
    if (!Advance() || !Expect(".", "'.' at the end of the declaration")) return false;
    out->findings.push_back(std::move(decl));
    return true;
  }

  bool ParseRule(ParsedFile* out) {
    Rule rule;
    rule.position = token_.position;
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
        if (token_.text == function) return ParseAggregate(literal);
      }
    }
    literal->kind = Literal::Kind::kComparison;
    return ParseExpression(&literal->right);
  }

  bool ParseAggregate(Literal* literal) {
    literal->kind = Literal::Kind::kAggregate;
    literal->function = token_.text;
    if (literal->left.kind != Term::Kind::kVariable) {
      error_ = literal->position.ToString() + ": an aggregate's result must be a variable";
      return false;
    }
    if (!Advance()) return false;
    if (literal->function != "count" && !ParseExpression(&literal->right)) return false;
    if (!Expect(":", "':' before the aggregate's body") || !Expect("{", "'{' to open the aggregate's body")) {
      return false;
    }
    if (!ParseBody(&literal->body, "}")) return false;
    return Advance();
  }

  // term { (+|-) term } with * and / binding tighter.
  bool ParseExpression(Term* out) {
    if (!ParseProduct(out)) return false;
    while (IsPunct("+") || IsPunct("-")) {
      if (!Binary(out, [this](Term* t) { return ParseProduct(t); })) return false;
    }
    return true;
  }
  bool ParseProduct(Term* out) {
    if (!ParsePrimary(out)) return false;
    while (IsPunct("*") || IsPunct("/")) {
      if (!Binary(out, [this](Term* t) { return ParsePrimary(t); })) return false;
    }
    return true;
  }
  template <typename Operand>
  bool Binary(Term* out, Operand operand) {
    Term node;
    node.kind = Term::Kind::kBinary;
    node.op = token_.text[0];
    node.position = token_.position;
    node.left = std::make_shared<Term>(std::move(*out));
    node.right = std::make_shared<Term>();
    if (!Advance() || !operand(node.right.get())) return false;
    *out = std::move(node);
    return true;
  }
  bool ParsePrimary(Term* out) {
    out->position = token_.position;
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
          if (!Advance() || !ParseExpression(out)) return false;
          return Expect(")", "')' to close the parenthesis");
        }
        return Error("a term (a Variable, _, a \"string\" or a number)");
    }
  }

  Lexer lexer_;
  Token token_;
  std::string error_;
};

}  // namespace

bool ParseRules(std::string_view text, const std::string& file, ParsedFile* out, std::string* error) {
  return Parser(text, file).Parse(out, error);
}

}  // namespace palermo::reasoner
