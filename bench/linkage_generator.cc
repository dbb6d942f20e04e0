#include "bench/linkage_generator.h"

#include <cstdio>
#include <iterator>
#include <string_view>
#include <vector>

#include "format/json.h"

namespace palermo::bench {
namespace {

struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
};

// A name: its native spelling, then Latin spellings ("|"-separated); for
// Latin origins the first spelling is the native one.
struct NameList {
  std::vector<const char*> male, female, family;
};

const NameList kArabic = {
    {"محمد|Mohamed|Mohammed|Muhammad", "أحمد|Ahmed|Ahmad", "علي|Ali", "حسن|Hassan|Hasan", "حسين|Hussein|Hussain",
     "عمر|Omar|Umar", "خالد|Khaled|Khalid", "يوسف|Youssef|Yusuf|Yousef", "إبراهيم|Ibrahim|Ebrahim",
     "مصطفى|Mustafa|Moustafa", "سمير|Samir|Sameer", "كريم|Karim|Kareem", "طارق|Tarek|Tariq",
     "عبدالله|Abdullah|Abdallah", "سعيد|Said|Saeed", "جمال|Jamal|Gamal", "ماجد|Majed|Majid", "بلال|Bilal",
     "رامي|Rami|Ramy", "وليد|Walid|Waleed"},
    {"فاطمة|Fatima|Fatma", "عائشة|Aisha|Aicha", "مريم|Maryam|Mariam", "زينب|Zainab|Zeinab", "نور|Nour|Noor",
     "ليلى|Layla|Leila", "سارة|Sara|Sarah", "هدى|Huda|Houda", "أمينة|Amina|Aminah", "خديجة|Khadija|Khadidja",
     "رنا|Rana", "سلمى|Salma|Selma", "هبة|Heba|Hiba", "دينا|Dina", "ياسمين|Yasmin|Yasmine"},
    {"حداد|Haddad", "منصور|Mansour|Mansur", "الخطيب|Al-Khatib|Alkhatib", "النجار|Al-Najjar|Najjar",
     "حمدان|Hamdan", "سليمان|Suleiman|Sulaiman", "عباس|Abbas", "الشامي|Al-Shami|Shami", "ناصر|Nasser|Nasir",
     "يونس|Younes|Yunus", "قاسم|Qasim|Kassem", "بكري|Bakri", "سالم|Salem|Salim", "عيسى|Issa|Eissa",
     "جابر|Jaber|Jabir", "المصري|Al-Masri|Masri", "درويش|Darwish|Derwich", "عثمان|Osman|Othman",
     "الحلبي|Al-Halabi|Halabi", "الزعبي|Al-Zoubi|Zoubi", "العمري|Al-Omari|Omari", "التميمي|Al-Tamimi|Tamimi",
     "الرفاعي|Al-Rifai|Rifai", "حجازي|Hijazi|Hegazy", "البدوي|Al-Badawi|Badawi"}};

const NameList kCyrillic = {
    {"Александр|Aleksandr|Alexander", "Сергей|Sergei|Sergey", "Дмитрий|Dmitri|Dmitry", "Андрей|Andrei|Andrey",
     "Алексей|Aleksei|Alexey", "Иван|Ivan", "Михаил|Mikhail", "Николай|Nikolai|Nikolay", "Владимир|Vladimir",
     "Олег|Oleg", "Юрий|Yuri|Yuriy", "Виктор|Viktor|Victor", "Павел|Pavel", "Игорь|Igor", "Максим|Maksim|Maxim",
     "Артём|Artyom|Artem", "Богдан|Bohdan|Bogdan", "Тарас|Taras"},
    {"Анна|Anna", "Мария|Maria|Mariya", "Елена|Elena|Yelena", "Ольга|Olga", "Наталья|Natalya|Natalia",
     "Татьяна|Tatiana|Tatyana", "Ирина|Irina", "Светлана|Svetlana", "Юлия|Yulia|Yuliya",
     "Екатерина|Ekaterina|Yekaterina", "Оксана|Oksana", "Дарья|Daria|Darya", "Алина|Alina", "Виктория|Viktoria|Victoria"},
    {"Иванов|Ivanov", "Петров|Petrov", "Смирнов|Smirnov", "Кузнецов|Kuznetsov", "Попов|Popov", "Соколов|Sokolov",
     "Лебедев|Lebedev", "Козлов|Kozlov", "Новиков|Novikov", "Морозов|Morozov", "Волков|Volkov",
     "Шевченко|Shevchenko", "Бондаренко|Bondarenko", "Коваленко|Kovalenko", "Ткаченко|Tkachenko",
     "Мельник|Melnyk|Melnik", "Павленко|Pavlenko", "Кравченко|Kravchenko", "Зайцев|Zaitsev|Zaytsev",
     "Соловьёв|Solovyov|Soloviev", "Васильев|Vasilyev|Vasiliev", "Фёдоров|Fyodorov|Fedorov",
     "Михайлов|Mikhailov|Mikhaylov", "Сидоренко|Sydorenko|Sidorenko", "Гончаренко|Honcharenko|Goncharenko",
     "Руденко|Rudenko", "Марченко|Marchenko", "Лысенко|Lysenko", "Орлов|Orlov", "Белов|Belov"}};

const NameList kGeez = {
    {"ተስፋይ|Tesfay|Tesfai", "ዮናስ|Yonas|Jonas", "ሙሉጌታ|Mulugeta", "ገብረሚካኤል|Gebremichael|Gebremikael",
     "ኪዳነ|Kidane", "ሃይለ|Haile|Hayle", "ፍስሃ|Fisseha|Fiseha", "ዳዊት|Dawit", "ሰለሞን|Solomon|Selomon",
     "ብርሃነ|Berhane|Birhane", "ተወልደ|Tewolde|Tewelde", "ዘርአይ|Zerai|Zeray", "ኢሳያስ|Isaias|Isayas",
     "መብራህቱ|Mebrahtu", "ሃብተ|Habte", "ሃብቶም|Habtom", "ክብሮም|Kibrom", "ተኽላይ|Teklay", "ጎይትኦም|Goitom|Goytom",
     "መሓሪ|Mehari|Mehary", "ኣማኑኤል|Amanuel|Emmanuel", "ኣብርሃ|Abraha", "ተኽለ|Tekle", "ወልዱ|Weldu|Woldu"},
    {"ሳባ|Saba", "ሄለን|Helen", "ሰላም|Selam", "ማርታ|Martha|Marta", "ሃና|Hanna|Hana", "ትርሓስ|Tirhas|Tirhass",
     "ለምለም|Lemlem", "ፀጋ|Tsega|Sega", "ሩት|Ruth|Rut", "ኣስቴር|Aster|Esther", "ብርኽቲ|Brikti|Birkti",
     "ፅጌ|Tsige|Tsighe", "ሚልካ|Milka", "ዳናይት|Danait|Danayt"},
    {"ወልደማርያም|Woldemariam|Weldemariam", "ገብረእግዚአብሄር|Gebregziabher|Gebreegziabher", "ተኽለ|Tekle|Tekleh",
     "ኣብርሃ|Abraha", "ሃብተ|Habte", "ሃብቶም|Habtom", "ኣማኑኤል|Amanuel|Emmanuel", "ክብሮም|Kibrom",
     "ተኽላይ|Teklay", "ጎይትኦም|Goitom|Goytom", "ወልዱ|Weldu|Woldu", "መሓሪ|Mehari|Mehary", "ገብረሂወት|Gebrehiwet",
     "ተስፋማርያም|Tesfamariam", "ዘምህረት|Zemhret|Zemeret", "በረኸት|Bereket|Berhet", "ሃይለማርያም|Hailemariam",
     "ወልደሚካኤል|Woldemichael|Weldemikael", "ኪዳነማርያም|Kidanemariam", "ገብረመድህን|Gebremedhin"}};

const NameList kLatin = {
    {"Ilir", "Arben", "Besnik", "Ion", "Florin", "Mihai", "Gheorghe|Georghe", "Juan", "Carlos", "José|Jose",
     "Luis|Luiz", "Miguel", "Chinedu", "Emeka", "Daniel", "David", "Mamadou|Mamadu", "Ousmane|Usman|Osman",
     "Ibrahima|Ibrahim", "Samuel", "Joseph|Josef", "Patrick", "Adrian", "Marius", "Kwame", "Kofi"},
    {"Ana|Anna", "Maria|María", "Elena", "Ngozi", "Blessing", "Joy", "Esther", "Grace", "Fatou|Fatu",
     "Aminata|Aminatou", "Ioana", "Andreea", "Lucía|Lucia", "Carmen", "Adaeze", "Chioma", "Mariama|Mariame",
     "Awa", "Blerta", "Arta"},
    {"Dervishi", "Hoxha|Hodja", "Krasniqi|Krasniki", "Berisha", "Gashi", "Popescu", "Ionescu", "Dumitru",
     "Stan", "García|Garcia", "Rodríguez|Rodriguez", "Martínez|Martinez", "López|Lopez", "Okafor", "Okonkwo",
     "Adeyemi", "Eze", "Nwosu", "Diallo|Jallow", "Traoré|Traore", "Coulibaly|Kulibali", "Ndiaye|N'Diaye",
     "Sow", "Camara|Kamara", "Mensah", "Owusu", "Asante", "Boateng", "Kelmendi", "Shala", "Munteanu", "Moldovan"}};

const NameList* kOrigins[4] = {&kLatin, &kArabic, &kCyrillic, &kGeez};
const std::vector<std::vector<const char*>> kNationalities = {
    {"AL", "RO", "ES", "NG", "SN", "GN", "ML", "GH", "XK"}, {"SY", "IQ", "EG", "SD", "LY", "MA"},
    {"RU", "UA", "BY", "MD"}, {"ER", "ET"}};

std::vector<std::string_view> Spellings(const char* entry) {
  std::vector<std::string_view> out;
  std::string_view rest(entry);
  while (true) {
    size_t bar = rest.find('|');
    out.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return out;
}

// What a person is, before any agency writes it down.
struct Person {
  int origin = 0;
  bool female = false;
  const char* given = nullptr;
  const char* second_given = nullptr;  // Latin origins, sometimes
  const char* father = nullptr;        // Arabic and Ge'ez origins
  const char* family = nullptr;
  int year = 0, month = 0, day = 0;  // year 0: unknown
  int sex_known = 1;
  const char* nationality = nullptr;
  std::string passport, phone;
};

Person DrawPerson(Rng& rng) {
  Person p;
  p.origin = static_cast<int>(rng.Below(4));
  const NameList& names = *kOrigins[p.origin];
  p.female = rng.Chance(0.45);
  const auto& given = p.female ? names.female : names.male;
  p.given = given[rng.Below(given.size())];
  if (p.origin == 0 && rng.Chance(0.4)) p.second_given = given[rng.Below(given.size())];
  if (p.origin == 1 || p.origin == 3) p.father = names.male[rng.Below(names.male.size())];
  p.family = names.family[rng.Below(names.family.size())];
  if (rng.Chance(0.9)) {
    p.year = 1940 + static_cast<int>(rng.Below(72));
    p.month = 1 + static_cast<int>(rng.Below(12));
    p.day = 1 + static_cast<int>(rng.Below(28));
  }
  p.sex_known = rng.Chance(0.97);
  const auto& nat = kNationalities[p.origin];
  p.nationality = nat[rng.Below(nat.size())];
  if (rng.Chance(0.4)) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%c%c%07llu", 'A' + static_cast<int>(rng.Below(26)),
                  'A' + static_cast<int>(rng.Below(26)), static_cast<unsigned long long>(rng.Below(10000000)));
    p.passport = buffer;
  }
  if (rng.Chance(0.3)) {
    // Mobile ranges of the right length for their country, so that
    // PhoneNationalNumber reads them.
    static const struct {
      const char* prefix;
      int digits;
    } kPhones[] = {{"+9639", 8},   {"+2010", 8},   {"+2917", 6},   {"+2519", 8},   {"+38067", 7}, {"+7916", 7},
                   {"+35569", 7}, {"+4072", 7},   {"+234803", 7}, {"+39347", 7}, {"+49151", 8}};
    const auto& phone = kPhones[rng.Below(std::size(kPhones))];
    p.phone = phone.prefix;
    for (int d = 0; d < phone.digits; ++d) p.phone.push_back(static_cast<char>('0' + rng.Below(10)));
  }
  return p;
}

// Person i of a seed, drawn from a stream of its own so that it can be drawn again.
Person PersonOf(uint64_t seed, uint64_t i) {
  Rng rng{seed ^ ((i + 1) * 0xD1B54A32D192ED03ULL)};
  return DrawPerson(rng);
}

// A typo in an ASCII name: a letter replaced, dropped, doubled or two swapped.
std::string Typo(std::string name, Rng& rng) {
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x80) return name;
  }
  if (name.size() < 3) return name;
  size_t at = 1 + rng.Below(name.size() - 2);
  switch (rng.Below(4)) {
    case 0: name[at] = static_cast<char>('a' + rng.Below(26)); break;
    case 1: name.erase(at, 1); break;
    case 2: name.insert(at, 1, name[at]); break;
    default: std::swap(name[at], name[at + 1]); break;
  }
  return name;
}

// A name as one record writes it: native or a transliteration.
std::string Written(const char* entry, bool native, Rng& rng) {
  auto spellings = Spellings(entry);
  if (native || spellings.size() == 1) return std::string(spellings[0]);
  return std::string(spellings[1 + rng.Below(spellings.size() - 1)]);
}

void AppendField(std::string_view name, std::string_view value, std::string* out) {
  out->push_back(',');
  format::AppendJsonString(name, out);
  out->push_back(':');
  format::AppendJsonString(value, out);
}

void AppendList(std::string_view name, const std::vector<std::string>& values, std::string* out) {
  out->push_back(',');
  format::AppendJsonString(name, out);
  out->append(":[");
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    format::AppendJsonString(values[i], out);
  }
  out->push_back(']');
}

// One agency's record of `p` (a person and its identifiers). `second`: the
// person's second record (typos, partial dates more often).
void WriteRecord(const Person& p, const std::string& id, const char* agency, bool second, Rng& rng,
                 std::string* out, int64_t* identifiers) {
  const bool latin_origin = p.origin == 0;
  // Latin origins: "native" is the first spelling, else one of the others.
  const bool native = latin_origin ? rng.Chance(0.7) : rng.Chance(0.5);
  std::string given = Written(p.given, native, rng);
  std::string second_given = p.second_given ? Written(p.second_given, native, rng) : "";
  std::string father = p.father ? Written(p.father, native, rng) : "";
  std::string family = Written(p.family, native, rng);
  if (p.female && p.origin == 2) {  // Ivanova
    bool ov = family.ends_with("ов") || family.ends_with("ев") || family.ends_with("ёв") ||
              family.ends_with("ov") || family.ends_with("ev") || family.ends_with("yov");
    if (ov) family += (static_cast<unsigned char>(family.back()) >= 0x80 ? "а" : "a");
  }
  if (second && rng.Chance(0.2)) {
    switch (rng.Below(3)) {
      case 0: given = Typo(given, rng); break;
      case 1: family = Typo(family, rng); break;
      default: if (!father.empty()) father = Typo(father, rng); else family = Typo(family, rng); break;
    }
  }
  std::string full = given;
  if (!second_given.empty()) full += " " + second_given;
  if (!father.empty()) full += " " + father;
  full += " " + family;
  out->append("{\"kind\":\"person\"");
  AppendField("id", id, out);
  AppendField("agency", agency, out);
  AppendList("names", {full}, out);
  if (rng.Chance(0.8)) {
    AppendList("given_names", second_given.empty() ? std::vector<std::string>{given}
                                                   : std::vector<std::string>{given, second_given},
               out);
    AppendList("family_names", {family}, out);
    if (!father.empty()) AppendList("father_names", {father}, out);
  }
  if (p.year) {
    double r = static_cast<double>(rng.Below(1000)) / 1000;
    const double whole = second ? 0.65 : 0.75, month = whole + 0.15, year = month + 0.12;
    char date[16] = "";
    if (r < whole) {
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", p.year, p.month, p.day);
    } else if (r < month) {
      std::snprintf(date, sizeof date, "%04d-%02d", p.year, p.month);
    } else if (r < year) {
      std::snprintf(date, sizeof date, "%04d", p.year);
    }
    if (date[0]) AppendField("birth_date", date, out);
  }
  if (p.sex_known && rng.Chance(0.9)) AppendField("sex", p.female ? "F" : "M", out);
  if (rng.Chance(0.7)) AppendList("nationalities", {p.nationality}, out);
  out->append("}\n");
  auto identifier = [&](const char* suffix, const char* type, const std::string& value) {
    out->append("{\"kind\":\"identifier\"");
    AppendField("id", id + suffix, out);
    AppendField("agency", agency, out);
    AppendField("type", type, out);
    AppendField("value", value, out);
    AppendField("holder", id, out);
    out->append("}\n");
    ++*identifiers;
  };
  if (!p.passport.empty() && rng.Chance(0.6)) identifier("-pp", "passport", p.passport);
  if (!p.phone.empty() && rng.Chance(0.5)) identifier("-ph", "phone", p.phone);
}

// An odd multiplier and its inverse modulo 2^64: ids are a bijection of
// (person, agency) that does not show the person.
constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
uint64_t Inverse(uint64_t a) {
  uint64_t x = a;  // Newton: each step doubles the correct low bits
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
constexpr uint64_t kSalt = 0x5bd1e9955bd1e995ULL;

}  // namespace

std::string LinkageRecordId(uint64_t person, int agency) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "r%016llx",
                static_cast<unsigned long long>(((person * 2 + static_cast<uint64_t>(agency)) * kMul) ^ kSalt));
  return buffer;
}

int64_t LinkagePersonOf(const std::string& id) {
  if (id.size() != 17 || id[0] != 'r') return -1;
  uint64_t v = 0;
  for (size_t i = 1; i < id.size(); ++i) {
    char c = id[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + static_cast<uint64_t>(d);
  }
  static const uint64_t inverse = Inverse(kMul);
  return static_cast<int64_t>(((v ^ kSalt) * inverse) / 2);
}

void GenerateLinkagePersons(const LinkageGeneratorOptions& options, std::string* a, std::string* b,
                            LinkageGeneratorStats* stats) {
  Rng rng{options.seed};
  for (uint64_t i = 0; i < options.persons; ++i) {
    Person p = PersonOf(options.seed, i);
    const bool both = rng.Chance(options.overlap);
    const bool in_a = both || rng.Chance(0.5);
    const bool in_b = both || !in_a;
    ++stats->persons;
    if (both) ++stats->both;
    if (in_a) {
      WriteRecord(p, LinkageRecordId(i, 0), "A", false, rng, a, &stats->identifiers);
      ++stats->records_a;
    }
    if (in_b) {
      WriteRecord(p, LinkageRecordId(i, 1), "B", both, rng, b, &stats->identifiers);
      ++stats->records_b;
    }
  }
}

std::string GenerateLinkageUpdate(const LinkageGeneratorOptions& options, uint64_t round, int count,
                                  const std::string& prefix) {
  std::string out;
  int64_t identifiers = 0;
  Rng pick{options.seed * 7919 + round + 1};
  for (int i = 0; i < count; ++i) {
    // Even: another record of an existing person (its draw replayed); odd: a new person.
    Person p = i % 2 == 0 ? PersonOf(options.seed, pick.Below(options.persons))
                          : PersonOf(options.seed ^ 0xabcdef, options.persons + round * 1000 + static_cast<uint64_t>(i));
    WriteRecord(p, prefix + std::to_string(round) + "x" + std::to_string(i), "A", true, pick, &out, &identifiers);
  }
  return out;
}

}  // namespace palermo::bench
