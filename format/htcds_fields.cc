#include "format/htcds_fields.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "format/countries.h"
#include "format/date.h"

namespace palermo::format::htcds {
namespace {

using V = std::vector<PickValue>;

const V kGender = {{"Feminine", "Feminine"}, {"Masculine", "Masculine"},
                   {"TransgenderFeminine", "Transgender Feminine"}, {"TransgenderMasculine", "Transgender Masculine"},
                   {"NonConforming", "Non-Conforming"}, {"NonSpecifiedUnknown", "Not Specified/Unknown"}};
const V kMaritalStatus = {{"Single", "Single"}, {"Married", "Married"}, {"Widowed", "Widowed"},
                          {"Divorced", "Divorced"}, {"Separated", "Separated"},
                          {"RegisteredPartnership", "Registered Partnership"}};
const V kTraffickingStatus = {{"PossibleVictimOfTrafficking", "Possible victim of trafficking"},
                              {"ActualVictimOfTrafficking", "Actual victim of trafficking"},
                              {"NotAVictimOfTrafficking", "Not a victim of trafficking"}};
const V kDecisionOrg = {{"Police", "Police"}, {"NGO", "NGO"}, {"CourtOrProsecution", "Court or prosecution"},
                        {"NonPoliceGovernmentalOrganization", "Non-police governmental organization"},
                        {"Other", "Other"}};
const V kRelationship = {{"Familial", "Familial"}, {"Acquainted", "Acquainted"}, {"Unaquainted", "Unaquainted"}};
const V kApps = {{"Facebook", "Facebook"}, {"Instagram", "Instagram"}, {"WhatsApp", "WhatsApp"},
                 {"Telegram", "Telegram"}, {"FacebookMessenger", "Facebook Messenger"}, {"Viber", "Viber"},
                 {"SnapChat", "SnapChat"}, {"Line", "Line"}, {"4Sale", "4Sale"}, {"WeChat", "WeChat"},
                 {"QQ", "QQ"}, {"QZone", "QZone"}, {"TikTok", "TikTok"}, {"Twitter", "Twitter"}, {"Other", "Other"}};
const V kRecruitment = {{"AtAPlaceOfBusiness", "At a place of business"},
                        {"AtAnEducationalInstitution", "At an educational institution"},
                        {"AtWork", "At work"},
                        {"ThroughOnlineSocialNetworks", "Through online social networks"},
                        {"ThroughAnOnlineAdvertisement", "Through an online advertisement"},
                        {"ThroughATelevisionAdvert", "Through a television advert"},
                        {"ThroughANewspaperAdvert", "Through a newspaper advert"},
                        {"ThroughFamilyOrFamilyEvents", "Through family or family events"},
                        {"ThroughFriendsOrSocialEvents", "Through friends or social events"},
                        {"Other", "Other"}};
const V kControl = {{"PhysicalThreats", "Physical threats"}, {"ThreatsLawEnforcement", "Threats of law enforcement"},
                    {"ThreatensChildrenFamily", "Threatens children/family"}, {"DebtBondage", "Debt bondage"},
                    {"FalsePromises", "False promises"}, {"PhysicalAbuse", "Physical abuse"},
                    {"SexualAbuse", "Sexual abuse"}, {"TakesEarnings", "Takes earnings"},
                    {"RestrictsFinancialAccess", "Restricts financial access"},
                    {"RestrictsMedicalCare", "Restricts medical care"},
                    {"WithholdsNecessities", "Withholds necessities"}, {"PsychologicalAbuse", "Psychological abuse"},
                    {"PsychoactiveSubstance", "Psychoactive substance"},
                    {"ExcessiveWorkingHours", "Excessive working hours"},
                    {"WithholdsDocuments", "Withholds documents"}, {"Other", "Other"}};
const V kExploitation = {{"ForcedLabour", "Forced labour"}, {"SexualExploitation", "Sexual exploitation"},
                         {"ChildLabour", "Child labour"}, {"ForcedMarriage", "Forced marriage"},
                         {"Servitude", "Servitude"},
                         {"ForcedMilitaryByNonStateActors", "Forced military (by non-state actors)"},
                         {"OrganRemoval", "Organ removal"}, {"ForcedBegging", "Forced begging"},
                         {"ForcedAdoption", "Forced adoption"}, {"Surrogacy", "Surrogacy"}, {"Other", "Other"}};
const V kIndustry = {
    {"A_AgricultureForestryAndFishing", "Agriculture, forestry and fishing"},
    {"B_MiningAndQuarrying", "Mining and quarrying"},
    {"C_Manufacturing", "Manufacturing"},
    {"D_ElectricityGasSteamAndAirConditioningSupply", "Electricity, gas, steam and air conditioning supply"},
    {"E_WaterSupplySewerageWasteManagement", "Water supply; sewerage, waste management and remediation"},
    {"F_Construction", "Construction"},
    {"G_WholesaleAndRetailTradeRepairOfMotorVehicles",
     "Wholesale and retail trade; repair of motor vehicles and motorcycles"},
    {"H_TransportationAndStorage", "Transportation and storage"},
    {"I_AccommodationAndFoodServiceActivities", "Accommodation and food service activities"},
    {"J_InformationAndCommunication", "Information and communication"},
    {"K_FinancialAndInsuranceActivities", "Financial and insurance activities"},
    {"L_RealEstateActivities", "Real estate activities"},
    {"M_ProfessionalScientificAndTechnicalActivities", "Professional, scientific and technical activities"},
    {"N_AdministrativeAndSupportServiceActivities", "Administrative and support service activities"},
    {"O_PublicAdministrationAndDefence", "Public administration and defence; compulsory social security"},
    {"P_Education", "Education"},
    {"Q_HumanHealthAndSocialWorkActivities", "Human health and social work activities"},
    {"R_ArtsEntertainmentAndRecreation", "Arts, entertainment and recreation"},
    {"S_OtherServiceActivities", "Other service activities"},
    {"T_ActivitiesOfHouseholdsAsEmployers",
     "Activities of households as employers; undifferentiated goods- and services- producing activities of "
     "households for own use"},
    {"U_ActivitiesOfExtraterritorialOrganizations", "Activities of extraterritorial organizations and bodies"}};
const V kSexExploitation = {{"Prostitution", "Prostitution"}, {"Pornography", "Pornography"},
                            {"RemoteInteractiveServices", "Remote Interactive Services"},
                            {"PrivateSexualServices", "Private Sexual Services"}};
const V kVulnerabilities = {{"Addiction", "Addiction"}, {"SocialGroup", "Social Group"},
                            {"Discrimination", "Discrimination"}, {"Poverty", "Poverty"},
                            {"DisabilityAndPhysicalHealth", "Disability and physical health"},
                            {"MentalHealth", "Mental health"}, {"Migration", "Migration"},
                            {"Homelessness", "Homelessness"}, {"AbuseSocialMedia", "Abuse - social media"},
                            {"AbusePhysical", "Abuse - physical"}, {"Education", "Education"},
                            {"WorkEnvironment", "Work environment"}};
const V kRole = {{"TravellingPartner", "Travelling Partner"}, {"Transporter", "Transporter"},
                 {"RecruiterOrIntermediary", "Recruiter Or Intermediary"}, {"BrokerTravelAgent", "Broker Travel Agent"},
                 {"TransferredIndividual", "Transferred Individual"}, {"HarbouredIndividual", "Harboured Individual"},
                 {"SoldIndividual", "Sold Individual"}, {"BoughtIndividual", "Bought Individual"},
                 {"ReceivedIndividual", "Received Individual"}, {"ControlledIndividual", "Controlled Individual"},
                 {"Smuggler", "Smuggler"}, {"Abuser", "Abuser"}, {"Kidnapper", "Kidnapper"},
                 {"Exploiter", "Exploiter"}, {"Other", "Other"}};
const V kCaseStatus = {{"Active", "Active"}, {"FollowUp", "Follow Up"}, {"Closed", "Closed"},
                       {"ClosedReferred", "Closed Referred"}};
const V kReferral = {{"AdditionalServicesRequired", "Additional Services Required"},
                     {"MigrationOrChangeOfLocation", "Migration or Change of Location"}, {"Other", "Other"}};
const V kHteType = {{"Recruitment", "Recruitment"}, {"Transit", "Transit"}, {"Exploitation", "Exploitation"}};
const V kOrgType = {{"NGO", "NGO"}, {"LawEnforcement", "Law Enforcement"},
                    {"HealthServiceOrganisation", "Health Service Organisation"},
                    {"CentralGovernmentOrganisation", "Central Government Organisation"},
                    {"LocalGovernmentOrganisation", "Local Government Organisation"},
                    {"ImmigrationService", "Immigration Service"}, {"LegalService", "Legal Service"},
                    {"CorporateBusiness", "Corporate Business"}, {"SchoolOrCollege", "School or College"}};
const V kSupportPlan = {{"Education", "Education"}, {"Financial", "Financial"}, {"Health", "Health"},
                        {"LabourExploitationRehabilitation", "Labour Exploitation Rehabilitation"},
                        {"Legal", "Legal"}, {"Livelihood", "Livelihood"},
                        {"RightsBasedTraining", "Rights-based Training"},
                        {"SexualExploitationRehabilitation", "Sexual Exploitation Rehabilitation"},
                        {"SocialCare", "Social Care"}};

using T = FieldType;
const std::vector<Field> kFields = {
    {"cas_CaseNumber", "Case Number", T::kText, nullptr, "Palermo"},
    {"cas_CaseOwner", "Case Owner", T::kText, nullptr, "1.0 2.0"},
    {"cas_Status", "Status", T::kSingle, &kCaseStatus, "1.0 2.0"},
    {"cas_ReasonForCaseClosure", "Reason for Case Closure", T::kText, nullptr, "1.0 2.0"},
    {"cas_ReferringOrganisation", "Referring Organisation", T::kText, nullptr, "1.0 2.0"},
    {"cas_IncomingReferralDate", "Incoming Referral Date", T::kDate, nullptr, "1.0 2.0"},
    {"cas_ReferringPrimaryCaseWorker", "Referring Primary Case Worker", T::kText, nullptr, "1.0 2.0"},
    {"cas_ReasonForIncomingReferral", "Reason for Incoming Referral", T::kSingle, &kReferral, "1.0 2.0"},
    {"cas_IncomingReferralDetails", "Incoming Referral Details", T::kText, nullptr, "1.0 2.0"},
    {"cas_ReferredOrganisation", "Referred Organisation", T::kText, nullptr, "1.0 2.0"},
    {"cas_ReferredPrimaryCaseWorker", "Referred Primary Case Worker", T::kText, nullptr, "1.0 2.0"},
    {"cas_ReasonForOutgoingReferral", "Reason for Outgoing Referral", T::kSingle, &kReferral, "1.0 2.0"},
    {"cas_OutgoingReferralDate", "Outgoing Referral Date", T::kDate, nullptr, "1.0 2.0"},
    {"cas_OutgoingReferralDetails", "Outgoing Referral Details", T::kText, nullptr, "1.0 2.0"},
    {"cco_CaseComment", "Case Comment", T::kText, nullptr, "1.0 2.0"},
    {"con_Consent", "Consent", T::kBool, nullptr, "1.0 2.0"},
    {"con_PurposeOfInterview", "Purpose of Interview", T::kBool, nullptr, "1.0"},
    {"con_UseOfData", "Use of Data", T::kBool, nullptr, "1.0"},
    {"con_DataForResearch", "Data for Research", T::kBool, nullptr, "1.0"},
    {"con_RightToBeForgotten", "Right to be Forgotten", T::kBool, nullptr, "1.0"},
    {"prs_Salutation", "Salutation", T::kText, nullptr, "1.0 2.0"},
    {"prs_FirstName", "First Name", T::kText, nullptr, "1.0 2.0"},
    {"prs_MiddleName", "Middle Name", T::kText, nullptr, "1.0 2.0"},
    {"prs_SecondName", "Second Name", T::kText, nullptr, "1.0 2.0"},
    {"prs_Birthdate", "Birthdate", T::kDate, nullptr, "1.0 2.0"},
    {"prs_Gender", "Gender", T::kSingle, &kGender, "1.0 2.0"},
    {"prs_Deceased", "Deceased", T::kBool, nullptr, "1.0 2.0"},
    {"prs_MaritalStatus", "Marital Status", T::kSingle, &kMaritalStatus, "1.0 2.0"},
    {"prs_NumberOfChildren", "Number of Children", T::kNumber, nullptr, "1.0 2.0"},
    {"prs_PrimaryLanguage", "Primary Language", T::kText, nullptr, "1.0 2.0"},
    {"prs_SecondaryLanguage", "Secondary Language", T::kText, nullptr, "1.0 2.0"},
    {"prs_HighestLevelOfEducation", "Highest Level of Education", T::kText, nullptr, "1.0 2.0"},
    {"prs_Citizenship", "Citizenship", T::kMulti, nullptr, "1.0 2.0"},
    {"prs_IdentityNumber", "Identity Number", T::kText, nullptr, "1.0 2.0"},
    {"prs_Title", "Title", T::kText, nullptr, "1.0 2.0"},
    {"prs_Email", "Email", T::kText, nullptr, "1.0 2.0"},
    {"prs_HomePhone", "Home Phone", T::kText, nullptr, "1.0 2.0"},
    {"prs_MobilePhone", "Mobile Phone", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingStreet", "Mailing Street", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingCity", "Mailing City", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingState", "Mailing State/Province", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingPostalCode", "Mailing Zip/Postal Code", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingCountry", "Mailing Country", T::kText, nullptr, "1.0 2.0"},
    {"prs_MailingLongitude", "Longitude", T::kNumber, nullptr, "1.0 2.0"},
    {"prs_MailingLatitude", "Latitude", T::kNumber, nullptr, "1.0 2.0"},
    {"vic_AgreementToManagePersonalData", "Agreement to Manage Personal Data", T::kBool, nullptr, "1.0 2.0"},
    {"vic_TraffickingStatus", "Trafficking Status", T::kSingle, &kTraffickingStatus, "2.0"},
    {"vic_TraffickingStatusDecisionMakingOrg", "Trafficking Status Decision Making Organization", T::kSingle,
     &kDecisionOrg, "2.0"},
    {"vic_RelationshipToTrafficker", "Relationship to Trafficker", T::kSingle, &kRelationship, "1.0 2.0"},
    {"vic_AgeWhenTrafficked", "Age when Trafficked", T::kNumber, nullptr, "1.0 2.0"},
    {"vic_RecruitmentWebsitesAndApps", "Recruitment Websites and Apps", T::kMulti, &kApps, "1.0 2.0"},
    {"vic_MethodOfRecruitment", "Method of Recruitment", T::kMulti, &kRecruitment, "1.0 2.0"},
    {"vic_LocationOfRecruitment", "Location of Recruitment", T::kText, nullptr, "1.0 2.0"},
    {"vic_MethodsOfControl", "Methods of Control", T::kMulti, &kControl, "1.0 2.0"},
    {"vic_TypeOfExploitation", "Type of Exploitation", T::kMulti, &kExploitation, "1.0 2.0"},
    {"vic_ForcedLabourIndustry", "Forced Labour Industry", T::kMulti, &kIndustry, "1.0 2.0"},
    {"vic_TypeOfSexExploitation", "Type of Sex Exploitation", T::kMulti, &kSexExploitation, "1.0 2.0"},
    {"vic_LocationOfExploitation", "Location of Exploitation", T::kText, nullptr, "1.0 2.0"},
    {"vic_ExploitationWebsitesAndApps", "Exploitation Websites and Apps", T::kMulti, &kApps, "1.0 2.0"},
    {"vic_Vulnerabilities", "Vulnerabilities", T::kMulti, &kVulnerabilities, "1.0 2.0"},
    {"vic_DetailsOfVulnerabilities", "Details Of Vulnerabilities", T::kText, nullptr, "1.0 2.0"},
    {"per_RoleInProcess", "Role in Process", T::kMulti, &kRole, "1.0 2.0"},
    {"per_RoleDetails", "Role Details", T::kText, nullptr, "1.0 2.0"},
    {"per_Organisation", "Organisation", T::kText, nullptr, "1.0 2.0"},
    {"hte_Type", "Type", T::kSingle, &kHteType, "1.0 2.0"},
    {"hte_Date", "Date", T::kDate, nullptr, "1.0 2.0"},
    {"hte_Country", "Country", T::kText, nullptr, "1.0 2.0"},
    {"hte_City", "City", T::kText, nullptr, "1.0 2.0"},
    {"hte_State", "State", T::kText, nullptr, "1.0 2.0"},
    {"hte_Street", "Street", T::kText, nullptr, "1.0 2.0"},
    {"hte_PostalCode", "PostalCode", T::kText, nullptr, "1.0 2.0"},
    {"hte_Longitude", "Longitude", T::kNumber, nullptr, "1.0 2.0"},
    {"hte_Latitude", "Latitude", T::kNumber, nullptr, "1.0 2.0"},
    {"hte_Description", "Description", T::kText, nullptr, "1.0 2.0"},
    {"org_Name", "Organisation Name", T::kText, nullptr, "1.0 2.0"},
    {"org_Type", "Type", T::kSingle, &kOrgType, "1.0 2.0"},
    {"org_ShippingStreet", "Shipping Street", T::kText, nullptr, "1.0 2.0"},
    {"org_ShippingCity", "Shipping City", T::kText, nullptr, "1.0 2.0"},
    {"org_ShippingState", "Shipping State/Province", T::kText, nullptr, "1.0 2.0"},
    {"org_ShippingPostalCode", "Shipping Zip/Postal Code", T::kText, nullptr, "1.0 2.0"},
    {"org_ShippingCountry", "Shipping Country", T::kText, nullptr, "1.0 2.0"},
    {"org_ShippingLongitude", "Longitude", T::kNumber, nullptr, "1.0 2.0"},
    {"org_ShippingLatitude", "Latitude", T::kNumber, nullptr, "1.0 2.0"},
    {"org_Phone", "Phone", T::kText, nullptr, "1.0 2.0"},
    {"spl_Objectives", "Objectives", T::kText, nullptr, "1.0 2.0"},
    {"spl_ActionPlan", "Action Plan", T::kText, nullptr, "1.0 2.0"},
    {"spl_PlannedEndDate", "Planned End Date", T::kDate, nullptr, "1.0 2.0"},
    {"spl_ActualEndDate", "Actual End Date", T::kDate, nullptr, "1.0 2.0"},
    {"spl_Type", "Type", T::kSingle, &kSupportPlan, "1.0 2.0"},
};

// Lower case, spaces and punctuation at the ends trimmed, inner runs of
// spaces as one: how cells and labels are compared.
std::string Folded(std::string_view text) {
  text = Trim(text);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

const std::string_view* MatchOne(const Field& field, std::string_view text) {
  const std::string folded = Folded(text);
  if (folded.empty()) return nullptr;
  for (const PickValue& v : *field.values) {
    if (Folded(v.name) == folded || Folded(v.label) == folded) return &v.name;
  }
  return nullptr;
}

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

const Field* FindField(std::string_view name) {
  name = Trim(name);
  if (name == "vic_TraffickinStatusDecisionMakingOrg") name = "vic_TraffickingStatusDecisionMakingOrg";
  for (const Field& f : kFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const Field* FieldOfLabel(std::string_view label) {
  const std::string folded = Folded(label);
  if (folded == "nationality") return FindField("prs_Citizenship");  // the 1.0 template's label
  const Field* found = nullptr;
  for (const Field& f : kFields) {
    if (Folded(f.label) != folded) continue;
    if (found != nullptr) return nullptr;  // ambiguous ("Type", "Longitude")
    found = &f;
  }
  return found;
}

std::vector<std::string_view> MatchValues(const Field& field, std::string_view cell,
                                          std::vector<std::string>* unmatched) {
  std::vector<std::string_view> out;
  if (field.values == nullptr || Trim(cell).empty()) return out;
  if (const std::string_view* whole = MatchOne(field, cell)) return {*whole};
  if (field.type != FieldType::kMulti) {
    unmatched->emplace_back(Trim(cell));
    return out;
  }
  size_t start = 0;
  while (start <= cell.size()) {
    size_t end = cell.find(';', start);
    if (end == std::string_view::npos) end = cell.size();
    const std::string_view part = Trim(cell.substr(start, end - start));
    if (!part.empty()) {
      if (const std::string_view* value = MatchOne(field, part)) {
        if (std::find(out.begin(), out.end(), *value) == out.end()) out.push_back(*value);
      } else {
        unmatched->emplace_back(part);
      }
    }
    start = end + 1;
  }
  return out;
}

std::optional<std::string> CountryCode(std::string_view text) {
  static const std::map<std::string, std::string> kByName = [] {
    std::map<std::string, std::string> names;
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
      icu::Locale locale("", *code);
      icu::UnicodeString display;
      locale.getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string name;
      display.toUTF8String(name);
      names[Folded(name)] = *code;
      names[Folded(locale.getISO3Country())] = *code;
    }
    return names;
  }();
  const std::string folded = Folded(text);
  if (folded.size() == 2) {
    std::string upper = {static_cast<char>(std::toupper(static_cast<unsigned char>(folded[0]))),
                         static_cast<char>(std::toupper(static_cast<unsigned char>(folded[1])))};
    if (IsCountryCode(upper)) return upper;
    return std::nullopt;
  }
  auto it = kByName.find(folded);
  if (it == kByName.end() || !IsCountryCode(it->second)) return std::nullopt;
  return it->second;
}

std::optional<std::string> IsoDate(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      text.size() <= 6 && text.size() != 4) {
    // An Excel serial date, 1900 system: day 1 is 1900-01-01, and Excel
    // counts a 1900-02-29 that never was (serial 60).
    long serial = std::stol(std::string(text));
    // Serial 60 is Excel's 1900-02-29, a day that never was.
    if (serial < 1 || serial > 2958465 || serial == 60) return std::nullopt;
    if (serial > 60) --serial;
    // Days since 1970-01-01 (1900-01-01 is day -25567), then the civil
    // date of a day number (H. Hinnant's days_from_civil inverse).
    const long z = (serial - 1 - 25567) + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char out[48];
    std::snprintf(out, sizeof out, "%04ld-%02ld-%02ld", y, m, d);
    return std::string(out);
  }
  DateInterval interval;
  std::string reason;
  if (text.find('/') != std::string_view::npos || !ParseIsoDate(text, &interval, &reason)) return std::nullopt;
  return std::string(text);
}

}  // namespace palermo::format::htcds
