#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/status.h"

namespace palermo {
namespace {

// The case format's form: what import errors have always read.
TEST(DiagnosticToString, WithoutAFileItReadsLineFieldReason) {
  EXPECT_EQ((Diagnostic{12, "birth_date", "\"2024-13-45\" is not a date"}).ToString(),
            "line 12: field `birth_date`: \"2024-13-45\" is not a date");
  EXPECT_EQ((Diagnostic{3, "", "not valid JSON: missing comma"}).ToString(), "line 3: not valid JSON: missing comma");
  EXPECT_EQ((Diagnostic{0, "subject", "no such record"}).ToString(), "field `subject`: no such record");
  EXPECT_EQ((Diagnostic{0, "", "the file is empty"}).ToString(), "the file is empty");
  // A column, when a parser of lines ever gives one, follows the line.
  Diagnostic columned{4, "sex", "\"Q\" is not a sex"};
  columned.column = 9;
  EXPECT_EQ(columned.ToString(), "line 4, column 9: field `sex`: \"Q\" is not a sex");
}

// The rule files' form: FILE:LINE:COLUMN, as compilers (and Soufflé) print it.
TEST(DiagnosticToString, WithAFileItReadsFileLineColumn) {
  Diagnostic d{2, "", "unknown predicate edgy (no base predicate and no rule derives it)", "rules/extra.dl", 16};
  EXPECT_EQ(d.ToString(), "rules/extra.dl:2:16: unknown predicate edgy (no base predicate and no rule derives it)");
  d.column = 0;
  EXPECT_EQ(d.ToString(), "rules/extra.dl:2: unknown predicate edgy (no base predicate and no rule derives it)");
  d.line = 0;
  EXPECT_EQ(d.ToString(), "rules/extra.dl: unknown predicate edgy (no base predicate and no rule derives it)");
  d.field = "text";
  EXPECT_EQ(d.ToString(), "rules/extra.dl: field `text`: unknown predicate edgy (no base predicate and no rule derives it)");
}

TEST(DiagnosticToString, AFileNameFromAClientIsEscaped) {
  Diagnostic d{1, "", "unterminated string", "bad\xFFname\n.dl", 3};
  EXPECT_EQ(d.ToString(), "bad\\xFFname\\n.dl:1:3: unterminated string");
}

TEST(JoinDiagnostics, OnePerLineWithoutAFinalNewline) {
  EXPECT_EQ(JoinDiagnostics({}), "");
  EXPECT_EQ(JoinDiagnostics({{1, "", "a", "x.dl", 2}, {5, "id", "b"}}), "x.dl:1:2: a\nline 5: field `id`: b");
}

TEST(StatusDiagnostics, AnInvalidArgumentCarriesItsDiagnosticsInOrder) {
  std::vector<Diagnostic> problems = {{2, "", "second", "a.dl", 1}, {1, "", "first", "a.dl", 7}};
  Status s = Status::InvalidArgument(problems);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "a.dl:2:1: second\na.dl:1:7: first");
  EXPECT_EQ(s.ToString(), "invalid argument: a.dl:2:1: second\na.dl:1:7: first");
  ASSERT_EQ(s.diagnostics().size(), 2u);
  EXPECT_EQ(s.diagnostics()[0].reason, "second");  // as given, not sorted
  EXPECT_EQ(s.diagnostics()[1].column, 7);

  Status summarized = Status::InvalidArgument("2 errors in a.dl", problems);
  EXPECT_EQ(summarized.message(), "2 errors in a.dl");
  EXPECT_EQ(summarized.diagnostics().size(), 2u);
}

TEST(StatusDiagnostics, CopiesShareThemAndOtherStatusesHaveNone) {
  Status original = Status::InvalidArgument({{3, "field", "reason"}});
  Status copy = original;
  ASSERT_EQ(copy.diagnostics().size(), 1u);
  EXPECT_EQ(&copy.diagnostics(), &original.diagnostics());
  Result<int> failed = original;
  EXPECT_EQ(failed.status().diagnostics().size(), 1u);
  EXPECT_EQ(failed.status().diagnostics()[0].ToString(), "line 3: field `field`: reason");

  EXPECT_TRUE(Status::Ok().diagnostics().empty());
  EXPECT_TRUE(Status::InvalidArgument("no place").diagnostics().empty());
  EXPECT_TRUE(Status::InvalidArgument("none given", {}).diagnostics().empty());
  EXPECT_TRUE(Status::NotFound("gone").diagnostics().empty());
  Result<int> value = 7;
  EXPECT_TRUE(value.status().diagnostics().empty());
}

}  // namespace
}  // namespace palermo
