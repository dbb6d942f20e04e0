// String similarity for comparing names (issue #10, scoring): Jaro and
// Jaro-Winkler as Winkler (1990) defines them and as Splink's
// jaro_winkler_similarity computes them (match window max(|a|,|b|)/2 - 1,
// prefix scale 0.1 over at most four characters, no boost threshold).
// No Debian package offers them for C++ (rapidfuzz-cpp is not in Debian 12),
// so they are here, tested against the published values.
#pragma once

#include <string_view>

namespace palermo::linkage {

// Jaro similarity of two byte strings, in [0, 1]; 1 for two equal strings
// (two empty ones included), 0 when either is empty and the other not.
double Jaro(std::string_view a, std::string_view b);

// Jaro-Winkler: Jaro raised by the common prefix (up to four bytes) times
// 0.1. "MARTHA"/"MARHTA" 0.961, "DWAYNE"/"DUANE" 0.840, "DIXON"/"DICKSONX" 0.813.
double JaroWinkler(std::string_view a, std::string_view b);

// An upper bound of JaroWinkler(a, b), cheaper than it: Jaro with every
// byte the two have in common (as multisets) matched and none transposed,
// raised by their true common prefix. Comparisons that only ask whether a
// threshold is reached skip the pairs it rules out.
double JaroWinklerBound(std::string_view a, std::string_view b);

}  // namespace palermo::linkage
