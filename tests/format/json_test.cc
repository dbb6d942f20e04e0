#include "format/json.h"

#include <gtest/gtest.h>

namespace palermo::format {
namespace {

JsonValue Parse(std::string_view text) {
  JsonValue value;
  std::string error;
  EXPECT_TRUE(ParseJson(text, &value, &error)) << error;
  return value;
}

std::string ParseError(std::string_view text) {
  JsonValue value;
  std::string error;
  EXPECT_FALSE(ParseJson(text, &value, &error)) << text;
  return error;
}

TEST(Json, ParsesObjectsListsAndScalars) {
  JsonValue v = Parse(R"( {"a": [1, -2.5e3, true, null, "x"], "b": {"c": false}} )");
  ASSERT_TRUE(v.is_object());
  const JsonValue* a = v.Find("a");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->items().size(), 5u);
  EXPECT_EQ(a->items()[0].number_value(), 1);
  EXPECT_EQ(a->items()[1].number_value(), -2500);
  EXPECT_EQ(a->items()[1].text(), "-2.5e3");
  EXPECT_TRUE(a->items()[2].bool_value());
  EXPECT_TRUE(a->items()[3].is_null());
  EXPECT_EQ(a->items()[4].text(), "x");
  EXPECT_FALSE(v.Find("b")->Find("c")->bool_value());
  EXPECT_EQ(v.Find("zzz"), nullptr);
}

TEST(Json, DecodesEscapesAndSurrogatePairs) {
  JsonValue v = Parse(R"("a\"b\\c\n\u00e9\ud83d\ude00")");
  EXPECT_EQ(v.text(), "a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(Json, RejectsBadInputWithColumn) {
  EXPECT_NE(ParseError("{\"a\":1,}").find("column 8"), std::string::npos);
  EXPECT_NE(ParseError("{\"a\":1 \"b\":2}").find("expected ','"), std::string::npos);
  EXPECT_NE(ParseError("{\"a\":1, \"a\":2}").find("appears twice"), std::string::npos);
  EXPECT_NE(ParseError("\"\\ud800\"").find("surrogate"), std::string::npos);
  EXPECT_NE(ParseError("[1, 2").find("unterminated"), std::string::npos);
  EXPECT_NE(ParseError("01").find("unexpected text"), std::string::npos);
  EXPECT_NE(ParseError("{} {}").find("unexpected text"), std::string::npos);
  EXPECT_NE(ParseError("\"tab\there\"").find("control character"), std::string::npos);
  EXPECT_NE(ParseError("\"\xC3\x28\"").find("UTF-8"), std::string::npos);
  EXPECT_NE(ParseError("1e999").find("out of range"), std::string::npos);
  EXPECT_FALSE(ParseError(std::string(100, '[')).empty());
}

TEST(Json, WritesWhatItReads) {
  const std::string text = R"({"n":12.50,"s":"q\"\n\u0001","l":[true,null,{}],"big":12345678901234567890})";
  std::string out;
  AppendJson(Parse(text), &out);
  EXPECT_EQ(out, R"({"n":12.50,"s":"q\"\n\u0001","l":[true,null,{}],"big":12345678901234567890})");
}

TEST(Json, WritesNumbers) {
  std::string out;
  AppendJsonNumber(66, &out);
  out += " ";
  AppendJsonNumber(0.1, &out);
  out += " ";
  AppendJsonNumber(-3.25, &out);
  EXPECT_EQ(out, "66 0.1 -3.25");
}

TEST(Json, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Json, DeepNestingIsAnErrorNotACrash) {
  std::string lists(100000, '[');
  EXPECT_EQ(ParseError(lists), "column 65: lists and objects nest deeper than 64 levels");
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_EQ(ParseError(objects), "column 321: lists and objects nest deeper than 64 levels");
  // 64 levels are fine.
  JsonValue value = Parse(std::string(64, '[') + std::string(64, ']'));
  EXPECT_TRUE(value.is_array());
}

TEST(Json, ErrorsQuoteWholeCharactersAsValidUtf8) {
  EXPECT_EQ(ParseError("\xC3\xA9"), "column 1: unexpected character '\xC3\xA9'");
  EXPECT_EQ(ParseError("\xEF\xBB\xBF{}"), "column 1: unexpected character '\xEF\xBB\xBF'");
  EXPECT_EQ(ParseError("[\x01]"), "column 2: unexpected character '\\x01'");
  EXPECT_EQ(ParseError("\"\\\xC3\xA9\""), "column 4: invalid escape '\\\xC3\xA9'");
  EXPECT_EQ(ParseError("{\"a\\u001b\":1,\"a\\u001b\":2}"), "column 14: field \"a\\x1B\" appears twice");
  for (std::string_view bad : {"\xC3", "\xFF", "[\x80]", "{\"a\":\xE2\x82}"}) {
    EXPECT_TRUE(IsValidUtf8(ParseError(bad))) << ParseError(bad);
  }
}

// Parses `text` with both readers and expects the same outcome, the same
// value and the same error.
void ExpectReadersAgree(std::string_view text) {
  JsonValue value, reference;
  std::string error, reference_error;
  bool parsed = ParseJson(text, &value, &error);
  bool reference_parsed = ParseJsonReference(text, &reference, &reference_error);
  ASSERT_EQ(parsed, reference_parsed) << text << ": " << error << " / " << reference_error;
  if (!parsed) {
    EXPECT_EQ(error, reference_error) << text;
    return;
  }
  std::string written, reference_written;
  AppendJson(value, &written);
  AppendJson(reference, &reference_written);
  EXPECT_EQ(written, reference_written) << text;
}

TEST(Json, RefusesDuplicateNamesAtAnyDepth) {
  EXPECT_EQ(ParseError(R"({"a":{"b":1,"b":2}})"), "column 13: field \"b\" appears twice");
  EXPECT_EQ(ParseError(R"({"x":[{"k":1},{"k":1,"k":2}]})"), "column 22: field \"k\" appears twice");
  // Names are compared decoded: "\u0061" is "a".
  EXPECT_EQ(ParseError(R"({"a":1,"\u0061":2})"), "column 8: field \"a\" appears twice");
  // The same name in sibling objects, or at different depths, is fine.
  JsonValue v = Parse(R"([{"a":1},{"a":2,"b":{"a":3}}])");
  EXPECT_EQ(v.items()[1].Find("b")->Find("a")->text(), "3");
  // Large objects check names another way: a duplicate is still found.
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  EXPECT_EQ(Parse(many + "\"last\":0}").members().size(), 41u);
  EXPECT_NE(ParseError(many + "\"k3\":0}").find("field \"k3\" appears twice"), std::string::npos);
  EXPECT_NE(ParseError("{\"z\":[" + many + "\"k39\":0}]}").find("field \"k39\" appears twice"), std::string::npos);
}

TEST(Json, KeepsNumbersAsWritten) {
  JsonValue v = Parse("[12.50, 1E+2 ,-0,123456789012345678901234567890,1e-400,0.1,\t-7.0e-3 ]");
  ASSERT_EQ(v.items().size(), 7u);
  const char* texts[] = {"12.50", "1E+2", "-0", "123456789012345678901234567890", "1e-400", "0.1", "-7.0e-3"};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(v.items()[i].text(), texts[i]);
  EXPECT_EQ(v.items()[0].number_value(), 12.5);
  EXPECT_EQ(v.items()[1].number_value(), 100);
  EXPECT_DOUBLE_EQ(v.items()[3].number_value(), 1.2345678901234568e29);
  EXPECT_EQ(v.items()[4].number_value(), 0);
  EXPECT_EQ(v.items()[6].number_value(), -0.007);
  std::string out;
  AppendJson(v, &out);
  EXPECT_EQ(out, "[12.50,1E+2,-0,123456789012345678901234567890,1e-400,0.1,-7.0e-3]");
  EXPECT_EQ(Parse("  42  ").text(), "42");
}

TEST(Json, RefusesInvalidUtf8AByteOrderMarkAndLoneSurrogates) {
  for (std::string_view bad : {"\"\xFF\"", "{\"a\xC3\":1}", "[\"\xED\xA0\x80\"]", "[1] \xF4\x90\x80\x80"}) {
    std::string error = ParseError(bad);
    EXPECT_TRUE(IsValidUtf8(error)) << error;
  }
  EXPECT_EQ(ParseError("\"\xFF\""), "column 4: string is not valid UTF-8");
  EXPECT_EQ(ParseError("\xEF\xBB\xBF{}"), "column 1: unexpected character '\xEF\xBB\xBF'");
  EXPECT_EQ(ParseError(R"(["\udc00"])"), "column 9: unpaired surrogate in \\u escape");
  EXPECT_EQ(ParseError(R"({"\ud800x":1})"), "column 9: unpaired surrogate in \\u escape");
}

TEST(Json, AReaderIsReusedTextAfterText) {
  JsonReader reader;
  std::string error;
  std::string long_text = "{\"a\":[";
  for (int i = 0; i < 10000; ++i) long_text += "\"item " + std::to_string(i) + "\",";
  long_text += "1.50]}";
  const JsonNode* root = reader.Parse(long_text, &error);
  ASSERT_NE(root, nullptr) << error;
  EXPECT_EQ(root->Find("a")->size(), 10001u);
  root = reader.Parse(R"({"b":"x","c":2.0})", &error);
  ASSERT_NE(root, nullptr) << error;
  EXPECT_EQ(root->size(), 2u);
  EXPECT_EQ(root->Find("a"), nullptr);
  EXPECT_EQ(root->Find("b")->text(), "x");
  EXPECT_EQ(root->Find("c")->text(), "2.0");
  EXPECT_EQ(reader.Parse("{\"b\":1,\"b\":2}", &error), nullptr);
  EXPECT_EQ(error, "column 8: field \"b\" appears twice");
  root = reader.Parse("[true,false,null]", &error);
  ASSERT_NE(root, nullptr) << error;
  std::vector<JsonNode::Type> types;
  for (const JsonNode& item : *root) types.push_back(item.type());
  EXPECT_EQ(types, (std::vector<JsonNode::Type>{JsonNode::Type::kBool, JsonNode::Type::kBool, JsonNode::Type::kNull}));
}

TEST(Json, SimdjsonAndTheReferenceReaderAgree) {
  for (std::string_view text :
       {"{}", "[]", "[[]]", " {\"a\" : [1 , {\"b\":null}] } ", "\"\\u00e9\\/\\b\"", "-0.0e+0", "true", "null",
        "{\"a\":1,}", "[1,]", "[,1]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "[1 2]", "01", "-", "1.", ".5", "1e", "+1",
        "0x10", "[tru]", "[nul]", "[truex]", "NaN", "[Infinity]", "1e999", "-1e999", "\"a\\x\"", "\"\\u12\"",
        "\"\\ud83d\\ude00\"", "\"\\ude00\\ud83d\"", "\"a\x01\"", "[\x7F]", "\"\x7F\"", "{\"a\":1}}", "[1]]", "{\"a\":[}",
        "", "   ", "[\"\\u0000\"]", "{\"\":1,\"\":2}", "1 2", "\"unterminated", "[\"a\",\"b\"", "[[[[[[",
        "\xC3\xA9", "[\xE2\x82]", "[1.5e3,-2E-2,0]", "{\"a\":{\"a\":{\"a\":{}}}}", "\t\r\n[1]\t\r\n",
        // simdjson ends literals and numbers at a control character; the reader must not.
        "false\x0E", "[false\x0E]", "[true\x01,null\x1F]", "{\"a\":null\x0E}", "[1\x0E]", "-2\x0B", "[1\x0E" "2]",
        // Numbers simdjson refuses but JSON allows; and after a root scalar only spaces.
        "0E6666999900000000000000000001515347046", "[0e99999999999999999999,1]", "-0.0e-88888888888888888888888 ",
        "{\"a\":1e-99999999999999999999,\"b\":[2]}", "1e99999999999999999999", "[1e99999999999999999999]",
        "0E66669999000000000000 1", "\"s\" \"t\"", "\"s\"\t", "nullx", "true false", "7 ]",
        "false \r", "true   ", "null\n\n", "1   \t ", "\"s\"    ", " [1]  ", "{}\r\n\r\n"}) {
    SCOPED_TRACE(std::string(text));
    ExpectReadersAgree(text);
  }
  ExpectReadersAgree(std::string(64, '[') + std::string(64, ']'));
  ExpectReadersAgree(std::string(65, '[') + std::string(65, ']'));
  ExpectReadersAgree(std::string("[\"a\0b\"]", 7));
  ExpectReadersAgree(std::string("[1]\0", 4));
}

}  // namespace
}  // namespace palermo::format
