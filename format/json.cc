#include "format/json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_set>

namespace palermo::format {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const char* JsonValue::TypeName(Type type) {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kBool: return "a boolean";
    case Type::kNumber: return "a number";
    case Type::kString: return "a string";
    case Type::kArray: return "a list";
    case Type::kObject: return "an object";
  }
  return "?";
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  bool Parse(JsonValue* out, std::string* error) {
    SkipSpace();
    if (!ParseValue(out, 0)) {
      *error = error_;
      return false;
    }
    SkipSpace();
    if (pos_ != text_.size()) {
      Fail("unexpected text after the JSON value");
      *error = error_;
      return false;
    }
    return true;
  }

 private:
  bool Fail(const std::string& why) {
    if (error_.empty()) error_ = "column " + std::to_string(pos_ + 1) + ": " + why;
    return false;
  }

  void SkipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r' || text_[pos_] == '\n')) {
      ++pos_;
    }
  }

  // The length in bytes of the character at `at`: 1 for ASCII and for a
  // byte that does not begin a well-formed UTF-8 sequence.
  size_t CharacterLength(size_t at) const {
    unsigned char c = static_cast<unsigned char>(text_[at]);
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return n > 1 && IsValidUtf8(text_.substr(at, n)) ? n : 1;
  }
  size_t CharacterLength() const { return CharacterLength(pos_); }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return Fail("invalid literal");
    pos_ += word.size();
    return true;
  }

  bool ParseValue(JsonValue* out, int depth) {
    if (depth >= kMaxJsonDepth) {
      return Fail("lists and objects nest deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    if (pos_ >= text_.size()) return Fail("unexpected end of line");
    char c = text_[pos_];
    switch (c) {
      case '{': return ParseObject(out, depth);
      case '[': return ParseArray(out, depth);
      case '"':
        out->type_ = JsonValue::Type::kString;
        return ParseString(&out->text_);
      case 't':
        out->type_ = JsonValue::Type::kBool;
        out->bool_ = true;
        return Literal("true");
      case 'f':
        out->type_ = JsonValue::Type::kBool;
        out->bool_ = false;
        return Literal("false");
      case 'n':
        out->type_ = JsonValue::Type::kNull;
        return Literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
        return Fail("unexpected character '" + EscapeForMessage(text_.substr(pos_, CharacterLength())) + "'");
    }
  }

  bool ParseNumber(JsonValue* out) {
    size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t n = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        ++pos_;
        ++n;
      }
      return n;
    };
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (digits() == 0) {
      return Fail("invalid number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return Fail("invalid number");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) return Fail("invalid number");
    }
    out->type_ = JsonValue::Type::kNumber;
    out->text_.assign(text_.substr(start, pos_ - start));
    out->number_ = std::strtod(out->text_.c_str(), nullptr);
    if (!std::isfinite(out->number_)) return Fail("number out of range");
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  bool ParseHex4(uint32_t* cp) {
    if (pos_ + 4 > text_.size()) return Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= h - '0';
      else if (h >= 'a' && h <= 'f') v |= h - 'a' + 10;
      else if (h >= 'A' && h <= 'F') v |= h - 'A' + 10;
      else return Fail("invalid \\u escape");
    }
    *cp = v;
    return true;
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    size_t run_start = pos_;
    while (true) {
      if (pos_ >= text_.size()) return Fail("unterminated string");
      char c = text_[pos_];
      if (c == '"') {
        out->append(text_.substr(run_start, pos_ - run_start));
        ++pos_;
        break;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in string");
      if (c != '\\') {
        ++pos_;
        continue;
      }
      out->append(text_.substr(run_start, pos_ - run_start));
      ++pos_;
      if (pos_ >= text_.size()) return Fail("unterminated string");
      char e = text_[pos_++];
      switch (e) {
        case '"': out->push_back('"'); break;
        case '\\': out->push_back('\\'); break;
        case '/': out->push_back('/'); break;
        case 'b': out->push_back('\b'); break;
        case 'f': out->push_back('\f'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case 't': out->push_back('\t'); break;
        case 'u': {
          uint32_t cp;
          if (!ParseHex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (text_.substr(pos_, 2) != "\\u") return Fail("unpaired surrogate in \\u escape");
            pos_ += 2;
            if (!ParseHex4(&low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return Fail("unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("unpaired surrogate in \\u escape");
          }
          AppendUtf8(cp, out);
          break;
        }
        default: return Fail("invalid escape '\\" + EscapeForMessage(text_.substr(pos_ - 1, CharacterLength(pos_ - 1))) + "'");
      }
      run_start = pos_;
    }
    if (!IsValidUtf8(*out)) return Fail("string is not valid UTF-8");
    return true;
  }

  bool ParseArray(JsonValue* out, int depth) {
    out->type_ = JsonValue::Type::kArray;
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      out->items_.emplace_back();
      if (!ParseValue(&out->items_.back(), depth + 1)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return Fail("unterminated list");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or ']' in list");
    }
  }

  bool ParseObject(JsonValue* out, int depth) {
    out->type_ = JsonValue::Type::kObject;
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Fail("expected a quoted field name");
      std::string key;
      size_t key_pos = pos_;
      if (!ParseString(&key)) return false;
      for (const auto& member : out->members_) {
        if (member.first == key) {
          pos_ = key_pos;
          return Fail("field \"" + EscapeForMessage(key, 200) + "\" appears twice");
        }
      }
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Fail("expected ':' after field name");
      ++pos_;
      SkipSpace();
      out->members_.emplace_back(std::move(key), JsonValue());
      if (!ParseValue(&out->members_.back().second, depth + 1)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return Fail("unterminated object");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or '}' in object");
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

bool ParseJsonReference(std::string_view text, JsonValue* out, std::string* error) {
  *out = JsonValue();
  return JsonParser(text).Parse(out, error);
}

// ---------------------------------------------------------------------------
// The simdjson reader

const JsonNode* JsonNode::Find(std::string_view key) const {
  for (const JsonNode& member : *this) {
    if (member.key_ == key) return &member;
  }
  return nullptr;
}

JsonValue JsonNode::ToValue() const {
  JsonValue value;
  value.type_ = type_;
  value.bool_ = bool_;
  value.number_ = number_;
  value.text_.assign(text_);
  if (type_ == Type::kArray) {
    value.items_.reserve(count_);
    for (const JsonNode& item : *this) value.items_.push_back(item.ToValue());
  } else if (type_ == Type::kObject) {
    value.members_.reserve(count_);
    for (const JsonNode& member : *this) value.members_.emplace_back(std::string(member.key_), member.ToValue());
  }
  return value;
}

namespace {

namespace ondemand = simdjson::ondemand;

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The source text of a number or literal: simdjson's token runs on to the
// next one, across whitespace and across bytes that are no JSON at all.
std::string_view TokenText(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\r' || token.back() == '\n')) {
    token.remove_suffix(1);
  }
  return token;
}
std::string_view RawToken(ondemand::value& value) { return TokenText(value.raw_json_token()); }
std::string_view RawToken(ondemand::document& document) {
  std::string_view token;
  if (document.raw_json_token().get(token) != simdjson::SUCCESS) return {};
  return TokenText(token);
}

// simdjson ends a number or literal at any byte it does not take for part
// of one, a control character included ("false\x0E" reads as false): the
// whole token must be the number or literal. True when `token` is exactly a
// number of JSON's grammar.
bool IsJsonNumber(std::string_view token) {
  size_t i = 0;
  const size_t n = token.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && token[i] >= '0' && token[i] <= '9') ++i;
    return i - start;
  };
  if (i < n && token[i] == '-') ++i;
  if (i < n && token[i] == '0') {
    ++i;
  } else if (digits() == 0) {
    return false;
  }
  if (i < n && token[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == n;
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

// simdjson's On Demand parser validates UTF-8 and finds the structure of
// the whole text at once, then reads the values as they are asked for:
// Walk asks for every one, depth first, checking what simdjson leaves to
// its caller (duplicate names, the nesting limit, finite numbers) and
// appending a JsonNode for each. Strings are decoded into the parser's
// buffer and numbers point into `buffer`: both live until the next text.
struct JsonReader::State {
  ondemand::parser parser;
  std::string buffer;  // the text and SIMDJSON_PADDING spaces after it
  std::vector<JsonNode> nodes;

  // Objects with more members than this check names against a hash set
  // instead of comparing with each earlier one.
  static constexpr uint32_t kLinearNameCheck = 16;

  bool IsDuplicate(size_t object, uint32_t count, std::string_view name,
                   std::unordered_set<std::string_view>* seen) const {
    if (count < kLinearNameCheck) {
      size_t at = object + 1;
      for (uint32_t i = 0; i < count; ++i) {
        if (nodes[at].key_ == name) return true;
        at += nodes[at].subtree_;
      }
      return false;
    }
    if (seen->empty()) {
      size_t at = object + 1;
      for (uint32_t i = 0; i < count; ++i) {
        seen->insert(nodes[at].key_);
        at += nodes[at].subtree_;
      }
    }
    return !seen->insert(name).second;
  }

  // V: ondemand::document (the root) or ondemand::value.
  template <typename V>
  bool Walk(V& value, int depth, std::string_view key) {
    if (depth >= kMaxJsonDepth) return false;
    const size_t index = nodes.size();
    nodes.emplace_back();
    nodes[index].key_ = key;
    ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) return false;
    switch (type) {
      case ondemand::json_type::object: {
        nodes[index].type_ = Type::kObject;
        ondemand::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS) return false;
        uint32_t count = 0;
        std::unordered_set<std::string_view> seen;
        for (auto member : object) {
          ondemand::field field;
          std::string_view name;
          if (std::move(member).get(field) != simdjson::SUCCESS ||
              field.unescaped_key().get(name) != simdjson::SUCCESS || IsDuplicate(index, count, name, &seen) ||
              !Walk(field.value(), depth + 1, name)) {
            return false;
          }
          ++count;
        }
        nodes[index].count_ = count;
        break;
      }
      case ondemand::json_type::array: {
        nodes[index].type_ = Type::kArray;
        ondemand::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) return false;
        uint32_t count = 0;
        for (auto element : array) {
          ondemand::value item;
          if (std::move(element).get(item) != simdjson::SUCCESS || !Walk(item, depth + 1, {})) return false;
          ++count;
        }
        nodes[index].count_ = count;
        break;
      }
      case ondemand::json_type::string: {
        nodes[index].type_ = Type::kString;
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return false;
        nodes[index].text_ = text;
        break;
      }
      case ondemand::json_type::number: {
        nodes[index].type_ = Type::kNumber;
        const std::string_view text = RawToken(value);
        nodes[index].text_ = text;
        if (!IsJsonNumber(text)) return false;
        double number;
        if (value.get_double().get(number) != simdjson::SUCCESS) {
          // simdjson refuses some numbers JSON allows, such as an exponent
          // of twenty digits ("0E66669999000000000000"): read those as the
          // reference reader does. The value stays unread; the walk of the
          // list or object around it steps over it.
          number = std::strtod(std::string(text).c_str(), nullptr);
        }
        if (!std::isfinite(number)) return false;
        nodes[index].number_ = number;
        break;
      }
      case ondemand::json_type::boolean: {
        nodes[index].type_ = Type::kBool;
        std::string_view token = RawToken(value);
        bool b;
        if (value.get_bool().get(b) != simdjson::SUCCESS || token != (b ? "true" : "false")) return false;
        nodes[index].bool_ = b;
        break;
      }
      case ondemand::json_type::null: {
        nodes[index].type_ = Type::kNull;
        std::string_view token = RawToken(value);
        bool is_null;
        if (value.is_null().get(is_null) != simdjson::SUCCESS || !is_null || token != "null") return false;
        break;
      }
    }
    nodes[index].subtree_ = static_cast<uint32_t>(nodes.size() - index);
    return true;
  }

  using Type = JsonNode::Type;
};

JsonReader::JsonReader() : state_(std::make_unique<State>()) {}
JsonReader::~JsonReader() = default;

const JsonNode* JsonReader::Parse(std::string_view text, std::string* error) {
  State& s = *state_;
  s.nodes.clear();
  s.buffer.assign(text);
  s.buffer.append(simdjson::SIMDJSON_PADDING, ' ');
  // Spaces at the end are no part of the value, and simdjson 3.0 refuses a
  // literal at the root followed by more than one ("false  "): leave them out.
  size_t length = text.size();
  while (length > 0 && IsJsonSpace(text[length - 1])) --length;
  ondemand::document document;
  std::string_view root_token;
  // A byte-order mark is no JSON (ParseCaseLine skips one on a file's first
  // line); some simdjson versions skip it, so it is refused here.
  if (text.size() < std::numeric_limits<uint32_t>::max() && text.substr(0, kByteOrderMark.size()) != kByteOrderMark &&
      s.parser.iterate(simdjson::padded_string_view(s.buffer.data(), length, s.buffer.size())).get(document) ==
          simdjson::SUCCESS &&
      document.raw_json_token().get(root_token) == simdjson::SUCCESS && s.Walk(document, 0, {})) {
    // Nothing may follow the value. After a list or object simdjson knows;
    // after a scalar (which may be left unread, see Walk) only spaces may
    // follow its token.
    const JsonNode& root = s.nodes.front();
    bool at_end;
    if (root.is_array() || root.is_object()) {
      const char* end = nullptr;
      at_end = document.current_location().get(end) == simdjson::OUT_OF_BOUNDS;
    } else {
      size_t after = TokenText(root_token).data() + TokenText(root_token).size() - s.buffer.data();
      at_end = std::all_of(text.begin() + std::min(after, text.size()), text.end(), IsJsonSpace);
    }
    if (at_end) return &root;
  }
  // Refused: the reference reader says where and why. Should it find the
  // text fine, the two disagree (a bug the fuzzer looks for): say so.
  JsonValue ignored;
  if (ParseJsonReference(text, &ignored, error)) {
    *error = "column 1: refused by simdjson, accepted by the reference reader";
  }
  return nullptr;
}

bool ParseJson(std::string_view text, JsonValue* out, std::string* error) {
  JsonReader reader;
  const JsonNode* root = reader.Parse(text, error);
  if (root == nullptr) {
    *out = JsonValue();
    return false;
  }
  *out = root->ToValue();
  return true;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

void AppendJsonNumber(double value, std::string* out) { AppendNumber(value, out); }

void AppendJson(const JsonNode& value, std::string* out) {
  switch (value.type()) {
    case JsonNode::Type::kNull: out->append("null"); break;
    case JsonNode::Type::kBool: out->append(value.bool_value() ? "true" : "false"); break;
    case JsonNode::Type::kNumber: out->append(value.text()); break;
    case JsonNode::Type::kString: AppendJsonString(value.text(), out); break;
    case JsonNode::Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const JsonNode& item : value) {
        if (!first) out->push_back(',');
        first = false;
        AppendJson(item, out);
      }
      out->push_back(']');
      break;
    }
    case JsonNode::Type::kObject: {
      out->push_back('{');
      bool first = true;
      for (const JsonNode& member : value) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(member.key(), out);
        out->push_back(':');
        AppendJson(member, out);
      }
      out->push_back('}');
      break;
    }
  }
}

void AppendJson(const JsonValue& value, std::string* out) {
  switch (value.type()) {
    case JsonValue::Type::kNull: out->append("null"); break;
    case JsonValue::Type::kBool: out->append(value.bool_value() ? "true" : "false"); break;
    case JsonValue::Type::kNumber: out->append(value.text()); break;
    case JsonValue::Type::kString: AppendJsonString(value.text(), out); break;
    case JsonValue::Type::kArray: {
      out->push_back('[');
      bool first = true;
      for (const auto& item : value.items()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJson(item, out);
      }
      out->push_back(']');
      break;
    }
    case JsonValue::Type::kObject: {
      out->push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.members()) {
        if (!first) out->push_back(',');
        first = false;
        AppendJsonString(key, out);
        out->push_back(':');
        AppendJson(member, out);
      }
      out->push_back('}');
      break;
    }
  }
}

}  // namespace palermo::format
