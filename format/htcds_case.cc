#include "format/htcds_converter.h"

namespace palermo::format::htcds_detail {
namespace {

// The case-format event types of vic_MethodsOfControl's values (with a
// threat's `threat_of`); values not here are kept as extras.
struct ControlEvent {
  std::string_view value, type, threat_of;
};
constexpr ControlEvent kControlEvents[] = {
    {"PhysicalThreats", "threat", "violence"},
    {"ThreatsLawEnforcement", "threat", "denunciation"},
    {"ThreatensChildrenFamily", "threat", "family"},
    {"DebtBondage", "debt_imposed", ""},
    {"FalsePromises", "deception", ""},
    {"PhysicalAbuse", "physical_violence", ""},
    {"SexualAbuse", "sexual_violence", ""},
    {"TakesEarnings", "wage_withholding", ""},
    {"RestrictsFinancialAccess", "wage_withholding", ""},
    {"RestrictsMedicalCare", "degrading_treatment", ""},
    {"WithholdsNecessities", "degrading_treatment", ""},
    {"PsychologicalAbuse", "intimidation", ""},
    {"PsychoactiveSubstance", "abuse_of_vulnerability", ""},  // vulnerability: dependency
    {"ExcessiveWorkingHours", "bad_working_conditions", ""},
    {"WithholdsDocuments", "document_retention", ""},
};

// vic_TypeOfExploitation's values as exploitation event types.
struct ExploitationEvent {
  std::string_view value, type;
};
constexpr ExploitationEvent kExploitationEvents[] = {
    {"ForcedLabour", "work"},
    {"ChildLabour", "work"},
    {"SexualExploitation", "sexual_exploitation"},
    {"Servitude", "servitude"},
    {"OrganRemoval", "organ_removal"},
    {"ForcedBegging", "forced_begging"},
    {"ForcedMarriage", "forced_marriage"},
    {"ForcedMilitaryByNonStateActors", "forced_military_service"},
    {"ForcedAdoption", "forced_adoption"},
    {"Surrogacy", "surrogacy"},
};

// The entry of `table` for an HTCDS value name, or null.
template <typename Entry, size_t N>
const Entry* Find(const Entry (&table)[N], std::string_view value) {
  for (const Entry& e : table) {
    if (e.value == value) return &e;
  }
  return nullptr;
}

// Whether the perpetrator has one of `roles`.
bool HasRole(const Perpetrator& p, const std::set<std::string_view>& roles) {
  return std::any_of(p.roles.begin(), p.roles.end(), [&](std::string_view r) { return roles.count(r) > 0; });
}

// Which per_RoleInProcess values act in which events.
const std::set<std::string_view> kRecruiters = {"RecruiterOrIntermediary", "BrokerTravelAgent"};
const std::set<std::string_view> kTransporters = {"Transporter", "Smuggler", "BrokerTravelAgent"};
const std::set<std::string_view> kTransferrers = {"TransferredIndividual", "SoldIndividual"};
const std::set<std::string_view> kHarbourers = {"HarbouredIndividual"};
const std::set<std::string_view> kReceivers = {"ReceivedIndividual", "BoughtIndividual"};
const std::set<std::string_view> kTraders = {"SoldIndividual", "BoughtIndividual"};
const std::set<std::string_view> kControllers = {"ControlledIndividual", "Exploiter", "Abuser"};
const std::set<std::string_view> kExploiters = {"Exploiter"};
const std::set<std::string_view> kKidnappers = {"Kidnapper"};

}  // namespace

void Converter::Emit(Case* c) {
  const Row& row = c->row;
  const std::string source = c->id + "-src";
  const std::string victim = c->id + "-victim";
  std::vector<std::string> lines;
  // The case's source: the organisation's record of the case, with its case fields.
  {
    std::map<std::string, std::string> extras;
    Line line("source", source);
    // The table by its file's name, not its path on the importing machine.
    const std::string& table = row.columns->table->name;
    line.Str("reference", "HTCDS case " + c->id + " (" + table.substr(table.find_last_of('/') + 1) + " row " +
                              std::to_string(row.number) + ")");
    if (auto reported = Date(row, "cas_IncomingReferralDate")) {
      line.Str("reported", *reported);
      Mapped();
    }
    std::set<std::string_view> used = {"cas_IncomingReferralDate"};
    for (const Field* f : row.columns->fields) {
      if (f != nullptr && !f->name.starts_with("cas_") && !f->name.starts_with("con_") && !f->name.starts_with("cco_") &&
          !f->name.starts_with("spl_")) {
        used.insert(f->name);
      }
    }
    for (size_t i = 0; i < row.columns->fields.size(); ++i) {
      if (row.columns->fields[i] == nullptr) used.insert(row.columns->other_names[i]);  // on the victim
    }
    KeepRest(row, used, &extras);
    for (const auto& [field, values] : c->source_extras) extras[field] = JsonList(values);
    for (const auto& [field, json] : extras) line.Raw(field, json);
    lines.push_back(line.Done());
  }
  std::vector<std::string> event_lines;
  auto actors = [&](const std::set<std::string_view>& roles) {
    std::vector<std::string> ids;
    for (const Perpetrator& p : c->perpetrators) {
      if (HasRole(p, roles)) ids.push_back(p.id);
    }
    if (ids.empty()) {
      // Nobody named in this role: the case's unidentified perpetrator, so
      // that what the organisation recorded can meet in the rules.
      if (c->unidentified.empty()) c->unidentified = c->id + "-unidentified";
      ids.push_back(c->unidentified);
    }
    return ids;
  };
  auto event = [&](std::string_view type, const std::set<std::string_view>* roles, const HistoricEvent* when,
                   const std::map<std::string, std::string>& extras) {
    Line line("event", c->NextId("e"));
    line.Str("type", type);
    if (when != nullptr) line.Str("date", when->date).Str("at", when->location);
    line.Str("subject", victim);
    if (roles != nullptr) line.List("actors", actors(*roles));
    line.Str("source", source);
    std::map<std::string, std::string> all = extras;
    if (when != nullptr) all.insert(when->extras.begin(), when->extras.end());
    for (const auto& [field, json] : all) line.Raw(field, json);
    event_lines.push_back(line.Done());
  };
  auto historic = [&](std::string_view type) {
    std::vector<const HistoricEvent*> found;
    for (const HistoricEvent& e : c->events) {
      if (e.type == type) found.push_back(&e);
    }
    return found;
  };
  auto any_role = [&](const std::set<std::string_view>& roles) {
    return std::any_of(c->perpetrators.begin(), c->perpetrators.end(),
                       [&](const Perpetrator& p) { return HasRole(p, roles); });
  };
  std::map<std::string, std::string> victim_extras;
  std::set<std::string_view> used;
  // Recruitment: one event per historic recruitment, else one undated when anything speaks of it.
  {
    std::map<std::string, std::string> extras;
    std::vector<std::string> methods;
    for (std::string_view m : Values(row, "vic_MethodOfRecruitment", &extras)) {
      methods.emplace_back(m);
      Mapped();
    }
    if (!methods.empty()) extras["vic_MethodOfRecruitment"] = JsonList(methods);
    if (!row.Get("vic_LocationOfRecruitment").empty()) {
      Keep(&extras, "vic_LocationOfRecruitment", JsonText(row.Get("vic_LocationOfRecruitment")));
    }
    std::vector<std::string_view> apps = Values(row, "vic_RecruitmentWebsitesAndApps", &extras);
    if (!apps.empty()) Keep(&extras, "vic_RecruitmentWebsitesAndApps", JsonList({apps.begin(), apps.end()}),
                            static_cast<int64_t>(apps.size()));
    used.insert({"vic_MethodOfRecruitment", "vic_LocationOfRecruitment", "vic_RecruitmentWebsitesAndApps"});
    std::vector<const HistoricEvent*> when = historic("Recruitment");
    if (!when.empty()) {
      for (size_t i = 0; i < when.size(); ++i) event("recruitment", &kRecruiters, when[i], i == 0 ? extras : decltype(extras)());
    } else if (!extras.empty() || any_role(kRecruiters)) {
      event("recruitment", &kRecruiters, nullptr, extras);
    }
  }
  const std::vector<const HistoricEvent*> transit = historic("Transit");
  for (const HistoricEvent* when : transit) event("transport", &kTransporters, when, {});
  if (transit.empty() && any_role(kTransporters)) event("transport", &kTransporters, nullptr, {});
  if (any_role(kTransferrers)) event("transfer", &kTransferrers, nullptr, {});
  if (any_role(kHarbourers)) event("harbouring", &kHarbourers, nullptr, {});
  if (any_role(kReceivers)) event("receipt", &kReceivers, nullptr, {});
  if (any_role(kTraders)) event("payment_to_controller", &kTraders, nullptr, {});
  if (any_role(kKidnappers)) event("abduction", &kKidnappers, nullptr, {});
  // Means and indicators from the methods of control.
  used.insert("vic_MethodsOfControl");
  for (std::string_view value : Values(row, "vic_MethodsOfControl", &victim_extras)) {
    const ControlEvent* found = Find(kControlEvents, value);
    if (found == nullptr) {
      Keep(&victim_extras, "vic_MethodsOfControl", JsonText(value));
      continue;
    }
    std::map<std::string, std::string> extras = {{"vic_MethodsOfControl", JsonText(value)}};
    if (!found->threat_of.empty()) extras["threat_of"] = JsonText(found->threat_of);
    if (found->type == "abuse_of_vulnerability") extras["vulnerability"] = JsonText("dependency");
    event(found->type, &kControllers, nullptr, extras);
    Mapped();
  }
  // Exploitation: one event per type, at each historic exploitation (or undated).
  used.insert({"vic_TypeOfExploitation", "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation",
               "vic_LocationOfExploitation", "vic_ExploitationWebsitesAndApps"});
  std::map<std::string, std::string> exploitation_extras;
  std::vector<std::string_view> industry = Values(row, "vic_ForcedLabourIndustry", &exploitation_extras);
  std::vector<std::string_view> sex = Values(row, "vic_TypeOfSexExploitation", &exploitation_extras);
  std::vector<std::string_view> sites = Values(row, "vic_ExploitationWebsitesAndApps", &exploitation_extras);
  if (!row.Get("vic_LocationOfExploitation").empty()) {
    Keep(&exploitation_extras, "vic_LocationOfExploitation", JsonText(row.Get("vic_LocationOfExploitation")));
  }
  if (!sites.empty()) Keep(&exploitation_extras, "vic_ExploitationWebsitesAndApps", JsonList({sites.begin(), sites.end()}),
                           static_cast<int64_t>(sites.size()));
  std::vector<const HistoricEvent*> exploitation_when = historic("Exploitation");
  bool exploited = false, industry_placed = false, sex_placed = false;
  for (std::string_view value : Values(row, "vic_TypeOfExploitation", &victim_extras)) {
    const ExploitationEvent* found = Find(kExploitationEvents, value);
    if (found == nullptr) {
      Keep(&victim_extras, "vic_TypeOfExploitation", JsonText(value));
      continue;
    }
    Mapped();
    exploited = true;
    std::map<std::string, std::string> extras = exploitation_extras;
    extras["vic_TypeOfExploitation"] = JsonText(value);
    if (found->type == "work" && !industry.empty()) {
      extras["sector"] = JsonText(industry[0]);  // the ISIC section's value name, e.g. F_Construction
      industry_placed = true;
    }
    if (found->type == "sexual_exploitation" && !sex.empty()) {
      extras["vic_TypeOfSexExploitation"] = JsonList({sex.begin(), sex.end()});
      sex_placed = true;
    }
    if (exploitation_when.empty()) event(found->type, &kExploiters, nullptr, extras);
    for (const HistoricEvent* when : exploitation_when) event(found->type, &kExploiters, when, extras);
  }
  // The industry and the kind of sexual exploitation belong to a work and a
  // sexual exploitation; with none to carry them they stay with the victim.
  if (industry_placed) Mapped(static_cast<int64_t>(industry.size()));
  else if (!industry.empty()) Keep(&victim_extras, "vic_ForcedLabourIndustry", JsonList({industry.begin(), industry.end()}),
                                   static_cast<int64_t>(industry.size()));
  if (sex_placed) Mapped(static_cast<int64_t>(sex.size()));
  else if (!sex.empty()) Keep(&victim_extras, "vic_TypeOfSexExploitation", JsonList({sex.begin(), sex.end()}),
                              static_cast<int64_t>(sex.size()));
  if (!exploited) {
    // No type to carry them: the exploitation's details stay with the victim.
    for (auto& [field, json] : exploitation_extras) victim_extras[field] = json;
    for (const HistoricEvent* when : exploitation_when) event("exploitation", &kExploiters, when, {});
  }
  // The trafficking status: an identified victim is an event; the others are kept.
  used.insert({"vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg"});
  std::map<std::string, std::string> decision;
  for (std::string_view org : Values(row, "vic_TraffickingStatusDecisionMakingOrg", &decision)) {
    Keep(&decision, "vic_TraffickingStatusDecisionMakingOrg", JsonText(org));
  }
  bool identified = false;
  for (std::string_view status : Values(row, "vic_TraffickingStatus", &victim_extras)) {
    if (status == "ActualVictimOfTrafficking") {
      event("victim_identified", nullptr, nullptr, decision);
      identified = true;
      Mapped();
    } else {
      Keep(&victim_extras, "vic_TraffickingStatus", JsonText(status));
    }
  }
  if (!identified) victim_extras.insert(decision.begin(), decision.end());  // who decided stays with the person
  // The age when first trafficked: on the first dated event of the case, or by the referral, or today.
  used.insert("vic_AgeWhenTrafficked");
  if (const std::string_view age = row.Get("vic_AgeWhenTrafficked"); !age.empty()) {
    const std::string text(age);
    char* end = nullptr;
    const double years = std::strtod(text.c_str(), &end);
    if (end == nullptr || *end != '\0' || years < 0 || years > 150 || years != static_cast<int>(years)) {
      Error(row, "vic_AgeWhenTrafficked", "\"" + std::string(age) + "\" is not a whole number of years");
    } else {
      std::string on;
      for (const HistoricEvent& e : c->events) {
        if (!e.date.empty() && (on.empty() || e.date < on)) on = e.date;
      }
      if (on.empty()) {
        std::string referral = std::string(row.Get("cas_IncomingReferralDate"));
        auto referral_date = htcds::IsoDate(referral);
        on = "../" + (referral_date ? *referral_date : options_.today);
      }
      victim_extras["stated_ages"] = "[{\"age\":" + std::to_string(static_cast<int>(years)) + ",\"on\":" + JsonText(on) + "}]";
      Mapped();
    }
  }
  // The case's own fields went to its source.
  for (const Field* f : row.columns->fields) {
    if (f != nullptr && (f->name.starts_with("cas_") || f->name.starts_with("con_") || f->name.starts_with("cco_") ||
                         f->name.starts_with("spl_"))) {
      used.insert(f->name);
    }
  }
  std::vector<std::string> identifiers;
  std::string victim_line = PersonLine(c, row, victim, &used, &victim_extras, &identifiers);
  lines.push_back(victim_line);
  lines.insert(lines.end(), c->lines.begin(), c->lines.end());
  lines.insert(lines.end(), identifiers.begin(), identifiers.end());
  if (!c->unidentified.empty()) {
    Line line("person", c->unidentified);
    line.List("names", {"unidentified perpetrator of HTCDS case " + c->id}).Str("source", source);
    line.Raw("unidentified", "true");
    lines.push_back(line.Done());
  }
  lines.insert(lines.end(), event_lines.begin(), event_lines.end());
  out_.summary.records += static_cast<int64_t>(lines.size());
  for (const std::string& l : lines) out_.case_lines += l;
}

}  // namespace palermo::format::htcds_detail
