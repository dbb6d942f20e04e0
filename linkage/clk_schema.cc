// The clkhash schema v3 as JSON (read and written) and Palermo's default
// schema for persons; the encoding itself is in clk.cc.
#include "linkage/clk.h"

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace palermo::linkage {
namespace {

// ---- schema JSON -------------------------------------------------------

using simdjson::dom::element;
using simdjson::dom::element_type;

struct SchemaReader {
  std::string error;
  bool Fail(const std::string& where, const std::string& why) {
    if (error.empty()) error = where + ": " + why;
    return false;
  }
};

bool GetInt(SchemaReader& r, element obj, const char* key, const std::string& where, int* out, bool required,
            int minimum) {
  auto v = obj[key];
  if (v.error()) return required ? r.Fail(where, std::string("missing `") + key + "`") : true;
  int64_t i = 0;
  if (v.get_int64().get(i) != simdjson::SUCCESS) return r.Fail(where + "." + key, "is not an integer");
  if (i < minimum || i > (1 << 20)) return r.Fail(where + "." + key, "is out of range: " + std::to_string(i));
  *out = static_cast<int>(i);
  return true;
}

bool GetString(SchemaReader& r, element obj, const char* key, const std::string& where, std::string* out,
               bool required) {
  auto v = obj[key];
  if (v.error()) return required ? r.Fail(where, std::string("missing `") + key + "`") : true;
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) return r.Fail(where + "." + key, "is not a string");
  *out = std::string(s);
  return true;
}

// The object `obj[key]`, which must be there.
bool GetObject(SchemaReader& r, element obj, const char* key, const std::string& where, element* out) {
  if (obj[key].get(*out) == simdjson::SUCCESS && out->is_object()) return true;
  return r.Fail(where, std::string("missing `") + key + "` object");
}

bool GetBool(SchemaReader& r, element obj, const char* key, const std::string& where, bool* out) {
  auto v = obj[key];
  if (v.error()) return true;
  bool b = false;
  if (v.get_bool().get(b) != simdjson::SUCCESS) return r.Fail(where + "." + key, "is not a boolean");
  *out = b;
  return true;
}

bool GetBase64(SchemaReader& r, element obj, const char* key, const std::string& where, std::vector<uint8_t>* out) {
  std::string text;
  if (!GetString(r, obj, key, where, &text, false)) return false;
  if (text.empty()) return true;
  auto bytes = ClkFromBase64(text);
  if (!bytes.ok()) return r.Fail(where + "." + key, "is not base64");
  *out = std::move(bytes.value());
  return true;
}

bool ReadFeature(SchemaReader& r, element f, const std::string& where, ClkField* field) {
  if (!f.is_object()) return r.Fail(where, "is not an object");
  if (!GetString(r, f, "identifier", where, &field->identifier, true)) return false;
  if (!GetBool(r, f, "ignored", where, &field->ignored)) return false;
  if (field->ignored) return true;
  element format, hashing;
  if (!GetObject(r, f, "format", where, &format)) return false;
  std::string type;
  if (!GetString(r, format, "type", where + ".format", &type, true)) return false;
  if (type == "string") {
    field->format = ClkFormat::kString;
  } else if (type == "integer") {
    field->format = ClkFormat::kInteger;
  } else if (type == "date") {
    field->format = ClkFormat::kDate;
    if (!GetString(r, format, "format", where + ".format", &field->date_format, true)) return false;
    for (size_t i = 0; i < field->date_format.size(); ++i) {
      if (field->date_format[i] != '%') continue;
      char d = i + 1 < field->date_format.size() ? field->date_format[i + 1] : '\0';
      if (d != 'Y' && d != 'm' && d != 'd' && d != '%') {
        return r.Fail(where + ".format.format", std::string("directive %") + d + " is not supported (only %Y %m %d %%)");
      }
      ++i;
    }
  } else if (type == "enum") {
    field->format = ClkFormat::kEnum;
  } else {
    return r.Fail(where + ".format.type", "unknown format type \"" + type + "\"");
  }
  std::string encoding = "utf-8";
  if (!GetString(r, format, "encoding", where + ".format", &encoding, false)) return false;
  if (encoding != "utf-8" && encoding != "ascii") {
    return r.Fail(where + ".format.encoding", "encoding \"" + encoding + "\" is not supported (utf-8, ascii)");
  }
  if (!GetObject(r, f, "hashing", where, &hashing)) return false;
  const std::string hw = where + ".hashing";
  element hash;
  if (hashing["hash"].get(hash) == simdjson::SUCCESS) {
    std::string hash_type;
    if (!GetString(r, hash, "type", hw + ".hash", &hash_type, true)) return false;
    if (hash_type == "blakeHash") {
      field->hash = ClkHash::kBlake;
    } else if (hash_type == "doubleHash") {
      field->hash = ClkHash::kDouble;
      if (!GetBool(r, hash, "prevent_singularity", hw + ".hash", &field->prevent_singularity)) return false;
    } else {
      return r.Fail(hw + ".hash.type", "unknown hash \"" + hash_type + "\"");
    }
  }
  element strategy, comparison;
  if (!GetObject(r, hashing, "strategy", hw, &strategy)) return false;
  if (!GetInt(r, strategy, "bitsPerToken", hw + ".strategy", &field->bits_per_token, false, 1)) return false;
  if (!GetInt(r, strategy, "bitsPerFeature", hw + ".strategy", &field->bits_per_feature, false, 1)) return false;
  if ((field->bits_per_token > 0) == (field->bits_per_feature > 0)) {
    return r.Fail(hw + ".strategy", "needs exactly one of bitsPerToken and bitsPerFeature");
  }
  if (!GetObject(r, hashing, "comparison", hw, &comparison)) return false;
  std::string ctype;
  if (!GetString(r, comparison, "type", hw + ".comparison", &ctype, true)) return false;
  if (ctype == "ngram") {
    field->comparison = ClkComparison::kNgram;
    if (!GetInt(r, comparison, "n", hw + ".comparison", &field->ngram, true, 1)) return false;
    if (!GetBool(r, comparison, "positional", hw + ".comparison", &field->positional)) return false;
  } else if (ctype == "exact") {
    field->comparison = ClkComparison::kExact;
  } else if (ctype == "numeric") {
    return r.Fail(hw + ".comparison.type", "numeric comparison is not supported");
  } else {
    return r.Fail(hw + ".comparison.type", "unknown comparison \"" + ctype + "\"");
  }
  element missing;
  if (hashing["missingValue"].get(missing) == simdjson::SUCCESS) {
    std::string sentinel;
    if (!GetString(r, missing, "sentinel", hw + ".missingValue", &sentinel, true)) return false;
    field->missing_sentinel = sentinel;
    field->missing_replace_with = sentinel;
    if (!GetString(r, missing, "replaceWith", hw + ".missingValue", &field->missing_replace_with, false)) return false;
  }
  return true;
}

}  // namespace

Result<ClkSchema> ParseSchemaV3(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  element root;
  if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    return Status::InvalidArgument(std::string("schema: not JSON: ") + simdjson::error_message(err));
  }
  SchemaReader r;
  ClkSchema schema;
  if (!root.is_object()) return Status::InvalidArgument("schema: is not a JSON object");
  int64_t version = 0;
  if (root["version"].get_int64().get(version) != simdjson::SUCCESS) {
    return Status::InvalidArgument("schema: version: missing or not an integer");
  }
  if (version != 3) return Status::InvalidArgument("schema: version: " + std::to_string(version) + " is not 3");
  element config, kdf;
  simdjson::dom::array features;
  if (root["clkConfig"].get(config) != simdjson::SUCCESS || !config.is_object()) {
    return Status::InvalidArgument("schema: missing `clkConfig` object");
  }
  bool ok = GetInt(r, config, "l", "clkConfig", &schema.l, true, 8);
  // clkhash's JSON schema says xorFolds, its reader reads xor_folds: take both.
  ok = ok && GetInt(r, config, "xor_folds", "clkConfig", &schema.xor_folds, false, 0);
  ok = ok && GetInt(r, config, "xorFolds", "clkConfig", &schema.xor_folds, false, 0);
  ok = ok && GetBool(r, config, "palermoBalanced", "clkConfig", &schema.balanced);
  if (ok && schema.l % 8 != 0) ok = r.Fail("clkConfig.l", "must be a multiple of 8");
  if (ok && schema.xor_folds > 16) ok = r.Fail("clkConfig.xor_folds", "is more than 16");
  ok = ok && GetObject(r, config, "kdf", "clkConfig", &kdf);
  if (ok) {
    std::string type;
    ok = GetString(r, kdf, "type", "clkConfig.kdf", &type, true);
    if (ok && type != "HKDF") ok = r.Fail("clkConfig.kdf.type", "\"" + type + "\" is not HKDF");
    ok = ok && GetString(r, kdf, "hash", "clkConfig.kdf", &schema.kdf_hash, false);
    if (ok && schema.kdf_hash != "SHA256" && schema.kdf_hash != "SHA512") {
      ok = r.Fail("clkConfig.kdf.hash", "\"" + schema.kdf_hash + "\" is not SHA256 or SHA512");
    }
    ok = ok && GetBase64(r, kdf, "salt", "clkConfig.kdf", &schema.kdf_salt);
    ok = ok && GetBase64(r, kdf, "info", "clkConfig.kdf", &schema.kdf_info);
    ok = ok && GetInt(r, kdf, "keySize", "clkConfig.kdf", &schema.kdf_key_size, false, 1);
  }
  if (ok && root["features"].get_array().get(features) != simdjson::SUCCESS) {
    ok = r.Fail("schema", "missing `features` list");
  }
  if (ok) {
    size_t i = 0;
    for (element f : features) {
      ClkField field;
      if (!ReadFeature(r, f, "features[" + std::to_string(i) + "]", &field)) break;
      if (!field.ignored && field.hash == ClkHash::kBlake && schema.kdf_key_size > 64) {
        r.Fail("clkConfig.kdf.keySize", "blakeHash takes keys of at most 64 bytes");
        break;
      }
      schema.fields.push_back(std::move(field));
      ++i;
    }
    if (r.error.empty() && schema.fields.empty()) r.Fail("features", "is empty");
  }
  if (!r.error.empty()) return Status::InvalidArgument("schema: " + r.error);
  return schema;
}

std::string SchemaV3Json(const ClkSchema& schema) {
  std::string out = "{\"version\":3,\"clkConfig\":{\"l\":" + std::to_string(schema.l) +
                    ",\"xor_folds\":" + std::to_string(schema.xor_folds);
  if (schema.balanced) out += ",\"palermoBalanced\":true";
  out += ",\"kdf\":{\"type\":\"HKDF\",\"hash\":\"" + schema.kdf_hash + "\"";
  if (!schema.kdf_salt.empty()) out += ",\"salt\":\"" + ClkToBase64(schema.kdf_salt) + "\"";
  if (!schema.kdf_info.empty()) out += ",\"info\":\"" + ClkToBase64(schema.kdf_info) + "\"";
  out += ",\"keySize\":" + std::to_string(schema.kdf_key_size) + "}},\"features\":[";
  auto quote = [](std::string_view s) {
    std::string q = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') q += '\\';
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        q += buf;
        continue;
      }
      q += c;
    }
    return q + "\"";
  };
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const ClkField& f = schema.fields[i];
    if (i > 0) out += ",";
    out += "{\"identifier\":" + quote(f.identifier);
    if (f.ignored) {
      out += ",\"ignored\":true}";
      continue;
    }
    static const char* kFormats[] = {"string", "integer", "date", "enum"};
    out += ",\"format\":{\"type\":\"" + std::string(kFormats[static_cast<int>(f.format)]) + "\"";
    if (f.format == ClkFormat::kDate) out += ",\"format\":" + quote(f.date_format);
    if (f.format == ClkFormat::kEnum) out += ",\"values\":[]";
    out += "},\"hashing\":{\"hash\":{\"type\":\"";
    out += f.hash == ClkHash::kBlake ? "blakeHash\"}" : "doubleHash\"";
    if (f.hash == ClkHash::kDouble) out += std::string(",\"prevent_singularity\":") + (f.prevent_singularity ? "true}" : "false}");
    out += ",\"comparison\":";
    out += f.comparison == ClkComparison::kExact
               ? std::string("{\"type\":\"exact\"}")
               : "{\"type\":\"ngram\",\"n\":" + std::to_string(f.ngram) +
                     ",\"positional\":" + (f.positional ? "true}" : "false}");
    out += ",\"strategy\":{";
    out += f.bits_per_token > 0 ? "\"bitsPerToken\":" + std::to_string(f.bits_per_token)
                                : "\"bitsPerFeature\":" + std::to_string(f.bits_per_feature);
    out += "}";
    if (f.missing_sentinel) {
      out += ",\"missingValue\":{\"sentinel\":" + quote(*f.missing_sentinel) +
             ",\"replaceWith\":" + quote(f.missing_replace_with) + "}";
    }
    out += "}}";
  }
  return out + "]}";
}

ClkSchema DefaultPersonSchema() {
  // Bits per token, not per feature: a typo costs the same few bits whatever
  // the value's length (with bitsPerFeature a short name's bigrams carry many
  // bits each, so one typo moves a matching pair far apart, and the Hamming
  // blocking loses it). Weights measured on FEBRL4 (docs/LINKAGE.md): mean
  // popcount near l / 2, the density at which two unrelated CLKs agree least.
  ClkSchema schema;
  auto add = [&](const char* name, int n, bool positional, int bits) {
    ClkField f;
    f.identifier = name;
    f.ngram = n;
    f.positional = positional;
    f.bits_per_token = bits;
    schema.fields.push_back(f);
  };
  add("given_name", 2, false, 8);
  add("family_name", 2, false, 8);
  add("full_name", 2, false, 6);
  add("birth_date", 1, true, 12);
  add("postcode", 1, true, 12);
  add("address", 2, false, 10);
  add("identifiers", 2, false, 10);
  return schema;
}

}  // namespace palermo::linkage
