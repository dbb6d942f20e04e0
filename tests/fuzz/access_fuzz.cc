// Fuzzes the parsers of access control (issue #12, "Hardening"): the
// token (access/token.h), the roles policy (access/policy.h) and the
// agency of a certificate (access/identity.h). The first byte picks the
// parser, the rest is its input:
//   0: a token, checked against a fixed key (the parts before the
//      signature check: base64url, the header);
//   1: token claims, signed here with the fixed key, so that the claims'
//      parsing behind the signature check is reached too;
//   2: a policy file;
//   3: a PEM certificate;
//   4: a client certificate and the chain sent with it (split at the first
//      NUL byte), verified against a CA made at start;
//   5: a sealed value (access/seal.h): never accepted, since its key is
//      drawn at random; and the input sealed here opens to itself;
//   6: a stored tree frontier (access/merkle.h, read at palermod's start):
//      what decodes encodes to the same bytes and goes on as a tree;
//   7: a checkpoint note (what `audit verify` reads from palermod), checked
//      with the fixed key: nothing the fuzzer writes is signed with it.
// Beyond the sanitizers: what is accepted is valid (names as
// CheckIdentityName allows, a token not expired), and error messages are
// valid UTF-8 and bounded.
#include <sodium.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "access/identity.h"
#include "access/merkle.h"
#include "access/seal.h"
#include "access/policy.h"
#include "access/token.h"
#include "common/text.h"
#include "tests/access/certs.h"

namespace {

using palermo::access::PublicKey;

void Require(bool condition, const char* what, std::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "access_fuzz: %s: %s\n", what, palermo::EscapeForMessage(input, 400).c_str());
  std::abort();
}

constexpr int64_t kNow = 1800000000;

struct FixedKey {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  FixedKey() {
    if (sodium_init() < 0) std::abort();
    unsigned char seed[crypto_sign_SEEDBYTES] = {1, 2, 3};
    crypto_sign_seed_keypair(pk, sk, seed);
  }
};

const FixedKey& Key() {
  static const FixedKey key;
  return key;
}

std::string Url64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

void CheckToken(std::string_view token, std::string_view input) {
  PublicKey pk;
  std::copy(Key().pk, Key().pk + sizeof Key().pk, pk.begin());
  auto claims = palermo::access::VerifyToken(token, {pk}, kNow);
  if (!claims.ok()) {
    Require(palermo::IsValidUtf8(claims.status().message()), "a refusal that is not valid UTF-8", input);
    Require(claims.status().message().size() < 400, "a refusal that is too long", input);
    return;
  }
  Require(palermo::access::CheckIdentityName("a", claims->agency).empty(), "an invalid agency accepted", input);
  Require(palermo::access::CheckIdentityName("a", claims->analyst).empty(), "an invalid analyst accepted", input);
  Require(claims->expires_at > kNow, "an expired token accepted", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0:
      CheckToken(input, input);
      break;
    case 1: {
      std::string signing_input = Url64(R"({"alg":"EdDSA","typ":"JWT"})") + "." + Url64(input);
      unsigned char signature[crypto_sign_BYTES];
      crypto_sign_detached(signature, nullptr, reinterpret_cast<const unsigned char*>(signing_input.data()),
                           signing_input.size(), Key().sk);
      CheckToken(signing_input + "." + Url64(std::string_view(reinterpret_cast<char*>(signature), sizeof signature)),
                 input);
      break;
    }
    case 2: {
      auto policy = palermo::access::ParsePolicy(input, "fuzz");
      if (!policy.ok()) {
        Require(palermo::IsValidUtf8(policy.status().message()), "an error that is not valid UTF-8", input);
        break;
      }
      Require(!policy->grants.empty(), "a policy that grants nothing accepted", input);
      for (const auto& grant : policy->grants) {
        for (auto role : grant.roles) Require(policy->methods.count(role) > 0, "an undefined role granted", input);
      }
      break;
    }
    case 3: {
      auto agency = palermo::access::AgencyOfCertificate(input);
      if (agency.ok()) {
        Require(palermo::access::CheckIdentityName("a", *agency).empty(), "an invalid agency accepted", input);
      } else {
        Require(palermo::IsValidUtf8(agency.status().message()), "an error that is not valid UTF-8", input);
      }
      break;
    }
    case 4: {
      static auto verifier = palermo::access::CertificateVerifier::FromPem(palermo::testing::MakeCa("fuzz CA").cert_pem);
      Require(verifier.ok(), "the fuzzer's CA does not load", input);
      const size_t nul = input.find('\0');
      const std::string_view leaf = input.substr(0, nul), chain = nul == std::string_view::npos ? "" : input.substr(nul + 1);
      auto verified = verifier->Verify(leaf, chain, kNow);
      // Nothing the fuzzer writes is signed by the CA's key, made at start.
      Require(!verified.ok(), "a certificate the CA never signed verified", input);
      Require(palermo::IsValidUtf8(verified.status().message()), "an error that is not valid UTF-8", input);
      break;
    }
    case 5: {
      Require(!palermo::access::Unseal(input).ok(), "an unsealed value accepted", input);
      auto opened = palermo::access::Unseal(palermo::access::Seal(input));
      Require(opened.ok() && *opened == input, "a sealed value does not open to itself", input);
      break;
    }
    case 6: {
      palermo::access::TreeFrontier frontier;
      if (!palermo::access::TreeFrontier::Decode(input, &frontier)) {
        Require(frontier.size() == 0, "a refused frontier changed its output", input);
        break;
      }
      Require(frontier.Encode() == input, "a frontier does not encode to its bytes", input);
      if (frontier.size() < (uint64_t{1} << 62)) {
        frontier.Append(palermo::access::LeafHash(input));
        (void)frontier.Root();
      }
      break;
    }
    case 7: {
      PublicKey pk;
      std::copy(Key().pk, Key().pk + sizeof Key().pk, pk.begin());
      auto checkpoint = palermo::access::VerifyCheckpoint(input, "palermo-audit", pk);
      Require(!checkpoint.ok(), "a checkpoint never signed verified", input);
      Require(palermo::IsValidUtf8(checkpoint.status().message()), "an error that is not valid UTF-8", input);
      break;
    }
  }
  return 0;
}
