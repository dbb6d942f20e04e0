#include "linkage/signatures.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <map>

#include "format/json.h"
#include "linkage/clk.h"
#include "linkage/levels.h"

namespace palermo::linkage {
namespace {

constexpr char kSignatureKeyInfo[] = "palermo clk blocking signatures 1";
constexpr size_t kSignatureBytes = 12;  // 96 bits: 16 base64 characters

// The options the signed keys are made with: the clear rules, built once
// (an encoding makes the signatures of every person).
const BlockingOptions& ClearOptions() {
  static const BlockingOptions options = [] {
    BlockingOptions o;
    o.rules = ClearBlockingRules();
    return o;
  }();
  return options;
}

// Each clear rule's index by its name.
const std::map<std::string, int, std::less<>>& ClearRuleIndexes() {
  static const std::map<std::string, int, std::less<>> indexes = [] {
    std::map<std::string, int, std::less<>> out;
    const std::vector<BlockingRule>& clear = ClearOptions().rules;
    for (size_t r = 0; r < clear.size(); ++r) out[clear[r].name] = static_cast<int>(r);
    return out;
  }();
  return indexes;
}

// The rules the birth level reads, in the order of Profile::birth_signatures.
enum BirthRule { kSkeletonRule, kSkeletonYearRule, kDayInitialRule };
const std::array<int, 3>& BirthRules() {
  static const std::array<int, 3> rules = {ClearRuleIndexes().at("name_skeleton"),
                                           ClearRuleIndexes().at("name_skeleton+birth_year"),
                                           ClearRuleIndexes().at("birth_day+initial")};
  return rules;
}

bool Has(const Profile& p, BirthRule rule) {
  const SignatureRange& r = p.birth_signatures[rule];
  return r.begin != r.end;
}

// Whether the two persons share a signature of `rule` (both ranges sorted).
bool Share(const Profile& a, const Profile& b, BirthRule rule) {
  const Signature* x = a.clk_signatures.data() + a.birth_signatures[rule].begin;
  const Signature* const x_end = a.clk_signatures.data() + a.birth_signatures[rule].end;
  const Signature* y = b.clk_signatures.data() + b.birth_signatures[rule].begin;
  const Signature* const y_end = b.clk_signatures.data() + b.birth_signatures[rule].end;
  while (x != x_end && y != y_end) {
    if (x->value < y->value) ++x;
    else if (y->value < x->value) ++y;
    else return true;
  }
  return false;
}

}  // namespace

void SetSignatures(std::vector<Signature> signatures, Profile* person) {
  person->clk_signatures = std::move(signatures);
  const std::vector<Signature>& all = person->clk_signatures;
  for (size_t k = 0; k < BirthRules().size(); ++k) {
    const int rule = BirthRules()[k];
    auto first = std::lower_bound(all.begin(), all.end(), Signature{rule, 0});
    auto end = std::lower_bound(first, all.end(), Signature{rule + 1, 0});
    person->birth_signatures[k] = {static_cast<uint32_t>(first - all.begin()), static_cast<uint32_t>(end - all.begin())};
  }
}

bool HasSignedBirthYear(const Profile& person) { return Has(person, kSkeletonYearRule); }

int8_t BirthLevelFromSignatures(const Profile& a, const Profile& b) {
  if (a.clk_signatures.empty() || b.clk_signatures.empty()) return levels::kNull;
  if (Share(a, b, kDayInitialRule)) return levels::kDateSameDay;
  if (!Share(a, b, kSkeletonRule)) return levels::kNull;
  if (HasSignedBirthYear(a) && HasSignedBirthYear(b) && !Share(a, b, kSkeletonYearRule)) {
    return levels::kDateDiffer;
  }
  return levels::kNull;
}

Result<std::vector<uint8_t>> SignatureKey(std::string_view secret) {
  return DeriveKey(secret, kSignatureKeyInfo, crypto_generichash_KEYBYTES);
}

SignatureSet BlockingSignatures(const Profile& clear, const std::vector<uint8_t>& key) {
  if (sodium_init() < 0) return {};
  const BlockingOptions& options = ClearOptions();
  SignatureSet out;
  int last_rule = -1;
  for (const BlockKey& block_key : BlockKeysOf(clear, options)) {  // rule by rule
    const std::string& rule = options.rules[block_key.rule].name;
    if (block_key.rule != last_rule) out.push_back({rule, {}});
    last_rule = block_key.rule;
    // The rule's name, a NUL, the value: keys of two rules never meet.
    std::string message = rule;
    message.push_back('\0');
    message += block_key.value;
    unsigned char digest[crypto_generichash_BYTES_MIN];
    static_assert(sizeof digest >= kSignatureBytes);
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       key.data(), key.size());
    char text[sodium_base64_ENCODED_LEN(kSignatureBytes, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, digest, kSignatureBytes, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out.back().second.emplace_back(text);
  }
  for (auto& [rule, signatures] : out) {
    std::sort(signatures.begin(), signatures.end());
    signatures.erase(std::unique(signatures.begin(), signatures.end()), signatures.end());
  }
  return out;
}

std::string SignaturesJson(const SignatureSet& signatures) {
  std::string out = "{";
  for (size_t r = 0; r < signatures.size(); ++r) {
    if (r > 0) out += ',';
    format::AppendJsonString(signatures[r].first, &out);
    out += ":[";
    for (size_t i = 0; i < signatures[r].second.size(); ++i) {
      if (i > 0) out += ',';
      format::AppendJsonString(signatures[r].second[i], &out);
    }
    out += ']';
  }
  out += '}';
  return out;
}

Result<std::vector<Signature>> ReadSignatures(std::string_view json) {
  const auto& rules = ClearRuleIndexes();
  const std::string field = kSignaturesField;
  format::JsonValue value;
  std::string error;
  if (!format::ParseJson(json, &value, &error)) return Status::InvalidArgument(field + ": " + error);
  if (!value.is_object()) return Status::InvalidArgument(field + ": not an object of rule names to signatures");
  if (sodium_init() < 0) return Status::Unavailable("libsodium cannot be initialised");
  std::vector<Signature> out;
  for (const auto& [name, list] : value.members()) {
    auto rule = rules.find(name);
    if (rule == rules.end()) {
      return Status::InvalidArgument(field + ": \"" + name + "\" is not a blocking rule of this version");
    }
    if (!list.is_array()) return Status::InvalidArgument(field + "." + name + ": not a list of signatures");
    for (size_t i = 0; i < list.items().size(); ++i) {
      const format::JsonValue& item = list.items()[i];
      unsigned char bytes[kSignatureBytes];
      size_t length = 0;
      const char* end = nullptr;
      if (!item.is_string() ||
          sodium_base642bin(bytes, sizeof bytes, item.text().data(), item.text().size(), nullptr, &length, &end,
                            sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
          end != item.text().data() + item.text().size() || length != kSignatureBytes) {
        return Status::InvalidArgument(field + "." + name + ": item " + std::to_string(i + 1) +
                                       " is not a signature (" + std::to_string(kSignatureBytes) +
                                       " bytes in base64)");
      }
      uint64_t first = 0;
      for (int b = 7; b >= 0; --b) first = (first << 8) | bytes[b];
      out.push_back({rule->second, first});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace palermo::linkage
