// A small JSON reader and writer for the case format. The reader keeps
// numbers as their source text (so extra fields survive a round trip to the
// digit), rejects duplicate object keys and invalid UTF-8, and says where and
// why a line is not JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"

namespace palermo::format {

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool bool_value() const { return bool_; }
  double number_value() const { return number_; }
  // The number as written in the source, or the string's decoded text.
  const std::string& text() const { return text_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }
  // The member named `key`, or nullptr.
  const JsonValue* Find(std::string_view key) const;

  static const char* TypeName(Type type);

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

// Parses one complete JSON text. On failure returns false and sets `error`
// to a reason that names the 1-based column (a byte offset) and quotes what
// it found with EscapeForMessage. Lists and objects nest at most
// kMaxJsonDepth deep (deeper is an error, not a deep recursion).
inline constexpr int kMaxJsonDepth = 64;
bool ParseJson(std::string_view text, JsonValue* out, std::string* error);

// Appends `s` as a JSON string literal (quoted, escaped).
void AppendJsonString(std::string_view s, std::string* out);
// Appends a number: integral values without a fraction, others with enough
// digits to read back the same double.
void AppendJsonNumber(double value, std::string* out);
// Appends `value` in compact form.
void AppendJson(const JsonValue& value, std::string* out);

// True when `s` is well-formed UTF-8 (common/text.h).
using ::palermo::IsValidUtf8;

}  // namespace palermo::format
