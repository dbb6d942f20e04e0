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

}  // namespace
}  // namespace palermo::format
