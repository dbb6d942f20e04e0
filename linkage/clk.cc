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
