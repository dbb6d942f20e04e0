// The transliteration set (issue #10): one person's name in two spellings,
// across scripts (Arabic, Dari/Pashto, Cyrillic (Russian, Ukrainian), Ge'ez
// (Tigrinya, Amharic), Somali, Vietnamese) or
// across ways of writing it in Latin. names_test checks that each pair
// shares a name key; blocking_test that each pair is proposed.
#pragma once

#include <utility>

namespace palermo::linkage {

inline constexpr std::pair<const char*, const char*> kTransliterationPairs[] = {
    {"محمد عبد الرحمن", "Mohammed Abd al-Rahman"},
    {"محمد عبد الرحمن", "Mohamed Abdirahman"},
    {"محمد علي", "Mohamed Ali"},
    {"محمود علي", "Mahmoud Ali"},
    {"احمد شاه مسعود", "Ahmad Shah Massoud"},
    {"Юрий Щукин", "Yuriy Shchukin"},
    {"Сергей Коваленко", "Sergey Kovalenko"},
    {"Наталья Ильич", "Natalya Ilich"},
    {"ተስፋይ ገብረመድህን", "Tesfay Gebremedhin"},
    {"ተስፋዬ ገብረመድኅን", "Tesfaye Gebremedhin"},
    {"Maxamed Cabdiraxmaan", "Mohamed Abdirahman"},
    {"Cali Xasan", "Ali Hassan"},
    {"Nguyễn Văn Thành", "Nguyen Van Thanh"},
    {"Abdi Rahman", "Abdirahman"},
    {"غلام حیدر", "Ghulam Haidar"},
    {"گل محمد", "Gul Mohammad"},
    {"سید احمد", "Sayed Ahmad"},
    {"محمد نبی", "Mohammad Nabi"},
    {"زينب", "Zainab"},
    {"Faadumo Maxamuud", "Fadumo Mohamud"},
    {"Xaawo Cumar", "Hawa Omar"},
    {"Хасан Алиев", "Hassan Aliyev"},
    {"Олександр Коваленко", "Oleksandr Kovalenko"},
    {"ሙሉጌታ ተስፋዬ", "Mulugeta Tesfaye"},
    {"ገብረየሱስ ተኽለ", "Gebreyesus Tekle"},
    {"Trần Thị Hương", "Tran Thi Huong"},
    {"Yusuf Ibrahim", "Yousef Ebrahim"},
    {"Haile Mariam", "Hailemariam"},
    {"Юрий Щукин", "Iurii Shchukin"},
    {"Yuriy Shchukin", "Iurii Shchukin"},
    {"Наталья Кузнецова", "Natalia Kuznetsova"},
    {"Юлия Соловьёва", "Iuliia Soloveva"},
    {"Евгений Хохлов", "Evgenii Khokhlov"},
    {"Yevgeniy Khokhlov", "Evgenii Khokhlov"},
    {"Дмитрий Царёв", "Dmitrii Tsarev"},
    {"Олександр Григорович Шевченко", "Oleksandr Hryhorovych Shevchenko"},
    {"Юрій Ковальчук", "Yurii Kovalchuk"},
    {"Андрій Ткаченко", "Andrii Tkachenko"},
    {"عبدالرحمن", "Abdulrahman"},
    {"عبدالله حسن", "Abdullah Hassan"},
    {"يوسف", "Youssef"},
    {"أحمد محمود", "Ahmed Mahmoud"},
    {"خالد الحسن", "Khaled Al Hassan"},
    {"Khaled Al Hassan", "Khalid Alhasan"},
    {"عمر عبد العزيز", "Omar Abdelaziz"},
    {"فاطمة الزهراء", "Fatima Zahra"},
    {"نور الله", "Noorullah"},
    {"ذبیح الله", "Zabihullah"},
    {"عبدالغنی", "Abdul Ghani"},
    {"ዮሐንስ ኃይለ ማርያም", "Yohannes Hailemariam"},
    {"ፍሰሃ ተኽለ", "Fisseha Tekle"},
    {"ሰላም ገብረሂወት", "Selam Gebrehiwet"},
    {"Tesfay Gebremedhin", "Tesfai Gebremedhn"},
    {"Nguyễn Thị Minh Khai", "Nguyen Thi Minh Khai"},
    {"Phạm Văn Đồng", "Pham Van Dong"},
    {"Cabdullaahi Maxamed", "Abdullahi Mohamed"},
    {"Xuseen Cali", "Hussein Ali"},
    {"Cumar Xasan", "Omar Hassan"},
};

// Look-alike strangers: two different persons whose names read alike (the
// same skeleton, a Jaro-Winkler above 0.9, or one letter apart), to be
// told apart by what else their records hold (scoring_test gives them
// different birth years).
inline constexpr std::pair<const char*, const char*> kLookAlikeStrangers[] = {
    {"Mohamed Ali", "Mahmud Ali"},
    {"محمد علي", "Mohammed Aly"},
    {"Hassan Ahmed", "Hussein Ahmed"},
    {"Nguyen Van Thanh", "Nguyen Van Thinh"},
    {"Tesfay Gebremedhin", "Tesfaye Gebremariam"},
    {"Сергей Коваленко", "Sergey Kovalenkov"},
    {"Юрий Щукин", "Yuri Shukin"},
    {"Cabdi Xasan", "Abdi Hassan"},
    {"احمد شاه مسعود", "Ahmad Shah Masood"},
    {"Abdul Wali Karimi", "Abdul Wali Karim"},
    {"Omar Abdelaziz", "Omar Abdelkarim"},
    {"عمر عبد العزيز", "Omar Abdelkader"},
    {"Евгений Хохлов", "Evgeniia Khokhlova"},
    {"Yevgeniy Khokhlov", "Yegor Khokhlov"},
    {"Юрий Щукин", "Iurii Shchukina"},
    {"ذبیح الله", "Zabihullah Zabih"},
    {"Олександр Шевченко", "Oleksii Shevchenko"},
};

}  // namespace palermo::linkage
