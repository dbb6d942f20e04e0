#!/usr/bin/env python3
"""Writes the HTCDS sample files the tests import (our own, filled in as an
organisation would fill the HTCDS toolkit's templates; HTCDS by IOM is
licensed under CC BY 4.0). Run from this directory; the files are committed,
so the tests never need this script or the templates.

- v2-template.xlsx: the 2.0 template's columns (row 1 names, row 2 labels,
  column A the row counter, the mailing columns' labels in the template's
  own order), two cases, cells as Excel keeps them (shared and inline
  strings, a date as a serial number, multi-selects joined by "; ",
  labels rather than value names).
- v1-template.xlsx, v1-template.csv, v2-template.csv: the 1.0 template (one
  case) as a workbook and saved as CSV, and the 2.0 one saved as CSV.
- cms-cases.csv, cms-perpetrators.csv, cms-events.csv: a case management
  system's export: the same fields, one table each, linked by cas_CaseNumber;
  cms-export.xlsx: the same tables as the sheets of one workbook.
"""
import csv
import zipfile
from xml.sax.saxutils import escape

V2_NAMES = ["", "cas_CaseOwner", "prs_Salutation", "prs_FirstName", "prs_SecondName", "con_Consent",
            "prs_Birthdate", "prs_Gender", "prs_Citizenship", "prs_Title", "prs_Email", "prs_HomePhone",
            "prs_MobilePhone", "prs_MailingCity", "prs_MailingCountry", "prs_MailingState", "prs_MailingStreet",
            "prs_MailingPostalCode", "vic_TraffickingStatus", "vic_TraffickinStatusDecisionMakingOrg",
            "vic_MethodOfRecruitment", "vic_LocationOfRecruitment", "vic_MethodsOfControl",
            "vic_TypeOfExploitation", "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation",
            "vic_LocationOfExploitation", "cas_Status", "cas_ReferringOrganisation", "cas_IncomingReferralDate",
            "cas_ReferringPrimaryCaseWorker", "cas_ReasonForIncomingReferral", "cas_IncomingReferralDetails",
            "cas_ReferredOrganisation", "cas_ReferredPrimaryCaseWorker", "", "cas_OutgoingReferralDate",
            "cas_OutgoingReferralDetails", "cas_ReasonForCaseClosure"]
V2_LABELS = ["", "Case Owner", "Salutation", "First Name", "Second Name", "Consent", "Birthdate", "Gender",
             "Citizenship", "Title", "Email", "Home Phone", "Mobile Phone", "Mailing Street", "Mailing City",
             "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country", "Trafficking Status",
             "Trafficking Status Decision Making Organization", "Method of Recruitment", "Location of Recruitment",
             "Methods of Control", "Type of Exploitation", "Forced Labour Industry", "Type of Sex Exploitation",
             "Location of Exploitation", "Status", "Referring Organisation", "Incoming Referral Date",
             "Referring Primary Case Worker", "Reason for Incoming Referral", "Incoming Referral Details",
             "Referred Organisation", "Referred Primary Case Worker", "Reason for Outgoing Referral",
             "Outgoing Referral Date", "Outgoing Referral Details", "Reason for Case Closure"]

# Cells by label (what a case worker sees); numbers stay numbers.
V2_CASES = [
    {"Case Owner": "caseworker.ana", "First Name": "Amina", "Second Name": "Yusuf", "Consent": True,
     "Birthdate": 34760,  # 1995-03-02 as Excel keeps a date
     "Gender": "Feminine", "Citizenship": "Nigeria", "Mobile Phone": "+2348031234567",
     "Mailing Street": "12 Harbour Road", "Mailing City": "Lagos", "Mailing Country": "Nigeria",
     "Trafficking Status": "Actual victim of trafficking", "Trafficking Status Decision Making Organization": "NGO",
     "Method of Recruitment": "Through friends or social events",
     "Methods of Control": "Debt bondage ; Withholds documents; Physical threats; Locked in at night",
     "Type of Exploitation": "Sexual exploitation", "Type of Sex Exploitation": "Prostitution",
     "Location of Exploitation": "a bar in the port district", "Status": "Active",
     "Incoming Referral Date": "2023-04-11", "Reason for Outgoing Referral": "Other"},
    {"First Name": "Kofi", "Gender": "Masculine", "Citizenship": "GH", "Type of Exploitation": "Forced labour",
     "Forced Labour Industry": "Construction", "Methods of Control": "Takes earnings; Excessive working hours",
     "Status": "Follow up"},
]

V1_NAMES = ["", "cas_CaseOwner", "prs_Salutation", "prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender",
            "prs_Citizenship", "prs_Title", "prs_Email", "prs_HomePhone", "prs_MobilePhone", "prs_MailingCity",
            "prs_MailingCountry", "prs_MailingState", "prs_MailingStreet", "prs_MailingPostalCode",
            "vic_MethodOfRecruitment", "vic_LocationOfRecruitment", "vic_MethodsOfControl", "vic_TypeOfExploitation",
            "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation", "vic_LocationOfExploitation",
            "vic_Vulnerabilities", "vic_DetailsOfVulnerabilities", "cas_Status", "cas_ReferringOrganisation",
            "cas_IncomingReferralDate", "cas_ReferringPrimaryCaseWorker", "cas_ReasonForIncomingReferral",
            "cas_IncomingReferralDetails", "cas_ReferredOrganisation", "cas_ReferredPrimaryCaseWorker", "",
            "cas_OutgoingReferralDate", "cas_OutgoingReferralDetails", "cas_ReasonForCaseClosure"]
V1_LABELS = ["", "Case Owner", "Salutation", "First Name", "Second Name", "Birthdate", "Gender", "Nationality",
             "Title", "Email", "Home Phone", "Mobile Phone", "Mailing Street", "Mailing City",
             "Mailing State/Province", "Mailing Zip/Postal Code", "Mailing Country", "Method of Recruitment",
             "Location of Recruitment", "Methods of Control", "Type of Exploitation", "Forced Labour Industry",
             "Type of Sex Exploitation", "Location of Exploitation", "Vulnerabilities", "Details Of Vulnerabilities",
             "Status", "Referring Organisation", "Incoming Referral Date", "Referring Primary Case Worker",
             "Reason for Incoming Referral", "Incoming Referral Details", "Referred Organisation",
             "Referred Primary Case Worker", "Reason for Outgoing Referral", "Outgoing Referral Date",
             "Outgoing Referral Details", "Reason for Case Closure"]
V1_CASES = [
    {"First Name": "Thi Lan", "Second Name": "Nguyen", "Birthdate": "1990-07-14", "Gender": "Feminine",
     "Nationality": "VNM", "Method of Recruitment": "ThroughAnOnlineAdvertisement",
     "Methods of Control": "FalsePromises; WithholdsDocuments; ThreatsLawEnforcement",
     "Type of Exploitation": "ForcedLabour", "Forced Labour Industry": "C_Manufacturing",
     "Vulnerabilities": "Poverty; Migration", "Details Of Vulnerabilities": "sends money home",
     "Mailing Zip/Postal Code": "10115", "Status": "Closed"},
]


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def write_xlsx(path, sheets):
    """sheets: [(name, rows)]; a row is a list of str/int/bool/None. Strings go
    alternately to the shared table and inline, as different writers do."""
    shared = []
    sheet_xml = []
    for _, rows in sheets:
        out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
        for r, row in enumerate(rows, start=1):
            out.append(f'<row r="{r}">')
            for c, value in enumerate(row):
                ref = f"{column(c)}{r}"
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    out.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int):
                    out.append(f'<c r="{ref}"><v>{value}</v></c>')
                elif (r + c) % 2 == 0:
                    out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
                else:
                    shared.append(value)
                    out.append(f'<c r="{ref}" t="s"><v>{len(shared) - 1}</v></c>')
            out.append("</row>")
        out.append("</sheetData></worksheet>")
        sheet_xml.append("".join(out))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        class Fixed:  # members dated 2026-01-01, so that the files do not change from run to run
            @staticmethod
            def writestr(name, data):
                archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        z = Fixed
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}><sheets>' +
                   "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets)) +
                   "</sheets></workbook>")
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
                   "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                           for i in range(len(sheets))) + "</Relationships>")
        z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(shared)}">' +
                   "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in shared) + "</sst>")
        for i, xml in enumerate(sheet_xml):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)


def template_rows(names, labels, cases):
    rows = [names, labels]
    for n, case in enumerate(cases, start=1):
        rows.append([n] + [case.get(label, "") for label in labels[1:]])
    return rows


# Each template both ways: as the workbook and saved as CSV (Excel writes
# the serial date's text as it shows it; ours keep ISO or the serial).
write_xlsx("v2-template.xlsx", [("Sheet1", template_rows(V2_NAMES, V2_LABELS, V2_CASES))])
write_xlsx("v1-template.xlsx", [("Sheet1", template_rows(V1_NAMES, V1_LABELS, V1_CASES))])
for name, names, labels, cases in (("v1-template.csv", V1_NAMES, V1_LABELS, V1_CASES),
                                   ("v2-template.csv", V2_NAMES, V2_LABELS, V2_CASES)):
    with open(name, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["TRUE" if v is True else v for v in row] for row in template_rows(names, labels, cases)])

# A case management system's export: one table each, linked by cas_CaseNumber.
CMS = {
    "cms-cases": [["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "prs_Gender", "prs_Citizenship",
                   "vic_AgeWhenTrafficked", "vic_TraffickingStatus", "vic_MethodOfRecruitment", "vic_TypeOfExploitation",
                   "vic_RelationshipToTrafficker"],
                  ["00017", "Dawit", "Tesfaye", "Masculine", "ER", "16", "PossibleVictimOfTrafficking",
                   "ThroughFamilyOrFamilyEvents", "ForcedBegging", "Acquainted"]],
    "cms-perpetrators": [["cas_CaseNumber", "prs_FirstName", "prs_SecondName", "prs_Gender", "per_RoleInProcess",
                          "per_RoleDetails"],
                         ["00017", "Yonas", "Haile", "Masculine", "RecruiterOrIntermediary;Exploiter;TravellingPartner",
                          "an uncle's friend, \"the boss\""]],
    "cms-events": [["cas_CaseNumber", "hte_Type", "hte_Date", "hte_Country", "hte_City", "hte_Description"],
                   ["00017", "Recruitment", "2021-06", "Eritrea", "Keren", "promised school in the city"],
                   ["00017", "Exploitation", "2021-09", "SD", "Khartoum", "begging at the market, line 1\nline 2"]],
}
for name, rows in CMS.items():
    with open(name + ".csv", "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
# The same export as one workbook, a sheet per table.
write_xlsx("cms-export.xlsx", [(name, rows) for name, rows in CMS.items()])
