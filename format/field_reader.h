// Reading the typed fields of one case-format JSON object (internal to
// format/: case_format.cc's record readers use it). Every problem is an
// error naming its line and field (nested objects' fields by path:
// "stated_ages[1].on"); the members a reader does not take are the
// record's extra fields.
#pragma once

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/text.h"
#include "format/countries.h"
#include "format/date.h"
#include "format/json.h"
#include "model/vocabulary.h"
#include "palermo/v1/model.pb.h"

namespace palermo::format::fields {

namespace v1 = palermo::v1;
using model::ListNames;
using model::LookupName;

inline bool IsLowerSnakeCase(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

inline bool IsCurrencyCode(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Reads the fields of one JSON object into a Record, recording errors and
// which fields it consumed; the rest become extra properties.
class FieldReader {
 public:
  FieldReader(const JsonNode& object, int64_t line, DiagnosticList* errors)
      : object_(object), line_(line), errors_(errors), used_(object.size(), false) {}
  // The reader of an object nested in `parent`'s (`prefix` names it, as
  // "stated_ages[0]."): its errors are the parent's too.
  FieldReader(const JsonNode& object, FieldReader* parent, std::string prefix)
      : object_(object), line_(parent->line_), errors_(parent->errors_), used_(object.size(), false),
        prefix_(std::move(prefix)), parent_(parent) {}

  // Values quoted in `reason` come from the line: escaped, so that no
  // control character reaches a terminal or log.
  void Error(std::string_view field, const std::string& reason) {
    errors_->Add({line_, EscapeForMessage(prefix_ + std::string(field)), EscapeForMessage(reason)});
    for (FieldReader* reader = this; reader != nullptr; reader = reader->parent_) ++reader->error_count_;
  }
  int error_count() const { return error_count_; }
  int64_t line() const { return line_; }
  const std::string& prefix() const { return prefix_; }

  // A nested object has no room for extras: a member it does not name is
  // an error (a misspelt `releasable_to` must not pass as something else).
  void RejectUnknown(std::string_view what) {
    size_t i = 0;
    for (const JsonNode& member : object_) {
      if (!used_[i++]) Error(member.key(), std::string("is not a field of ") + std::string(what));
    }
  }

  // The member named `field` (marked as consumed), or nullptr. JSON null
  // counts as absent.
  const JsonNode* Take(std::string_view field) {
    size_t i = 0;
    for (const JsonNode& member : object_) {
      if (member.key() == field) {
        used_[i] = true;
        return member.is_null() ? nullptr : &member;
      }
      ++i;
    }
    return nullptr;
  }

  bool Has(std::string_view field) const {
    const JsonNode* v = object_.Find(field);
    return v != nullptr && !v->is_null();
  }

  void WrongType(std::string_view field, const char* expected, const JsonNode& got) {
    Error(field, std::string("expected ") + expected + ", got " + JsonValue::TypeName(got.type()));
  }

  // A string field, as a view into the parsed line; `required` makes
  // absence (or "") an error.
  bool Text(std::string_view field, std::string_view* out, bool required = false) {
    const JsonNode* v = Take(field);
    if (v == nullptr) {
      if (required) Error(field, "is required");
      return false;
    }
    if (!v->is_string()) {
      WrongType(field, "a string", *v);
      return false;
    }
    if (required && v->text().empty()) {
      Error(field, "must not be empty");
      return false;
    }
    *out = v->text();
    return true;
  }

  bool String(std::string_view field, std::string* out, bool required = false) {
    std::string_view text;
    if (!Text(field, &text, required)) return false;
    out->assign(text);
    return true;
  }

  // A list of non-empty strings, each checked by `check` (a reason, or ""
  // when fine) and passed to `add` when fine.
  template <typename Check, typename Add>
  void StringList(std::string_view field, Check check, Add add) {
    const JsonNode* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_array()) {
      WrongType(field, "a list of strings", *v);
      return;
    }
    size_t i = 0;
    for (const JsonNode& item : *v) {
      auto where = [&] { return std::string(field) + "[" + std::to_string(i) + "]"; };
      if (!item.is_string()) {
        WrongType(where(), "a string", item);
      } else if (item.text().empty()) {
        Error(where(), "must not be empty");
      } else if (std::string why = check(item.text()); !why.empty()) {
        Error(where(), why);
      } else {
        add(item.text());
      }
      ++i;
    }
  }
  void StringList(std::string_view field, google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, [](std::string_view) { return std::string(); }, [out](std::string_view s) { out->Add(std::string(s)); });
  }
  void CountryList(std::string_view field, google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, CountryReason, [out](std::string_view s) { out->Add(std::string(s)); });
  }

  void Date(std::string_view field, v1::Date* out) {
    std::string_view text;
    if (!Text(field, &text)) return;
    DateInterval interval;
    std::string reason;
    if (!ParseIsoDate(text, &interval, &reason)) {
      Error(field, reason);
      return;
    }
    out->set_iso(std::string(text));
    out->set_first_s(interval.first_s);
    out->set_last_s(interval.last_s);
  }

  void Country(std::string_view field, std::string* out, bool required = false) {
    std::string_view code;
    if (!Text(field, &code, required)) return;
    if (!IsCountryCode(code)) {
      Error(field, CountryReason(code));
      return;
    }
    out->assign(code);
  }

  static std::string CountryReason(std::string_view code) {
    if (IsCountryCode(code)) return "";
    return "\"" + std::string(code) + "\" is not an ISO 3166-1 alpha-2 country code";
  }

  // A number; `non_negative` rejects values below zero.
  template <typename Setter>
  void Number(std::string_view field, Setter set, bool non_negative = false) {
    const JsonNode* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_number()) {
      WrongType(field, "a number", *v);
      return;
    }
    if (non_negative && v->number_value() < 0) {
      Error(field, "must not be negative");
      return;
    }
    set(v->number_value());
  }

  void Currency(std::string_view field, std::string* out) {
    std::string_view code;
    if (!Text(field, &code)) return;
    if (!IsCurrencyCode(code)) {
      Error(field, "\"" + std::string(code) + "\" is not an ISO 4217 currency code (three capital letters)");
      return;
    }
    out->assign(code);
  }

  // A closed vocabulary; returns the enum value or 0.
  template <size_t N>
  int Enum(std::string_view field, const std::array<const char*, N>& names, bool required = false) {
    std::string_view text;
    if (!Text(field, &text, required)) return 0;
    int value = LookupName(names, text);
    if (value == 0) Error(field, "\"" + std::string(text) + "\" is not one of: " + ListNames(names));
    return value;
  }

  // A reference: resolved to a global key within `agency` unless it has a '/'.
  bool Ref(std::string_view field, const std::string& agency, std::string* out, bool required = false) {
    std::string_view ref;
    if (!Text(field, &ref, required)) return false;
    std::string why = CheckReference(ref);
    if (!why.empty()) {
      Error(field, why);
      return false;
    }
    Resolve(ref, agency, out);
    return true;
  }

  void RefList(std::string_view field, const std::string& agency,
               google::protobuf::RepeatedPtrField<std::string>* out) {
    StringList(field, CheckReference, [&](std::string_view ref) { Resolve(ref, agency, out->Add()); });
  }

  static std::string CheckReference(std::string_view ref) {
    if (ref.empty()) return "reference must not be empty";
    auto slash = ref.find('/');
    if (slash == std::string_view::npos) return "";
    if (slash == 0 || slash + 1 == ref.size() || ref.find('/', slash + 1) != std::string_view::npos) {
      return "\"" + std::string(ref) + "\" is not a reference: a global key is AGENCY/ID";
    }
    return "";
  }

  static void Resolve(std::string_view ref, std::string_view agency, std::string* out) {
    if (ref.find('/') != std::string_view::npos) {
      out->assign(ref);
      return;
    }
    out->reserve(agency.size() + 1 + ref.size());
    out->assign(agency).append("/").append(ref);
  }

  // Every member not consumed, as compact JSON text.
  void KeepExtras(google::protobuf::Map<std::string, std::string>* extra) {
    size_t i = 0;
    for (const JsonNode& member : object_) {
      if (!used_[i++]) AppendJson(member, &(*extra)[std::string(member.key())]);
    }
  }

 private:
  const JsonNode& object_;
  int64_t line_;
  DiagnosticList* errors_;
  std::vector<bool> used_;
  std::string prefix_;
  FieldReader* parent_ = nullptr;
  int error_count_ = 0;
};

// A refinement with an open vocabulary (`about`, `threat_of`,
// `vulnerability`): lower_snake_case; a value the shipped rules do not read
// is stored with a warning.
inline void Refinement(FieldReader& r, std::string_view field, const std::set<std::string_view>& known, std::string* out,
                DiagnosticList* warnings) {
  if (!r.String(field, out)) return;
  if (!IsLowerSnakeCase(*out)) {
    r.Error(field, "\"" + *out + "\" is not a lower_snake_case value");
  } else if (!known.count(*out)) {
    warnings->Add({r.line(), std::string(field), "unknown value \"" + *out + "\": stored, but no shipped rule reads it"});
  }
}

// A list of objects, each read by `read` with its own reader (whose errors
// name the item: "stated_ages[1].on").
template <typename Read>
void ObjectList(FieldReader& r, std::string_view field, Read read) {
  const JsonNode* v = r.Take(field);
  if (v == nullptr) return;
  if (!v->is_array()) {
    r.WrongType(field, "a list of objects", *v);
    return;
  }
  size_t i = 0;
  for (const JsonNode& item : *v) {
    std::string where = r.prefix() + std::string(field) + "[" + std::to_string(i++) + "]";
    if (!item.is_object()) {
      r.Error(where.substr(r.prefix().size()), std::string("expected an object, got ") + JsonValue::TypeName(item.type()));
      continue;
    }
    FieldReader inner(item, &r, where + ".");
    read(inner);
  }
}

}  // namespace palermo::format::fields
