#include "linkage/clk.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <sodium.h>

#include <bit>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <simdjson.h>

namespace palermo::linkage {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init returns 1 when already initialised, -1 on failure; the
    // functions used here (generichash, base64, randombytes_buf_deterministic)
    // need no more than its CPU feature detection.
    if (sodium_init() < 0) std::abort();  // no usable CPU feature detection: cannot go on
  });
}

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
  if (f["format"].get(format) != simdjson::SUCCESS || !format.is_object()) {
    return r.Fail(where, "missing `format` object");
  }
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
  if (f["hashing"].get(hashing) != simdjson::SUCCESS || !hashing.is_object()) {
    return r.Fail(where, "missing `hashing` object");
  }
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
  if (hashing["strategy"].get(strategy) != simdjson::SUCCESS || !strategy.is_object()) {
    return r.Fail(hw, "missing `strategy` object");
  }
  if (!GetInt(r, strategy, "bitsPerToken", hw + ".strategy", &field->bits_per_token, false, 1)) return false;
  if (!GetInt(r, strategy, "bitsPerFeature", hw + ".strategy", &field->bits_per_feature, false, 1)) return false;
  if ((field->bits_per_token > 0) == (field->bits_per_feature > 0)) {
    return r.Fail(hw + ".strategy", "needs exactly one of bitsPerToken and bitsPerFeature");
  }
  if (hashing["comparison"].get(comparison) != simdjson::SUCCESS || !comparison.is_object()) {
    return r.Fail(hw, "missing `comparison` object");
  }
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

// ---- text --------------------------------------------------------------

// The code points of `s` as UTF-8 pieces; false for invalid UTF-8.
bool SplitCodePoints(std::string_view s, std::vector<std::string_view>* out) {
  out->clear();
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    out->push_back(s.substr(i, len));
    i += len;
  }
  return true;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Python's str(int(s)): optional sign, digits, surrounding white space.
bool CanonicalInteger(std::string_view s, std::string* out) {
  std::string t = Trim(s);
  bool negative = false;
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  if (i == t.size()) return false;
  for (size_t k = i; k < t.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(t[k]))) return false;
  }
  while (i + 1 < t.size() && t[i] == '0') ++i;
  *out = (negative && t.substr(i) != "0" ? "-" : "") + t.substr(i);
  return true;
}

// strptime with %Y (4 digits), %m, %d (1 or 2 digits), %% and literal
// characters, then YYYYMMDD.
bool FormatDate(std::string_view value, std::string_view format, std::string* out) {
  int year = -1, month = -1, day = -1;
  size_t v = 0;
  auto digits = [&](int min, int max, int* n) {
    int count = 0, x = 0;
    while (count < max && v < value.size() && std::isdigit(static_cast<unsigned char>(value[v]))) {
      x = x * 10 + (value[v++] - '0');
      ++count;
    }
    *n = x;
    return count >= min;
  };
  for (size_t f = 0; f < format.size(); ++f) {
    if (format[f] == '%' && f + 1 < format.size()) {
      char d = format[++f];
      bool ok = d == 'Y' ? digits(4, 4, &year) : d == 'm' ? digits(1, 2, &month) : d == 'd' ? digits(1, 2, &day)
                : (v < value.size() && value[v++] == '%');
      if (!ok) return false;
    } else if (v >= value.size() || value[v++] != format[f]) {
      return false;
    }
  }
  if (v != value.size() || year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return false;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  *out = buf;
  return true;
}

std::vector<std::string> Tokens(const ClkField& field, const std::vector<std::string_view>& chars) {
  std::vector<std::string> tokens;
  if (chars.empty()) return tokens;
  if (field.comparison == ClkComparison::kExact) {
    std::string all;
    for (auto c : chars) all += c;
    tokens.push_back(std::move(all));
    return tokens;
  }
  const size_t n = static_cast<size_t>(field.ngram);
  std::vector<std::string_view> padded;
  padded.insert(padded.end(), n - 1, " ");
  padded.insert(padded.end(), chars.begin(), chars.end());
  padded.insert(padded.end(), n - 1, " ");
  for (size_t i = 0; i + n <= padded.size(); ++i) {
    std::string token = field.positional ? std::to_string(i + 1) + " " : std::string();
    for (size_t k = 0; k < n; ++k) token += padded[i + k];
    tokens.push_back(std::move(token));
  }
  return tokens;
}

// ---- hashing -------------------------------------------------------------

struct Bits {
  std::vector<uint8_t> bytes;
  size_t size = 0;
  explicit Bits(size_t n) : bytes((n + 7) / 8, 0), size(n) {}
  void Set(size_t j) { bytes[j / 8] |= static_cast<uint8_t>(0x80u >> (j % 8)); }
  bool Get(size_t j) const { return (bytes[j / 8] >> (7 - j % 8)) & 1; }
};

Status Hkdf(const ClkSchema& schema, std::string_view secret, size_t length, std::vector<uint8_t>* out) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (kdf == nullptr) return Status::Unavailable("OpenSSL has no HKDF");
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  if (ctx == nullptr) return Status::Unavailable("OpenSSL: no HKDF context");
  std::string digest = schema.kdf_hash;
  std::vector<OSSL_PARAM> params;
  params.push_back(OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0));
  params.push_back(OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(secret.data()),
                                                     secret.size()));
  if (!schema.kdf_salt.empty()) {
    params.push_back(OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(schema.kdf_salt.data()), schema.kdf_salt.size()));
  }
  if (!schema.kdf_info.empty()) {
    params.push_back(OSSL_PARAM_construct_octet_string(
        OSSL_KDF_PARAM_INFO, const_cast<uint8_t*>(schema.kdf_info.data()), schema.kdf_info.size()));
  }
  params.push_back(OSSL_PARAM_construct_end());
  out->assign(length, 0);
  int ok = EVP_KDF_derive(ctx, out->data(), length, params.data());
  EVP_KDF_CTX_free(ctx);
  if (ok <= 0) return Status::InvalidArgument("HKDF-" + schema.kdf_hash + " cannot derive " + std::to_string(length) +
                                              " bytes (at most 255 hash lengths)");
  return Status::Ok();
}

// A digest read as a big-endian integer, modulo `l`.
uint64_t BigEndianMod(const unsigned char* d, size_t n, uint64_t l) {
  uint64_t r = 0;
  for (size_t i = 0; i < n; ++i) r = (r * 256 + d[i]) % l;
  return r;
}

std::string Utf8Of(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

void DoubleHash(const std::string& token, int k, const uint8_t* key_sha1, const uint8_t* key_md5, size_t key_size,
                bool prevent_singularity, Bits* bits) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int dl = 0;
  const uint64_t l = bits->size;
  HMAC(EVP_sha1(), key_sha1, static_cast<int>(key_size), reinterpret_cast<const unsigned char*>(token.data()),
       token.size(), d, &dl);
  uint64_t sha1hm = BigEndianMod(d, dl, l);
  HMAC(EVP_md5(), key_md5, static_cast<int>(key_size), reinterpret_cast<const unsigned char*>(token.data()),
       token.size(), d, &dl);
  uint64_t md5hm = BigEndianMod(d, dl, l);
  for (uint32_t i = 0; prevent_singularity && md5hm == 0 && i < 0x10000; ++i) {
    std::string salted = token + Utf8Of(i);
    HMAC(EVP_md5(), key_md5, static_cast<int>(key_size), reinterpret_cast<const unsigned char*>(salted.data()),
         salted.size(), d, &dl);
    md5hm = BigEndianMod(d, dl, l);
  }
  for (int i = 0; i < k; ++i) bits->Set((sha1hm + static_cast<uint64_t>(i) * md5hm) % l);
}

void BlakeHash(const std::string& token, int k, const uint8_t* key, size_t key_size, Bits* bits) {
  unsigned char digest[64];
  unsigned char salt[crypto_generichash_blake2b_SALTBYTES];
  int done = 0;
  for (int mac = 0; done < k; ++mac) {
    std::memset(salt, 0, sizeof salt);
    std::string s = std::to_string(mac);
    std::memcpy(salt, s.data(), std::min(s.size(), sizeof salt));
    crypto_generichash_blake2b_salt_personal(digest, sizeof digest,
                                             reinterpret_cast<const unsigned char*>(token.data()), token.size(), key,
                                             key_size, salt, nullptr);
    for (int i = 0; i < 32 && done < k; ++i, ++done) {
      uint32_t shorts = digest[2 * i] | (static_cast<uint32_t>(digest[2 * i + 1]) << 8);
      bits->Set(shorts % bits->size);
    }
  }
}

// A permutation of 0..n-1 from a 32-byte seed (ChaCha20 through libsodium's
// randombytes_buf_deterministic; Fisher-Yates with rejection sampling).
std::vector<uint32_t> KeyedPermutation(size_t n, const uint8_t seed[32]) {
  std::vector<uint32_t> perm(n);
  for (size_t i = 0; i < n; ++i) perm[i] = static_cast<uint32_t>(i);
  std::vector<uint32_t> stream(4 * n + 64);
  randombytes_buf_deterministic(stream.data(), stream.size() * sizeof(uint32_t), seed);
  size_t next = 0;
  for (size_t i = n; i > 1; --i) {
    uint32_t bound = static_cast<uint32_t>(i);
    uint32_t limit = UINT32_MAX - UINT32_MAX % bound;
    uint32_t x;
    do {
      if (next == stream.size()) {  // practically never: refill from the last value
        randombytes_buf_deterministic(stream.data(), stream.size() * sizeof(uint32_t),
                                      reinterpret_cast<const unsigned char*>(&stream[stream.size() - 8]));
        next = 0;
      }
      x = stream[next++];
    } while (x >= limit);
    std::swap(perm[i - 1], perm[x % bound]);
  }
  return perm;
}

uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
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
  if (ok && (config["kdf"].get(kdf) != simdjson::SUCCESS || !kdf.is_object())) {
    ok = r.Fail("clkConfig", "missing `kdf` object");
  }
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

Result<Clk> EncodeClk(const ClkSchema& schema, const std::vector<std::string>& values, std::string_view secret) {
  InitSodium();
  if (values.size() != schema.fields.size()) {
    return Status::InvalidArgument("clk: " + std::to_string(values.size()) + " values for a schema of " +
                                   std::to_string(schema.fields.size()) + " fields");
  }
  if (schema.l <= 0 || schema.l % 8 != 0 || schema.xor_folds < 0 || schema.xor_folds > 16) {
    return Status::InvalidArgument("clk: l must be a positive multiple of 8 and xor_folds 0..16");
  }
  const size_t hash_l = static_cast<size_t>(schema.l) << schema.xor_folds;
  const size_t key_size = static_cast<size_t>(schema.kdf_key_size);
  std::vector<uint8_t> keys;
  Status s = Hkdf(schema, secret, 2 * key_size * schema.fields.size(), &keys);
  if (!s.ok()) return s;
  Bits bits(hash_l);
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const ClkField& field = schema.fields[i];
    if (field.ignored) continue;
    auto fail = [&](const std::string& why) {
      return Status::InvalidArgument("field `" + field.identifier + "`: " + why);
    };
    if (field.hash == ClkHash::kBlake && (!std::has_single_bit(hash_l) || key_size > 64)) {
      return fail("blakeHash needs l << xor_folds a power of two and keys of at most 64 bytes");
    }
    std::string value = values[i];
    if (field.missing_sentinel && value == *field.missing_sentinel) {
      value = field.missing_replace_with;
    } else if (field.format == ClkFormat::kInteger && !value.empty()) {
      if (!CanonicalInteger(values[i], &value)) return fail("is not an integer");
    } else if (field.format == ClkFormat::kDate && !value.empty()) {
      if (!FormatDate(values[i], field.date_format, &value)) {
        return fail("is not a date of the form " + field.date_format);
      }
    }
    if (!SplitCodePoints(value, &chars)) return fail("is not valid UTF-8");
    std::vector<std::string> tokens = Tokens(field, chars);
    if (tokens.empty()) continue;
    const uint8_t* key1 = keys.data() + 2 * i * key_size;
    const uint8_t* key2 = key1 + key_size;
    const int n = static_cast<int>(tokens.size());
    for (int t = 0; t < n; ++t) {
      int k = field.bits_per_token > 0
                  ? field.bits_per_token
                  : field.bits_per_feature / n + (t < field.bits_per_feature % n ? 1 : 0);
      if (k == 0) continue;
      if (field.hash == ClkHash::kBlake) {
        BlakeHash(tokens[t], k, key1, key_size, &bits);
      } else {
        DoubleHash(tokens[t], k, key1, key2, key_size, field.prevent_singularity, &bits);
      }
    }
  }
  size_t length = hash_l;
  for (int f = 0; f < schema.xor_folds; ++f) {
    length /= 2;
    Bits folded(length);
    for (size_t j = 0; j < length; ++j) {
      if (bits.Get(j) != bits.Get(j + length)) folded.Set(j);
    }
    bits = std::move(folded);
  }
  if (schema.balanced) {
    // The filter and its complement, shuffled by a permutation keyed by the
    // secret (HKDF with its own info, so that it is independent of the
    // field keys).
    ClkSchema permutation_kdf = schema;
    const char kInfo[] = "palermo clk balancing permutation";
    permutation_kdf.kdf_info.assign(kInfo, kInfo + sizeof kInfo - 1);
    std::vector<uint8_t> seed;
    s = Hkdf(permutation_kdf, secret, 32, &seed);
    if (!s.ok()) return s;
    std::vector<uint32_t> perm = KeyedPermutation(2 * length, seed.data());
    Bits balanced(2 * length);
    for (size_t j = 0; j < 2 * length; ++j) {
      bool bit = j < length ? bits.Get(j) : !bits.Get(j - length);
      if (bit) balanced.Set(perm[j]);
    }
    bits = std::move(balanced);
  }
  return std::move(bits.bytes);
}

Result<std::vector<uint8_t>> DeriveKey(std::string_view secret, std::string_view info, size_t length) {
  ClkSchema kdf;
  kdf.kdf_info.assign(info.begin(), info.end());
  std::vector<uint8_t> key;
  if (Status s = Hkdf(kdf, secret, length, &key); !s.ok()) return s;
  return key;
}

std::string ClkToBase64(const Clk& clk) {
  InitSodium();
  std::string out(sodium_base64_encoded_len(clk.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), clk.data(), clk.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<Clk> ClkFromBase64(std::string_view text) {
  InitSodium();
  Clk out(text.size() / 4 * 3 + 3);
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Status::InvalidArgument("not base64 (standard alphabet with padding)");
  }
  out.resize(length);
  return out;
}

namespace {

// 64 bits at a time (a CLK of 1024 bits is 16 words), the tail byte by byte.
// Always inlined (its callers' lambdas with it), so that the POPCNT copies
// below count with the instruction.
template <typename Fn>
[[gnu::always_inline]] inline void ForEachWord(const Clk& a, const Clk& b, Fn fn) {
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    fn(x, y);
  }
  for (; i < a.size(); ++i) fn(uint64_t{a[i]}, uint64_t{b[i]});
}

}  // namespace

// Debian builds for the x86-64 baseline, which has no POPCNT instruction,
// so std::popcount becomes a call to libgcc's table look-up (a fifth of
// the encoded linkage's comparing and training at 10^6 persons). These two
// are compiled twice and the loader picks the POPCNT copy where the CPU
// has it (an ifunc).
#if defined(__x86_64__) && defined(__linux__)
#define PALERMO_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define PALERMO_POPCNT_CLONES
#endif

PALERMO_POPCNT_CLONES int Popcount(const Clk& clk) {
  int n = 0;
  ForEachWord(clk, clk, [&n](uint64_t x, uint64_t) { n += std::popcount(x); });
  return n;
}

PALERMO_POPCNT_CLONES double Dice(const Clk& a, const Clk& b) {
  if (a.size() != b.size()) return 0.0;
  int both = 0, total = 0;
  ForEachWord(a, b, [&](uint64_t x, uint64_t y) {
    both += std::popcount(x & y);
    total += std::popcount(x) + std::popcount(y);
  });
  return total == 0 ? 0.0 : 2.0 * both / total;
}

std::vector<std::string> ClkBlockKeys(const Clk& clk, int bands, int bits_per_band, uint64_t seed) {
  std::vector<std::string> keys;
  const uint64_t n = clk.size() * 8;
  if (n == 0 || bands <= 0 || bits_per_band <= 0) return keys;
  keys.reserve(static_cast<size_t>(bands));
  static const char kHex[] = "0123456789abcdef";
  for (int b = 0; b < bands; ++b) {
    uint64_t state = seed ^ (0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(b + 1));
    std::string key = std::to_string(b) + ":";
    unsigned nibble = 0;
    for (int i = 0; i < bits_per_band; ++i) {
      uint64_t j = SplitMix64(&state) % n;
      nibble = (nibble << 1) | ((clk[j / 8] >> (7 - j % 8)) & 1u);
      if (i % 4 == 3 || i == bits_per_band - 1) {
        key += kHex[nibble];
        nibble = 0;
      }
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::vector<std::string> ClkBlockKeys(const Clk& clk, const ClkBlockingOptions& options) {
  return ClkBlockKeys(clk, options.bands, options.bits_per_band, options.seed);
}

}  // namespace palermo::linkage
