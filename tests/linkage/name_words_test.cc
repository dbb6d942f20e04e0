// How the words of two names meet (linkage/name_words.h): siblings' names
// one word apart and a brother's and a sister's forms of one name are told
// from one person's spellings.
#include "linkage/name_words.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/linkage/name_keys_of.h"

namespace palermo::linkage {
namespace {

bool Replaced(std::string_view a, std::string_view b, std::string* a_word = nullptr, std::string* b_word = nullptr) {
  return OneWordReplaced(Keys(a), Keys(b), a_word, b_word);
}

TEST(NameWordsTest, SiblingsNamesOneWordApartAreToldApart) {
  std::string x, y;
  EXPECT_TRUE(Replaced("Selam Haile Gebru", "Saba Haile Gebru", &x, &y));
  EXPECT_EQ(x, "selam");
  EXPECT_EQ(y, "saba");
  EXPECT_TRUE(Replaced("Hibo Jama Farah", "Hodan Jaamac Faarax")) << "in Somali orthography on one side";
  EXPECT_TRUE(Replaced("Le Hoang Long", "Lê Hoàng Lân")) << "syllables told apart by their vowels";
  EXPECT_TRUE(Replaced("Ahmed Karim Hassan", "Ahmed Karim Yousef")) << "cousins: another grandfather";
  EXPECT_TRUE(Replaced("Hassan Omar Abdi", "Hussein Omar Abdi")) << "hsn, hsyn: one loose skeleton, other vowels";
  EXPECT_TRUE(Replaced("Mahmoud Ahmed Ibrahim", "Mohamed Ahmed Ibrahim"));
  EXPECT_TRUE(Replaced("Alisher Sobir Mamatov", "Mamatov Alijon Sobir"))
      << "family name first: turned around, the others stand in place; Alisher and Alijon, Jaro-Winkler 0.8 "
         "and more, have consonants too far apart (lshr, ljn)";
  EXPECT_FALSE(Replaced("Chen Zhiqiang", "Mr Chen")) << "a form of address is no name";
  EXPECT_TRUE(Replaced("Yonas Gebremedhin", "Yonas Gebremariam")) << "alike beginnings, consonants apart";
  EXPECT_FALSE(Replaced("Nurlan Dzhumabekov", "Nurlan Jumabekov")) << "Jaro-Winkler 0.8, other beginnings";
  EXPECT_FALSE(Replaced("Franz Yan Charl", "Franz Jean-Charles")) << "a word cut short, part of the other's";
}

TEST(NameWordsTest, AFirstConsonantNoSpellingAlternatesTellsNamesApart) {
  const auto apart = [](std::string_view a, std::string_view b) {
    return FirstConsonantTellsApart(Keys(a), Keys(b), nullptr, nullptr);
  };
  EXPECT_TRUE(apart("Sita", "Gita"));
  EXPECT_TRUE(apart("Mohammad Nasir", "Mohammad Bashir"));
  EXPECT_TRUE(apart("Kamal", "Jamal"));
  EXPECT_FALSE(apart("Jamal", "Gamal")) << "Egyptian g for j";
  EXPECT_FALSE(apart("Zahra", "Sahra"));
  EXPECT_FALSE(apart("Ploypailin Charoensuk", "Ploypailin Jaroensuk")) << "Thai จ as ch and j; ch read as French sh too";
  EXPECT_FALSE(apart("Wasim", "Vasim"));
  EXPECT_FALSE(apart("Yusuf", "Jusuf"));
  EXPECT_FALSE(apart("Nasir", "Nasir"));
  EXPECT_FALSE(apart("Nasir Khan", "Bashir Ahmad")) << "two words differ";
  EXPECT_FALSE(FirstConsonantTellsApart(Keys("Guisly Telusma"), Keys("Wisly Telusma"), nullptr, nullptr))
      << "a gu before a vowel is Spanish for w";
}

TEST(NameWordsTest, OtherConsonantsAreOtherNamesThatJaroWinklerFindsAlike) {
  EXPECT_TRUE(OtherConsonants(Keys("Yonas"), Keys("Yonatan"))) << "yns, yntn";
  EXPECT_TRUE(OtherConsonants(Keys("Imran Ali"), Keys("Irfan Ali"))) << "one word of two: mrn, rfn";
  EXPECT_TRUE(OtherConsonants(Keys("Artur"), Keys("Artem"))) << "one consonant apart, r and m, which no spelling alternates";
  EXPECT_FALSE(OtherConsonants(Keys("Olha"), Keys("Olga"))) << "h and g: one letter apart, as spellings write it";
  EXPECT_FALSE(OtherConsonants(Keys("Kadhim"), Keys("Kazim"))) << "dh and z, one Arabic letter";
  EXPECT_FALSE(OtherConsonants(Keys("Ibrahim"), Keys("Ibrahin"))) << "m and n, heard alike";
  EXPECT_FALSE(OtherConsonants(Keys("Fatemeh"), Keys("Fatima"))) << "one holds the other's letters";
  EXPECT_FALSE(OtherConsonants(Keys("Imran Ali"), Keys("Irfan Aziz"))) << "two words differ";
  EXPECT_FALSE(OtherConsonants(Keys("Imran Ali"), Keys("Imran Ali"))) << "one name";
}

TEST(NameWordsTest, GivenNamesOfOneWordAreToldApartByTheirVowelsOnly) {
  const auto by_vowels = [](std::string_view a, std::string_view b) {
    return OneWordReplaced(Keys(a), Keys(b), nullptr, nullptr, /*by_vowels=*/true);
  };
  EXPECT_TRUE(by_vowels("Hassan", "Hussain")) << "hsn, hsyn";
  EXPECT_TRUE(by_vowels("Mahmoud", "Mohamed"));
  EXPECT_FALSE(by_vowels("Yusuf", "Yousef"));
  EXPECT_FALSE(by_vowels("Karim", "Kareem"));
  EXPECT_FALSE(by_vowels("Woldemichael", "Weldemikael")) << "Ge'ez wä as wo and we; ch and c as k";
  EXPECT_FALSE(by_vowels("Siciid", "Said")) << "Somali orthography writes its own vowels";
  EXPECT_FALSE(by_vowels("Fiodor", "Fedor")) << "the Cyrillic yo, written io and e";
  EXPECT_FALSE(by_vowels("Liudmyla", "Ludmila")) << "ICAO's iu for the Cyrillic yu";
  EXPECT_FALSE(by_vowels("Pyotr", "Petr"));
  EXPECT_TRUE(by_vowels("Rashad", "Rashid")) << "one skeleton, an a against an i";
  EXPECT_TRUE(by_vowels("Rasheed", "Rashad"));
  EXPECT_TRUE(by_vowels("Minh", "Manh"));
  EXPECT_FALSE(by_vowels("Khaled", "Khalid")) << "e for i";
  EXPECT_FALSE(by_vowels("Ahmed", "Ahmad")) << "e for a";
  EXPECT_FALSE(by_vowels("Shahidul", "Shohidul")) << "o for a";
  EXPECT_TRUE(by_vowels("Omar", "Amer")) << "one skeleton, but a short name's first letter o against a";
  EXPECT_TRUE(by_vowels("Umar", "Amir"));
  EXPECT_FALSE(by_vowels("Oleksandr", "Aleksandr")) << "the Ukrainian o for the Russian a";
  EXPECT_FALSE(by_vowels("Olena", "Elena"));
  EXPECT_FALSE(by_vowels("Rashid", "Rasheed")) << "ee for i";
  EXPECT_FALSE(by_vowels("Walid", "Waleed")) << "ee for i after a first w";
  EXPECT_FALSE(by_vowels("Deka", "Deeqa")) << "Somali ee for e";
  EXPECT_TRUE(by_vowels("Xasan", "Hussein")) << "Somali writes a long vowel (Xuseen), and Xasan has none";
  EXPECT_FALSE(by_vowels("Xuseen", "Hussein"));
  EXPECT_FALSE(by_vowels("Xaliimo", "Halima"));
  EXPECT_FALSE(by_vowels("Maxamed", "Muhammad"));
  EXPECT_FALSE(by_vowels("Cumar", "Omar"));
  EXPECT_FALSE(by_vowels("Cismaan", "Osman"));
  EXPECT_TRUE(by_vowels("Xuseen", "Hassan")) << "the Somali reading husen: an a against a u";
  EXPECT_FALSE(by_vowels("Mykhailo", "Mikhail")) << "the Ukrainian y for i";
  EXPECT_FALSE(by_vowels("Youri", "Iurii")) << "French and ICAO spellings of Yuriy: a first i before a vowel is a y";
  EXPECT_FALSE(by_vowels("Aldawsari", "Al-Dosari")) << "aw written o";
  EXPECT_TRUE(by_vowels("Thuy", "Thu")) << "Vietnamese syllables: uy is not u";
  EXPECT_TRUE(by_vowels("Hasan", "Husan")) << "Uzbek twins' names: a against u";
  EXPECT_TRUE(by_vowels("Хасан", "Husan")) << "in Cyrillic too";
  EXPECT_FALSE(by_vowels("Mahammad", "Muhammad")) << "longer names";
  EXPECT_FALSE(by_vowels("Hasan", "Hassan"));
  EXPECT_TRUE(by_vowels("Rania", "Rana")) << "a long vowel one writes and the other has no vowel for";
  EXPECT_TRUE(by_vowels("Mariam", "Maram"));
  EXPECT_TRUE(by_vowels("Saeed", "Saad"));
  EXPECT_FALSE(by_vowels("Mariam", "Marem"));
  EXPECT_FALSE(by_vowels("Yousef", "Yosef"));
  EXPECT_FALSE(by_vowels("Ghafoor", "Ghafar")) << "Pashto spellings of one name";
  EXPECT_FALSE(by_vowels("Nabeel", "Nabil"));
  EXPECT_FALSE(by_vowels("Сергей", "Siarhei")) << "Cyrillic's vowels are not the Belarusian Latin spelling's";
  EXPECT_TRUE(by_vowels("Thị Thúy", "Thi Thu"));
  EXPECT_TRUE(by_vowels("Feng", "Fang")) << "Chinese finals";
  EXPECT_TRUE(by_vowels("Dương", "Dung"));
  EXPECT_TRUE(by_vowels("Thị Huệ", "Thi Hoa")) << "Vietnamese syllables: every vowel tells them apart";
  EXPECT_TRUE(by_vowels("Văn Hào", "Van Hai"));
  EXPECT_FALSE(by_vowels("Nguyễn Văn Tuấn", "Nguyen Van Tuan")) << "tone marks aside, one name";
  EXPECT_FALSE(by_vowels("Lê Thị Hoà", "Le Thi Hoa"));
  EXPECT_FALSE(by_vowels("Hùng", "Hưng")) << "one spelling without its marks";
  EXPECT_FALSE(by_vowels("Zayd", "Zaid")) << "a y inside, not after the vowel at the end";
  EXPECT_FALSE(by_vowels("Sergey", "Serge")) << "longer than a syllable";
  EXPECT_FALSE(Replaced("Hassan", "Hussain")) << "one word each: no other word met, so not as a sibling's whole name";
}

// Arabic script writes long vowels (ya, waw) and no short ones: a Latin
// spelling with only an a where the script has a ya, or no o or u where it
// has a waw, is another name.
TEST(NameWordsTest, ALongVowelOfArabicScriptIsLookedForInTheLatinSpelling) {
  const auto by_vowels = [](std::string_view a, std::string_view b) {
    return OneWordReplaced(Keys(a), Keys(b), nullptr, nullptr, /*by_vowels=*/true);
  };
  EXPECT_TRUE(by_vowels("Hassan", "حسين")) << "hsn, hsyn: an a where the ya stands";
  EXPECT_TRUE(by_vowels("حسين", "Hasan"));
  EXPECT_TRUE(by_vowels("Mohamed", "محمود")) << "an e where the waw stands";
  EXPECT_TRUE(by_vowels("Jamal", "جميل"));
  EXPECT_FALSE(by_vowels("Husin", "حسين")) << "an i for the ya";
  EXPECT_FALSE(by_vowels("Hussein", "حسين")) << "one skeleton";
  EXPECT_FALSE(by_vowels("Karim", "كريم"));
  EXPECT_FALSE(by_vowels("Mahmud", "محمود"));
  EXPECT_FALSE(by_vowels("Mohamed", "محمد")) << "no long vowel written";
  EXPECT_FALSE(by_vowels("Yasin", "ياسين"));
  EXPECT_TRUE(Replaced("Hassan Mohamed Osman", "حسين محمد عثمان")) << "twins' names, one in Arabic script";
  EXPECT_FALSE(Replaced("Hussein Mohamed Osman", "حسين محمد عثمان"));
  EXPECT_TRUE(by_vowels("Husain", "حسن")) << "a diphthong where Arabic script writes no ya";
  EXPECT_FALSE(by_vowels("Saidi", "الساعدي")) << "an alif there: a long a, then an i";
}

TEST(NameWordsTest, VowelsTellApartOnlyWhereBothSpellingsWriteThem) {
  EXPECT_FALSE(Replaced("Yusuf Ali Hassan", "Yousef Ali Hassan")) << "ou and u";
  EXPECT_FALSE(Replaced("Mahmoud Ali Hassan", "Mahmud Ali Hassan"));
  EXPECT_FALSE(Replaced("Karim Ali Hassan", "Kareem Ali Hassan"));
  EXPECT_FALSE(Replaced("Sergey Kovalchuk", "Siarhei Kavalchuk")) << "srg, srh: vowels only where the rest is one";
  EXPECT_FALSE(Replaced("Mehari Gebrehiwet Tekle", "መሓሪ ገብረሕይወት ተኽለ")) << "Ge'ez vowels as ICU writes them";
}

TEST(NameWordsTest, OnePersonsSpellingsAreNotOneWordReplaced) {
  EXPECT_FALSE(Replaced("Kadhim Jawad Al-Musawi", "Kazem Jawad al-Moussawi")) << "ksm, kdm: one letter apart";
  EXPECT_FALSE(Replaced("Med Amine", "Mohamed Amine")) << "an abbreviation";
  EXPECT_FALSE(Replaced("Hikmatullah Momand", "Hekmatullah Mohmand"));
  EXPECT_FALSE(Replaced("Tesfay Gebremichael Weldemariam", "ተስፋይ ገብረሚካኤል ወልደማርያም"));
  EXPECT_FALSE(Replaced("Omar Abdi Nur", "Umar Abdi Nur")) << "Jaro-Winkler 0.83";
  EXPECT_FALSE(Replaced("Selam Haile Gebru", "Selam Haile Gebru")) << "the same words";
  EXPECT_FALSE(Replaced("Selam Haile Gebru", "Saba Gebru")) << "not as many words: left to the other levels";
  EXPECT_FALSE(Replaced("Lê Thị Ngọc Lan", "Le Thi Lan")) << "a middle name added, not Thi replaced by Ngoc";
  EXPECT_FALSE(Replaced("Shahnaz Khatun", "Shahnaz Begum")) << "women's titles, not names";
  EXPECT_FALSE(Replaced("Сергей Иванов", "Siarhei Ivanou")) << "the Belarusian ou of -ov";
  EXPECT_FALSE(Replaced("تسين نجاش جيرما", "Sion Negashe Girma"))
      << "short words are told apart by their vowels only where both write them: tsn, sn";
}

TEST(NameWordsTest, AbdNamesAreToldApartByTheServantTheyName) {
  EXPECT_TRUE(OtherServants("abdullahi", "abdiaziz"));
  EXPECT_TRUE(OtherServants("cabdullaahi", "abdiaziz")) << "Somali c";
  EXPECT_TRUE(OtherServants("abdulkarim", "abdulkadir"));
  EXPECT_TRUE(OtherServants("abdelilah", "abdullah")) << "al-Ilah is not Allah";
  EXPECT_FALSE(OtherServants("abdullahi", "cabdullaahi"));
  EXPECT_FALSE(OtherServants("abdelaziz", "abdiaziz"));
  EXPECT_FALSE(OtherServants("abdurrahman", "abdirahman"));
  EXPECT_FALSE(OtherServants("abdulghani", "abdiqani")) << "gh and q";
  EXPECT_FALSE(OtherServants("abdulrazzaq", "abdirizak")) << "one letter apart";
  EXPECT_TRUE(OtherServants("abdelrahman", "abdelrahim")) << "one letter apart, but al-Rahman is not al-Rahim";
  EXPECT_FALSE(OtherServants("abdellatif", "abdelatif"));
  EXPECT_FALSE(OtherServants("abdi", "abdullahi")) << "Abdi alone names no servant";
  EXPECT_FALSE(OtherServants("ahmed", "abdiaziz"));
  std::string x, y;
  EXPECT_TRUE(OtherServantNames(Keys("Cabdullaahi"), Keys("Abdiaziz"), &x, &y));
  EXPECT_FALSE(OtherServantNames(Keys("Cabdullaahi"), Keys("Abdullahi"), nullptr, nullptr));
  EXPECT_TRUE(Replaced("Abdullahi Mohamed Hassan", "Abdiaziz Mohamed Hassan")) << "brothers";
}

TEST(NameWordsTest, AShortFormIsTheBeginningOrTheEndOfTheLongName) {
  EXPECT_TRUE(AShortForm(Keys("Tina"), Keys("Cristina"))) << "a c that Somali orthography would write for ʿayn";
  EXPECT_TRUE(AShortForm(Keys("Emeka"), Keys("Chukwuemeka")));
  EXPECT_TRUE(AShortForm(Keys("Abdirahman"), Keys("Rahman")));
  EXPECT_FALSE(AShortForm(Keys("Hassan"), Keys("Hassani"))) << "one letter more is another name";
  EXPECT_FALSE(AShortForm(Keys("Ali"), Keys("Aliyu"))) << "three letters are too few to tell";
  EXPECT_FALSE(AShortForm(Keys("Emeka"), Keys("Nwachukwu")));
}

TEST(NameWordsTest, ABrothersAndASistersFormsOfOneName) {
  std::string f, m;
  EXPECT_TRUE(GenderedForms(Keys("Jamila El Amrani"), Keys("Jamal El Amrani"), &f, &m));
  EXPECT_EQ(f, "jamila");
  EXPECT_EQ(m, "jamal");
  EXPECT_TRUE(GenderedForms(Keys("Valentina Orlova"), Keys("Валентин Орлов"), nullptr, nullptr));
  EXPECT_TRUE(GenderedForms(Keys("Валентина Лисенко"), Keys("Valentin Lysenko"), nullptr, nullptr));
  EXPECT_TRUE(GenderedForms(Keys("ሰምረት ዮሃንስ ተኽለ"), Keys("Semere Yohannes Tekle"), nullptr, nullptr))
      << "the feminine t: Semret and Semere";
  EXPECT_TRUE(GenderedForms(Keys("Semret Tekle"), Keys("Semere Tekle"), nullptr, nullptr));
  EXPECT_FALSE(GenderedForms(Keys("Semere Tekle"), Keys("Semret Tekle"), nullptr, nullptr)) << "the t is the woman's";
  EXPECT_TRUE(GenderedForms(Keys("Samia Trabelsi"), Keys("Sami Trabelsi"), &f, &m));
  EXPECT_EQ(f + "/" + m, "samia/sami");
  EXPECT_TRUE(GenderedForms(Keys("Nguyễn Thị Anh"), Keys("Nguyen Van Anh"), &f, &m));
  EXPECT_EQ(f + "/" + m, "thi/van");
  // One side in Arabic script, whose long vowels are written (نبيلة: nbyla).
  EXPECT_TRUE(GenderedForms(Keys("نبيلة منصور"), Keys("Nabil Mansour"), nullptr, nullptr));
  EXPECT_TRUE(GenderedForms(Keys("Nabila Mansour"), Keys("نبيل منصور"), nullptr, nullptr));
  EXPECT_FALSE(GenderedForms(Keys("Fatima Hassan"), Keys("Fatima Hassan"), nullptr, nullptr)) << "one form";
  EXPECT_FALSE(GenderedForms(Keys("Maria Rossi"), Keys("Mario Rossi"), nullptr, nullptr)) << "no consonant ending";
}

}  // namespace
}  // namespace palermo::linkage
