#include "linkage/profile.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <cctype>

#include "common/parallel.h"
#include "format/json.h"
#include "linkage/encode.h"
#include "linkage/signatures.h"
#include "linkage/transliterate.h"
#include "model/dates.h"
#include "model/vocabulary.h"

namespace palermo::linkage {
namespace {

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// The words of an address, lower-cased, sorted, without duplicates.
std::vector<std::string> AddressWords(std::string_view address) {
  std::vector<std::string> words;
  std::string word;
  for (char c : address) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Without a birth date, the span the record's stated ages allow
// (model::BornIfAged, as the reasoner reads them); several ages, the span
// they all allow, or the first one's when they contradict each other.
void BirthFromStatedAges(const v1::Person& p, Profile* out) {
  for (const v1::StatedAge& stated : p.stated_ages()) {
    if (stated.on().iso().empty() || stated.on().first_s() > stated.on().last_s()) continue;
    const auto age = static_cast<int64_t>(stated.age());
    const model::BirthSpan born = model::BornIfAged(age, stated.on().first_s(), stated.on().last_s());
    const DateSpan span{born.first_s, born.last_s};
    if (!out->birth) {
      out->birth = span;
      out->birth_text = "aged " + std::to_string(age) + " on " + stated.on().iso();
    } else if (span.first_s <= out->birth->last_s && out->birth->first_s <= span.last_s) {
      out->birth = DateSpan{std::max(span.first_s, out->birth->first_s), std::min(span.last_s, out->birth->last_s)};
      out->birth_text += ", " + std::to_string(age) + " on " + stated.on().iso();
    }
  }
}

}  // namespace

std::string IdentifierValue::Key() const { return std::string(model::IdentifierTypeName(type)) + ":" + value; }

std::string_view HolderRegion(const v1::Person& person) {
  return person.nationalities().empty() ? std::string_view() : std::string_view(person.nationalities(0));
}

std::string_view HolderRegion(const Profile& profile) {
  return profile.nationalities.empty() ? std::string_view() : std::string_view(profile.nationalities.front());
}

std::string ComparableIdentifier(const v1::Identifier& id, std::string_view holder_region) {
  switch (id.type()) {
    case v1::IDENTIFIER_TYPE_PHONE: {
      // National forms in its country, or in its holder's.
      Result<std::string> phone = PhoneNationalNumber(id.value(), id.country().empty() ? holder_region : id.country());
      return phone.ok() ? *phone : std::string();
    }
    case v1::IDENTIFIER_TYPE_EMAIL: {
      std::string mail = Trimmed(id.value());
      for (char& c : mail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return mail;
    }
    case v1::IDENTIFIER_TYPE_CRYPTO_WALLET:
    case v1::IDENTIFIER_TYPE_SOCIAL_MEDIA:
      return Trimmed(id.value());
    default: {
      Result<std::string> number = DocumentNumberKey(id.value());
      return number.ok() ? *number : std::string();
    }
  }
}

namespace {

// The reader's cache key of a name: the name, or, read as a Turkish
// record's (KeysOf), the name behind a byte no UTF-8 text holds.
constexpr char kTurkishMark = '\xff';

std::string CacheKey(const std::string& name, bool turkish_record) {
  return turkish_record ? kTurkishMark + name : name;
}

Result<NameKeys> KeysOfCacheKey(std::string_view key) {
  if (!key.empty() && key[0] == kTurkishMark) return KeysOf(key.substr(1), true);
  return KeysOf(key);
}

}  // namespace

Status ProfileReader::ReadNames(const google::protobuf::RepeatedPtrField<std::string>& written, bool turkish_record,
                                std::vector<NameValue>* out) {
  for (const std::string& name : written) {
    // (A name with Turkish letters of its own is read so anyway.)
    const std::string key = CacheKey(name, turkish_record && !HasTurkishLetters(name));
    auto it = cache_.find(key);
    if (it == cache_.end() && defer_) {
      auto keys = std::make_shared<NameKeys>();
      deferred_.emplace_back(key, keys);
      it = cache_.emplace(key, std::move(keys)).first;
    }
    if (it == cache_.end()) {
      Result<NameKeys> keys = KeysOfCacheKey(key);
      if (!keys.ok()) {
        if (keys.status().code() != Status::Code::kInvalidArgument) return keys.status();
        ++unreadable_names_;
        continue;
      }
      if (cache_.size() > 1000000) cache_.clear();  // bounded, whatever the input
      it = cache_.emplace(key, std::make_shared<const NameKeys>(std::move(*keys))).first;
    }
    if (it->second->keys.empty() && !defer_) continue;  // no letters or digits
    out->push_back({it->second});
  }
  return Status::Ok();
}

Status ProfileReader::ResolveNames(int threads) {
  std::vector<Status> failed(deferred_.size(), Status::Ok());
  ParallelRanges(deferred_.size(), threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Result<NameKeys> keys = KeysOfCacheKey(deferred_[i].first);
      if (keys.ok()) {
        *deferred_[i].second = std::move(*keys);
      } else {
        failed[i] = keys.status();
      }
    }
  });
  for (size_t i = 0; i < deferred_.size(); ++i) {
    if (failed[i].ok()) continue;
    if (failed[i].code() != Status::Code::kInvalidArgument) return failed[i];
    unreadable_.insert(deferred_[i].second.get());
  }
  deferred_.clear();
  defer_ = false;
  return Status::Ok();
}

void ProfileReader::Adopt(ProfileReader&& other, std::vector<Profile>* its_profiles) {
  absl::flat_hash_map<const NameKeys*, std::shared_ptr<const NameKeys>> repointed;
  for (auto& [name, keys] : other.deferred_) {
    auto [it, fresh] = cache_.emplace(name, keys);
    if (fresh) {
      deferred_.emplace_back(name, std::move(keys));
    } else {
      repointed[keys.get()] = it->second;
    }
  }
  other.deferred_.clear();
  if (!repointed.empty()) {
    for (Profile& profile : *its_profiles) {
      for (std::vector<NameValue>* names : {&profile.names, &profile.given, &profile.family, &profile.father}) {
        for (NameValue& name : *names) {
          if (auto it = repointed.find(name.keys.get()); it != repointed.end()) name.keys = it->second;
        }
      }
    }
  }
  unreadable_names_ += other.unreadable_names_;
  unreadable_identifiers_ += other.unreadable_identifiers_;
  unreadable_clks_ += other.unreadable_clks_;
}

void ProfileReader::DropEmptyNames(Profile* profile) {
  for (std::vector<NameValue>* names : {&profile->names, &profile->given, &profile->family, &profile->father}) {
    std::erase_if(*names, [this](const NameValue& name) {
      if (!name.keys->keys.empty()) return false;
      unreadable_names_ += unreadable_.contains(name.keys.get());
      return true;
    });
  }
}

namespace {

// Whether `text` holds `part` as whole words: not inside a word (its
// neighbours no ASCII letter or digit, nor a byte of a letter beyond ASCII).
bool HoldsWords(std::string_view text, std::string_view part) {
  const auto word_byte = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u);
  };
  for (size_t at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) {
    const size_t end = at + part.size();
    if ((at == 0 || !word_byte(text[at - 1])) && (end == text.size() || !word_byte(text[end]))) return true;
  }
  return false;
}

// The given or family names of `p` as compared: the parts listed one word
// or one surname each ("Thi", "Hoa" of Nguyen Thi Hoa; "DE LA HOZ",
// "PEREZ" of a Colombian's two surnames) are one name when one of its full
// names writes them so, in order, in any case (a passport's "MD HASAN ALI"
// for "Md", "Hasan"; "DE LA HOZ PEREZ, LUZ MARINA"); else each part is one
// name (aliases: "Mohammed", "Mohamed"). Read apart, "Thi" alone would meet
// every Thi, "Md" every Bangladeshi Md., and sisters' first surname would
// hide that their second ones, their mothers', differ.
google::protobuf::RepeatedPtrField<std::string> OneNameOfParts(
    const google::protobuf::RepeatedPtrField<std::string>& parts, const v1::Person& p) {
  if (parts.size() < 2) return parts;
  std::string joined;
  for (const std::string& part : parts) joined += (joined.empty() ? "" : " ") + part;
  // As written first (most records write both alike), then case-folded.
  bool one = std::any_of(p.names().begin(), p.names().end(),
                         [&](const std::string& written) { return HoldsWords(written, joined); });
  if (!one) {
    const std::string folded = CaseFolded(joined);
    one = std::any_of(p.names().begin(), p.names().end(),
                      [&](const std::string& written) { return HoldsWords(CaseFolded(written), folded); });
  }
  if (!one) return parts;
  google::protobuf::RepeatedPtrField<std::string> name;
  name.Add(std::move(joined));
  return name;
}

}  // namespace

Status ProfileReader::Read(const v1::Record& record, Profile* out) {
  *out = Profile();
  out->key = model::GlobalKey(record.agency(), record.id());
  out->agency = record.agency();
  const v1::Person& p = record.person();
  // A FEBRL row without a name carries a placeholder (bench/febrl.h), as
  // does a party the records name no one for (`"unidentified": true`, as
  // the HTCDS import makes them: format/htcds.h).
  // An encoded record (linkage/encode.h) keeps one placeholder name.
  const bool name_missing = record.extra().contains("febrl_name_missing") || record.extra().contains("unidentified") ||
                            (record.extra().contains("clk") && p.names_size() == 1 && p.names(0) == kEncodedName);
  // A Turkish clerk's record: its names without Turkish letters are read
  // as it writes them too ("MAHMUT" beside "ASİF MAHMUT").
  const auto turkish = [](const google::protobuf::RepeatedPtrField<std::string>& names) {
    return std::any_of(names.begin(), names.end(), [](const std::string& n) { return HasTurkishLetters(n); });
  };
  const bool turkish_record = turkish(p.names()) || turkish(p.given_names()) || turkish(p.family_names()) ||
                              turkish(p.father_names());
  if (!name_missing) {
    if (Status s = ReadNames(p.names(), turkish_record, &out->names); !s.ok()) return s;
  }
  if (Status s = ReadNames(OneNameOfParts(p.given_names(), p), turkish_record, &out->given); !s.ok()) return s;
  if (Status s = ReadNames(OneNameOfParts(p.family_names(), p), turkish_record, &out->family); !s.ok()) return s;
  if (Status s = ReadNames(p.father_names(), turkish_record, &out->father); !s.ok()) return s;
  if (p.has_birth_date() && p.birth_date().first_s() <= p.birth_date().last_s()) {
    out->birth = DateSpan{p.birth_date().first_s(), p.birth_date().last_s()};
    out->birth_text = p.birth_date().iso();
  } else {
    BirthFromStatedAges(p, out);
  }
  for (char c : p.postcode()) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out->postcode.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  out->addresses.assign(p.addresses().begin(), p.addresses().end());
  for (const std::string& address : out->addresses) out->address_words.push_back(AddressWords(address));
  out->sex = p.sex();
  out->nationalities.assign(p.nationalities().begin(), p.nationalities().end());
  std::sort(out->nationalities.begin(), out->nationalities.end());
  if (auto clk = record.extra().find("clk"); clk != record.extra().end()) {
    // Extra fields are kept as compact JSON text: a string in quotes.
    format::JsonValue value;
    std::string error;
    Result<Clk> decoded = Status::InvalidArgument("clk is not a string");
    if (format::ParseJson(clk->second, &value, &error) && value.is_string()) decoded = ClkFromBase64(value.text());
    if (decoded.ok()) {
      out->clk = std::move(*decoded);
    } else {
      ++unreadable_clks_;
    }
  }
  if (auto signatures = record.extra().find(kSignaturesField); signatures != record.extra().end()) {
    auto read = ReadSignatures(signatures->second);
    if (read.ok()) {
      SetSignatures(std::move(*read), out);
    } else {
      ++unreadable_clks_;
    }
  }
  return Status::Ok();
}

uint16_t PackedCountry(std::string_view alpha2) {
  if (alpha2.size() != 2 || !std::isalpha(static_cast<unsigned char>(alpha2[0])) ||
      !std::isalpha(static_cast<unsigned char>(alpha2[1]))) {
    return 0;
  }
  return static_cast<uint16_t>(std::toupper(static_cast<unsigned char>(alpha2[0])) << 8 |
                               std::toupper(static_cast<unsigned char>(alpha2[1])));
}

void ProfileReader::AddIdentifier(const v1::Identifier& identifier, Profile* out) {
  AddComparable(identifier.type(), ComparableIdentifier(identifier, HolderRegion(*out)),
                PackedCountry(identifier.country()), out);
}

void ProfileReader::AddComparable(v1::IdentifierType type, std::string value, uint16_t country, Profile* out) {
  if (value.empty()) {
    ++unreadable_identifiers_;
    return;
  }
  IdentifierValue id{type, country, std::move(value)};
  for (const IdentifierValue& known : out->identifiers) {
    if (known.type == id.type && known.value == id.value) return;
  }
  out->identifiers.push_back(std::move(id));
}

Status ProfileCollector::Add(const v1::Record& record, bool* person) {
  *person = false;
  if (record.body_case() == v1::Record::kIdentifier) identifiers_.push_back(record.identifier());
  if (record.body_case() != v1::Record::kPerson) return Status::Ok();
  if (Status s = reader_->Read(record, &profiles_.emplace_back()); !s.ok()) {
    profiles_.pop_back();
    return s;
  }
  *person = true;
  return Status::Ok();
}

void ProfileCollector::Merge(ProfileCollector&& other) {
  reader_->Adopt(std::move(*other.reader_), &other.profiles_);
  profiles_.reserve(profiles_.size() + other.profiles_.size());
  profiles_.insert(profiles_.end(), std::make_move_iterator(other.profiles_.begin()),
                   std::make_move_iterator(other.profiles_.end()));
  identifiers_.insert(identifiers_.end(), std::make_move_iterator(other.identifiers_.begin()),
                      std::make_move_iterator(other.identifiers_.end()));
  std::vector<Profile>().swap(other.profiles_);
  other.identifiers_.clear();
}

Result<std::vector<Profile>> ProfileCollector::Finish() {
  if (Status s = reader_->ResolveNames(threads_); !s.ok()) return s;
  for (Profile& profile : profiles_) reader_->DropEmptyNames(&profile);
  // Each holder's profile (the first with its key), found in a map of the
  // holders' keys: fewer than the profiles.
  absl::flat_hash_map<std::string_view, int64_t> holder;
  holder.reserve(identifiers_.size());
  for (const v1::Identifier& identifier : identifiers_) holder.emplace(identifier.holder(), -1);
  for (size_t p = 0; p < profiles_.size() && !holder.empty(); ++p) {
    if (auto it = holder.find(profiles_[p].key); it != holder.end() && it->second < 0) {
      it->second = static_cast<int64_t>(p);
    }
  }
  // Identifiers made comparable on the threads (phone numbers parsed, in
  // their holders' countries where they say none), then attached in their
  // order.
  std::vector<int64_t> holder_of(identifiers_.size());
  for (size_t i = 0; i < identifiers_.size(); ++i) holder_of[i] = holder.find(identifiers_[i].holder())->second;
  std::vector<std::string> values(identifiers_.size());
  ParallelRanges(identifiers_.size(), threads_, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const int64_t p = holder_of[i];
      values[i] = ComparableIdentifier(identifiers_[i], p >= 0 ? HolderRegion(profiles_[p]) : std::string_view());
    }
  });
  for (size_t i = 0; i < identifiers_.size(); ++i) {
    const int64_t p = holder_of[i];
    if (p >= 0) {
      reader_->AddComparable(identifiers_[i].type(), std::move(values[i]), PackedCountry(identifiers_[i].country()),
                             &profiles_[p]);
    }
  }
  holder.clear();
  std::vector<v1::Identifier>().swap(identifiers_);
  return std::move(profiles_);
}

Status ReadProfiles(const std::vector<v1::Record>& records, ProfileReader* reader, std::vector<Profile>* profiles,
                    std::vector<int32_t>* record_index) {
  ProfileCollector collector(reader);
  for (size_t i = 0; i < records.size(); ++i) {
    bool person = false;
    if (Status s = collector.Add(records[i], &person); !s.ok()) return s;
    if (person && record_index) record_index->push_back(static_cast<int32_t>(i));
  }
  Result<std::vector<Profile>> found = collector.Finish();
  if (!found.ok()) return found.status();
  profiles->insert(profiles->end(), std::make_move_iterator(found->begin()), std::make_move_iterator(found->end()));
  return Status::Ok();
}

}  // namespace palermo::linkage
