// Small pieces the benchmark programs share.
#pragma once

#include <chrono>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace palermo::bench {

using Clock = std::chrono::steady_clock;

inline double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// "10000,100000" -> {10000, 100000}; "0" (or "") -> none.
inline std::vector<uint64_t> ParseSizes(const std::string& text) {
  std::vector<uint64_t> sizes;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    if (!item.empty() && std::stoull(item) > 0) sizes.push_back(std::stoull(item));
  }
  return sizes;
}

}  // namespace palermo::bench
