// Fuzzes the ISO 8601 date parser (format/date.h). Beyond the sanitizers it
// checks that an accepted date is an interval (first <= last) within years
// 1-9999 give or take a day of zone offset, and that a refusal's reason is
// short and valid UTF-8.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text.h"
#include "format/date.h"
#include "model/dates.h"

namespace {

void Require(bool condition, const char* what, std::string_view input) {
  if (condition) return;
  std::fprintf(stderr, "date_fuzz: %s: %s\n", what, palermo::EscapeForMessage(input, 400).c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  palermo::format::DateInterval interval;
  std::string reason;
  if (!palermo::format::ParseIsoDate(text, &interval, &reason)) {
    Require(palermo::IsValidUtf8(reason), "a reason that is not valid UTF-8", text);
    Require(reason.size() < 400, "a reason that is too long", text);
    return 0;
  }
  Require(interval.first_s <= interval.last_s, "an interval that ends before it starts", text);
  constexpr int64_t kDay = 86400;
  const int64_t earliest = palermo::model::DaysFromCivil(1, 1, 1) * kDay - kDay;
  const int64_t latest = palermo::model::DaysFromCivil(10000, 1, 1) * kDay + kDay;
  Require(interval.first_s >= earliest && interval.last_s <= latest, "an interval outside years 1-9999", text);
  return 0;
}
