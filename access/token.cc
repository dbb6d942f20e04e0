#include "access/token.h"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "access/base64.h"
#include "format/json.h"

namespace palermo::access {
namespace {

constexpr char kHeader[] = R"({"alg":"EdDSA","typ":"JWT"})";
constexpr int64_t kClockSkewS = 300;
constexpr size_t kMaxTokenBytes = 4096;
// Key lines say what they hold, so that a public key is never read as the
// signing key or the other way round.
constexpr char kSeedPrefix[] = "ed25519-seed:";
constexpr char kPublicPrefix[] = "ed25519-public:";

bool InitSodium() { return sodium_init() >= 0; }

std::string Url64(std::string_view bytes) {
  return ToBase64(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), Base64Variant::kUrlNoPadding);
}

// The lines of a key file that are not comments or blank, trimmed.
Result<std::vector<std::string>> KeyLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot be read");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    lines.push_back(line.substr(start));
  }
  if (in.bad()) return Status::IoError(path + ": read error");
  return lines;
}

Status WriteFile(const std::string& path, const std::string& text, mode_t mode) {
  // O_EXCL through "x": a key is never overwritten.
  FILE* f = std::fopen(path.c_str(), "wx");
  if (f == nullptr) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " exists: keys are not overwritten");
    return Status::IoError(path + ": " + std::strerror(errno));
  }
  if (::chmod(path.c_str(), mode) != 0 || std::fwrite(text.data(), 1, text.size(), f) != text.size() ||
      std::fflush(f) != 0 || ::fsync(fileno(f)) != 0) {
    std::fclose(f);
    return Status::IoError(path + ": cannot be written");
  }
  if (std::fclose(f) != 0) return Status::IoError(path + ": cannot be written");
  return Status::Ok();
}

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader: return "reader";
    case Role::kImporter: return "importer";
    case Role::kLinker: return "linker";
    case Role::kAdmin: return "admin";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kReader, Role::kImporter, Role::kLinker, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string CheckIdentityName(std::string_view what, std::string_view name) {
  if (name.empty() || name.size() > 64) return std::string(what) + " must be 1 to 64 characters";
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return std::string(what) + " may hold only A-Z a-z 0-9 . _ -";
    }
  }
  return "";
}

Status WriteKeyPair(const std::string& dir, std::string_view stem) {
  if (!InitSodium()) return Status::Unavailable("libsodium cannot be initialised");
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IoError(dir + ": " + error.message());
  const std::string secret_path = dir + "/" + std::string(stem) + ".key",
                    public_path = dir + "/" + std::string(stem) + ".pub";
  if (std::filesystem::exists(secret_path) || std::filesystem::exists(public_path)) {
    return Status::AlreadyExists(dir + " already holds a " + std::string(stem) + " key: keys are not overwritten");
  }
  PublicKey pk;
  SigningKey sk;
  crypto_sign_keypair(pk.data(), sk.secret.data());
  const std::string seed = ToBase64(sk.secret.data(), crypto_sign_SEEDBYTES);
  sodium_memzero(sk.secret.data(), sk.secret.size());
  Status s = WriteFile(secret_path,
                       "# palermo " + std::string(stem) + " key (Ed25519 seed, base64): keep it secret; others need "
                       "only the .pub\n" + std::string(kSeedPrefix) + seed + "\n",
                       0600);
  if (!s.ok()) return s;
  return WriteFile(public_path,
                   "# palermo " + std::string(stem) + " verification key (Ed25519, base64)\n" +
                       std::string(kPublicPrefix) + ToBase64(pk.data(), pk.size()) + "\n",
                   0644);
}

PublicKey PublicKeyOf(const SigningKey& key) {
  PublicKey pk;
  crypto_sign_ed25519_sk_to_pk(pk.data(), key.secret.data());
  return pk;
}

Result<SigningKey> ReadSigningKey(const std::string& path) {
  if (!InitSodium()) return Status::Unavailable("libsodium cannot be initialised");
  auto lines = KeyLines(path);
  if (!lines.ok()) return lines.status();
  std::vector<uint8_t> seed;
  const std::string_view prefix = kSeedPrefix;
  if (lines->size() != 1 || lines->front().compare(0, prefix.size(), prefix) != 0 ||
      !FromBase64(std::string_view(lines->front()).substr(prefix.size()), &seed) ||
      seed.size() != crypto_sign_SEEDBYTES) {
    return Status::InvalidArgument(path + ": not a palermo token signing key (one line: " + std::string(prefix) +
                                   " and the base64 of 32 bytes)");
  }
  SigningKey key;
  PublicKey unused;
  crypto_sign_seed_keypair(unused.data(), key.secret.data(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<std::vector<PublicKey>> ReadPublicKeys(const std::string& path) {
  if (!InitSodium()) return Status::Unavailable("libsodium cannot be initialised");
  auto lines = KeyLines(path);
  if (!lines.ok()) return lines.status();
  std::vector<PublicKey> keys;
  for (size_t i = 0; i < lines->size(); ++i) {
    std::vector<uint8_t> bytes;
    const std::string_view prefix = kPublicPrefix, line = (*lines)[i];
    if (line.substr(0, prefix.size()) != prefix ||
        !FromBase64(line.substr(prefix.size()), &bytes) ||
        bytes.size() != crypto_sign_PUBLICKEYBYTES) {
      return Status::InvalidArgument(path + ": key " + std::to_string(i + 1) + " is not a token verification key (" +
                                     std::string(prefix) + " and the base64 of 32 bytes)");
    }
    PublicKey key;
    std::copy(bytes.begin(), bytes.end(), key.begin());
    keys.push_back(key);
  }
  if (keys.empty()) return Status::InvalidArgument(path + ": holds no key");
  return keys;
}

Result<std::string> SignToken(const Claims& claims, const SigningKey& key) {
  if (!InitSodium()) return Status::Unavailable("libsodium cannot be initialised");
  for (auto [what, name] : {std::pair<const char*, const std::string*>{"agency", &claims.agency},
                            {"analyst", &claims.analyst}}) {
    std::string bad = CheckIdentityName(what, *name);
    if (!bad.empty()) return Status::InvalidArgument(bad);
  }
  if (claims.expires_at <= claims.issued_at) return Status::InvalidArgument("the token would expire before it is issued");
  std::string payload = R"({"iss":"palermo","agency":)";
  format::AppendJsonString(claims.agency, &payload);
  payload += R"(,"sub":)";
  format::AppendJsonString(claims.analyst, &payload);
  payload += R"(,"role":")" + std::string(RoleName(claims.role)) + R"(","iat":)" + std::to_string(claims.issued_at) +
             R"(,"exp":)" + std::to_string(claims.expires_at) + "}";
  std::string signing_input = Url64(kHeader) + "." + Url64(payload);
  std::array<uint8_t, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const uint8_t*>(signing_input.data()),
                       signing_input.size(), key.secret.data());
  return signing_input + "." +
         ToBase64(signature.data(), signature.size(), Base64Variant::kUrlNoPadding);
}

Result<Claims> VerifyToken(std::string_view token, const std::vector<PublicKey>& keys, int64_t now) {
  if (!InitSodium()) return Status::Unavailable("libsodium cannot be initialised");
  auto malformed = [](const std::string& why) { return Status::InvalidArgument("malformed token: " + why); };
  if (token.size() > kMaxTokenBytes) return malformed("longer than " + std::to_string(kMaxTokenBytes) + " bytes");
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return malformed("not three parts separated by '.'");
  }
  std::vector<uint8_t> header, payload, signature;
  if (!FromBase64(token.substr(0, dot1), &header, Base64Variant::kUrlNoPadding) ||
      !FromBase64(token.substr(dot1 + 1, dot2 - dot1 - 1), &payload, Base64Variant::kUrlNoPadding) ||
      !FromBase64(token.substr(dot2 + 1), &signature, Base64Variant::kUrlNoPadding)) {
    return malformed("a part is not base64url");
  }
  format::JsonValue h, p;
  std::string error;
  if (!format::ParseJson(std::string_view(reinterpret_cast<const char*>(header.data()), header.size()), &h, &error) ||
      !h.is_object()) {
    return malformed("the header is not a JSON object");
  }
  const format::JsonValue* alg = h.Find("alg");
  if (alg == nullptr || !alg->is_string() || alg->text() != "EdDSA") return malformed("alg is not EdDSA");
  // The signature before the claims are believed.
  if (signature.size() != crypto_sign_BYTES) return Status::InvalidArgument("the token's signature does not verify");
  const std::string_view signing_input = token.substr(0, dot2);
  bool verified = false;
  for (const PublicKey& key : keys) {
    if (crypto_sign_verify_detached(signature.data(), reinterpret_cast<const uint8_t*>(signing_input.data()),
                                    signing_input.size(), key.data()) == 0) {
      verified = true;
      break;
    }
  }
  if (!verified) return Status::InvalidArgument("the token's signature does not verify with palermod's keys");
  if (!format::ParseJson(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), &p,
                         &error) ||
      !p.is_object()) {
    return malformed("the claims are not a JSON object");
  }
  Claims claims;
  auto text = [&](const char* name, std::string* out) {
    const format::JsonValue* v = p.Find(name);
    if (v == nullptr || !v->is_string()) return false;
    *out = v->text();
    return true;
  };
  auto seconds = [&](const char* name, int64_t* out) {
    const format::JsonValue* v = p.Find(name);
    if (v == nullptr || !v->is_number()) return false;
    const double d = v->number_value();
    if (!(d >= 0 && d < 1e15) || d != static_cast<double>(static_cast<int64_t>(d))) return false;
    *out = static_cast<int64_t>(d);
    return true;
  };
  std::string issuer, role;
  if (!text("iss", &issuer) || issuer != "palermo") return malformed("iss is not \"palermo\"");
  if (!text("agency", &claims.agency) || !CheckIdentityName("agency", claims.agency).empty()) {
    return malformed("no valid agency");
  }
  if (!text("sub", &claims.analyst) || !CheckIdentityName("sub", claims.analyst).empty()) {
    return malformed("no valid sub (analyst)");
  }
  if (!text("role", &role) || !ParseRole(role)) return malformed("no valid role");
  claims.role = *ParseRole(role);
  if (!seconds("iat", &claims.issued_at) || !seconds("exp", &claims.expires_at)) {
    return malformed("iat and exp must be whole seconds");
  }
  if (claims.issued_at > now + kClockSkewS) return Status::InvalidArgument("the token is issued in the future");
  if (now >= claims.expires_at) {
    return Status::InvalidArgument("the token expired " + std::to_string(now - claims.expires_at) + " s ago");
  }
  return claims;
}

}  // namespace palermo::access
