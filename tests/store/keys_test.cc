#include "store/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "palermo/v1/model.pb.h"

namespace palermo::store {
namespace {

TEST(Keys, Fixed64RoundTripsAndSortsNumerically) {
  std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ull << 32, (1ull << 63) - 1, 1ull << 63, ~0ull};
  for (size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(DecodeNodeKey(EncodeNodeKey(values[i])), values[i]);
    if (i > 0) {
      EXPECT_LT(EncodeNodeKey(values[i - 1]), EncodeNodeKey(values[i])) << values[i];
    }
  }
}

TEST(Keys, SignedTimesSortNumerically) {
  std::vector<int64_t> times = {INT64_MIN, -86400 * 365LL * 100, -1, 0, 1, 1700000000, INT64_MAX};
  for (size_t i = 0; i < times.size(); ++i) {
    std::string encoded;
    PutSigned64BE(&encoded, times[i]);
    EXPECT_EQ(DecodeSigned64BE(encoded), times[i]);
    if (i > 0) {
      EXPECT_LT(EncodeTimeKey(times[i - 1], 99), EncodeTimeKey(times[i], 1)) << times[i];
    }
  }
  EXPECT_LT(EncodeTimeKey(5, 1), EncodeTimeKey(5, 2));
}

TEST(Keys, RandomNodeKeysSortLikeTheirIds) {
  std::mt19937_64 random(42);
  std::vector<uint64_t> ids(2000);
  for (auto& id : ids) id = random() >> (random() % 64);
  std::vector<std::string> keys;
  for (auto id : ids) keys.push_back(EncodeNodeKey(id));
  std::sort(ids.begin(), ids.end());
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(DecodeNodeKey(keys[i]), ids[i]);
}

TEST(Keys, EdgeKeysGroupByNodeThenLabelThenOtherEnd) {
  EXPECT_EQ(EncodeEdgeKey(1, 2, 3).size(), kEdgeKeySize);
  EdgeKey decoded;
  ASSERT_TRUE(DecodeEdgeKey(EncodeEdgeKey(300, 9, 1ull << 40), &decoded));
  EXPECT_EQ(decoded.first, 300u);
  EXPECT_EQ(decoded.label, 9);
  EXPECT_EQ(decoded.second, 1ull << 40);
  EXPECT_FALSE(DecodeEdgeKey("short", &decoded));
  // All edges of node 256 sort after those of 255 whatever the label, and
  // start with its prefix.
  EXPECT_LT(EncodeEdgeKey(255, 10, ~0ull), EncodeEdgeKey(256, 1, 0));
  EXPECT_LT(EncodeEdgeKey(256, 1, 999), EncodeEdgeKey(256, 2, 0));
  EXPECT_EQ(EncodeEdgeKey(256, 7, 5).rfind(EncodeEdgePrefix(256), 0), 0u);
  EXPECT_LT(EncodeEdgeKey(256, 10, ~0ull), EncodeEdgePrefix(257));
}

TEST(Keys, IdentifierValuesAreNormalized) {
  using palermo::v1::IdentifierType;
  EXPECT_EQ(NormalizeIdentifier(palermo::v1::IDENTIFIER_TYPE_PASSPORT, " n0049-312 "), "N0049312");
  EXPECT_EQ(NormalizeIdentifier(palermo::v1::IDENTIFIER_TYPE_PHONE, "+44 (0)20 7946-0958"), "+4402079460958");
  EXPECT_EQ(NormalizeIdentifier(palermo::v1::IDENTIFIER_TYPE_EMAIL, " Ana.Lee@Example.ORG"), "ana.lee@example.org");
  EXPECT_EQ(NormalizeIdentifier(palermo::v1::IDENTIFIER_TYPE_CRYPTO_WALLET, "bc1QxY"), "bc1QxY");
  std::string key = EncodeIdentKey(palermo::v1::IDENTIFIER_TYPE_PASSPORT, "N0049312", 7);
  EXPECT_EQ(key.size(), 1 + 8 + 1 + 8u);
}

// The linkage family: a person's entries of one tag sort together, by the
// first id then the second, and a prefix scan of (tag, first) finds exactly
// them; tags keep the kinds of entry apart.
TEST(Keys, ProjectionEdgeKeysGroupByTheRecordThatMakesThemAndReadBack) {
  EXPECT_EQ(EncodeProjectionEdgeKey(1, 2, 3, 4).size(), kProjectionEdgeKeySize);
  EXPECT_EQ(EncodeProjectionEdgeKey(5, 2, 3, 4).substr(0, 9), EncodeProjectionPrefix(kProjectionEdgeTag, 5));
  EXPECT_EQ(EncodeProjectionLegKey(5, 2, 3, 4).substr(0, 9), EncodeProjectionPrefix(kProjectionLegTag, 5));
  EXPECT_LT(EncodeProjectionEdgeKey(~0ull, ~0ull, ~0ull, 255), EncodeProjectionLegKey(0, 0, 0, 0));  // edges, then legs
  EXPECT_LT(EncodeProjectionEdgeKey(1, ~0ull, ~0ull, 9), EncodeProjectionEdgeKey(2, 0, 0, 0));
  EXPECT_LT(EncodeProjectionEdgeKey(1, 2, 3, 4), EncodeProjectionEdgeKey(1, 2, 3, 5));
  EXPECT_LT(EncodeProjectionEdgeKey(255, 0, 0, 0), EncodeProjectionEdgeKey(256, 0, 0, 0));
  NodeId via, u, v;
  uint8_t kind;
  ASSERT_TRUE(DecodeProjectionEdgeKey(EncodeProjectionEdgeKey(1ull << 40, 7, ~0ull, 6), &via, &u, &v, &kind));
  EXPECT_EQ(via, 1ull << 40);
  EXPECT_EQ(u, 7u);
  EXPECT_EQ(v, ~0ull);
  EXPECT_EQ(kind, 6);
  EXPECT_FALSE(DecodeProjectionEdgeKey(EncodeLinkagePairKey(kLinkageCandidateTag, 1, 2), &via, &u, &v, &kind));
  NodeId subject, from, to;
  ASSERT_TRUE(DecodeProjectionLegKey(EncodeProjectionLegKey(9, 8, 7, 1ull << 50), &via, &subject, &from, &to));
  EXPECT_EQ(via, 9u);
  EXPECT_EQ(subject, 8u);
  EXPECT_EQ(from, 7u);
  EXPECT_EQ(to, 1ull << 50);
  EXPECT_FALSE(DecodeProjectionLegKey(EncodeProjectionEdgeKey(1, 2, 3, 4), &via, &subject, &from, &to));
}

TEST(Keys, LinkagePairKeysGroupByTagThenFirstThenSecond) {
  EXPECT_EQ(EncodeLinkagePairKey(kLinkageCandidateTag, 1, 2).size(), kLinkagePairKeySize);
  char tag = 0;
  uint64_t first = 0, second = 0;
  ASSERT_TRUE(DecodeLinkagePairKey(EncodeLinkagePairKey(kLinkageBlockTag, ~0ull, 1ull << 40), &tag, &first, &second));
  EXPECT_EQ(tag, kLinkageBlockTag);
  EXPECT_EQ(first, ~0ull);
  EXPECT_EQ(second, 1ull << 40);
  EXPECT_FALSE(DecodeLinkagePairKey("short", &tag, &first, &second));
  EXPECT_LT(EncodeLinkagePairKey(kLinkageCandidateTag, 255, ~0ull), EncodeLinkagePairKey(kLinkageCandidateTag, 256, 0));
  EXPECT_LT(EncodeLinkagePairKey(kLinkageCandidateTag, 256, 1), EncodeLinkagePairKey(kLinkageCandidateTag, 256, 2));
  EXPECT_EQ(EncodeLinkagePairKey(kLinkagePartnerTag, 256, 7).rfind(EncodeLinkagePrefix(kLinkagePartnerTag, 256), 0), 0u);
  EXPECT_LT(EncodeLinkagePairKey(kLinkagePartnerTag, 256, ~0ull), EncodeLinkagePrefix(kLinkagePartnerTag, 257));
  // Every block entry sorts before every candidate, and the model's and the
  // persons' single keys apart from both.
  EXPECT_LT(EncodeLinkagePairKey(kLinkageBlockTag, ~0ull, ~0ull), EncodeLinkagePairKey(kLinkageCandidateTag, 0, 0));
  EXPECT_NE(std::string(kLinkageModelKey), std::string(kLinkagePersonsKey));
  EXPECT_EQ(std::string(kLinkageModelKey).size(), 1u);
}

}  // namespace
}  // namespace palermo::store
