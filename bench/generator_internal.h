// The synthetic case generator's insides, shared by its files and by nothing
// else (the public face is bench/generator.h): the random stream, the line
// writer, the tables both kinds of case draw from, and the Generator class.
//
//   generator.cc     the generator's run, dates, the shared records
//                    (sources, persons, networks, truth), the version 1 cases
//   generator_v2.cc  the version 2 cases (legal model v2, the ILO/EC
//                    indicators) and the helpers only they use
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "bench/generator.h"
#include "format/json.h"

namespace palermo::bench::internal {

// A small, portable generator (splitmix64): the same seed gives the same
// numbers with any standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint64_t>(hi - lo + 1))); }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) { return items[Below(N)]; }

 private:
  uint64_t state_;
};

struct Country {
  const char* code;
  std::array<const char*, 6> given;
  std::array<const char*, 6> family;
  std::array<const char*, 3> places;
};

// Origins of migrants and victims.
inline const std::array<Country, 8> kOrigins = {{
    {"SY", {"Mohammed", "Ahmad", "Omar", "Rania", "Lina", "Khaled"}, {"Haddad", "Al-Hassan", "Khalil", "Nasser", "Darwish", "Saleh"}, {"Aleppo", "Idlib", "Homs"}},
    {"AF", {"Karim", "Farid", "Zahra", "Mariam", "Ahmad", "Nasir"}, {"Nouri", "Rahimi", "Ahmadi", "Karimi", "Hakimi", "Sultani"}, {"Herat", "Kabul", "Kunduz"}},
    {"ER", {"Yonas", "Senait", "Tesfay", "Aman", "Helen", "Filmon"}, {"Tesfay", "Habte", "Gebre", "Kidane", "Berhe", "Tekle"}, {"Asmara", "Keren", "Massawa"}},
    {"VN", {"Nguyen", "Thi", "Minh", "Hung", "Lan", "Tuan"}, {"Van Hung", "Duc Minh", "Thi Lan", "Quoc Bao", "Van Long", "Thi Mai"}, {"Nghe An", "Ha Tinh", "Hai Phong"}},
    {"NG", {"Blessing", "Joy", "Chinedu", "Precious", "Emeka", "Gift"}, {"Okafor", "Eze", "Obi", "Adeyemi", "Nwosu", "Okonkwo"}, {"Benin City", "Lagos", "Edo"}},
    {"NP", {"Ramesh", "Sita", "Bikash", "Anita", "Suman", "Gita"}, {"Thapa", "Gurung", "Tamang", "Shrestha", "Rai", "Magar"}, {"Kathmandu", "Pokhara", "Dhading"}},
    {"SO", {"Abdullahi", "Hodan", "Faisal", "Amina", "Hassan", "Sahra"}, {"Warsame", "Ali", "Farah", "Hussein", "Osman", "Jama"}, {"Mogadishu", "Kismayo", "Baidoa"}},
    {"RO", {"Ioana", "Maria", "Andrei", "Elena", "Mihai", "Ana"}, {"Popescu", "Ionescu", "Stoica", "Dumitru", "Radu", "Stan"}, {"Vaslui", "Iasi", "Bacau"}},
}};

struct Route {
  const char* from_country;
  const char* from_place;
  const char* to_country;
  const char* to_place;
  const char* method;
};

inline const std::array<const char*, 5> kSectors = {"agriculture", "construction", "nail salon", "car wash", "domestic work"};

// Writes one case-format line at a time.
class Writer {
 public:
  Writer(std::ostream& out, GeneratorStats* stats) : out_(out), stats_(stats) {}

  Writer& Begin(const char* kind, const std::string& id, const std::string& agency) {
    line_.clear();
    line_ += "{\"kind\":\"";
    line_ += kind;
    line_ += "\",\"id\":";
    format::AppendJsonString(id, &line_);
    line_ += ",\"agency\":";
    format::AppendJsonString(agency, &line_);
    return *this;
  }
  Writer& Str(const char* key, const std::string& value) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    format::AppendJsonString(value, &line_);
    return *this;
  }
  Writer& Num(const char* key, double value) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    format::AppendJsonNumber(value, &line_);
    return *this;
  }
  Writer& Bool(const char* key, bool value) {
    line_ += ",\"";
    line_ += key;
    line_ += value ? "\":true" : "\":false";
    return *this;
  }
  // A value already in JSON (an array of objects, say).
  Writer& Raw(const char* key, const std::string& json) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":";
    line_ += json;
    return *this;
  }
  Writer& List(const char* key, const std::vector<std::string>& values) {
    line_ += ",\"";
    line_ += key;
    line_ += "\":[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) line_ += ",";
      format::AppendJsonString(values[i], &line_);
    }
    line_ += "]";
    return *this;
  }
  void End() {
    line_ += "}\n";
    out_ << line_;
    ++stats_->records;
  }

 private:
  std::ostream& out_;
  GeneratorStats* stats_;
  std::string line_;
};

// "2023-04-09" and "2023-04" (generator.cc).
std::string Date(int year, int month, int day);
std::string Month(int year, int month);

// A network: a criminal group with smugglers, its route and its contacts at
// destination who run the exploitation when the fee becomes a debt.
struct Network {
  std::string agency;
  std::string group;
  std::vector<std::string> members;  // global keys
  std::string from_location, to_location;
  const Route* route;
  std::string employer, worksite, safe_house;
};

class Generator {
 public:
  Generator(const GeneratorOptions& options, std::ostream& cases, std::ostream& truth, GeneratorStats* stats)
      : options_(options),
        random_(options.seed),
        v2_random_(options.seed ^ 0xD1B54A32D192ED03ull),
        out_(cases, stats),
        truth_(truth),
        stats_(stats) {}

  // The version 1 cases come from `random_` as they always did; after each,
  // a version 2 case follows one time in four, drawn from `v2_random_` and
  // numbered in an id series of its own ("np1", "nev2", ...), so that the
  // version 1 cases of a seed keep their bytes and their ids.
  void Run();

 private:
  std::string Agency(size_t i) const { return options_.agencies[i % options_.agencies.size()]; }
  static std::string Key(const std::string& agency, const std::string& id) { return agency + "/" + id; }
  std::string NextId(const char* prefix) {
    if (rng_ == &v2_random_) return options_.id_prefix + "n" + prefix + std::to_string(++v2_serial_);
    return options_.id_prefix + prefix + std::to_string(++serial_);
  }
  // The stream the shared helpers draw from: `random_`, or `v2_random_`
  // while a version 2 case is written.
  Random& rng() { return *rng_; }
  struct V2Stream {
    explicit V2Stream(Generator* g) : g_(g) { g_->rng_ = &g_->v2_random_; }
    ~V2Stream() { g_->rng_ = &g_->random_; }
    Generator* g_;
  };

  // The records both kinds of case write, and the version 1 cases
  // (generator.cc).
  std::string Source(const std::string& agency, const std::string& reported);
  std::string Location(const std::string& agency, const std::string& name, const char* country, const char* type);
  std::string Person(const std::string& agency, const std::string& source, const std::string& name,
                     const std::string& birth, const char* nationality, const char* residence = nullptr);
  void Identifiers(const std::string& agency, const std::string& person, const char* country, const std::string& source);
  void NewNetwork();
  CaseType PickType();
  void Truth(const std::string& person, CaseType type, const std::vector<std::string>& findings,
             const std::vector<std::string>& linked = {});
  void Event(const std::string& agency, const char* type, const std::string& date, const std::string& subject,
             const std::vector<std::string>& actors, const std::string& source);
  void WriteCase(uint64_t case_number);

  // The version 2 cases and their helpers (generator_v2.cc; each case's
  // comment there says why it has its findings).
  struct V2Case {
    CaseType type;
    const Network* n;
    const Country* origin;
    std::string agency;
    int year, month;  // month 1-6: the cases run at most six months on
    std::string source, name;
  };
  CaseType PickV2Type();
  void WriteV2Case();
  std::string NameFrom(const Country& country);
  const char* Sex(int female_percent);
  std::string AdultBirth(int year);
  std::string BirthYearsBefore(int year, int years);
  std::pair<const char*, const char*> TwoPlaces(const Country& country);
  std::string PersonV2(const std::string& agency, const std::string& source, const std::string& name, const char* sex,
                       const std::string& birth, const std::string& stated_ages, const char* nationality);
  std::string Employer(const std::string& agency, const std::string& source, const char* country);
  void Relation(const std::string& agency, const char* type, const std::string& from, const std::string& to,
                const std::string& source);
  Writer& At(const std::string& agency, const char* type, const std::string& date, const std::string& subject,
             const std::vector<std::string>& actors);
  Writer& Span(const std::string& agency, const char* type, const std::string& start, const std::string& end,
               const std::string& subject, const std::vector<std::string>& actors);
  void ChoresAtSchool(const V2Case& c);
  void ChildDomesticWork(const V2Case& c);
  void FeeWorkedOff(const V2Case& c);
  void StatedAgeChild(const V2Case& c);
  void YearOnlyDates(const V2Case& c);
  void IloWorkedExample(const V2Case& c, bool completed);
  void IloDeceptionDatedWithTheWork(const V2Case& c);
  void IloChildWorkshop(const V2Case& c);

  const GeneratorOptions& options_;
  Random random_;     // the version 1 cases and the networks
  Random v2_random_;  // the version 2 cases
  Random* rng_ = &random_;
  Writer out_;
  std::ostream& truth_;
  GeneratorStats* stats_;
  std::vector<Network> networks_;
  uint64_t serial_ = 0;
  uint64_t v2_serial_ = 0;
  uint64_t v2_cases_ = 0;
};

}  // namespace palermo::bench::internal
