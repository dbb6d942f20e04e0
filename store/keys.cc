#include "store/keys.h"

#include <cctype>

#include "palermo/v1/model.pb.h"

namespace palermo::store {

void PutFixed64BE(std::string* out, uint64_t value) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  out->append(buf, 8);
}

uint64_t DecodeFixed64BE(std::string_view in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(in[i]);
  return value;
}

void PutSigned64BE(std::string* out, int64_t value) {
  PutFixed64BE(out, static_cast<uint64_t>(value) ^ (uint64_t{1} << 63));
}

int64_t DecodeSigned64BE(std::string_view in) {
  return static_cast<int64_t>(DecodeFixed64BE(in) ^ (uint64_t{1} << 63));
}

std::string EncodeNodeKey(NodeId id) {
  std::string key;
  PutFixed64BE(&key, id);
  return key;
}

NodeId DecodeNodeKey(std::string_view key) { return DecodeFixed64BE(key); }

std::string EncodeEdgeKey(NodeId first, uint8_t label, NodeId second) {
  std::string key;
  key.reserve(kEdgeKeySize);
  PutFixed64BE(&key, first);
  key.push_back(static_cast<char>(label));
  PutFixed64BE(&key, second);
  return key;
}

bool DecodeEdgeKey(std::string_view key, EdgeKey* out) {
  if (key.size() != kEdgeKeySize) return false;
  out->first = DecodeFixed64BE(key);
  out->label = static_cast<uint8_t>(key[kIdSize]);
  out->second = DecodeFixed64BE(key.substr(kIdSize + 1));
  return true;
}

std::string EncodeEdgePrefix(NodeId first) { return EncodeNodeKey(first); }

std::string EncodeTimeKey(int64_t seconds, NodeId id) {
  std::string key;
  key.reserve(kTimeKeySize);
  PutSigned64BE(&key, seconds);
  PutFixed64BE(&key, id);
  return key;
}

std::string EncodeIdentKey(uint8_t type, std::string_view normalized_value, NodeId id) {
  std::string key;
  key.push_back(static_cast<char>(type));
  key.append(normalized_value);
  key.push_back('\0');
  PutFixed64BE(&key, id);
  return key;
}

namespace {

constexpr char kFindingTag = 'f';
constexpr char kFindingIndexTag = 'k';

void AppendFindingParts(const FindingKey& finding, std::string* out) {
  out->append(finding.type);
  out->push_back('\0');
  out->append(finding.subject);
  out->push_back('\0');
  out->append(finding.id);
}

bool DecodeFindingParts(std::string_view in, FindingKey* finding) {
  size_t first = in.find('\0');
  if (first == std::string_view::npos) return false;
  size_t second = in.find('\0', first + 1);
  if (second == std::string_view::npos) return false;
  finding->type = std::string(in.substr(0, first));
  finding->subject = std::string(in.substr(first + 1, second - first - 1));
  finding->id = std::string(in.substr(second + 1));
  return true;
}

}  // namespace

std::string EncodeFindingKey(const FindingKey& key) {
  std::string out(1, kFindingTag);
  AppendFindingParts(key, &out);
  return out;
}

bool DecodeFindingKey(std::string_view encoded, FindingKey* key) {
  if (encoded.empty() || encoded[0] != kFindingTag) return false;
  return DecodeFindingParts(encoded.substr(1), key);
}

std::string EncodeFindingTypePrefix(std::string_view type) {
  std::string out(1, kFindingTag);
  if (!type.empty()) {
    out.append(type);
    out.push_back('\0');
  }
  return out;
}

std::string EncodeFindingIndexPrefix(std::string_view key) {
  std::string out(1, kFindingIndexTag);
  out.append(key);
  out.push_back('\0');
  return out;
}

std::string EncodeFindingIndexKey(std::string_view key, const FindingKey& finding) {
  std::string out = EncodeFindingIndexPrefix(key);
  AppendFindingParts(finding, &out);
  return out;
}

bool DecodeFindingIndexKey(std::string_view encoded, FindingKey* finding) {
  if (encoded.empty() || encoded[0] != kFindingIndexTag) return false;
  size_t end_of_key = encoded.find('\0');
  if (end_of_key == std::string_view::npos) return false;
  return DecodeFindingParts(encoded.substr(end_of_key + 1), finding);
}

std::string NormalizeIdentifier(uint8_t type, std::string_view value) {
  std::string out;
  using palermo::v1::IdentifierType;
  switch (static_cast<IdentifierType>(type)) {
    case palermo::v1::IDENTIFIER_TYPE_EMAIL:
    case palermo::v1::IDENTIFIER_TYPE_SOCIAL_MEDIA:
    case palermo::v1::IDENTIFIER_TYPE_CRYPTO_WALLET:
      for (char c : value) {
        if (c == '\0' || std::isspace(static_cast<unsigned char>(c))) continue;
        // Wallet addresses are case-sensitive in some chains: keep them.
        out.push_back(type == palermo::v1::IDENTIFIER_TYPE_CRYPTO_WALLET
                          ? c
                          : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      break;
    case palermo::v1::IDENTIFIER_TYPE_PHONE:
      for (char c : value) {
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out.push_back(c);
      }
      break;
    default:
      for (char c : value) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out.push_back(static_cast<char>(std::toupper(u)));
        else if (u >= 0x80) out.push_back(c);  // keep non-ASCII letters as they are
      }
  }
  return out;
}

std::string EncodeLinkagePairKey(char tag, uint64_t first, uint64_t second) {
  std::string key;
  EncodeLinkagePairKey(tag, first, second, &key);
  return key;
}

void EncodeLinkagePairKey(char tag, uint64_t first, uint64_t second, std::string* out) {
  out->assign(1, tag);
  PutFixed64BE(out, first);
  PutFixed64BE(out, second);
}

std::string EncodeLinkagePrefix(char tag, uint64_t first) {
  std::string key(1, tag);
  PutFixed64BE(&key, first);
  return key;
}

bool DecodeLinkagePairKey(std::string_view key, char* tag, uint64_t* first, uint64_t* second) {
  if (key.size() != kLinkagePairKeySize) return false;
  *tag = key[0];
  *first = DecodeFixed64BE(key.substr(1));
  *second = DecodeFixed64BE(key.substr(1 + kIdSize));
  return true;
}

std::string EncodeProjectionEdgeKey(NodeId via, NodeId u, NodeId v, uint8_t kind) {
  std::string key = EncodeProjectionPrefix(kProjectionEdgeTag, via);
  PutFixed64BE(&key, u);
  PutFixed64BE(&key, v);
  key.push_back(static_cast<char>(kind));
  return key;
}

std::string EncodeProjectionPrefix(char tag, NodeId via) {
  std::string key(1, tag);
  PutFixed64BE(&key, via);
  return key;
}

std::string EncodeAuditKey(char tag, uint64_t number) {
  std::string key(1, tag);
  PutFixed64BE(&key, number);
  return key;
}

bool DecodeAuditKey(std::string_view key, char* tag, uint64_t* number) {
  if (key.size() != kAuditKeySize) return false;
  *tag = key[0];
  *number = DecodeFixed64BE(key.substr(1));
  return true;
}

std::string EncodeProjectionLegKey(NodeId via, NodeId subject, NodeId from, NodeId to) {
  std::string key = EncodeProjectionPrefix(kProjectionLegTag, via);
  PutFixed64BE(&key, subject);
  PutFixed64BE(&key, from);
  PutFixed64BE(&key, to);
  return key;
}

bool DecodeProjectionLegKey(std::string_view key, NodeId* via, NodeId* subject, NodeId* from, NodeId* to) {
  if (key.size() != kProjectionLegKeySize || key[0] != kProjectionLegTag) return false;
  *via = DecodeFixed64BE(key.substr(1));
  *subject = DecodeFixed64BE(key.substr(1 + kIdSize));
  *from = DecodeFixed64BE(key.substr(1 + 2 * kIdSize));
  *to = DecodeFixed64BE(key.substr(1 + 3 * kIdSize));
  return true;
}

bool DecodeProjectionEdgeKey(std::string_view key, NodeId* via, NodeId* u, NodeId* v, uint8_t* kind) {
  if (key.size() != kProjectionEdgeKeySize || key[0] != kProjectionEdgeTag) return false;
  *via = DecodeFixed64BE(key.substr(1));
  *u = DecodeFixed64BE(key.substr(1 + kIdSize));
  *v = DecodeFixed64BE(key.substr(1 + 2 * kIdSize));
  *kind = static_cast<uint8_t>(key[1 + 3 * kIdSize]);
  return true;
}

}  // namespace palermo::store
