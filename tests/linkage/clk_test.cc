// Encoded linkage (linkage/clk.h, linkage/encode.h): clkhash's published
// encodings reproduced bit for bit, the behaviour of CLKs, and the encoding
// of whole case files.
#include "linkage/clk.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "linkage/encode.h"
#include "services/importer.h"
#include "tests/store/store_helpers.h"
#include "tests/test_util.h"

namespace palermo::linkage {
namespace {

// clkhash tests/test_clk.py, TestComplexSchemaChanges.test_encoding_regression:
// a version 1 schema (k 30, doubleHash, HKDF-SHA256 with salt and info) as
// clkhash converts it to version 3 (bitsPerToken = round(weight x k)).
constexpr char kClkhashDoubleHashSchema[] = R"({
  "version": 3,
  "clkConfig": {"l": 1024, "kdf": {"type": "HKDF", "hash": "SHA256",
    "salt": "SCbL2zHNnmsckfzchsNkZY9XoHk96P/G5nUBrM7ybymlEFsMV6PAeDZCNp3rfNUPCtLDMOGQHG4pCQpfhiHCyA==",
    "info": "c2NoZW1hX2V4YW1wbGU=", "keySize": 64}},
  "features": [
    {"identifier": "name", "format": {"type": "string", "encoding": "utf-8", "case": "upper"},
     "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerToken": 60}, "hash": {"type": "doubleHash"}}},
    {"identifier": "id", "format": {"type": "string", "encoding": "ascii", "pattern": "[a-z][a-z][a-z]\\d\\d\\d"},
     "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerToken": 30}, "hash": {"type": "doubleHash"}}},
    {"identifier": "dob", "format": {"type": "date", "format": "%Y-%m-%d", "description": "When were ya born?"},
     "hashing": {"comparison": {"type": "ngram", "n": 2, "positional": true}, "strategy": {"bitsPerToken": 15}, "hash": {"type": "doubleHash"}}},
    {"identifier": "gender", "format": {"type": "enum", "values": ["M", "F"]},
     "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": false}, "strategy": {"bitsPerToken": 30}, "hash": {"type": "doubleHash"}}},
    {"identifier": "children", "format": {"type": "integer", "maximum": 20},
     "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerToken": 30}, "hash": {"type": "doubleHash"}}}
  ]})";

TEST(ClkhashVectors, DoubleHashRegressionOfClkhashTests) {
  auto schema = ParseSchemaV3(kClkhashDoubleHashSchema);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto a = EncodeClk(*schema, {"K\xC3\x89VIN", "kev007", "1963-12-13", "M", "1"}, "chicken");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(ClkToBase64(*a),
            "SU9+/O/Jzzi0sfzH8K2l3+qfhn8Ky3jVI21DVdH9j2fXE++JH8GcQGSeYxDZFxALCAT8CHwYJyQcRT3MhUQOFWcOf5fWdr6ofh6DYy8iv////"
            "weyunbMahfV9RMWkRwQmBL3fjreUVOCS9D9kAbQC2XgULidKCTHd9ZpbPJ91eE=");
  auto b = EncodeClk(*schema, {"JOHN HOWARD, ESQ.", "stv534", "1992-02-29", "M", "16"}, "chicken");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(ClkToBase64(*b),
            "Pfl1/d7/31/+9u9x9zv//76/83//0v1Xt/dX/3X/e79XP7vd+Xfkf//2/9Xb/7Fd73e9f/n0f/c7Vb99B/X29d8997Pz/vJ87X/X/vcX9vt1d+/"
            "+5bP1fvfevnfX8d/f/j0XPL7f999kc/28/3d4c7t/9b/+Pf411/f2+3z1d/s=");
}

// clkhash docs/tutorial_api.ipynb (May 2023): FEBRL4 4a's first record
// (rec-1070-org) with the tutorial's second schema, blakeHash, secret
// "secret", no salt or info; soc_sec_id and rec_id ignored.
constexpr char kClkhashTutorialSchema[] = R"({
  "version": 3,
  "clkConfig": {"l": 1024, "kdf": {"type": "HKDF"}},
  "features": [
    {"identifier": "rec_id", "ignored": true},
    {"identifier": "given_name", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 200}}},
    {"identifier": "surname", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 200}}},
    {"identifier": "street_number", "format": {"type": "integer"}, "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerFeature": 100}, "missingValue": {"sentinel": ""}}},
    {"identifier": "address_1", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 100}}},
    {"identifier": "address_2", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 100}}},
    {"identifier": "suburb", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 100}}},
    {"identifier": "postcode", "format": {"type": "integer"}, "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerFeature": 100}}},
    {"identifier": "state", "format": {"type": "string"}, "hashing": {"comparison": {"type": "ngram", "n": 2}, "strategy": {"bitsPerFeature": 100}}},
    {"identifier": "date_of_birth", "format": {"type": "integer"}, "hashing": {"comparison": {"type": "ngram", "n": 1, "positional": true}, "strategy": {"bitsPerFeature": 200}, "missingValue": {"sentinel": ""}}},
    {"identifier": "soc_sec_id", "ignored": true}
  ]})";

TEST(ClkhashVectors, BlakeHashTutorialEncodingOfFebrl4) {
  auto schema = ParseSchemaV3(kClkhashTutorialSchema);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  auto clk = EncodeClk(*schema,
                       {"rec-1070-org", "michaela", "neumann", "8", "stanley street", "miami", "winston hills", "4223",
                        "nsw", "19151111", "5304218"},
                       "secret");
  ASSERT_TRUE(clk.ok()) << clk.status().ToString();
  EXPECT_EQ(ClkToBase64(*clk),
            "/ywxvec/j5R3/7jf71/l97u812e421MzNfNSrvyj+3uOfPbPFWt/t/WZX3+4/f1eXeb6TGLb29r/PSr/d+bvwvx4Vfu97Yif/u+z79s+P76WkR6kK"
            "nb/n/9VnarWbcf78L8fPiX/vnxmjL7o/3S48vv9rNstV/t/Xm9X93o3O70=");
}


constexpr char kSecret[] = "project-42 shared secret, rotated";

Clk Encode(const std::vector<std::string>& values, std::string_view secret = kSecret) {
  auto clk = EncodeClk(DefaultPersonSchema(), values, secret);
  EXPECT_TRUE(clk.ok()) << clk.status().ToString();
  return clk.ok() ? *clk : Clk();
}

std::vector<std::string> Person(const std::string& given, const std::string& family, const std::string& birth) {
  return {given, family, given + " " + family, birth, "", "", ""};
}

TEST(Clk, SameInputGivesTheSameClkOf1024Bits) {
  Clk a = Encode(Person("mohamed", "abdirahman", "19900312"));
  Clk b = Encode(Person("mohamed", "abdirahman", "19900312"));
  EXPECT_EQ(a.size(), 128u);
  EXPECT_EQ(a, b);
  EXPECT_DOUBLE_EQ(Dice(a, b), 1.0);
  EXPECT_GT(Popcount(a), 200);
  EXPECT_LT(Popcount(a), 800);
}

TEST(Clk, AnotherSecretGivesAnUnrelatedClk) {
  Clk a = Encode(Person("mohamed", "abdirahman", "19900312"));
  Clk b = Encode(Person("mohamed", "abdirahman", "19900312"), "another project's secret 0001");
  // Unrelated filters of densities p and q share about p q of their bits:
  // Dice near that of two random filters, far below a match.
  double p = Popcount(a) / 1024.0, q = Popcount(b) / 1024.0;
  double random_dice = 2 * p * q / (p + q);
  EXPECT_NEAR(Dice(a, b), random_dice, 0.1);
  EXPECT_LT(Dice(a, b), 0.65);
}

TEST(Clk, SpellingVariantsAreCloseAndStrangersFar) {
  Clk a = Encode(Person("mohamed", "abdirahman", "19900312"));
  Clk b = Encode(Person("mohammed", "abdirahman", "19900312"));
  Clk c = Encode(Person("mohamed", "abdirahmaan", "19900321"));
  Clk stranger = Encode(Person("ilir", "dervishi", "19781102"));
  EXPECT_GT(Dice(a, b), 0.9);
  EXPECT_GT(Dice(a, c), 0.8);
  EXPECT_LT(Dice(a, stranger), 0.6);
  EXPECT_LT(Dice(b, stranger), 0.6);
}

TEST(Clk, Base64RoundTripsAndRefusesOtherText) {
  Clk a = Encode(Person("samir", "haddad", "199907"));
  std::string text = ClkToBase64(a);
  EXPECT_EQ(text.size(), 172u);  // 128 bytes, padded
  auto back = ClkFromBase64(text);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, a);
  EXPECT_FALSE(ClkFromBase64("not base64!").ok());
  EXPECT_FALSE(ClkFromBase64(text.substr(0, 10)).ok());
}

TEST(Clk, XorFoldingHalvesAndBalancingFixesThePopcount) {
  ClkSchema folded = DefaultPersonSchema();
  folded.xor_folds = 1;
  folded.l = 512;
  auto f = EncodeClk(folded, Person("samir", "haddad", "19990701"), kSecret);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->size(), 64u);
  ClkSchema unfolded = DefaultPersonSchema();
  auto u = EncodeClk(unfolded, Person("samir", "haddad", "19990701"), kSecret);
  ASSERT_TRUE(u.ok());
  for (size_t i = 0; i < 64; ++i) EXPECT_EQ((*f)[i], (*u)[i] ^ (*u)[i + 64]) << i;

  ClkSchema balanced = DefaultPersonSchema();
  balanced.balanced = true;
  auto b1 = EncodeClk(balanced, Person("samir", "haddad", "19990701"), kSecret);
  auto b2 = EncodeClk(balanced, Person("ilir", "dervishi", "1978"), kSecret);
  ASSERT_TRUE(b1.ok() && b2.ok());
  EXPECT_EQ(b1->size(), 256u);
  EXPECT_EQ(Popcount(*b1), 1024);
  EXPECT_EQ(Popcount(*b2), 1024);
  auto b3 = EncodeClk(balanced, Person("samir", "hadad", "19990701"), kSecret);
  ASSERT_TRUE(b3.ok());
  EXPECT_GT(Dice(*b1, *b3), Dice(*b1, *b2));
}

TEST(Clk, DefaultSchemaFillsAboutHalfTheBits) {
  // bitsPerToken weights chosen for a popcount near l / 2 on FEBRL4 (524).
  Clk full = Encode({"michaela", "neumann", "michaela neumann", "19151111", "4223", "8 stanley street miami", ""});
  EXPECT_GT(Popcount(full), 380);
  EXPECT_LT(Popcount(full), 640);
  EXPECT_GT(DefaultPersonSchema().fields[0].bits_per_token, 0);
}

TEST(ClkSchemaV3, DefaultSchemaRoundTripsThroughItsJson) {
  ClkSchema schema = DefaultPersonSchema();
  schema.kdf_salt = {1, 2, 3};
  auto parsed = ParseSchemaV3(SchemaV3Json(schema));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(SchemaV3Json(*parsed), SchemaV3Json(schema));
  auto a = EncodeClk(schema, Person("samir", "haddad", "19990701"), kSecret);
  auto b = EncodeClk(*parsed, Person("samir", "haddad", "19990701"), kSecret);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(ClkSchemaV3, ErrorsNameThePlace) {
  auto expect_error = [](const std::string& json, const std::string& where) {
    auto schema = ParseSchemaV3(json);
    ASSERT_FALSE(schema.ok()) << json;
    EXPECT_NE(schema.status().message().find(where), std::string::npos) << schema.status().message();
  };
  const std::string head = R"({"version":3,"clkConfig":{"l":1024,"kdf":{"type":"HKDF"}},"features":[)";
  expect_error(R"({"version":2,"clkConfig":{},"features":[]})", "version");
  expect_error("{\"version\":3", "not JSON");
  expect_error(head + R"({"identifier":"a","ignored":true},{"identifier":"b","format":{"type":"string"},"hashing":{"comparison":{"type":"ngram","n":2},"strategy":{}}}]})",
               "features[1].hashing.strategy");
  expect_error(head + R"({"identifier":"a","format":{"type":"string"},"hashing":{"comparison":{"type":"numeric","thresholdDistance":1,"resolution":1},"strategy":{"bitsPerToken":5}}}]})",
               "features[0].hashing.comparison.type");
  expect_error(head + R"({"identifier":"a","format":{"type":"date","format":"%d %b %Y"},"hashing":{"comparison":{"type":"ngram","n":1},"strategy":{"bitsPerToken":5}}}]})",
               "features[0].format.format");
  expect_error(R"({"version":3,"clkConfig":{"l":1020,"kdf":{"type":"HKDF"}},"features":[]})", "clkConfig.l");
}

TEST(ClkSchemaV3, ValueErrorsNameTheField) {
  auto schema = ParseSchemaV3(kClkhashDoubleHashSchema);
  ASSERT_TRUE(schema.ok());
  auto clk = EncodeClk(*schema, {"A", "abc123", "1990-02-30", "M", "1"}, "chicken");
  ASSERT_FALSE(clk.ok());
  EXPECT_NE(clk.status().message().find("field `dob`"), std::string::npos) << clk.status().message();
  clk = EncodeClk(*schema, {"A", "abc123", "1990-02-03", "M", "x1"}, "chicken");
  ASSERT_FALSE(clk.ok());
  EXPECT_NE(clk.status().message().find("field `children`"), std::string::npos);
}

TEST(ClkBlocking, CloseClksShareAKeyAndStrangersRarelyDo) {
  ClkBlockingOptions o;
  Clk a = Encode(Person("mohamed", "abdirahman", "19900312"));
  Clk b = Encode(Person("mohammed", "abdirahman", "19900312"));
  auto ka = ClkBlockKeys(a, o.bands, o.bits_per_band, o.seed);
  auto kb = ClkBlockKeys(b, o.bands, o.bits_per_band, o.seed);
  ASSERT_EQ(ka.size(), static_cast<size_t>(o.bands));
  EXPECT_EQ(ka, ClkBlockKeys(a, o.bands, o.bits_per_band, o.seed));  // deterministic
  EXPECT_EQ(ka, ClkBlockKeys(a, o));                                 // the options' overload is the same
  int shared = 0;
  for (size_t i = 0; i < ka.size(); ++i) shared += ka[i] == kb[i];
  EXPECT_GT(shared, 0);
  // Strangers: 200 random-ish persons against one, few shared bands.
  int stranger_shared = 0;
  for (int i = 0; i < 200; ++i) {
    Clk s = Encode(Person("given" + std::to_string(i * 7919 % 1000), "family" + std::to_string(i), "1970"));
    auto ks = ClkBlockKeys(s, o.bands, o.bits_per_band, o.seed);
    for (size_t j = 0; j < ka.size(); ++j) stranger_shared += ka[j] == ks[j];
  }
  EXPECT_LT(stranger_shared, 5);
}

// ---- encode of case files ----

constexpr char kCase[] =
    "{\"kind\":\"source\",\"id\":\"s1\",\"reference\":\"BP-2024-0117\"}\n"
    "{\"kind\":\"person\",\"id\":\"p1\",\"names\":[\"Samir Haddad\"],\"given_names\":[\"Samir\"],"
    "\"family_names\":[\"Haddad\"],\"birth_date\":\"1999-07-14\",\"nationalities\":[\"SY\"],"
    "\"postcode\":\"ZX1 4QQ\",\"addresses\":[\"12 Quayside Lane\"],\"source\":\"s1\"}\n"
    "{\"kind\":\"identifier\",\"id\":\"i1\",\"type\":\"passport\",\"value\":\"N0123987\",\"country\":\"SY\","
    "\"holder\":\"p1\"}\n"
    "{\"kind\":\"person\",\"id\":\"p2\",\"names\":[\"Ilir Dervishi\"],\"father_names\":[\"Bekim\"],"
    "\"birth_date\":\"1981\",\"nationalities\":[\"AL\"]}\n"
    "{\"kind\":\"identifier\",\"id\":\"i2\",\"type\":\"phone\",\"value\":\"+355 69 765 4321\",\"holder\":\"p2\"}\n"
    "{\"kind\":\"organization\",\"id\":\"o1\",\"names\":[\"Blue Wave Travel\"]}\n"
    "{\"kind\":\"identifier\",\"id\":\"i3\",\"type\":\"phone\",\"value\":\"+90 212 555 0101\",\"holder\":\"o1\"}\n"
    "{\"kind\":\"event\",\"id\":\"e1\",\"type\":\"border_crossing\",\"date\":\"2024-05-03\",\"subject\":\"p1\","
    "\"actors\":[\"p2\"]}\n";

Result<std::string> EncodeText(const std::string& text, EncodeSummary* summary = nullptr) {
  std::istringstream in(text);
  std::ostringstream out;
  Status s = EncodeCaseFile(in, out, DefaultPersonSchema(), kSecret, EncodeOptions{"agency-b"}, summary);
  if (!s.ok()) return s;
  return out.str();
}

TEST(EncodeCaseFile, LeavesNoNameDateOrIdentifierInTheClear) {
  EncodeSummary summary;
  auto out = EncodeText(kCase, &summary);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  for (const char* secret_text : {"Samir", "samir", "Haddad", "haddad", "Ilir", "Dervishi", "Bekim", "1999", "1981",
                                  "ZX1", "Quayside", "N0123987", "0123987", "355", "4321", "\"i1\"", "\"i2\""}) {
    EXPECT_EQ(out->find(secret_text), std::string::npos) << secret_text << " in\n" << *out;
  }
  // What is not a person's identifying field stays.
  for (const char* kept : {"Blue Wave Travel", "+90 212 555 0101", "\"SY\"", "\"AL\"", "border_crossing",
                           "BP-2024-0117", "\"clk\":\""}) {
    EXPECT_NE(out->find(kept), std::string::npos) << kept << " not in\n" << *out;
  }
  EXPECT_EQ(summary.persons_encoded, 2);
  EXPECT_EQ(summary.identifiers_folded, 2);
  EXPECT_EQ(summary.records_written, 6);
}

TEST(EncodeCaseFile, TheOutputImportsAndCarriesTheClk) {
  auto out = EncodeText(kCase);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  palermo::testing::TempDir dir;
  auto store = palermo::testing::OpenStore(dir.path());
  ASSERT_NE(store, nullptr);
  auto result = palermo::testing::ImportText(store.get(), *out, "agency-b");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.stats.records, 6);
  std::string exported = palermo::testing::ExportText(*store);
  EXPECT_NE(exported.find("\"clk\":\""), std::string::npos) << exported;
  // The person's CLK, read back, is the one of its fields and passport.
  std::vector<palermo::v1::Record> records;
  std::string error;
  ASSERT_TRUE(format::ParseCaseText(*out, "agency-b", &records, &error)) << error;
  const auto& p1 = records[1];
  ASSERT_EQ(p1.id(), "p1");
  std::string b64 = p1.extra().at("clk");
  auto clk = ClkFromBase64(b64.substr(1, b64.size() - 2));
  ASSERT_TRUE(clk.ok());
  auto direct = EncodeClk(DefaultPersonSchema(),
                          {"samir", "haddad", "samir haddad", "19990714", "ZX14QQ", "12 quayside lane",
                           "passport:N0123987"},
                          kSecret);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*clk, *direct);
}

TEST(EncodeCaseFile, ArabicAndLatinSpellingsOfOneNameMeet) {
  auto a = EncodeText("{\"kind\":\"person\",\"id\":\"a\",\"names\":[\"\u0645\u062d\u0645\u062f \u0639\u0644\u064a\"],"
                      "\"birth_date\":\"1990\"}\n");
  auto b = EncodeText("{\"kind\":\"person\",\"id\":\"a\",\"names\":[\"mhmd ly\"],\"birth_date\":\"1990\"}\n");
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString() << b.status().ToString();
  EXPECT_EQ(*a, *b);  // ICU's general spelling of محمد علي is "mhmd ly"
}

TEST(EncodeCaseFile, BadInputIsRefusedWithLineAndFieldAndNothingWritten) {
  std::istringstream in(std::string(kCase) + "{\"kind\":\"person\",\"id\":\"p9\",\"names\":[\"X\"],\"birth_date\":\"1990-13-01\"}\n");
  std::ostringstream out;
  Status s = EncodeCaseFile(in, out, DefaultPersonSchema(), kSecret, EncodeOptions{"agency-b"}, nullptr);
  ASSERT_EQ(s.code(), Status::Code::kInvalidArgument);
  ASSERT_FALSE(s.diagnostics().empty());
  EXPECT_EQ(s.diagnostics()[0].line, 9);
  EXPECT_EQ(s.diagnostics()[0].field, "birth_date");
  EXPECT_TRUE(out.str().empty());
}

TEST(EncodeCaseFile, RefusesReferencesToFoldedIdentifiersAndHoldersOutsideTheFile) {
  auto s = EncodeText(std::string(kCase) +
                      "{\"kind\":\"relation\",\"id\":\"r1\",\"type\":\"owns\",\"from\":\"p1\",\"to\":\"i1\"}\n");
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.status().diagnostics().size(), 1u);
  EXPECT_EQ(s.status().diagnostics()[0].line, 9);
  EXPECT_EQ(s.status().diagnostics()[0].field, "to");
  s = EncodeText("{\"kind\":\"identifier\",\"id\":\"i\",\"type\":\"passport\",\"value\":\"X1\",\"holder\":\"other/p\"}\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().diagnostics()[0].field, "holder");
  s = EncodeText(EncodeText(kCase).value());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().diagnostics()[0].field, "clk");
}

TEST(EncodeCaseFile, ShortSecretsAreRefused) {
  palermo::testing::TempDir dir;
  palermo::testing::WriteFile(dir.File("short"), "0123456789abcde\n");
  palermo::testing::WriteFile(dir.File("empty"), "");
  palermo::testing::WriteFile(dir.File("ok"), "0123456789abcdef\n");
  EXPECT_EQ(ReadSecretFile(dir.File("short")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadSecretFile(dir.File("empty")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ReadSecretFile(dir.File("missing")).status().code(), Status::Code::kIoError);
  auto ok = ReadSecretFile(dir.File("ok"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "0123456789abcdef");
  std::istringstream in(kCase);
  std::ostringstream out;
  EXPECT_FALSE(EncodeCaseFile(in, out, DefaultPersonSchema(), "short", {}, nullptr).ok());
}

}  // namespace
}  // namespace palermo::linkage
