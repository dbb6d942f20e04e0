// Checking an audit log (access/audit.h): an untouched log verifies; a
// changed entry, a missing entry, a forged checkpoint and a truncated log
// are each named. And the tree frontier gives RootOf's root at every size.
#include "access/audit.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_util.h"

namespace palermo::access {
namespace {

struct Log {
  std::vector<AuditEntry> entries;
  std::vector<std::string> checkpoints;
};

// A log of `n` entries with checkpoints at `sizes`, signed with `key`.
Log MakeLog(uint64_t n, const std::vector<uint64_t>& sizes, const SigningKey& key) {
  Log log;
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < n; ++i) {
    AuditEntry e{i, "{\"call\":" + std::to_string(i) + "}", {}};
    e.stored_leaf = LeafHash(e.text);
    leaves.push_back(e.stored_leaf);
    log.entries.push_back(e);
  }
  for (uint64_t size : sizes) {
    std::vector<Hash> prefix(leaves.begin(), leaves.begin() + static_cast<std::ptrdiff_t>(size));
    auto note = SignCheckpoint({kAuditLogName, size, RootOf(prefix)}, kAuditLogName, key);
    EXPECT_TRUE(note.ok());
    log.checkpoints.push_back(*note);
  }
  return log;
}

class AuditVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteKeyPair(dir_.path(), "audit-signing").ok());
    key_ = *ReadSigningKey(dir_.path() + "/audit-signing.key");
    public_key_ = PublicKeyOf(key_);
    log_ = MakeLog(10, {4, 8, 10}, key_);
  }
  AuditVerdict Verify() { return VerifyAuditLog(log_.entries, log_.checkpoints, public_key_); }

  palermo::testing::TempDir dir_;
  SigningKey key_;
  PublicKey public_key_;
  Log log_;
};

std::string Joined(const AuditVerdict& v) {
  std::string all;
  for (const auto& p : v.problems) all += p + "\n";
  return all;
}

TEST_F(AuditVerify, AnUntouchedLogVerifies) {
  AuditVerdict v = Verify();
  EXPECT_TRUE(v.problems.empty()) << Joined(v);
  EXPECT_EQ(v.entries, 10u);
  EXPECT_EQ(v.covered, 10u);
  // The public key file palermod writes beside the signing key is the same key.
  auto read = ReadPublicKeys(dir_.path() + "/audit-signing.pub");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->front(), public_key_);
}

TEST_F(AuditVerify, AChangedEntryIsNamed) {
  log_.entries[5].text = "{\"call\":55}";
  AuditVerdict v = Verify();
  EXPECT_NE(Joined(v).find("entry 5 was changed"), std::string::npos) << Joined(v);
  // The checkpoints after it fail too, naming the range; the one before holds.
  EXPECT_NE(Joined(v).find("one of entries 4 to 7"), std::string::npos) << Joined(v);
  EXPECT_EQ(v.covered, 4u);
}

TEST_F(AuditVerify, AnEntryChangedWithItsStoredHashStillFailsItsCheckpoint) {
  log_.entries[5].text = "{\"call\":55}";
  log_.entries[5].stored_leaf = LeafHash(log_.entries[5].text);
  AuditVerdict v = Verify();
  EXPECT_EQ(Joined(v).find("entry 5 was changed"), std::string::npos);
  EXPECT_NE(Joined(v).find("the checkpoint of 8 entries does not match"), std::string::npos) << Joined(v);
}

TEST_F(AuditVerify, AMissingEntryIsNamed) {
  log_.entries.erase(log_.entries.begin() + 2);
  AuditVerdict v = Verify();
  EXPECT_NE(Joined(v).find("entry 2 is missing"), std::string::npos) << Joined(v);
  EXPECT_EQ(v.covered, 0u);
}

TEST_F(AuditVerify, ATruncatedLogOrAForgedCheckpointIsNamed) {
  log_.entries.resize(9);
  AuditVerdict truncated = Verify();
  EXPECT_NE(Joined(truncated).find("entries 9 to 9 are missing"), std::string::npos) << Joined(truncated);
  SigningKey other;
  ASSERT_TRUE(WriteKeyPair(dir_.path() + "/other", "audit-signing").ok());
  other = *ReadSigningKey(dir_.path() + "/other/audit-signing.key");
  Log forged = MakeLog(10, {10}, other);
  AuditVerdict v = VerifyAuditLog(forged.entries, forged.checkpoints, public_key_);
  EXPECT_NE(Joined(v).find("a checkpoint does not verify"), std::string::npos) << Joined(v);
}

TEST(TreeFrontier, GivesTheRootOfEveryPrefix) {
  std::vector<Hash> leaves;
  TreeFrontier frontier;
  EXPECT_EQ(frontier.Root(), RootOf({}));
  for (int i = 0; i < 70; ++i) {
    leaves.push_back(LeafHash("entry " + std::to_string(i)));
    frontier.Append(leaves.back());
    ASSERT_EQ(frontier.Root(), RootOf(leaves)) << "size " << leaves.size();
  }
  EXPECT_EQ(frontier.size(), 70u);
}

TEST(TreeFrontier, DecodedFromItsBytesGoesOnAsTheOriginal) {
  std::vector<Hash> leaves;
  TreeFrontier frontier;
  for (int i = 0; i < 40; ++i) {
    TreeFrontier decoded;
    ASSERT_TRUE(TreeFrontier::Decode(frontier.Encode(), &decoded)) << "size " << i;
    EXPECT_EQ(decoded.size(), frontier.size());
    leaves.push_back(LeafHash("entry " + std::to_string(i)));
    frontier.Append(leaves.back());
    decoded.Append(leaves.back());
    ASSERT_EQ(decoded.Root(), RootOf(leaves)) << "size " << leaves.size();
  }
}

TEST(TreeFrontier, BytesThatNoTreeMakesAreRefused) {
  TreeFrontier frontier;
  for (int i = 0; i < 6; ++i) frontier.Append(LeafHash(std::to_string(i)));  // subtrees of 4 and 2
  const std::string bytes = frontier.Encode();
  TreeFrontier out;
  EXPECT_FALSE(TreeFrontier::Decode(bytes.substr(1), &out)) << "truncated";
  EXPECT_FALSE(TreeFrontier::Decode(bytes.substr(40) + bytes.substr(0, 40), &out)) << "sizes increasing";
  EXPECT_FALSE(TreeFrontier::Decode(bytes.substr(0, 40) + bytes.substr(0, 40), &out)) << "a size twice";
  std::string three = bytes;
  three[7] = 3;
  EXPECT_FALSE(TreeFrontier::Decode(three, &out)) << "not a power of two";
  EXPECT_EQ(out.size(), 0u) << "left unchanged";
}

TEST(Sha256, DigestsInPiecesAsAWhole) {
  Sha256 pieces, whole;
  pieces.Update("ab");
  pieces.Update("c");
  whole.Update("abc");
  EXPECT_EQ(pieces.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(whole.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, ACopyFinishesWhereItWasAndTheOriginalGoesOn) {
  Sha256 original;
  original.Update("ab");
  Sha256 copy = original;
  original.Update("c");
  EXPECT_EQ(copy.HexDigest(), "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603");  // "ab"
  EXPECT_EQ(original.HexDigest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, OfPiecesIsTheDigestOfTheirConcatenation) {
  EXPECT_EQ(HexOf(Sha256Of({"a", "", "bc"})), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexOf(Sha256Of({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace palermo::access
