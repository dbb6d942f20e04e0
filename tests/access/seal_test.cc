// Sealed values between the parts of one palermod (access/seal.h).
#include "access/seal.h"

#include <gtest/gtest.h>

namespace palermo::access {
namespace {

TEST(Seal, ASealedValueOpensToItsText) {
  auto text = Unseal(Seal("border-police alice reader"));
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "border-police alice reader");
  EXPECT_EQ(*Unseal(Seal("")), "");
}

TEST(Seal, ChangedForgedOrUnsealedValuesAreRefused) {
  std::string sealed = Seal("border-police alice reader");
  std::string changed = sealed;
  changed[0] = 'c';
  EXPECT_FALSE(Unseal(changed).ok());
  // The same text with another value's seal.
  const std::string other = Seal("labour-inspectorate bob admin");
  EXPECT_FALSE(Unseal("labour-inspectorate bob admin" + sealed.substr(sealed.rfind('.'))).ok());
  EXPECT_TRUE(Unseal(other).ok());
  EXPECT_FALSE(Unseal("border-police alice reader").ok());
  EXPECT_FALSE(Unseal("border-police.AAAA").ok());
  EXPECT_FALSE(Unseal("").ok());
}

}  // namespace
}  // namespace palermo::access
