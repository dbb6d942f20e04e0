#include "format/case_format.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "format/countries.h"
#include "tests/test_util.h"

namespace palermo::format {
namespace {

namespace v1 = palermo::v1;

struct Parsed {
  LineOutcome outcome;
  v1::Record record;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

Parsed Parse(std::string_view line, std::string_view agency = "bp") {
  Parsed p;
  DiagnosticList errors, warnings;
  p.outcome = ParseCaseLine(line, 7, agency, &p.record, &errors, &warnings);
  p.errors = errors.Sorted();
  p.warnings = warnings.Sorted();
  return p;
}

// The single error of an invalid line, as "field: reason".
std::string OnlyError(std::string_view line) {
  Parsed p = Parse(line);
  EXPECT_EQ(p.outcome, LineOutcome::kInvalid) << line;
  if (p.errors.size() != 1) {
    ADD_FAILURE() << "expected one error for " << line << ", got " << p.errors.size();
    for (const auto& e : p.errors) ADD_FAILURE() << e.ToString();
    return "";
  }
  EXPECT_EQ(p.errors[0].line, 7);
  return p.errors[0].field + ": " + p.errors[0].reason;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CaseFormat, SkipsBlankAndCommentLines) {
  EXPECT_EQ(Parse("").outcome, LineOutcome::kSkipped);
  EXPECT_EQ(Parse("   \t").outcome, LineOutcome::kSkipped);
  EXPECT_EQ(Parse("  # a comment {").outcome, LineOutcome::kSkipped);
}

TEST(CaseFormat, ParsesThePersonOfTheExample) {
  Parsed p = Parse(R"({"kind":"person","id":"p1","names":["Samir Haddad"],"birth_date":"1999-07","nationalities":["SY"],"source":"s1"})");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord);
  EXPECT_EQ(p.record.kind(), v1::KIND_PERSON);
  EXPECT_EQ(p.record.agency(), "bp");
  EXPECT_EQ(p.record.source(), "bp/s1");
  EXPECT_EQ(p.record.person().names(0), "Samir Haddad");
  EXPECT_EQ(p.record.person().birth_date().iso(), "1999-07");
  EXPECT_LT(p.record.person().birth_date().first_s(), p.record.person().birth_date().last_s());
  EXPECT_EQ(p.record.person().nationalities(0), "SY");
}

TEST(CaseFormat, ReferencesAreScopedByTheRecordsAgency) {
  Parsed p = Parse(R"({"kind":"event","id":"e1","agency":"li","type":"work","subject":"w7","actors":["border-police/s9","x"],"at":"farm","start":"2023-03-11"})",
                   "default-agency");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord);
  EXPECT_EQ(p.record.agency(), "li");
  EXPECT_EQ(p.record.event().subjects(0), "li/w7");
  EXPECT_EQ(p.record.event().actors(0), "border-police/s9");
  EXPECT_EQ(p.record.event().actors(1), "li/x");
  EXPECT_EQ(p.record.event().at(), "li/farm");
  auto refs = model::CollectReferences(p.record);
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[0].label, v1::EDGE_LABEL_SUBJECT);
  EXPECT_EQ(refs[1].target, "border-police/s9");
  EXPECT_EQ(refs[3].label, v1::EDGE_LABEL_AT);
}

TEST(CaseFormat, DefaultAgencyAppliesWhenNoneIsNamed) {
  Parsed p = Parse(R"({"kind":"location","id":"l1","name":"Ayvalik","country":"TR"})", "coast-guard");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord);
  EXPECT_EQ(p.record.agency(), "coast-guard");
}

TEST(CaseFormat, KeepsUnknownFieldsAsExtras) {
  Parsed p = Parse(R"({"kind":"event","id":"e2","type":"endangerment","date":"2024-08-03","subjects":["m1"],"details":"no ventilation","score":[1,2.50,{"x":null}]})");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord);
  EXPECT_EQ(p.record.extra().at("details"), "\"no ventilation\"");
  EXPECT_EQ(p.record.extra().at("score"), "[1,2.50,{\"x\":null}]");
  std::string line;
  AppendCaseLine(p.record, &line);
  EXPECT_TRUE(Contains(line, R"("details":"no ventilation")")) << line;
  EXPECT_TRUE(Contains(line, R"("score":[1,2.50,{"x":null}])")) << line;
  EXPECT_TRUE(Contains(line, R"("subjects":["m1"])")) << line;
}

TEST(CaseFormat, EveryErrorKindNamesItsField) {
  EXPECT_TRUE(Contains(OnlyError("{\"kind\":\"person\""), ": not valid JSON: column"));
  EXPECT_TRUE(Contains(OnlyError("[1,2]"), "expected a JSON object"));
  EXPECT_EQ(OnlyError(R"({"id":"x"})"), "kind: is required");
  EXPECT_EQ(OnlyError(R"({"kind":"person","names":["A"]})"), "id: is required");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"vessel","id":"v"})"), "kind: unknown kind \"vessel\""));
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","names":"A"})"), "names: expected a list of strings, got a string");
  EXPECT_EQ(OnlyError(R"({"kind":"event","id":"e","type":"work","subject":"p","hours_per_week":"60"})"),
            "hours_per_week: expected a number, got a string");
  EXPECT_EQ(OnlyError(R"({"kind":"transaction","id":"t","type":"charge","added_to_debt":"yes"})"),
            "added_to_debt: expected a boolean, got a string");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":7,"names":["A"]})"), "id: expected a string, got a number");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"person","id":"p","names":["A"],"birth_date":"2024-13-45"})"),
                       "birth_date: \"2024-13-45\" is not an ISO 8601 date"));
  EXPECT_EQ(OnlyError(R"({"kind":"location","id":"l","name":"x","country":"UK"})"),
            "country: \"UK\" is not an ISO 3166-1 alpha-2 country code");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","names":["A"],"residences":["GB","XX"]})"),
            "residences[1]: \"XX\" is not an ISO 3166-1 alpha-2 country code");
  EXPECT_EQ(OnlyError(R"({"kind":"location","id":"l","name":"x"})"), "country: is required");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p"})"), "names: is required: a list with at least one name");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","names":[]})"), "names: must hold at least one name");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"person","id":"a/b","names":["A"]})"), "id: \"a/b\" contains '/'"));
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"a\u0000b","names":["A"]})"),
            "id: must not contain control characters (U+0000 to U+001F, U+007F to U+009F)");
  // DEL and the C1 controls too: a request could not name such a record.
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"a\u007fb","names":["A"]})"),
            "id: must not contain control characters (U+0000 to U+001F, U+007F to U+009F)");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"a\u0085b","agency":"x","names":["A"]})"),
            "id: must not contain control characters (U+0000 to U+001F, U+007F to U+009F)");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"person","id":"p","agency":"x/y","names":["A"]})"), "agency:"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"identifier","id":"i","type":"iris","value":"1"})"),
                       "type: \"iris\" is not one of: passport"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"person","id":"p","names":["A"],"sex":"male"})"), "sex: \"male\" is not one of: F, M, X"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"source","id":"s","reliability":"G"})"), "reliability:"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"source","id":"s","credibility":"7"})"), "credibility:"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"relation","id":"r","type":"friend_of","from":"a","to":"b"})"), "type:"));
  EXPECT_EQ(OnlyError(R"({"kind":"relation","id":"r","type":"same_as","from":"a"})"), "to: is required");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"work","subject":"a//b"})"), "subject: \"a//b\" is not a reference"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"Work"})"), "type: \"Work\" is not a lower_snake_case"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"work","date":"2024","start":"2024"})"), "date: an event carries either"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"work","end":"2024"})"), "end: `end` without `start`"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"work","start":"2024-05","end":"2024-04-30"})"), "end: \"2024-04-30\" is before start"));
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"event","id":"e","type":"x","subject":"a","subjects":["b"]})"), "subjects: an event carries either"));
  EXPECT_EQ(OnlyError(R"({"kind":"event","id":"e","type":"work","wage":-5})"), "wage: must not be negative");
  EXPECT_TRUE(Contains(OnlyError(R"({"kind":"transaction","id":"t","type":"wage","currency":"euro"})"), "currency: \"euro\" is not an ISO 4217"));
  EXPECT_TRUE(Contains(OnlyError("{\"kind\":\"person\",\"id\":\"p\",\"names\":[\"\xC3\"]}"), "not valid UTF-8"));
}

TEST(CaseFormat, ReportsEveryErrorOfALine) {
  Parsed p = Parse(R"({"kind":"person","id":"p","names":["A"],"birth_date":"1996-13","sex":"Q","nationalities":["ZZ","SY","YY"]})");
  ASSERT_EQ(p.outcome, LineOutcome::kInvalid);
  ASSERT_EQ(p.errors.size(), 4u);
  EXPECT_EQ(p.errors[0].field, "birth_date");
  EXPECT_EQ(p.errors[1].field, "sex");
  EXPECT_EQ(p.errors[2].field, "nationalities[0]");
  EXPECT_EQ(p.errors[3].field, "nationalities[2]");
  EXPECT_EQ(p.errors[0].ToString().rfind("line 7: field `birth_date`: ", 0), 0u);
}

TEST(CaseFormat, UnknownEventTypeIsAWarningNotAnError) {
  Parsed p = Parse(R"({"kind":"event","id":"e","type":"online_grooming","date":"2024"})");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].field, "type");
  EXPECT_TRUE(Contains(p.warnings[0].reason, "online_grooming"));
}

TEST(CaseFormat, ZeroWageDiffersFromNoWage) {
  Parsed zero = Parse(R"({"kind":"event","id":"e","type":"work","subject":"v","wage":0})");
  Parsed none = Parse(R"({"kind":"event","id":"e","type":"work","subject":"v"})");
  ASSERT_EQ(zero.outcome, LineOutcome::kRecord);
  EXPECT_TRUE(zero.record.event().has_wage());
  EXPECT_FALSE(none.record.event().has_wage());
  std::string line;
  AppendCaseLine(zero.record, &line);
  EXPECT_TRUE(Contains(line, "\"wage\":0")) << line;
}

TEST(CaseFormat, KosovoAndTheWholeIsoListAreAccepted) {
  EXPECT_TRUE(IsCountryCode("XK"));
  EXPECT_TRUE(IsCountryCode("GB"));
  EXPECT_TRUE(IsCountryCode("SS"));
  EXPECT_FALSE(IsCountryCode("UK"));
  EXPECT_FALSE(IsCountryCode("gb"));
  EXPECT_FALSE(IsCountryCode("EU"));
  EXPECT_EQ(CountryCodeCount(), 250);  // 249 assigned + XK
}

TEST(CaseFormat, ParsesAWholeTextOrNamesTheFirstBadLine) {
  std::vector<v1::Record> records;
  std::string error;
  ASSERT_TRUE(ParseCaseText("# c\n{\"kind\":\"source\",\"id\":\"s\"}\n\n{\"kind\":\"source\",\"id\":\"t\"}", "a", &records, &error));
  EXPECT_EQ(records.size(), 2u);
  records.clear();
  EXPECT_FALSE(ParseCaseText("{\"kind\":\"source\",\"id\":\"s\"}\n{\"kind\":\"source\"}\n", "a", &records, &error));
  EXPECT_EQ(error, "line 2: field `id`: is required");
}

TEST(CaseFormat, ALeadingByteOrderMarkOpensTheFileOnly) {
  std::vector<v1::Record> records;
  std::string error;
  ASSERT_TRUE(ParseCaseText("\xEF\xBB\xBF{\"kind\":\"source\",\"id\":\"s\"}\n", "a", &records, &error)) << error;
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].id(), "s");
  records.clear();
  ASSERT_TRUE(ParseCaseText("\xEF\xBB\xBF# a comment\n{\"kind\":\"source\",\"id\":\"s\"}\n", "a", &records, &error)) << error;
  EXPECT_EQ(records.size(), 1u);
  EXPECT_FALSE(ParseCaseText("{\"kind\":\"source\",\"id\":\"s\"}\n\xEF\xBB\xBF{\"kind\":\"source\",\"id\":\"t\"}\n", "a",
                             &records, &error));
  EXPECT_EQ(error, "line 2: a UTF-8 byte-order mark (U+FEFF) may open only the first line of a file");
}

TEST(CaseFormat, ErrorsEscapeControlCharactersOfTheLine) {
  std::string error = OnlyError(R"({"kind":"per\u001b[2Json","id":"p"})");
  EXPECT_EQ(error, "kind: unknown kind \"per\\x1B[2Json\" (expected one of: " + error.substr(error.find("one of: ") + 8));
  EXPECT_EQ(error.find('\x1B'), std::string::npos);
  std::string date = OnlyError(R"({"kind":"person","id":"p","names":["A"],"birth_date":"19\n96"})");
  EXPECT_EQ(date, "birth_date: \"19\\n96\" is not an ISO 8601 date (expected a four-digit year)");
}

TEST(CaseFormat, ExtraFieldsKeepNumbersAsWritten) {
  Parsed p = Parse(R"({"kind":"source","id":"s","score":1.50e3, "account":123456789012345678901234567890,)"
                   R"("nested":{"z":[0.10, -0, 7]},"tiny":1e-400})");
  ASSERT_EQ(p.outcome, LineOutcome::kRecord) << (p.errors.empty() ? "" : p.errors[0].ToString());
  EXPECT_EQ(p.record.extra().at("score"), "1.50e3");
  EXPECT_EQ(p.record.extra().at("account"), "123456789012345678901234567890");
  EXPECT_EQ(p.record.extra().at("nested"), R"({"z":[0.10,-0,7]})");
  EXPECT_EQ(p.record.extra().at("tiny"), "1e-400");
  std::string line;
  AppendCaseLine(p.record, &line);
  EXPECT_TRUE(Contains(line, R"("account":123456789012345678901234567890)")) << line;
  EXPECT_TRUE(Contains(line, R"("nested":{"z":[0.10,-0,7]})")) << line;
  Parsed again = Parse(line);
  ASSERT_EQ(again.outcome, LineOutcome::kRecord);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(p.record, again.record)) << line;
}

TEST(CaseFormat, DuplicateNamesAtAnyDepthMakeTheLineInvalid) {
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","kind":"source","names":["A"]})"),
            ": not valid JSON: column 27: field \"kind\" appears twice");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","names":["A"],"x":{"a":1,"a":2}})"),
            ": not valid JSON: column 52: field \"a\" appears twice");
  EXPECT_EQ(OnlyError(R"({"kind":"person","id":"p","names":["A"],"x":[{"a":{"b":[{"c":1,"c":1}]}}]})"),
            ": not valid JSON: column 64: field \"c\" appears twice");
}

TEST(CaseFormat, ErrorsNameTheirLineAndField) {
  DiagnosticList errors, warnings;
  v1::Record record;
  EXPECT_EQ(ParseCaseLine("{\"kind\":\"person\",\"id\":\"p\xFF\",\"names\":[\"A\"]}", 42, "a", &record, &errors,
                          &warnings),
            LineOutcome::kInvalid);
  EXPECT_EQ(ParseCaseLine(R"({"kind":"person","id":"p","names":["A"],"sex":"Q"})", 43, "a", &record, &errors,
                          &warnings),
            LineOutcome::kInvalid);
  EXPECT_EQ(ParseCaseLine(R"({"kind":"person","id":"p","names":["A"],"x":{"y":1,"y":2}})", 44, "a", &record,
                          &errors, &warnings),
            LineOutcome::kInvalid);
  EXPECT_EQ(ParseCaseLine(R"({"kind":"transaction","id":"t","type":"wage","amount":1e999})", 45, "a", &record,
                          &errors, &warnings),
            LineOutcome::kInvalid);
  auto sorted = errors.Sorted();
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0].ToString(), "line 42: the line is not valid UTF-8");
  EXPECT_EQ(sorted[1].ToString(), "line 43: field `sex`: \"Q\" is not one of: F, M, X");
  EXPECT_EQ(sorted[2].ToString(), "line 44: not valid JSON: column 52: field \"y\" appears twice");
  EXPECT_EQ(sorted[3].ToString(), "line 45: not valid JSON: column 60: number out of range");
}

TEST(CaseFormat, AByteOrderMarkBeforeExtrasAndNumbers) {
  Parsed p = Parse("\xEF\xBB\xBF{\"kind\":\"source\",\"id\":\"s\",\"n\":1.0}");
  // Line 7 of Parse is not the first line: the mark is refused there.
  ASSERT_EQ(p.outcome, LineOutcome::kInvalid);
  DiagnosticList errors, warnings;
  v1::Record record;
  ASSERT_EQ(ParseCaseLine("\xEF\xBB\xBF{\"kind\":\"source\",\"id\":\"s\",\"n\":1.0}", 1, "a", &record, &errors, &warnings),
            LineOutcome::kRecord);
  EXPECT_EQ(record.extra().at("n"), "1.0");
}

TEST(CaseFormat, ALongLineAndTheLinesAfterIt) {
  std::string note(200000, 'x');
  Parsed long_line = Parse(R"({"kind":"source","id":"s","note":")" + note + R"(","n":[1.50]})");
  ASSERT_EQ(long_line.outcome, LineOutcome::kRecord);
  EXPECT_EQ(long_line.record.extra().at("note"), "\"" + note + "\"");
  EXPECT_EQ(long_line.record.extra().at("n"), "[1.50]");
  Parsed next = Parse(R"({"kind":"location","id":"l","country":"GR","n":2.50})");
  ASSERT_EQ(next.outcome, LineOutcome::kRecord);
  EXPECT_EQ(next.record.extra().at("n"), "2.50");
  EXPECT_EQ(next.record.extra().size(), 1u);
}

// Every scenario line parses, writes back, and parses again to the same record.
// Case format v2 (issue #9): a date may be an interval or open-ended, and
// an export writes it back as it was written.
TEST(CaseFormat, IntervalDatesAreReadAndWrittenBackAsWritten) {
  const std::string line =
      R"({"kind":"event","id":"w","type":"work","start":"2009-03/2009-06","end":"2010/..","subject":"p"})";
  Parsed p = Parse(line);
  ASSERT_EQ(p.outcome, LineOutcome::kRecord) << (p.errors.empty() ? "" : p.errors[0].ToString());
  EXPECT_EQ(p.record.event().start().iso(), "2009-03/2009-06");
  EXPECT_LT(p.record.event().start().first_s(), p.record.event().start().last_s());
  EXPECT_EQ(p.record.event().end().iso(), "2010/..");
  std::string written;
  AppendCaseLine(p.record, &written);
  EXPECT_NE(written.find(R"("start":"2009-03/2009-06")"), std::string::npos) << written;
  EXPECT_NE(written.find(R"("end":"2010/..")"), std::string::npos) << written;
  Parsed bad = Parse(R"({"kind":"person","id":"q","names":["Q"],"birth_date":"2001/1999"})");
  ASSERT_EQ(bad.outcome, LineOutcome::kInvalid);
  EXPECT_EQ(bad.errors.at(0).field, "birth_date");
}

TEST(CaseFormat, Version2FieldsAreReadAndWrittenBack) {
  const std::string person =
      R"({"kind":"person","id":"p","names":["Aisha bint Omar"],"given_names":["Aisha"],"family_names":["Omar"],)"
      R"("father_names":["Omar"],"stated_ages":[{"age":15,"on":"2009"},{"age":17,"on":"2011-03-02"}],"postcode":"1012 AB",)"
      R"("handling":{"code":"H2","releasable_to":["police-nl","ngo"],"conditions":"not for court"}})";
  Parsed p = Parse(person);
  ASSERT_EQ(p.outcome, LineOutcome::kRecord) << (p.errors.empty() ? "" : p.errors[0].ToString());
  EXPECT_TRUE(p.record.extra().empty()) << "every v2 field is typed, none is an extra";
  ASSERT_EQ(p.record.person().stated_ages_size(), 2);
  EXPECT_EQ(p.record.person().stated_ages(0).age(), 15u);
  EXPECT_EQ(p.record.person().stated_ages(0).on().iso(), "2009");
  EXPECT_EQ(p.record.person().given_names(0), "Aisha");
  EXPECT_EQ(p.record.person().postcode(), "1012 AB");
  EXPECT_EQ(p.record.handling().code(), v1::HANDLING_CODE_H2);
  EXPECT_EQ(p.record.handling().releasable_to_size(), 2);
  const std::string event =
      R"({"kind":"event","id":"e","type":"threat","date":"2023","subject":"p","threat_of":"denunciation",)"
      R"("handling":{"code":"H1","discoverable":true}})";
  const std::string deception = R"({"kind":"event","id":"d","type":"deception","date":"2023","subject":"p","about":"wages"})";
  const std::string chores =
      R"({"kind":"event","id":"w","type":"work","start":"2023","subject":"p","work_type":"household_chores","hours_per_week":14})";
  for (const std::string& line : {person, event, deception, chores}) {
    Parsed first = Parse(line);
    ASSERT_EQ(first.outcome, LineOutcome::kRecord) << line;
    EXPECT_TRUE(first.warnings.empty()) << line;
    std::string written;
    AppendCaseLine(first.record, &written);
    Parsed second = Parse(written);
    ASSERT_EQ(second.outcome, LineOutcome::kRecord) << written;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first.record, second.record)) << line << "\n" << written;
  }
  EXPECT_TRUE(Parse(event).record.handling().discoverable());
  std::string written;
  AppendCaseLine(p.record, &written);
  EXPECT_TRUE(Contains(written, R"("stated_ages":[{"age":15,"on":"2009"},{"age":17,"on":"2011-03-02"}])")) << written;
  EXPECT_TRUE(Contains(written, R"("handling":{"code":"H2","releasable_to":["police-nl","ngo"],"conditions":"not for court"})"))
      << written;
}

TEST(CaseFormat, Version2BadValuesNameTheirField) {
  const std::string p = R"({"kind":"person","id":"p","names":["A"],)";
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[{"age":17}]})"), "stated_ages[0].on: is required: the date on which the age was stated");
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[{"on":"2009"}]})"), "stated_ages[0].age: is required");
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[{"age":15,"on":"2009"},{"age":15.5,"on":"2010"}]})"),
            "stated_ages[1].age: \"15.5\" is not an age in whole years (0 to 150)");
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[{"age":-1,"on":"2009"}]})"),
            "stated_ages[0].age: \"-1\" is not an age in whole years (0 to 150)");
  EXPECT_TRUE(Contains(OnlyError(p + R"("stated_ages":[{"age":15,"on":"2009-13"}]})"), "stated_ages[0].on: \"2009-13\""));
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[{"age":15,"on":"2009","by":"school"}]})"),
            "stated_ages[0].by: is not a field of a stated age (age, on)");
  EXPECT_EQ(OnlyError(p + R"("stated_ages":[15]})"), "stated_ages[0]: expected an object, got a number");
  EXPECT_EQ(OnlyError(p + R"("stated_ages":{"age":15}})"), "stated_ages: expected a list of objects, got an object");
  EXPECT_EQ(OnlyError(p + R"("given_names":"Aisha"})"), "given_names: expected a list of strings, got a string");
  EXPECT_EQ(OnlyError(p + R"("handling":{"code":"H9"}})"), "handling.code: \"H9\" is not one of: H0, H1, H2, H3");
  EXPECT_EQ(OnlyError(p + R"("handling":{"releasable_to":["x"]}})"), "handling.code: is required");
  EXPECT_EQ(OnlyError(p + R"("handling":{"code":"H3"}})"),
            "handling.conditions: is required with code H3: the restrictions are written there");
  EXPECT_EQ(OnlyError(p + R"("handling":{"code":"H1","releasable":["x"]}})"),
            "handling.releasable: is not a field of handling (code, releasable_to, conditions, discoverable)");
  EXPECT_TRUE(Contains(OnlyError(p + R"("handling":{"code":"H1","releasable_to":["a/b"]}})"), "handling.releasable_to[0]: \"a/b\" contains '/'"));
  EXPECT_EQ(OnlyError(p + R"("handling":"H1"})"), "handling: expected an object, got a string");
  EXPECT_EQ(OnlyError(p + R"("handling":{"code":"H1","discoverable":"yes"}})"),
            "handling.discoverable: expected a boolean, got a string");
  EXPECT_EQ(OnlyError(R"({"kind":"event","id":"w","type":"work","work_type":"chores"})"),
            "work_type: \"chores\" is not one of: employment, household_chores");
  EXPECT_EQ(OnlyError(R"({"kind":"event","id":"t","type":"threat","threat_of":"Violence"})"),
            "threat_of: \"Violence\" is not a lower_snake_case value");
  // An open vocabulary: a value no shipped rule reads is kept, with a warning.
  Parsed odd = Parse(R"({"kind":"event","id":"t","type":"threat","threat_of":"deportation"})");
  ASSERT_EQ(odd.outcome, LineOutcome::kRecord);
  ASSERT_EQ(odd.warnings.size(), 1u);
  EXPECT_EQ(odd.warnings[0].field, "threat_of");
  EXPECT_EQ(odd.record.event().threat_of(), "deportation");
}

TEST(CaseFormat, ScenarioRecordsRoundTrip) {
  int scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PALERMO_TEST_DATA) + "/scenarios")) {
    if (entry.path().extension() != ".jsonl") continue;
    const std::string name = entry.path().stem().string();
    ++scenarios;
    std::ifstream in(entry.path());
    ASSERT_TRUE(in) << name;
    std::string line;
    int records = 0;
    while (std::getline(in, line)) {
      Parsed first = Parse(line, "agency-a");
      if (first.outcome == LineOutcome::kSkipped) continue;
      ASSERT_EQ(first.outcome, LineOutcome::kRecord) << name << ": " << line;
      std::string written;
      AppendCaseLine(first.record, &written);
      Parsed second = Parse(written, "some-other-agency");
      ASSERT_EQ(second.outcome, LineOutcome::kRecord) << written;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first.record, second.record))
          << line << "\n" << written;
      ++records;
    }
    EXPECT_GT(records, 0) << name;
  }
  EXPECT_GE(scenarios, 23);
}

}  // namespace
}  // namespace palermo::format
