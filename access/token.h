// Who is calling (issue #12, "Identity"): the analyst and role of a call
// come from a signed per-call token, checked here and nowhere else; the
// agency from the client certificate (access/identity.h), which the token
// must name too.
//
// A token is a JWS in compact serialization (RFC 7515) signed with Ed25519
// (RFC 8037, "alg":"EdDSA", libsodium), so that tools outside Palermo can
// read and check it:
//   BASE64URL({"alg":"EdDSA","typ":"JWT"}) . BASE64URL(claims) . BASE64URL(signature)
// with the claims {"iss":"palermo","agency":A,"sub":ANALYST,"role":R,
// "iat":SECONDS,"exp":SECONDS}. `palermo admin keygen` makes the key pair,
// `palermo admin token` a token; palermod checks them with the public key
// (--token-keys). docs/ACCESS.md has the commands.
//
// Key files are text: lines starting with '#' are comments; the signing
// key is one line "ed25519-seed:" and the base64 of the Ed25519 seed (32
// bytes), written with mode 0600; a public key file holds one or more
// lines "ed25519-public:" and the base64 of a public key (32 bytes), so
// that a key can be rotated by listing the old and the new key until the
// old tokens expire.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace palermo::access {

// What a caller may do (access/policy.h lists the methods of each).
enum class Role { kReader, kImporter, kLinker, kAdmin };
std::string_view RoleName(Role role);  // "reader", ...
std::optional<Role> ParseRole(std::string_view name);

// A name callers authenticate as (an agency in a certificate and a token,
// an analyst in a token): 1 to 64 of A-Z a-z 0-9 . _ - (a URI SAN carries
// it unescaped). Returns why not, or "".
std::string CheckIdentityName(std::string_view what, std::string_view name);

struct Claims {
  std::string agency;
  std::string analyst;
  Role role = Role::kReader;
  int64_t issued_at = 0;   // seconds since the epoch, UTC
  int64_t expires_at = 0;  // the token is refused from this second on
};

inline constexpr char kSigningKeyFile[] = "token-signing.key";
inline constexpr char kPublicKeyFile[] = "token-signing.pub";

using PublicKey = std::array<uint8_t, 32>;
struct SigningKey {
  std::array<uint8_t, 64> secret{};  // libsodium's secret key: seed and public key
};

// Makes a key pair and writes DIR/STEM.key (0600) and DIR/STEM.pub
// (token-signing: kSigningKeyFile and kPublicKeyFile); DIR is created when
// missing. AlreadyExists when either file exists (a key is never
// overwritten); IoError otherwise.
Status WriteKeyPair(const std::string& dir, std::string_view stem = "token-signing");
// The public half of `key`.
PublicKey PublicKeyOf(const SigningKey& key);
Result<SigningKey> ReadSigningKey(const std::string& path);
Result<std::vector<PublicKey>> ReadPublicKeys(const std::string& path);

// The token of `claims` (checked: names as CheckIdentityName, expires_at
// after issued_at; InvalidArgument otherwise).
Result<std::string> SignToken(const Claims& claims, const SigningKey& key);

// The claims of `token` when it is well formed, signed by one of `keys`,
// issued no later than now + 5 minutes (clocks differ) and not expired at
// `now`. InvalidArgument saying which of these failed (for the log and the
// audit; callers are told less).
Result<Claims> VerifyToken(std::string_view token, const std::vector<PublicKey>& keys, int64_t now);

}  // namespace palermo::access
