// The keys of a name for tests of linkage/name_keys.h and what reads them:
// a name that KeysOf refuses fails the test and gives no keys.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

#include "linkage/name_keys.h"

namespace palermo::linkage {

inline NameKeys Keys(std::string_view name) {
  Result<NameKeys> keys = KeysOf(name);
  EXPECT_TRUE(keys.ok()) << keys.status().ToString();
  return keys.ok() ? *keys : NameKeys{};
}

}  // namespace palermo::linkage
