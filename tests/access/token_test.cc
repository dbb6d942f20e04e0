// Tokens (access/token.h): what palermo admin token makes, palermod
// accepts, and every way a token can be wrong is refused.
#include "access/token.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"

namespace palermo::access {
namespace {

using palermo::testing::TempDir;

constexpr int64_t kNow = 1800000000;

struct Keys {
  TempDir dir;
  SigningKey signing;
  std::vector<PublicKey> verifying;
  Keys() {
    EXPECT_TRUE(WriteKeyPair(dir.path()).ok());
    signing = ReadSigningKey(dir.File(kSigningKeyFile)).value();
    verifying = ReadPublicKeys(dir.File(kPublicKeyFile)).value();
  }
};

Claims Alice() { return {"border-police", "alice", Role::kImporter, kNow - 10, kNow + 86400}; }

TEST(Token, SignedTokenVerifiesWithItsClaims) {
  Keys keys;
  auto token = SignToken(Alice(), keys.signing);
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  EXPECT_EQ(std::count(token->begin(), token->end(), '.'), 2) << "JWS compact serialization";
  auto claims = VerifyToken(*token, keys.verifying, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->agency, "border-police");
  EXPECT_EQ(claims->analyst, "alice");
  EXPECT_EQ(claims->role, Role::kImporter);
  EXPECT_EQ(claims->expires_at, kNow + 86400);
}

TEST(Token, ExpiredFutureForgedAndForeignTokensAreRefused) {
  Keys keys, other;
  const std::string token = SignToken(Alice(), keys.signing).value();
  EXPECT_NE(VerifyToken(token, keys.verifying, kNow + 86400).status().message().find("expired"), std::string::npos);
  Claims future = Alice();
  future.issued_at = kNow + 3600;
  future.expires_at = kNow + 7200;
  EXPECT_NE(VerifyToken(SignToken(future, keys.signing).value(), keys.verifying, kNow).status().message().find("future"),
            std::string::npos);
  // Signed by another key: refused, and accepted once that key is listed too (rotation).
  const std::string foreign = SignToken(Alice(), other.signing).value();
  EXPECT_NE(VerifyToken(foreign, keys.verifying, kNow).status().message().find("does not verify"), std::string::npos);
  std::vector<PublicKey> both = keys.verifying;
  both.push_back(other.verifying[0]);
  EXPECT_TRUE(VerifyToken(foreign, both, kNow).ok());
  // The claims changed after signing (admin instead of importer): the signature no longer holds.
  const size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string forged = token.substr(0, dot1 + 1) + "eyJpc3MiOiJwYWxlcm1vIn0" + token.substr(dot2);
  EXPECT_EQ(VerifyToken(forged, keys.verifying, kNow).status().code(), Status::Code::kInvalidArgument);
  std::string flipped = token;
  flipped[dot1 + 5] = flipped[dot1 + 5] == 'A' ? 'B' : 'A';
  EXPECT_NE(VerifyToken(flipped, keys.verifying, kNow).status().message().find("does not verify"), std::string::npos);
  for (const char* bad : {"", "a.b", "a.b.c.d", "!!!.???.***", "eyJhbGciOiJub25lIn0.e30."}) {
    EXPECT_EQ(VerifyToken(bad, keys.verifying, kNow).status().code(), Status::Code::kInvalidArgument) << bad;
  }
}

TEST(Token, NamesAndLifetimeAreChecked) {
  Keys keys;
  Claims c = Alice();
  c.agency = "border police";
  EXPECT_FALSE(SignToken(c, keys.signing).ok());
  c = Alice();
  c.analyst = "";
  EXPECT_FALSE(SignToken(c, keys.signing).ok());
  c = Alice();
  c.expires_at = c.issued_at;
  EXPECT_FALSE(SignToken(c, keys.signing).ok());
  EXPECT_EQ(CheckIdentityName("agency", "labour-inspectorate.it_2"), "");
  EXPECT_NE(CheckIdentityName("agency", std::string(65, 'a')), "");
  EXPECT_NE(CheckIdentityName("agency", "a/b"), "");
  for (Role role : {Role::kReader, Role::kImporter, Role::kLinker, Role::kAdmin}) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_FALSE(ParseRole("root"));
}

TEST(TokenKeys, TheSecretIsPrivateAndNeverOverwritten) {
  TempDir dir;
  ASSERT_TRUE(WriteKeyPair(dir.File("keys")).ok());
  struct stat st;
  ASSERT_EQ(::stat(dir.File("keys/token-signing.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(WriteKeyPair(dir.File("keys")).code(), Status::Code::kAlreadyExists);
  palermo::testing::WriteFile(dir.File("bad.pub"), "# a comment\nnot base64!\n");
  EXPECT_NE(ReadPublicKeys(dir.File("bad.pub")).status().message().find("key 1"), std::string::npos);
  palermo::testing::WriteFile(dir.File("empty.pub"), "# nothing\n");
  EXPECT_EQ(ReadPublicKeys(dir.File("empty.pub")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadSigningKey(dir.File("missing")).status().code(), Status::Code::kIoError);
  EXPECT_EQ(ReadSigningKey(dir.File("keys/token-signing.pub")).status().code(), Status::Code::kInvalidArgument)
      << "a public key is never read as the signing key";
  EXPECT_EQ(ReadPublicKeys(dir.File("keys/token-signing.key")).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace palermo::access
