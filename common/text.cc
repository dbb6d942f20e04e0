#include "common/text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include <cstdint>

namespace palermo {
namespace {

// The length of the well-formed UTF-8 sequence at text[i] (1 to 4), or 0
// when the byte there does not begin one. Sets `code_point` when not 0.
size_t SequenceLength(std::string_view text, size_t i, uint32_t* code_point) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    *code_point = c;
    return 1;
  }
  size_t extra;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + extra >= text.size()) return 0;
  for (size_t k = 1; k <= extra; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  *code_point = cp;
  return extra + 1;
}

void AppendHexByte(unsigned char byte, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  out->append("\\x");
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xF]);
}

}  // namespace

size_t InvalidUtf8Offset(std::string_view text) {
  size_t i = 0;
  uint32_t cp;
  while (i < text.size()) {
    size_t length = SequenceLength(text, i, &cp);
    if (length == 0) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool IsValidUtf8(std::string_view text) { return InvalidUtf8Offset(text) == std::string_view::npos; }

std::string EscapeForMessage(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(text.size() < 256 ? text.size() : 256);
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = 0;
    size_t length = SequenceLength(text, i, &cp);
    if (i + (length == 0 ? 1 : length) > max_bytes) {
      out.append("...");
      break;
    }
    if (length == 0) {
      AppendHexByte(static_cast<unsigned char>(text[i]), &out);
      ++i;
      continue;
    }
    if (cp == '\n') {
      out.append("\\n");
    } else if (cp == '\r') {
      out.append("\\r");
    } else if (cp == '\t') {
      out.append("\\t");
    } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      for (size_t k = 0; k < length; ++k) AppendHexByte(static_cast<unsigned char>(text[i + k]), &out);
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

size_t ControlCharacterOffset(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7F) return i;
    // U+0080..U+009F are encoded as C2 80..C2 9F.
    if (byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) return i;
  }
  return std::string_view::npos;
}

void AppendNumber(double value, std::string* out) {
  char buf[64];
  if (std::nearbyint(value) == value && std::fabs(value) < 9007199254740992.0) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(value));
    out->append(buf);
    return;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, ec == std::errc() ? end : buf);
}

std::string EscapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string EscapeUrlComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace palermo
