// Checking text that comes from outside (rule files, case lines, request
// fields) and quoting it safely in messages. Every message that may carry
// bytes a client sent goes through EscapeForMessage, so that it is valid
// UTF-8 (a protobuf string field refuses anything else) and cannot move a
// terminal's cursor or split a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace palermo {

// True when `text` is well-formed UTF-8 (RFC 3629): no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing past U+10FFFF, no truncated sequence.
bool IsValidUtf8(std::string_view text);

// The offset of the first byte of `text` that does not begin a well-formed
// UTF-8 sequence, or std::string_view::npos when `text` is valid.
size_t InvalidUtf8Offset(std::string_view text);

// Appends `value` as the shortest text that reads back as the same double
// (an integer without a decimal point): how numbers are written in case
// files and in descriptions of records.
void AppendNumber(double value, std::string* out);

// The offset of the first control character (U+0000..U+001F, U+007F,
// U+0080..U+009F) of valid UTF-8 `text`, or std::string_view::npos. Names,
// ids and agencies may hold none: they end up in keys, logs and terminals.
size_t ControlCharacterOffset(std::string_view text);

// `text` made safe to embed in a message: well-formed UTF-8 is kept as it is,
// except control characters (U+0000..U+001F, U+007F, U+0080..U+009F), which
// become \n, \r, \t or \xNN per byte; every byte that is not part of a
// well-formed sequence becomes \xNN (two upper-case hex digits). Backslashes
// are kept as they are. When `max_bytes` is given, at most that many bytes of
// `text` are kept (never half a character) and "..." marks the cut.
// The result is always valid UTF-8.
std::string EscapeForMessage(std::string_view text, size_t max_bytes = std::string_view::npos);

// `text` safe inside XML or HTML text and attribute values: & < > " '
// become entities (GraphML and GEXF files, SVG labels, the web page).
std::string EscapeXml(std::string_view text);

// `text` as one URL query or path component: every byte but letters,
// digits and - _ . ~ percent-encoded (RFC 3986).
std::string EscapeUrlComponent(std::string_view text);

// `text` in double quotes with " and \ escaped by a backslash and newlines
// written \n: strings as DOT, clingo and C write them.
std::string DoubleQuoted(std::string_view text);

}  // namespace palermo
