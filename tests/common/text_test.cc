#include "common/text.h"

#include <gtest/gtest.h>

namespace palermo {
namespace {

TEST(Utf8, AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));  // é € 😀
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));               // NUL is a character
  EXPECT_FALSE(IsValidUtf8("\xC3"));                                   // truncated
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_FALSE(IsValidUtf8("\x80"));                                   // a lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));                               // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));                           // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                       // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8, InvalidOffsetPointsAtTheFirstBadByte) {
  EXPECT_EQ(InvalidUtf8Offset("caf\xC3\xA9"), std::string_view::npos);
  EXPECT_EQ(InvalidUtf8Offset("caf\xC3\xA9 \xFF"), 6u);
  EXPECT_EQ(InvalidUtf8Offset("\xE2\x82"), 0u);
  EXPECT_EQ(InvalidUtf8Offset("ab\xE2\x82("), 2u);
}

TEST(EscapeForMessage, KeepsValidTextAndEscapesControlsAndBadBytes) {
  EXPECT_EQ(EscapeForMessage("Agencia de Migraci\xC3\xB3n \\ \"x\""), "Agencia de Migraci\xC3\xB3n \\ \"x\"");
  EXPECT_EQ(EscapeForMessage("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(EscapeForMessage("\x1B[2J"), "\\x1B[2J");
  EXPECT_EQ(EscapeForMessage(std::string_view("\0\x7F", 2)), "\\x00\\x7F");
  EXPECT_EQ(EscapeForMessage("\xC2\x85"), "\\xC2\\x85");  // U+0085, a C1 control
  EXPECT_EQ(EscapeForMessage("ok\xFF\xC3(\xED\xA0\x80"), "ok\\xFF\\xC3(\\xED\\xA0\\x80");
  EXPECT_EQ(EscapeForMessage("\xEF\xBB\xBF{"), "\xEF\xBB\xBF{");  // U+FEFF is a character
  for (std::string_view bad : {"\xFF", "\xC3", "\x80\x80", "a\xF4\x90\x80\x80z"}) {
    EXPECT_TRUE(IsValidUtf8(EscapeForMessage(bad))) << EscapeForMessage(bad);
  }
}

TEST(EscapeForMessage, CutsAtACharacterBoundary) {
  EXPECT_EQ(EscapeForMessage("abcdef", 3), "abc...");
  EXPECT_EQ(EscapeForMessage("abc", 3), "abc");
  EXPECT_EQ(EscapeForMessage("ab\xC3\xA9", 3), "ab...");  // never half of é
  EXPECT_EQ(EscapeForMessage("ab\xFF\xFF", 3), "ab\\xFF...");
  EXPECT_EQ(EscapeForMessage("", 0), "");
}

TEST(EscapeXml, TurnsMarkupCharactersIntoEntitiesAndKeepsTheRest) {
  EXPECT_EQ(EscapeXml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeXml("محمد"), "محمد");
}

TEST(EscapeUrlComponent, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(EscapeUrlComponent("border-police/p1"), "border-police%2Fp1");
  EXPECT_EQ(EscapeUrlComponent("a b&c=d~e_f.g"), "a%20b%26c%3Dd~e_f.g");
  EXPECT_EQ(EscapeUrlComponent("é"), "%C3%A9");
}

TEST(DoubleQuoted, EscapesQuotesBackslashesAndNewlines) {
  EXPECT_EQ(DoubleQuoted("say \"hi\"\\\nbye"), "\"say \\\"hi\\\"\\\\\\nbye\"");
  EXPECT_EQ(DoubleQuoted(""), "\"\"");
}

}  // namespace
}  // namespace palermo
