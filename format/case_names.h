// The case format's own small closed vocabularies, shared by its reader
// (case_format.cc) and writer (case_writer.cc); index = enum value of the
// model. The vocabularies every layer shares are model/vocabulary.h's.
#pragma once

#include <array>

namespace palermo::format::names {

constexpr std::array<const char*, 4> kSexNames = {"", "F", "M", "X"};
constexpr std::array<const char*, 3> kEntryNames = {"", "regular", "irregular"};
constexpr std::array<const char*, 7> kReliabilityNames = {"", "A", "B", "C", "D", "E", "F"};
constexpr std::array<const char*, 7> kCredibilityNames = {"", "1", "2", "3", "4", "5", "6"};
constexpr std::array<const char*, 5> kHandlingCodeNames = {"", "H0", "H1", "H2", "H3"};

}  // namespace palermo::format::names
