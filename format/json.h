// JSON for the case format: a reader built on simdjson (its On Demand API)
// and a writer. The reader keeps numbers as their source text (so extra
// fields survive a round trip to the digit), rejects duplicate object keys
// at any depth, invalid UTF-8 and unpaired surrogates, and says where and
// why a text is not JSON.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text.h"

namespace palermo::format {

enum class JsonType { kNull, kBool, kNumber, kString, kArray, kObject };

// The type tests a JSON value answers, for JsonValue and JsonNode alike
// (each has `type_`).
template <typename Self>
class JsonTyped {
 public:
  using Type = JsonType;
  Type type() const { return self().type_; }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

 private:
  const Self& self() const { return static_cast<const Self&>(*this); }
};

class JsonValue : public JsonTyped<JsonValue> {
 public:

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
  friend class JsonNode;
  friend class JsonTyped<JsonValue>;
  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

// One value of a text parsed by a JsonReader: a view, valid until that
// reader parses again. The values of a text are held flat, in document
// order, each followed by its items or members, so that reading a line
// allocates nothing once the reader has met a line as large.
class JsonNode : public JsonTyped<JsonNode> {
 public:

  bool bool_value() const { return bool_; }
  double number_value() const { return number_; }
  // The number as written in the source, or the string's decoded text.
  std::string_view text() const { return text_; }
  // The (decoded) name of this value when it is a member of an object.
  std::string_view key() const { return key_; }
  // How many items (a list) or members (an object).
  size_t size() const { return count_; }

  // The items of a list or the members of an object, in order.
  class Iterator {
   public:
    const JsonNode& operator*() const { return *node_; }
    const JsonNode* operator->() const { return node_; }
    Iterator& operator++() {
      node_ += node_->subtree_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return node_ == other.node_; }
    bool operator!=(const Iterator& other) const { return node_ != other.node_; }

   private:
    friend class JsonNode;
    explicit Iterator(const JsonNode* node) : node_(node) {}
    const JsonNode* node_;
  };
  Iterator begin() const { return Iterator(this + 1); }
  Iterator end() const { return Iterator(this + subtree_); }

  // The member named `key`, or nullptr.
  const JsonNode* Find(std::string_view key) const;
  // A JsonValue holding the same, for callers that keep it.
  JsonValue ToValue() const;

 private:
  friend class JsonReader;
  friend class JsonTyped<JsonNode>;
  Type type_ = Type::kNull;
  bool bool_ = false;
  uint32_t count_ = 0;
  uint32_t subtree_ = 1;  // this value and all inside it, in nodes
  double number_ = 0;
  std::string_view key_;
  std::string_view text_;
};

// Parses JSON texts with simdjson, one after the other, reusing its buffers.
// Not thread-safe: one reader per thread.
class JsonReader {
 public:
  JsonReader();
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  // Parses one complete JSON text. On success returns the root, valid until
  // the next Parse. On failure returns nullptr and sets `error` as
  // ParseJson does.
  const JsonNode* Parse(std::string_view text, std::string* error);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Parses one complete JSON text. On failure returns false and sets `error`
// to a reason that names the 1-based column (a byte offset) and quotes what
// it found with EscapeForMessage. Lists and objects nest at most
// kMaxJsonDepth deep (deeper is an error, not a deep recursion).
inline constexpr int kMaxJsonDepth = 64;
bool ParseJson(std::string_view text, JsonValue* out, std::string* error);

// The reference reader: a plain recursive-descent parser that accepts and
// refuses exactly what ParseJson does and gives the same values, slower (it
// allocates for every value). ParseJson runs it to explain a text that
// simdjson or its own checks refused: simdjson's errors name no column.
// The differential fuzzer (tests/fuzz/case_line_fuzz.cc) holds the two to
// agreeing.
bool ParseJsonReference(std::string_view text, JsonValue* out, std::string* error);

// Appends `s` as a JSON string literal (quoted, escaped).
void AppendJsonString(std::string_view s, std::string* out);
// Appends a number: integral values without a fraction, others with enough
// digits to read back the same double.
void AppendJsonNumber(double value, std::string* out);
// Appends `value` in compact form.
void AppendJson(const JsonValue& value, std::string* out);
void AppendJson(const JsonNode& value, std::string* out);

// True when `s` is well-formed UTF-8 (common/text.h).
using ::palermo::IsValidUtf8;

}  // namespace palermo::format
