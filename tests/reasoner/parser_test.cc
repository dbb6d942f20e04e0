#include "reasoner/parser.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>

#include "common/text.h"
#include "reasoner/assess.h"
#include "reasoner/facts.h"
#include "reasoner/program.h"
#include "tests/test_util.h"

namespace palermo::reasoner {
namespace {

const std::vector<BasePredicate> kBase = {
    {"edge", {"from", "to"}, ""},
    {"person", {"p"}, ""},
    {"amount", {"t", "a"}, ""},
};

// The problems `status` carries, as people read them; checks that a failed
// status carries some and that its message is them, one per line.
std::vector<std::string> Messages(const Status& status) {
  std::vector<std::string> messages;
  for (const auto& diagnostic : status.diagnostics()) messages.push_back(diagnostic.ToString());
  if (!status.ok()) {
    EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
    EXPECT_FALSE(messages.empty()) << status.message();
    std::string joined;
    for (const auto& m : messages) joined += (joined.empty() ? "" : "\n") + m;
    EXPECT_EQ(status.message(), joined);
  }
  return messages;
}

// Parses and compiles; returns the errors (empty when fine).
std::vector<std::string> Check(const std::string& text) {
  Result<ParsedFile> parsed = ParseRules(text, "t.dl");
  if (!parsed.ok()) return Messages(parsed.status());
  Program program;
  return Messages(Compile({parsed.value()}, kBase, &program));
}

std::string OneError(const std::string& text) {
  auto errors = Check(text);
  EXPECT_EQ(errors.size(), 1u) << text;
  return errors.empty() ? "" : errors[0];
}

TEST(RuleParser, ParsesRulesAggregatesAndFindings) {
  Result<ParsedFile> parsed = ParseRules(R"(
    % comments are ignored
    @reach "graph reachability"
    reach(X, Y) :- edge(X, Y).
    @reach_more "transitive"   // another comment
    reach(X, Z) :- reach(X, Y), edge(Y, Z), X != Z.
    @total "sums" total(T, S) :- person(T), S = sum A : { amount(T, A) }, S >= 10.5.
    .finding reach(subject, to).
  )", "t.dl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_TRUE(parsed.status().diagnostics().empty());
  const ParsedFile& file = parsed.value();
  ASSERT_EQ(file.rules.size(), 3u);
  EXPECT_EQ(file.rules[0].name, "reach");
  EXPECT_EQ(file.rules[0].citation, "graph reachability");
  EXPECT_EQ(file.rules[1].body.size(), 3u);
  EXPECT_EQ(file.rules[1].body[2].kind, Literal::Kind::kComparison);
  EXPECT_EQ(file.rules[2].body[1].kind, Literal::Kind::kAggregate);
  EXPECT_EQ(file.rules[2].body[1].function, "sum");
  ASSERT_EQ(file.findings.size(), 1u);
  EXPECT_EQ(file.findings[0].columns[1], "to");
  EXPECT_TRUE(Check(R"(@a "x" reach(X, Y) :- edge(X, Y). .finding reach(subject, to).)").empty());
}

TEST(RuleParser, SyntaxErrorsSayWhereAndWhat) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, Y)"), "t.dl:1:26: expected ',' or '.' after a literal, found the end of the file");
  EXPECT_EQ(OneError("@a \"x\"\np(X) :- edge(X Y)."), "t.dl:2:16: expected ',' or ')' in the arguments of edge, found 'Y'");
  EXPECT_EQ(OneError("@a p(X) :- edge(X, X)."), "t.dl:1:4: expected the rule's citation as a string after its name, found 'p'");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, \"open)."), "t.dl:1:24: unterminated string");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, #)."), "t.dl:1:24: unexpected character '#'");
  EXPECT_EQ(OneError(".decl p(x)."), "t.dl:1:2: expected 'finding' after '.', found 'decl'");
}

TEST(RuleParser, ASyntaxErrorIsOneDiagnosticWithItsFileLineAndColumn) {
  Result<ParsedFile> parsed = ParseRules("@a \"x\"\np(X) :- edge(X Y).", "rules/t.dl");
  ASSERT_FALSE(parsed.ok());
  ASSERT_EQ(parsed.status().diagnostics().size(), 1u);
  const Diagnostic& diagnostic = parsed.status().diagnostics()[0];
  EXPECT_EQ(diagnostic.file, "rules/t.dl");
  EXPECT_EQ(diagnostic.line, 2);
  EXPECT_EQ(diagnostic.column, 16);
  EXPECT_EQ(diagnostic.field, "");
  EXPECT_EQ(diagnostic.reason, "expected ',' or ')' in the arguments of edge, found 'Y'");
  EXPECT_EQ(parsed.status().message(), "rules/t.dl:2:16: expected ',' or ')' in the arguments of edge, found 'Y'");
}

TEST(RuleChecker, CompileReportsEveryProblemAsADiagnosticInTheOrderFound) {
  Result<ParsedFile> parsed = ParseRules("@a \"x\" p(X) :- edgy(X).\n@a \"y\" q(X, Z) :- person(X).", "t.dl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  Program program;
  Status compiled = Compile({parsed.value()}, kBase, &program);
  ASSERT_EQ(compiled.code(), Status::Code::kInvalidArgument);
  const std::vector<Diagnostic>& problems = compiled.diagnostics();
  ASSERT_EQ(problems.size(), 3u) << compiled.message();
  EXPECT_EQ(problems[0].reason, "rule name @a is used twice (first at t.dl:1:1)");
  EXPECT_EQ(problems[0].line, 2);
  EXPECT_EQ(problems[0].column, 1);
  EXPECT_EQ(problems[1].reason, "unknown predicate edgy (no base predicate and no rule derives it)");
  EXPECT_EQ(problems[1].line, 1);
  EXPECT_EQ(problems[1].column, 16);
  EXPECT_EQ(problems[2].reason, "variable Z in the head of q is not bound by the body (unsafe rule)");
  for (const auto& problem : problems) EXPECT_EQ(problem.file, "t.dl");
  EXPECT_EQ(Messages(compiled).size(), 3u);  // and the message is the three, one per line
  // A clean program compiles OK, with nothing to report.
  Result<ParsedFile> clean = ParseRules("@a \"x\" p(X) :- person(X).", "t.dl");
  ASSERT_TRUE(clean.ok());
  Status ok = Compile({clean.value()}, kBase, &program);
  EXPECT_TRUE(ok.ok()) << ok.message();
  EXPECT_TRUE(ok.diagnostics().empty());
  EXPECT_EQ(program.strata.size(), 1u);
}

TEST(RuleChecker, RejectsUnknownPredicatesAndWrongArity) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edgy(X, Y)."),
            "t.dl:1:16: unknown predicate edgy (no base predicate and no rule derives it)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X)."), "t.dl:1:16: edge takes 2 arguments, not 1");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- edge(X, Y).\n@b \"y\" q(X) :- p(X, X)."), "t.dl:2:16: p takes 1 arguments, not 2");
  EXPECT_EQ(OneError("@a \"x\" edge(X, Y) :- person(X), person(Y)."),
            "t.dl:1:8: edge is a base predicate (facts from the store); rules cannot derive it");
}

TEST(RuleChecker, RejectsUnsafeRules) {
  EXPECT_EQ(OneError("@a \"x\" p(X, Z) :- edge(X, Y)."),
            "t.dl:1:8: variable Z in the head of p is not bound by the body (unsafe rule)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X), !edge(X, Y)."),
            "t.dl:1:27: variable Y in a negated literal is not bound by a positive literal (unsafe rule)");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X), Y > 3."),
            "t.dl:1:27: variable Y in a comparison or arithmetic is not bound by a positive literal (unsafe rule)");
  // Negation and comparisons may come before the atoms that bind them.
  EXPECT_TRUE(Check("@a \"x\" p(X) :- !edge(X, X), X != \"q\", person(X).").empty());
  EXPECT_TRUE(Check("@a \"x\" p(X, Z) :- Z = Y + 1, amount(X, Y).").empty());
}

TEST(RuleChecker, RequiresNamesAndCitations) {
  EXPECT_EQ(OneError("p(X) :- person(X)."), "t.dl:1:1: every rule needs a name and a citation: @name \"citation\" before it");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X).\n@a \"y\" q(X) :- person(X)."),
            "t.dl:2:1: rule name @a is used twice (first at t.dl:1:1)");
}

TEST(RuleChecker, RejectsUnstratifiableNegation) {
  auto errors = Check("@a \"x\" p(X) :- person(X), !q(X).\n@b \"y\" q(X) :- person(X), !p(X).");
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("is not stratifiable"), std::string::npos) << errors[0];
  auto aggregate = Check("@a \"x\" p(X, N) :- person(X), N = count : { p(X, _) }.");
  ASSERT_FALSE(aggregate.empty());
  EXPECT_NE(aggregate[0].find("is not stratifiable"), std::string::npos) << aggregate[0];
}

TEST(RuleChecker, FindingDeclarationsMustMatchTheirPredicate) {
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X). .finding p(subject, extra)."),
            "t.dl:1:27: .finding p names 2 columns but its rules give it 1");
  EXPECT_EQ(OneError("@a \"x\" p(X) :- person(X). .finding p(who)."),
            "t.dl:1:27: .finding p: the first column must be `subject`");
  EXPECT_EQ(OneError(".finding nothing(subject)."), "t.dl:1:1: .finding nothing: no rule derives it");
}

// The one error of `text` as the parser gives it (the text must not parse).
std::string SyntaxError(std::string_view text) {
  Result<ParsedFile> parsed = ParseRules(text, "t.dl");
  EXPECT_FALSE(parsed.ok());
  std::vector<std::string> messages = Messages(parsed.status());
  EXPECT_EQ(messages.size(), 1u);
  return parsed.status().message();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) out.append(piece);
  return out;
}

TEST(RuleLimits, ThirtyThousandNestedParenthesesAreAnErrorNotACrash) {
  std::string text = "@a \"x\" p(X) :- person(X), X = " + Repeat("(", 30000) + "1" + Repeat(")", 30000) + ".";
  std::string error = SyntaxError(text);
  EXPECT_EQ(error, "t.dl:1:" + std::to_string(31 + kMaxNestingDepth) +
                       ": parentheses and aggregates nest deeper than 64 levels");
}

TEST(RuleLimits, AMillionTermSumIsAnErrorNotACrash) {
  // 2 MB: over the size limit.
  std::string huge = "@a \"x\" p(X) :- person(X), X = 1" + Repeat("+1", 999999) + ".";
  EXPECT_TRUE(Contains(SyntaxError(huge), "t.dl:1:1: the rule text is")) << SyntaxError(huge);
  // Within the size limit, the chain is refused once it is deeper than the limit.
  std::string long_chain = "@a \"x\" p(X) :- person(X), X = 1" + Repeat("+1", 300000) + ".";
  ASSERT_LT(long_chain.size(), kMaxRuleTextBytes);
  std::string error = SyntaxError(long_chain);
  EXPECT_TRUE(Contains(error, "t.dl:1:"));
  EXPECT_TRUE(Contains(error, ": the expression nests deeper than 64 levels")) << error;
  // So is a chain of products, and a left-deep tree built with parentheses.
  EXPECT_TRUE(Contains(SyntaxError("@a \"x\" p(X) :- person(X), X = 2" + Repeat("*2", 300000) + "."),
                       "nests deeper than 64 levels"));
  EXPECT_TRUE(Contains(SyntaxError("@a \"x\" p(X) :- person(X), X = " + Repeat("(", 60) + "1" + Repeat("+1)", 60) +
                                   Repeat("+1", 10) + "."),
                       "nests deeper than 64 levels"));
}

TEST(RuleLimits, ExpressionsUpToTheLimitStillParseAndCheck) {
  std::string text = "@a \"x\" p(X, Y) :- amount(X, A), Y = A" + Repeat("+1", kMaxNestingDepth - 1) + ".";
  EXPECT_TRUE(Check(text).empty());
  std::string nested = "@a \"x\" p(X, Y) :- amount(X, A), Y = " + Repeat("(", kMaxNestingDepth) + "A" +
                       Repeat(")", kMaxNestingDepth) + ".";
  EXPECT_TRUE(Check(nested).empty());
}

TEST(RuleLimits, TenThousandNestedAggregatesAreAnErrorNotACrash) {
  std::string text = "@a \"x\" p(X, N) :- person(X), N = " + Repeat("count : { M = ", 10000) + "count : { person(X) " +
                     Repeat("}", 10001) + ".";
  auto errors = Check(text);
  ASSERT_EQ(errors.size(), 1u);
  const std::string& error = errors[0];
  EXPECT_TRUE(Contains(error, ": parentheses and aggregates nest deeper than 64 levels")) << error;
  EXPECT_TRUE(Contains(error, "t.dl:1:")) << error;
}

TEST(RuleLimits, AnOverlongRuleFileIsRefusedWithItsSize) {
  std::string rule = "@a \"x\" p(X) :- person(X).\n";
  std::string text = rule + "% " + Repeat("x", kMaxRuleTextBytes) + "\n";
  EXPECT_EQ(SyntaxError(text), "t.dl:1:1: the rule text is " + std::to_string(text.size()) +
                                   " bytes long; a rule file may hold at most 1048576 bytes");
}

TEST(RuleLimits, BodiesArgumentsAndTermsAreBounded) {
  std::string body = "@a \"x\" p(X) :- person(X)" + Repeat(", person(X)", kMaxBodyLiterals) + ".";
  EXPECT_TRUE(Contains(SyntaxError(body), "a body has more than 64 literals")) << SyntaxError(body);
  std::string arguments = "@a \"x\" p(X) :- person(X), q(X" + Repeat(", X", kMaxArguments) + ").";
  EXPECT_TRUE(Contains(SyntaxError(arguments), "q has more than 64 arguments")) << SyntaxError(arguments);
  std::string columns = ".finding p(subject" + Repeat(", c", kMaxArguments) + ").";
  EXPECT_TRUE(Contains(SyntaxError(columns), ".finding p has more than 64 columns")) << SyntaxError(columns);
  // 50 literals of 12 terms each: under every other limit, over the terms.
  std::string terms = "@a \"x\" p(X) :- person(X)" + Repeat(", q(X, X, X, X, X, X, X, X, X, X, X, X)", 50) + ".";
  EXPECT_TRUE(Contains(SyntaxError(terms), "the rule has more than 512 terms")) << SyntaxError(terms);
}

// Runs `work` on a thread with a stack of `bytes`: what runs there must not
// recurse with the size of its input.
void RunOnStack(size_t bytes, const std::function<void()>& work) {
  pthread_attr_t attributes;
  ASSERT_EQ(pthread_attr_init(&attributes), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attributes, bytes), 0);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    (*static_cast<const std::function<void()>*>(argument))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, const_cast<std::function<void()>*>(&work)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
}

TEST(RuleChecker, ALongChainOfRulesChecksWithoutDeepRecursion) {
  // p0 depends on p1, ..., on p32000: as long a dependency chain as a file allows.
  std::string text;
  const int kRules = 32000;
  for (int i = 0; i < kRules; ++i) {
    text += "@r" + std::to_string(i) + "\"\"p" + std::to_string(i) + "(X):-p" + std::to_string(i + 1) + "(X).\n";
  }
  text += "@last\"\"p" + std::to_string(kRules) + "(X):-person(X).\n";
  ASSERT_LT(text.size(), kMaxRuleTextBytes);
  Result<ParsedFile> parsed = ParseRules(text, "t.dl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  Program program;
  Status compiled = Status::Corruption("not run");
  RunOnStack(512 * 1024, [&] { compiled = Compile({parsed.value()}, kBase, &program); });
  ASSERT_TRUE(compiled.ok()) << compiled.ToString();
  ASSERT_EQ(program.strata.size(), static_cast<size_t>(kRules + 1));
  EXPECT_EQ(program.strata.front()[0].rule.head.predicate, "p" + std::to_string(kRules));
  EXPECT_EQ(program.strata.back()[0].rule.head.predicate, "p0");
}

TEST(RuleText, InvalidUtf8IsRefusedWithItsPosition) {
  EXPECT_EQ(SyntaxError("@a \"x\" p(X) :- person(X).\n@b \"Art. 3 \xC3\xA9 \xFF\" q(X) :- person(X)."),
            "t.dl:2:14: the rule text is not valid UTF-8 (byte \\xFF)");
  EXPECT_EQ(SyntaxError("@a \"\xED\xA0\x80\" p(X) :- person(X)."), "t.dl:1:5: the rule text is not valid UTF-8 (byte \\xED)");
}

TEST(RuleText, MessagesQuoteCharactersEscapedAndColumnsCountCharacters) {
  std::string accented = SyntaxError("@a \"\xC3\xA9t\xC3\xA9\" p(X) :- person(X), \xC3\xA9(X).");
  EXPECT_EQ(accented, "t.dl:1:29: unexpected character '\xC3\xA9' (U+00E9)");
  EXPECT_EQ(SyntaxError("@a \"x\" p(X) :- person(X), \x1B(X)."), "t.dl:1:27: unexpected character '\\x1B' (U+001B)");
  EXPECT_EQ(SyntaxError("@a \"a\x1B[2Jb\" p(X) :- person(X)."),
            "t.dl:1:6: a string cannot hold the control character U+001B");
  // A file name from a client is escaped too (in the message; the
  // diagnostic keeps the name as given).
  Result<ParsedFile> parsed = ParseRules("p(", "bad\xFFname\n.dl");
  ASSERT_FALSE(parsed.ok());
  const std::string& error = parsed.status().message();
  EXPECT_EQ(error, "bad\\xFFname\\n.dl:1:3: expected a term (a Variable, _, a \"string\" or a number), found the end of the file");
  EXPECT_TRUE(IsValidUtf8(error));
  ASSERT_EQ(parsed.status().diagnostics().size(), 1u);
  EXPECT_EQ(parsed.status().diagnostics()[0].file, "bad\xFFname\n.dl");
  EXPECT_EQ(parsed.status().diagnostics()[0].ToString(), error);
}

TEST(RuleText, ALeadingByteOrderMarkIsSkipped) {
  Result<ParsedFile> parsed = ParseRules("\xEF\xBB\xBF@a \"x\" p(X) :- person(X).", "t.dl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->rules.size(), 1u);
  EXPECT_EQ(parsed->rules[0].position.ToString(), "t.dl:1:1");
}

TEST(RuleText, NumbersHaveOneDecimalPointAndAreFinite) {
  EXPECT_EQ(SyntaxError("@a \"x\" p(X) :- amount(X, 1.2.3)."), "t.dl:1:29: expected ',' or ')' in the arguments of amount, found '.'");
  EXPECT_EQ(SyntaxError("@a \"x\" p(X) :- amount(X, 1" + Repeat("0", 400) + ")."),
            "t.dl:1:26: the number 1000000000000000000000000000000000000000... is out of range");
}

// Compiles `text`, which must be free of errors, into `program`.
void CompileClean(const std::string& text, Program* program) {
  Result<ParsedFile> parsed = ParseRules(text, "t.dl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  Status compiled = Compile({parsed.value()}, kBase, program);
  ASSERT_TRUE(compiled.ok()) << compiled.message();
}

TEST(FindingWords, ADeclarationGivesItsTitleMeaningAndActionInAnyOrder) {
  Program program;
  CompileClean("@a \"x\" reach(X, Y) :- edge(X, Y).\n"
               ".finding reach(subject, to)\n"
               "  action \"follow the \\\"path\\\"; ask \xC3\xA9quipe B\"\n"
               "  title \"Reachable\"\n"
               "  meaning \"a path of edges leads from the subject\".\n"
               "@b \"y\" later(X) :- person(X).",
               &program);
  ASSERT_EQ(program.findings.size(), 1u);
  const FindingDecl& reach = program.findings[0];
  EXPECT_EQ(reach.columns, (std::vector<std::string>{"subject", "to"}));
  EXPECT_EQ(reach.words.title, "Reachable");
  EXPECT_EQ(reach.words.meaning, "a path of edges leads from the subject");
  EXPECT_EQ(reach.words.action, "follow the \"path\"; ask \xC3\xA9quipe B");
  EXPECT_EQ(&program.WordsOf("reach"), &reach.words);
  // A word is a keyword only after a declaration's columns: `action` and
  // `title` stay usable as predicate names.
  Program named;
  CompileClean("@a \"x\" action(X) :- person(X). .finding action(subject) title \"Acted\".", &named);
  EXPECT_EQ(named.WordsOf("action").title, "Acted");
}

TEST(FindingWords, WordsADeclarationLeavesOutAreTheDocumentedDefaults) {
  Program program;
  CompileClean("@a \"x\" p(X) :- person(X). @b \"y\" q(X) :- person(X).\n"
               ".finding p(subject).\n"
               ".finding q(subject) title \"Queued\".",
               &program);
  ASSERT_EQ(program.findings.size(), 2u);
  EXPECT_EQ(program.WordsOf("p").title, "Finding");
  EXPECT_EQ(program.WordsOf("p").meaning, "derived by a loaded rule");
  EXPECT_EQ(program.WordsOf("p").action, "see the rule's citation");
  EXPECT_EQ(program.WordsOf("q").title, "Queued");
  EXPECT_EQ(program.WordsOf("q").meaning, "derived by a loaded rule");
  EXPECT_EQ(program.WordsOf("q").action, "see the rule's citation");
  // A type the program does not declare (a finding stored under other rules).
  EXPECT_EQ(program.WordsOf("gone").title, "Finding");
}

TEST(FindingWords, BadWordsAreSyntaxErrorsThatSayWhereAndWhat) {
  const std::string rule = "@a \"x\" p(X) :- person(X). ";  // the declaration starts at column 27
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) title \"a\" title \"b\"."), "t.dl:1:57: .finding p gives its title twice");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) meaning Reach."),
            "t.dl:1:55: expected the finding's meaning as a string after 'meaning', found 'Reach'");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) action \"  \"."),
            "t.dl:1:54: .finding p: the action is empty; write it, or leave 'action' out");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) titel \"P\"."),
            "t.dl:1:47: expected 'title', 'meaning', 'action' or '.' after the finding's columns, found 'titel'");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) title \"P\""),
            "t.dl:1:56: expected 'title', 'meaning', 'action' or '.' after the finding's columns, found the end of the file");
  // Words are strings like any other: one line, no control characters.
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject)\n  title \"two\nlines\"."), "t.dl:2:9: unterminated string");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) title \"a\tb\"."),
            "t.dl:1:55: a string cannot hold the control character U+0009");
  EXPECT_EQ(SyntaxError(rule + ".finding p(subject) title \"\xC3\xA9\xFF\"."),
            "t.dl:1:55: the rule text is not valid UTF-8 (byte \\xFF)");
}

TEST(BasePredicates, EveryOneIsDocumentedInRulesMd) {
  const std::string doc = palermo::testing::ReadFile(std::string(PALERMO_TEST_DATA) + "/../../docs/RULES.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& base : BasePredicates()) {
    std::string row = "| `" + base.name + "(";
    for (size_t i = 0; i < base.columns.size(); ++i) row += (i ? ", " : "") + base.columns[i];
    row += ")` | " + base.doc + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/RULES.md lacks the row\n" << row;
  }
}

TEST(FindingWords, EveryShippedFindingHasItsOwnWords) {
  auto loaded = Reasoner::Load(ShippedRules());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Program& program = loaded.value()->program();
  ASSERT_EQ(program.findings.size(), 12u);  // 10 of the legal model, 2 of the ILO/EC indicators
  const FindingWords& fallback = DefaultFindingWords();
  for (const auto& finding : program.findings) {
    EXPECT_NE(finding.words.title, fallback.title) << finding.predicate;
    EXPECT_NE(finding.words.meaning, fallback.meaning) << finding.predicate;
    EXPECT_NE(finding.words.action, fallback.action) << finding.predicate;
  }
  const FindingWords& smuggling = program.WordsOf("smuggling_of_migrants");
  EXPECT_EQ(smuggling.title, "Smuggling of migrants");
  EXPECT_EQ(smuggling.meaning, "an irregular entry into a foreign country, procured for a financial or material benefit");
  EXPECT_EQ(smuggling.action,
            "the migrant is the object of the crime: do not prosecute for having been smuggled; pursue the smugglers");
}

TEST(RuleLoading, ReportsTheSyntaxErrorOfEveryFileAndTheCheckErrorsOfTheOthers) {
  auto loaded = Reasoner::Load(ShippedRulesAnd({{"a.dl", "@a \"x\" a(X) :- person(X)"},
                                                {"b.dl", "@b \"x\" b(X) :- person(X).\n@c \"x\" c(X, Y) :- person(X).\n"
                                                         "@d \"x\" d(X) :- nobody(X)."},
                                                {"c.dl", "@e \"x\" e(X :- person(X)."},
                                                {"d.dl", "@f \"x\" f(X) :- person(X), !f(X)."}}));
  ASSERT_FALSE(loaded.ok());
  const std::vector<std::string> errors = Messages(loaded.status());
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "a.dl:1:25: expected ',' or '.' after a literal, found the end of the file",
                        "c.dl:1:12: expected ',' or ')' in the arguments of e, found ':-'",
                        "b.dl:3:16: unknown predicate nobody (no base predicate and no rule derives it)",
                        "b.dl:2:8: variable Y in the head of c is not bound by the body (unsafe rule)",
                        "d.dl:1:27: negation or aggregate over f is not stratifiable: f depends on f itself",
                    }));
  for (const auto& e : errors) EXPECT_TRUE(Contains(loaded.status().message(), e)) << e;
  const Diagnostic& unknown = loaded.status().diagnostics()[2];
  EXPECT_EQ(unknown.file, "b.dl");
  EXPECT_EQ(unknown.line, 3);
  EXPECT_EQ(unknown.column, 16);
}

TEST(RuleLoading, ACleanLoadCarriesNoDiagnostics) {
  auto loaded = Reasoner::Load(ShippedRulesAnd({{"e.dl", "@e \"x\" e(X) :- person(X)."}}));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded.status().diagnostics().empty());
}

}  // namespace
}  // namespace palermo::reasoner
