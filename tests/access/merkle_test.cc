// The audit log's tree (access/merkle.h): RFC 6962's published tree heads
// and inclusion paths reproduced, every proof of trees up to 33 leaves
// verified and its tampering refused, checkpoints signed and checked.
#include "access/merkle.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/test_util.h"

namespace palermo::access {
namespace {

std::string Hex(const Hash& h) {
  std::string out;
  char byte[3];
  for (uint8_t b : h) {
    std::snprintf(byte, sizeof byte, "%02x", b);
    out += byte;
  }
  return out;
}

Hash FromHex(const std::string& hex) {
  Hash h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return h;
}

// The eight entries of the RFC 6962 test data (Certificate Transparency's
// and Trillian's tests) and the tree heads of their prefixes.
std::vector<Hash> Rfc6962Leaves() {
  const std::string entries[] = {"",
                                 std::string("\x00", 1),
                                 "\x10",
                                 "\x20\x21",
                                 "\x30\x31",
                                 "\x40\x41\x42\x43",
                                 "\x50\x51\x52\x53\x54\x55\x56\x57",
                                 "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f"};
  std::vector<Hash> leaves;
  for (const std::string& e : entries) leaves.push_back(LeafHash(e));
  return leaves;
}

const char* const kRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(Merkle, ReproducesTheRfc6962TreeHeads) {
  const std::vector<Hash> leaves = Rfc6962Leaves();
  for (size_t n = 0; n <= leaves.size(); ++n) {
    EXPECT_EQ(Hex(RootOf({leaves.begin(), leaves.begin() + n})), kRoots[n]) << "size " << n;
  }
}

TEST(Merkle, ReproducesTheRfc6962InclusionPaths) {
  const std::vector<Hash> leaves = Rfc6962Leaves();
  EXPECT_EQ(InclusionProof(leaves, 0),
            (std::vector<Hash>{FromHex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                               FromHex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                               FromHex("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")}));
  EXPECT_TRUE(VerifyInclusion(0, 8, leaves[0], InclusionProof(leaves, 0), FromHex(kRoots[8])));
  EXPECT_EQ(InclusionProof(leaves, 5)[0], FromHex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
}

TEST(Merkle, EveryProofOfSmallTreesVerifiesAndTamperingFails) {
  std::vector<Hash> all;
  for (int i = 0; i < 33; ++i) all.push_back(LeafHash("entry " + std::to_string(i)));
  for (uint64_t n = 1; n <= all.size(); ++n) {
    const std::vector<Hash> leaves(all.begin(), all.begin() + n);
    const Hash root = RootOf(leaves);
    for (uint64_t i = 0; i < n; ++i) {
      const std::vector<Hash> path = InclusionProof(leaves, i);
      ASSERT_TRUE(VerifyInclusion(i, n, leaves[i], path, root)) << i << " of " << n;
      EXPECT_FALSE(VerifyInclusion(i, n, LeafHash("forged"), path, root));
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((i + 1) % n, n, leaves[i], path, root));
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      const std::vector<Hash> proof = ConsistencyProof(leaves, m);
      const Hash root_m = RootOf({leaves.begin(), leaves.begin() + m});
      ASSERT_TRUE(VerifyConsistency(m, n, root_m, root, proof)) << m << " in " << n;
      if (m < n) {
        EXPECT_FALSE(VerifyConsistency(m, n, LeafHash("x"), root, proof));
        std::vector<Hash> bad = proof;
        bad.back()[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(m, n, root_m, root, bad)) << m << " in " << n;
      }
    }
  }
}

TEST(Checkpoint, SignedNoteVerifiesAndTamperingFails) {
  palermo::testing::TempDir dir;
  ASSERT_TRUE(WriteKeyPair(dir.path()).ok());
  const SigningKey key = ReadSigningKey(dir.File(kSigningKeyFile)).value();
  const PublicKey pub = ReadPublicKeys(dir.File(kPublicKeyFile)).value()[0];
  Checkpoint checkpoint{"palermo.example/audit", 8, FromHex(kRoots[8])};
  auto note = SignCheckpoint(checkpoint, "palermod", key);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->substr(0, note->find("\n\n") + 1),
            "palermo.example/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
  EXPECT_NE(note->find("\n\n\xe2\x80\x94 palermod "), std::string::npos) << *note;
  auto read = VerifyCheckpoint(*note, "palermod", pub);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->size, 8u);
  EXPECT_EQ(read->root, checkpoint.root);
  std::string grown = *note;
  grown.replace(grown.find("\n8\n"), 3, "\n9\n");
  EXPECT_FALSE(VerifyCheckpoint(grown, "palermod", pub).ok());
  EXPECT_FALSE(VerifyCheckpoint(*note, "someone-else", pub).ok());
  EXPECT_FALSE(VerifyCheckpoint("no note", "palermod", pub).ok());
  EXPECT_FALSE(SignCheckpoint(checkpoint, "two words", key).ok());
}

}  // namespace
}  // namespace palermo::access
