"""Write assets/catalog/demo.json, the demo catalogue, from the Hunan guides in the reference notes.

Maintainer script, not imported by the app.  Usage::

    python tools/build_demo_catalogue.py [--out FILE] [--check]

``--check`` writes nothing and exits 1 if the file on disk differs from what this script builds.
The output depends only on this file, so a rerun writes identical bytes.

What is modelled on what:
- The eight packages marked ``fully_modelled`` follow the published guides (新生儿出生 43PCN0009,
  结婚落户 43PCP0007, 退休 43PCN0013, 个人身后 43PCP0008, 教育入学 43PCN0010, 员工录用 43TCP0014,
  水电气网联合报装 43TCN0004, and 开办企业 after 湘市监注〔2020〕180号): items, departments,
  per-item time limits, conditions, and materials with the source the guide's exemption method gives
  (system template → on_site, e-licence → e_licence, interface check → shared, paper → citizen).
  Each item lists its OWN materials as it would if applied for alone, so ``kiosk catalog stats``
  compares item-by-item applications with the combined form the way the guides' before/after
  figures do.
- The other eighteen packages have the items such packages contain, with basic forms and materials.
- Codes the portal publishes are used as they are; the others follow the same pattern (43PC…, 43TC…)
  and are illustrative, as are the 12-digit item codes (2 origin, 2 type, 2 department, 3 + 3).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "catalog" / "demo.json"
VERSION = "2026.11.2-demo"

JSON = dict[str, Any]
Rule = Any


def t(zh: str, en: str) -> JSON:
    return {"zh": zh, "en": en}


# -- rules ---------------------------------------------------------------------------------------------------


def var(key: str) -> JSON:
    return {"var": key}


def yes(key: str) -> JSON:
    """A yes/no answered yes."""
    return {"var": key}


def no(key: str) -> JSON:
    """A yes/no answered no (or not answered yet)."""
    return {"!": {"var": key}}


def eq(key: str, value: object) -> JSON:
    return {"==": [{"var": key}, value]}


def ne(key: str, value: object) -> JSON:
    return {"!=": [{"var": key}, value]}


def one_of(key: str, values: Iterable[str]) -> JSON:
    """A choice answered with one of these values."""
    return {"in": [{"var": key}, list(values)]}


def picked(key: str, value: str) -> JSON:
    """A multiple choice that includes this value."""
    return {"in": [value, {"var": key}]}


def both(*rules: Rule) -> JSON:
    return {"and": list(rules)}


def either(*rules: Rule) -> JSON:
    return {"or": list(rules)}


# -- groups (the steps of a form, in this order) and columns -----------------------------------------------

GROUPS: list[tuple[str, str, str]] = [
    ("applicant", "申请人信息", "About you"),
    ("contact", "联系方式", "How to reach you"),
    ("identity", "证件办理", "Your documents"),
    ("child", "新生儿信息", "About the baby"),
    ("other_parent", "另一方父母信息", "The other parent"),
    ("student", "学生信息", "About the pupil"),
    ("guardian", "另一位监护人", "The other guardian"),
    ("spouse", "配偶信息", "Your spouse"),
    ("marriage", "婚姻情况", "Marriage details"),
    ("deceased", "逝者信息", "About the deceased"),
    ("heirs", "继承人信息", "Heirs"),
    ("retire", "退休信息", "Retirement details"),
    ("work", "就业信息", "Your work"),
    ("insurance", "社保医保", "Social and medical insurance"),
    ("disability", "残疾情况", "Disability"),
    ("residence", "居住信息", "Where you live"),
    ("property", "房屋信息", "The property"),
    ("vehicle", "车辆与驾驶证", "Vehicle and driving licence"),
    ("enterprise", "企业信息", "The enterprise"),
    ("legal_rep", "法定代表人", "Legal representative"),
    ("shareholders", "股东（投资人）", "Shareholders"),
    ("officers", "主要人员", "Key officers"),
    ("employees", "员工信息", "The new employees"),
    ("tax", "税费申报", "Tax returns"),
    ("credit", "信用信息", "Credit records"),
    ("security", "治安事项", "Public-security matters"),
    ("project", "项目信息", "The project"),
    ("utilities", "报装需求", "Connections needed"),
    ("query", "查询与打印", "What to look up or print"),
    ("bank", "收款账户", "Bank account for payments"),
    ("confirm", "确认与承诺", "Confirm and sign"),
]

LIVELIHOOD = [
    ("social_insurance", "社保", "Social insurance"),
    ("medical_insurance", "医保", "Medical insurance"),
    ("housing_fund", "公积金", "Housing fund"),
    ("household", "户政", "Household registration"),
    ("exit_entry", "出入境", "Exit and entry"),
    ("travel", "交通出行", "Getting around"),
    ("schooling", "教育", "Schooling"),
    ("health", "医疗卫生", "Health"),
    ("housing", "住房", "Housing"),
    ("marriage_birth", "婚育", "Marriage and birth"),
    ("jobs", "就业创业", "Jobs and business"),
    ("elderly", "养老", "Elderly care"),
    ("utilities", "水电气", "Water, power and gas"),
]

COLUMNS: list[JSON] = [
    {"key": "special", "name": t("一件事一次办", "One thing, one visit")},
    {"key": "e_certificates", "name": t("电子证照", "E-certificates")},
    {
        "key": "popular",
        "name": t("热门服务", "Popular services"),
        "children": [
            {"key": "healthcare", "name": t("医疗", "Healthcare")},
            {"key": "education", "name": t("教育", "Education")},
            {"key": "transport", "name": t("交通", "Transport")},
        ],
    },
    {
        "key": "livelihood",
        "name": t("民生服务", "Everyday services"),
        "children": [{"key": key, "name": t(zh, en)} for key, zh, en in LIVELIHOOD],
    },
]


# -- the shared-field dictionary -----------------------------------------------------------------------------

FIELDS: dict[str, JSON] = {}


def opts(*options: tuple[str, str, str]) -> list[JSON]:
    return [{"value": value, "label": t(zh, en)} for value, zh, en in options]


def spec(ftype: str, zh: str, en: str, **props: Any) -> JSON:
    """A field spec; ``hint`` may be given as a (zh, en) pair."""
    out: JSON = {"type": ftype, "label": t(zh, en)}
    for name, value in props.items():
        if name == "hint" and isinstance(value, tuple):
            value = t(*value)
        out[name] = value
    return out


def field(key: str, ftype: str, zh: str, en: str, **props: Any) -> None:
    if key in FIELDS:
        raise ValueError(f"field {key} defined twice")
    FIELDS[key] = spec(ftype, zh, en, **props)


SEX = opts(("M", "男", "Male"), ("F", "女", "Female"))
OCCUPATIONS = opts(
    ("civil_servant", "机关事业单位人员", "Public servant"),
    ("employee", "企业职工", "Company employee"),
    ("self_employed", "个体工商户", "Self-employed"),
    ("freelance", "自由职业", "Freelance"),
    ("farmer", "农民", "Farmer"),
    ("other", "其他", "Other"),
)
EDUCATION = opts(
    ("postgraduate", "研究生", "Postgraduate"),
    ("bachelor", "大学本科", "Bachelor's degree"),
    ("college", "大学专科", "College diploma"),
    ("secondary", "高中或中专", "Upper secondary"),
    ("junior", "初中及以下", "Lower secondary or less"),
)
MARITAL = opts(
    ("unmarried", "未婚", "Never married"),
    ("divorced", "离婚", "Divorced"),
    ("widowed", "丧偶", "Widowed"),
)
BANKS = opts(
    ("icbc", "工商银行", "ICBC"),
    ("abc", "农业银行", "ABC"),
    ("boc", "中国银行", "Bank of China"),
    ("ccb", "建设银行", "CCB"),
    ("bocom", "交通银行", "Bank of Communications"),
    ("psbc", "邮储银行", "Postal Savings Bank"),
    ("bcs", "长沙银行", "Bank of Changsha"),
)
RELATIVES = opts(
    ("spouse", "配偶", "Spouse"),
    ("child", "子女", "Child"),
    ("parent", "父母", "Parent"),
    ("other", "其他亲属", "Other relative"),
)

# applicant: the person at the kiosk; their own identity facts come from the identity document
field("applicant.name", "text", "姓名", "Name", prefill="document.name")
field("applicant.id_number", "resident_id", "公民身份号码", "ID number", prefill="document.id_number")
field("applicant.sex", "choice", "性别", "Sex", options=SEX, prefill="document.sex")
field("applicant.ethnicity", "text", "民族", "Ethnic group", prefill="document.ethnicity")
field("applicant.birth_date", "date", "出生日期", "Date of birth", prefill="document.birth_date", past_only=True)
field("applicant.address", "address", "户籍地址", "Registered address", prefill="document.address")
field("applicant.age", "number", "年龄", "Age", calculate={"years_since": [var("applicant.birth_date")]})
field("applicant.occupation", "choice", "职业", "Occupation", options=OCCUPATIONS)
field("applicant.education", "choice", "文化程度", "Education", options=EDUCATION)
field(
    "applicant.role", "choice", "您办理的身份", "You are applying as",
    options=opts(("legal_rep", "法定代表人本人", "The legal representative"),
                 ("agent", "受委托的经办人", "An authorised agent")),
)
field(
    "applicant.relation_to_student", "choice", "您与学生的关系", "Your relation to the pupil",
    options=opts(("father", "父亲", "Father"), ("mother", "母亲", "Mother"),
                 ("grandparent", "祖父母或外祖父母", "Grandparent"), ("guardian", "其他监护人", "Other guardian")),
)
field("applicant.relation_to_deceased", "choice", "您与逝者的关系", "Your relation to the deceased", options=RELATIVES)

# contact
field(
    "contact.mobile", "mobile", "手机号码", "Mobile number",
    hint=("用于接收办理进度短信", "For progress text messages"),
)
field(
    "contact.postal_code", "postal_code", "邮政编码（邮寄证件用）", "Postal code (for mailing certificates)",
    required=False,
)
field(
    "contact.delivery", "choice", "证件领取方式", "How to receive the document",
    options=opts(("hall", "到政务大厅窗口领取", "Collect at the service hall"),
                 ("mail_home", "免费邮寄到户籍地址", "Free post to my registered address"),
                 ("mail_other", "免费邮寄到其他地址", "Free post to another address")),
)
field(
    "contact.mailing_address", "address", "邮寄地址", "Mailing address",
    visible_if=eq("contact.delivery", "mail_other"),
)

# identity: applying for one's own documents
field(
    "identity.id_reason", "choice", "身份证办理类型", "ID card application",
    options=opts(("first", "首次申领", "First card"), ("expiry", "有效期满换领", "Renewal on expiry"),
                 ("damaged", "损坏换领", "Replacement of a damaged card"),
                 ("lost", "丢失补领", "Replacement of a lost card")),
)
field(
    "identity.temporary", "yes_no", "是否同时申领临时居民身份证", "Also apply for a temporary ID card?",
    visible_if=one_of("identity.id_reason", ["damaged", "lost"]),
    hint=("丢失或损坏期间急需使用身份证时办理，当场或次日领取", "If you need ID before the new card is ready"),
)
field(
    "identity.proof", "yes_no", "是否开具户籍证明", "Do you also need a household registration certificate?",
)
field(
    "identity.proof_purpose", "choice", "户籍证明用途", "What the certificate is for",
    visible_if=yes("identity.proof"),
    options=opts(("school", "入学", "School"), ("job", "就业", "A job"), ("abroad", "出国（境）", "Going abroad"),
                 ("other", "其他", "Other")),
)
field("identity.passport", "yes_no", "是否同时申请普通护照", "Also apply for a passport?")

# child: the newborn
field("child.name", "text", "新生儿姓名", "Baby's name")
field("child.sex", "choice", "新生儿性别", "Baby's sex", options=SEX)
field("child.birth_date", "date", "出生日期", "Date of birth", past_only=True)
field(
    "child.birth_place", "text", "出生医院（助产机构）", "Hospital of birth",
    hint=("与出生医学记录上的助产机构名称一致", "As on the medical birth record"),
)
field("child.birth_weight", "number", "出生体重（克）", "Birth weight (grams)")
field("child.birth_length", "number", "出生身长（厘米）", "Birth length (cm)")
field("child.gestational_weeks", "number", "出生孕周", "Weeks of pregnancy at birth")
field("child.same_ethnicity", "yes_no", "父母是否为同一民族", "Are both parents of the same ethnic group?")
field(
    "child.ethnicity", "text", "新生儿民族", "Baby's ethnic group",
    visible_if=no("child.same_ethnicity"),
    hint=("父母民族不同时，随父或随母的民族填写", "The father's or the mother's, when they differ"),
)
field(
    "child.hukou_with", "choice", "落户方式", "The baby joins the household of",
    options=opts(("mother", "随母亲落户", "The mother"), ("father", "随父亲落户", "The father")),
)
field("child.household_head", "text", "落户户主姓名", "Head of the household the baby joins")
field(
    "child.relation_to_head", "choice", "新生儿与户主关系", "The baby is the head's",
    options=opts(("son", "子", "Son"), ("daughter", "女", "Daughter"), ("grandson", "孙子或外孙子", "Grandson"),
                 ("granddaughter", "孙女或外孙女", "Granddaughter"), ("other", "其他亲属", "Other relative")),
)
field("child.maternity_claim", "yes_no", "是否申请生育医疗待遇", "Claim maternity medical benefits?")

# other_parent
field("other_parent.name", "text", "另一方父母姓名", "Other parent's name")
field("other_parent.id_number", "resident_id", "另一方父母身份号码", "Other parent's ID number")
field("other_parent.mobile", "mobile", "另一方父母手机号码", "Other parent's mobile number")

# student: compulsory-school enrolment
field("student.name", "text", "学生姓名", "Pupil's name")
field("student.id_number", "resident_id", "学生公民身份号码", "Pupil's ID number")
field("student.sex", "choice", "学生性别", "Pupil's sex", options=SEX)
field("student.birth_date", "date", "学生出生日期", "Pupil's date of birth", past_only=True)
field("student.age", "number", "学生年龄", "Pupil's age", calculate={"years_since": [var("student.birth_date")]})
field(
    "student.stage", "choice", "报名学段", "Enrolling for",
    options=opts(("primary", "小学一年级", "Primary school, year 1"),
                 ("junior", "初中一年级（七年级）", "Junior secondary, year 7")),
)
field(
    "student.school", "text", "意向学校", "Preferred school",
    hint=("按居住地所属学区填写", "The school of the catchment area you live in"),
)
field(
    "student.previous_school", "text", "原就读幼儿园或小学", "Kindergarten or primary school now attended",
    required=False,
)
field("student.home_address", "address", "实际居住地址", "Address where the pupil lives")
field("student.hukou_local", "yes_no", "学生户籍是否在本市", "Is the pupil's household registered in this city?")
field(
    "student.housing", "choice", "居住房屋情况", "The home is",
    options=opts(("own", "自有产权住房", "Owned, with a property certificate"),
                 ("purchased", "已购房尚未办证", "Bought, certificate pending"),
                 ("rent", "租赁住房", "Rented"),
                 ("relative", "与祖辈或亲属同住", "A relative's home")),
)
field(
    "student.property_cert", "text", "不动产权证书号", "Property certificate number",
    visible_if=eq("student.housing", "own"),
)
field(
    "residence.basis", "choice", "居住证申领事由", "Residence permit on the grounds of",
    options=opts(("job", "合法稳定就业", "A stable job"), ("business", "合法稳定住所", "A stable home"),
                 ("study", "连续就读", "Studying here")),
)
field("residence.employer", "text", "工作单位", "Employer", required=False)
field("residence.permit_no", "text", "居住证号码", "Residence permit number")
field("residence.address", "address", "现居住地址", "Where you live now")

# guardian: the pupil's other guardian
field("guardian.name", "text", "另一位监护人姓名", "Other guardian's name")
field("guardian.id_number", "resident_id", "另一位监护人身份号码", "Other guardian's ID number")
field("guardian.mobile", "mobile", "另一位监护人手机号码", "Other guardian's mobile number")

# spouse and marriage
field("spouse.name", "text", "配偶姓名", "Spouse's name")
field("spouse.id_number", "resident_id", "配偶身份号码", "Spouse's ID number")
field("spouse.occupation", "choice", "配偶职业", "Spouse's occupation", options=OCCUPATIONS)
field("spouse.education", "choice", "配偶文化程度", "Spouse's education", options=EDUCATION)
field("spouse.address", "address", "配偶户籍地址", "Spouse's registered address")
field("spouse.mobile", "mobile", "配偶手机号码", "Spouse's mobile number")
field("marriage.previous_status", "choice", "登记前婚姻状况", "Marital status before this marriage", options=MARITAL)
field(
    "marriage.spouse_previous_status", "choice", "配偶登记前婚姻状况", "Spouse's marital status before this marriage",
    options=MARITAL,
)
field(
    "marriage.appointment_date", "date", "预约登记日期", "Appointment date for the registration",
    hint=("双方须持身份证原件共同到婚姻登记处", "You both come to the registry with your ID cards"),
)
field("marriage.move_hukou", "yes_no", "是否办理夫妻投靠户口迁移", "Move your household registration to your spouse's?")
field(
    "marriage.move_direction", "choice", "户口迁移方向", "Who moves",
    visible_if=yes("marriage.move_hukou"),
    options=opts(("to_spouse", "本人迁入配偶户籍地", "I join my spouse's household"),
                 ("from_spouse", "配偶迁入本人户籍地", "My spouse joins my household")),
)
field("marriage.birth_registration", "yes_no", "是否同时办理生育登记", "Register a planned birth at the same time?")
field(
    "marriage.children_count", "number", "夫妻现有子女数", "Children you already have together",
    visible_if=yes("marriage.birth_registration"),
)

# deceased and heirs
field("deceased.name", "text", "逝者姓名", "Name of the deceased")
field("deceased.id_number", "resident_id", "逝者公民身份号码", "ID number of the deceased")
field("deceased.death_date", "date", "死亡日期", "Date of death", past_only=True)
field(
    "deceased.death_place", "choice", "死亡地点", "Place of death",
    options=opts(("hospital", "医疗机构", "A hospital"), ("home", "家中", "At home"),
                 ("other", "其他场所", "Elsewhere")),
)
field(
    "deceased.death_type", "choice", "死亡类型", "Kind of death",
    options=opts(("natural", "正常死亡（因病或自然死亡）", "Natural (illness or old age)"),
                 ("unnatural", "非正常死亡", "Not natural (accident or other)")),
    hint=("非正常死亡由公安机关出具死亡证明，须到窗口办理", "Not natural: the police certify the death at the counter"),
)
field("deceased.address", "address", "逝者户籍地址", "Registered address of the deceased")
field(
    "deceased.death_certificate", "file", "居民死亡医学证明（推断）书", "Medical certificate of death",
    visible_if=eq("deceased.death_type", "natural"),
    hint=("请将纸质证明放在扫描区", "Place the paper certificate on the scanner"),
)
field(
    "deceased.funeral_home", "choice", "遗体火化殡仪馆", "Funeral home for the cremation",
    options=opts(("mingyangshan", "明阳山殡仪馆", "Mingyangshan Funeral Home"),
                 ("county", "区县殡仪馆", "A county funeral home")),
)
field(
    "deceased.pension_status", "choice", "逝者企业职工养老保险情况", "The deceased's enterprise pension insurance",
    options=opts(("retired", "已退休，领取养老金", "Retired, drawing a pension"),
                 ("working", "在职参保", "Working and contributing"),
                 ("none", "未参加", "Not insured")),
)
field(
    "deceased.employee_medical", "yes_no", "逝者是否参加职工医保（有个人账户）",
    "Did the deceased have employee medical insurance (with a personal account)?",
)
field("deceased.driving_licence", "yes_no", "逝者是否持有机动车驾驶证", "Did the deceased hold a driving licence?")
field("deceased.housing_fund", "yes_no", "逝者是否缴存住房公积金", "Did the deceased pay into a housing fund?")
field(
    "deceased.shareholder", "yes_no", "是否查询逝者名下股权", "Look up shareholdings in the deceased's name?",
)
field("deceased.will_check", "yes_no", "是否核查遗嘱公证信息", "Check for a notarised will?")
field(
    "deceased.deposits", "yes_no", "是否提取逝者小额存款", "Withdraw small deposits of the deceased?",
    hint=("同一银行存款合计不超过1万元的，可凭承诺办理", "Up to 10,000 yuan per bank, on a signed pledge"),
)
field(
    "deceased.deposit_banks", "multi_choice", "存款所在银行", "Banks holding the deposits",
    visible_if=yes("deceased.deposits"), options=BANKS,
)
field(
    "heirs.list", "repeat", "第一顺序继承人", "First-order heirs",
    hint=("配偶、子女、父母，包括您本人", "Spouse, children and parents, yourself included"),
    min=1, max=10,
    fields={
        "name": spec("text", "姓名", "Name"),
        "id_number": spec("resident_id", "公民身份号码", "ID number"),
        "relation": spec("choice", "与逝者关系", "Relation to the deceased", options=RELATIVES),
        "mobile": spec("mobile", "手机号码", "Mobile number", required=False),
    },
)
field("heirs.agreed", "yes_no", "继承人是否已协商一致", "Have the heirs agreed how to share the estate?")

# retire
# the insured record and the personnel file are shared data: offered for the citizen to check, not retyped
field("retire.employer", "text", "参保单位名称", "Employer (insured through)", prefill="shared.insured_employer")
field(
    "retire.employer_code", "social_credit_code", "参保单位统一社会信用代码", "Employer's social credit code",
    prefill="shared.insured_employer_code",
)
field(
    "retire.first_work_date", "date", "参加工作时间", "Date you started work", past_only=True,
    prefill="shared.first_work_date",
)
field("retire.date", "date", "拟退休日期", "Planned retirement date")
field(
    "retire.age_at_retirement", "number", "退休时年龄", "Age on retirement",
    calculate={"years_since": [var("applicant.birth_date"), var("retire.date")]},
)
field("retire.special_work", "yes_no", "是否从事特殊工种", "Did you work in a special (hazardous) job?")
field(
    "retire.special_work_type", "choice", "特殊工种类别", "Kind of special job",
    visible_if=yes("retire.special_work"),
    options=opts(("underground", "井下或高空作业", "Underground or at height"),
                 ("heat", "高温作业", "High temperature"),
                 ("heavy", "特别繁重体力劳动", "Very heavy physical work"),
                 ("toxic", "有毒有害作业", "Toxic or harmful work")),
)
field(
    "retire.special_work_years", "number", "特殊工种年限", "Years in the special job",
    visible_if=yes("retire.special_work"),
)
field(
    "retire.deemed_service", "yes_no", "1995年底前是否有国有或集体单位工龄",
    "Did you work for a state or collective employer before 1996?",
    hint=("用于认定视同缴费年限", "Such years count as contribution years"),
)
field(
    "retire.deemed_employer", "text", "当时的工作单位", "Employer in those years",
    visible_if=yes("retire.deemed_service"),
)
field("retire.only_child_parent", "yes_no", "是否为独生子女父母", "Are you the parent of an only child?")
field(
    "retire.only_child_cert", "text", "独生子女父母光荣证编号", "Number of the only-child parents' certificate",
    visible_if=yes("retire.only_child_parent"),
)
field("retire.housing_fund", "yes_no", "是否提取住房公积金", "Withdraw your housing provident fund?")
field(
    "retire.fund_account", "text", "住房公积金个人账号", "Housing fund account number",
    visible_if=yes("retire.housing_fund"), required=False,
    hint=("不清楚可不填，按身份证号查找", "Leave empty if unsure: we look it up by your ID number"),
)

# work: individual employment, unemployment
field(
    "work.type", "choice", "就业形式", "Kind of work",
    options=opts(("self_employed", "个体经营", "Self-employed"),
                 ("platform", "新就业形态（平台、网约配送等）", "Platform work (delivery, ride-hailing …)"),
                 ("flexible", "其他灵活就业", "Other flexible work")),
)
field("work.start_date", "date", "就业开始日期", "Started on", past_only=True)
field("work.occupation", "text", "从事的工作", "What you do")
field("work.address", "address", "就业地址", "Where you work")
field(
    "work.pension_base", "choice", "养老保险缴费档次", "Pension contribution level",
    options=opts(("60", "社平工资的60%", "60% of the average wage"), ("80", "80%", "80%"),
                 ("100", "100%", "100%"), ("200", "200%", "200%"), ("300", "300%", "300%")),
)
field("work.medical", "yes_no", "是否同时参加职工医保", "Also join employee medical insurance?")
field(
    "work.subsidy", "yes_no", "是否申请灵活就业社会保险补贴", "Claim the social insurance subsidy?",
    hint=("限已认定的就业困难人员", "For people registered as having difficulty finding work"),
)
field("work.housing_fund", "yes_no", "是否自愿缴存住房公积金", "Pay into the housing fund voluntarily?")
field("work.last_employer", "text", "原工作单位", "Last employer")
field("work.leave_date", "date", "解除劳动关系日期", "Date your job ended", past_only=True)

# insurance: the social security card and medical insurance
field(
    "card.need", "choice", "社保卡办理", "Social security card",
    group="insurance",
    options=opts(("first", "首次申领", "First card"), ("replace", "补领或换领", "Replace my card"),
                 ("none", "已有卡，只开通功能", "I have one: add services only")),
)
field(
    "card.replace_reason", "choice", "补换原因", "Why replace it",
    group="insurance", visible_if=eq("card.need", "replace"),
    options=opts(("lost", "遗失", "Lost"), ("damaged", "损坏", "Damaged"), ("expired", "到期", "Expired"),
                 ("info", "信息变更", "Details changed")),
)
field("card.bank", "choice", "社保卡合作银行", "Bank for the card's account", group="insurance", options=BANKS)
field("card.bank_activation", "yes_no", "是否激活金融账户", "Activate the bank account on the card?", group="insurance")
field(
    "card.services", "multi_choice", "开通的一卡通服务", "One-card services to add",
    group="insurance", required=False,
    options=opts(("transit", "公交地铁乘车", "Buses and metro"), ("library", "图书馆借阅", "Library loans")),
)
field(
    "card.loss_type", "choice", "挂失类型", "Kind of report",
    group="insurance",
    options=opts(("temporary", "临时挂失（15天内有效）", "Temporary (15 days)"), ("formal", "正式挂失", "Formal")),
)
field(
    "medical.services", "multi_choice", "办理的医保业务", "Medical insurance services",
    group="insurance",
    options=opts(("enrol", "城乡居民医保参保", "Residents' insurance enrolment"),
                 ("remote", "异地就医备案", "Registration for treatment elsewhere"),
                 ("chronic", "门诊慢特病待遇认定", "Chronic and special outpatient conditions")),
)
field(
    "medical.remote_city", "address", "异地就医地", "Where you will be treated",
    group="insurance", visible_if=picked("medical.services", "remote"),
)
field(
    "medical.remote_reason", "choice", "备案类型", "Reason",
    group="insurance", visible_if=picked("medical.services", "remote"),
    options=opts(("settled", "异地长期居住", "Living there"), ("work", "常驻异地工作", "Working there"),
                 ("referral", "转诊转院", "Referred by a hospital"), ("temporary", "临时外出就医", "A short stay")),
)
field(
    "medical.remote_start", "date", "备案开始日期", "From",
    group="insurance", visible_if=picked("medical.services", "remote"),
)
field(
    "medical.disease", "choice", "申请认定的病种", "Condition",
    group="insurance", visible_if=picked("medical.services", "chronic"),
    options=opts(("hypertension", "高血压", "Hypertension"), ("diabetes", "糖尿病", "Diabetes"),
                 ("heart", "冠心病", "Coronary heart disease"), ("kidney", "慢性肾功能衰竭（透析）", "Kidney failure"),
                 ("cancer", "恶性肿瘤门诊治疗", "Cancer outpatient treatment")),
)
field(
    "medical.diagnosis", "file", "诊断证明或病历", "Diagnosis or medical records",
    group="insurance", visible_if=picked("medical.services", "chronic"),
)
field(
    "medical.transfer_from", "address", "原参保地", "Where you were insured",
    group="insurance",
)
field(
    "medical.category", "choice", "参保类型", "Insurance scheme",
    group="insurance",
    options=opts(("employee", "职工基本医疗保险", "Employee medical insurance"),
                 ("resident", "城乡居民基本医疗保险", "Residents' medical insurance")),
)

# disability
field(
    "disability.category", "choice", "残疾类别", "Kind of disability",
    options=opts(("vision", "视力", "Sight"), ("hearing", "听力", "Hearing"), ("speech", "言语", "Speech"),
                 ("physical", "肢体", "Physical"), ("intellectual", "智力", "Intellectual"),
                 ("mental", "精神", "Mental"), ("multiple", "多重", "Multiple")),
)
field("disability.has_certificate", "yes_no", "是否已持有残疾人证", "Do you already hold a disability card?")
field(
    "disability.cert_no", "text", "残疾人证号", "Disability card number",
    visible_if=yes("disability.has_certificate"),
)
field(
    "disability.level", "choice", "残疾等级", "Grade",
    visible_if=yes("disability.has_certificate"),
    options=opts(("1", "一级", "Grade 1"), ("2", "二级", "Grade 2"), ("3", "三级", "Grade 3"),
                 ("4", "四级", "Grade 4")),
)
field(
    "disability.low_income", "yes_no", "是否为低保或低保边缘家庭", "Is your household on minimum living support?",
)
field("disability.device", "yes_no", "是否申请辅助器具适配", "Apply for an assistive device?")
field(
    "disability.device_type", "multi_choice", "所需辅助器具", "Devices needed",
    visible_if=yes("disability.device"),
    options=opts(("wheelchair", "轮椅", "Wheelchair"), ("hearing_aid", "助听器", "Hearing aid"),
                 ("walker", "助行器", "Walking frame"), ("prosthesis", "假肢矫形器", "Prosthesis or orthosis")),
)
field("disability.transit", "yes_no", "是否办理残疾人免费乘车卡", "Apply for a free bus pass?")

# property
field("property.address", "address", "房屋坐落", "Address of the property")
field("property.cert_no", "text", "不动产权证书号", "Property certificate number")
field("property.area", "number", "建筑面积（平方米）", "Floor area (m²)")
field("property.price", "number", "成交价格（万元）", "Price (10,000 yuan)")
field("property.seller_name", "text", "出卖人姓名", "Seller's name")
field("property.seller_id", "resident_id", "出卖人身份号码", "Seller's ID number")
field("property.seller_mobile", "mobile", "出卖人手机号码", "Seller's mobile number")
field("property.first_home", "yes_no", "是否为家庭唯一住房", "Is it your family's only home?")
field("property.mortgage_release", "yes_no", "是否同时注销原抵押", "Release the seller's mortgage at the same time?")
field(
    "property.utilities_transfer", "multi_choice", "联动过户", "Accounts to transfer with the property",
    required=False,
    options=opts(("water", "水", "Water"), ("power", "电", "Power"), ("gas", "气", "Gas"),
                 ("network", "有线电视和宽带", "TV and broadband")),
)
field(
    "power.action", "choice", "办理类型", "What you need",
    group="property",
    options=opts(("new", "新装（开户）", "A new account"), ("transfer", "过户", "Transfer the account to me")),
)
field(
    "power.account_no", "text", "用电户号", "Electricity account number",
    group="property", visible_if=eq("power.action", "transfer"),
    hint=("见电费单或网上国网App", "On the bill or the State Grid app"),
)

# vehicle and driving licence
field("vehicle.plate", "text", "号牌号码", "Number plate", hint=("例如 湘A12345", "e.g. 湘A12345"))
field(
    "vehicle.plate_type", "choice", "号牌种类", "Kind of plate",
    options=opts(("small", "小型汽车", "Car"), ("small_ev", "小型新能源汽车", "Electric car"),
                 ("large", "大型汽车", "Large vehicle"), ("motorcycle", "普通摩托车", "Motorcycle")),
)
field("vehicle.engine_tail", "text", "发动机号后六位", "Last six characters of the engine number")
field(
    "licence.class", "choice", "准驾车型", "Licence class",
    group="vehicle",
    options=opts(("C1", "C1", "C1"), ("C2", "C2", "C2"), ("B2", "B2", "B2"), ("A1", "A1", "A1"), ("D", "D", "D")),
)
field(
    "licence.reason", "choice", "换证原因", "Why renew",
    group="vehicle",
    options=opts(("expiry", "有效期满换证", "Expiry"), ("damaged", "损毁换证", "Damaged"),
                 ("details", "信息变化换证", "Details changed")),
)

# exit and entry
field("exit.permit_no", "text", "往来港澳通行证号码", "Exit-entry permit number", group="identity")
field(
    "exit.endorsement", "choice", "签注种类", "Kind of endorsement",
    group="identity",
    options=opts(("tourism", "个人旅游", "Individual travel"), ("group", "团队旅游", "Group travel"),
                 ("family", "探亲", "Family visit"), ("business", "商务", "Business")),
)

# enterprise
ENTERPRISE_TYPES = opts(
    ("llc", "有限责任公司", "Limited liability company"),
    ("sole", "个人独资企业", "Sole proprietorship"),
    ("partnership", "合伙企业", "Partnership"),
)
field("enterprise.name", "text", "企业名称", "Name of the enterprise")
field("enterprise.credit_code", "social_credit_code", "统一社会信用代码", "Unified social credit code")
field("enterprise.type", "choice", "企业类型", "Legal form", options=ENTERPRISE_TYPES)
field("enterprise.address", "address", "企业住所", "Registered address of the enterprise")
field(
    "enterprise.premises", "choice", "住所使用情况", "The premises are",
    options=opts(("own", "自有房产", "Owned"), ("lease", "租赁", "Leased"),
                 ("free", "无偿使用", "Lent free of charge")),
)
field(
    "enterprise.premises_proof", "file", "住所使用证明（租赁合同或无偿使用证明）", "Proof of use of the premises",
    visible_if=ne("enterprise.premises", "own"),
)
field("enterprise.business_scope", "text", "经营范围", "Business scope",
      hint=("从经营范围规范表述目录中选择", "Use the standard wording of the business-scope list"))
field("enterprise.registered_capital", "number", "注册资本（万元）", "Registered capital (10,000 yuan)")
field("enterprise.staff", "number", "从业人数", "Number of staff")
field(
    "enterprise.seals", "multi_choice", "刻制印章", "Seals to make",
    options=opts(("official", "公章", "Official seal"), ("finance", "财务专用章", "Finance seal"),
                 ("invoice", "发票专用章", "Invoice seal"), ("contract", "合同专用章", "Contract seal"),
                 ("legal_rep", "法定代表人名章", "Legal representative's seal")),
)
field(
    "enterprise.taxpayer", "choice", "增值税纳税人类型", "VAT status",
    options=opts(("small", "小规模纳税人", "Small-scale taxpayer"), ("general", "一般纳税人", "General taxpayer")),
)
field(
    "enterprise.invoices", "multi_choice", "申领发票种类", "Invoices to issue",
    options=opts(("ordinary", "数电普通发票", "Digital ordinary invoices"),
                 ("special", "数电增值税专用发票", "Digital VAT special invoices")),
)
field("enterprise.housing_fund", "yes_no", "是否办理住房公积金缴存登记", "Register for the housing provident fund?")
field("enterprise.open_account", "yes_no", "是否预约开立基本存款账户", "Book the opening of the basic bank account?")
field(
    "enterprise.bank", "choice", "开户银行", "Bank", visible_if=yes("enterprise.open_account"), options=BANKS,
)
field(
    "enterprise.change_items", "multi_choice", "变更事项", "What changes",
    options=opts(("name", "名称", "Name"), ("address", "住所", "Address"),
                 ("legal_rep", "法定代表人", "Legal representative"), ("capital", "注册资本", "Registered capital"),
                 ("scope", "经营范围", "Business scope")),
)
field("enterprise.new_name", "text", "变更后名称", "New name", visible_if=picked("enterprise.change_items", "name"))
field(
    "enterprise.new_address", "address", "变更后住所", "New address",
    visible_if=picked("enterprise.change_items", "address"),
)
field(
    "enterprise.new_capital", "number", "变更后注册资本（万元）", "New registered capital (10,000 yuan)",
    visible_if=picked("enterprise.change_items", "capital"),
)
field(
    "enterprise.new_scope", "text", "变更后经营范围", "New business scope",
    visible_if=picked("enterprise.change_items", "scope"),
)
field(
    "enterprise.new_legal_rep_name", "text", "新任法定代表人姓名", "New legal representative's name",
    visible_if=picked("enterprise.change_items", "legal_rep"),
)
field(
    "enterprise.new_legal_rep_id", "resident_id", "新任法定代表人身份号码", "New legal representative's ID number",
    visible_if=picked("enterprise.change_items", "legal_rep"),
)
field(
    "enterprise.deregister_type", "choice", "注销方式", "Kind of deregistration",
    options=opts(("simple", "简易注销（无债权债务）", "Simplified (no debts or claims)"),
                 ("general", "一般注销（已清算）", "General (after liquidation)")),
)
field(
    "enterprise.deregister_reason", "choice", "注销原因", "Reason",
    options=opts(("resolution", "股东会决议解散", "Shareholders' resolution"), ("term", "营业期限届满", "End of term"),
                 ("revoked", "被吊销营业执照", "Licence revoked")),
)
field("enterprise.customs", "yes_no", "是否办理过海关报关单位备案", "Registered with customs as a declarant?")
field("enterprise.has_fund", "yes_no", "是否开立过住房公积金单位账户", "Does it have a housing fund account?")

# legal representative (asked when an agent applies)
AGENT = eq("applicant.role", "agent")
field("legal_rep.name", "text", "法定代表人姓名", "Legal representative's name", visible_if=AGENT)
field("legal_rep.id_number", "resident_id", "法定代表人身份号码", "Legal representative's ID number", visible_if=AGENT)
field("legal_rep.mobile", "mobile", "法定代表人手机号码", "Legal representative's mobile number", visible_if=AGENT)
field(
    "shareholders.list", "repeat", "股东（发起人）出资情况", "Shareholders and their contributions",
    min=1, max=50,
    fields={
        "name": spec("text", "股东姓名", "Name"),
        "id_number": spec("resident_id", "公民身份号码", "ID number"),
        "amount": spec("number", "认缴出资额（万元）", "Subscribed (10,000 yuan)"),
        "method": spec("choice", "出资方式", "Paid in", options=opts(
            ("cash", "货币", "Cash"), ("kind", "实物", "In kind"), ("ip", "知识产权", "Intellectual property"))),
        "due_date": spec("date", "出资期限", "Paid by"),
    },
)
field("officers.supervisor_name", "text", "监事姓名", "Supervisor's name")
field("officers.supervisor_id", "resident_id", "监事身份号码", "Supervisor's ID number")
field("officers.finance_name", "text", "财务负责人姓名", "Finance officer's name")
field("officers.finance_id", "resident_id", "财务负责人身份号码", "Finance officer's ID number")
field("officers.finance_mobile", "mobile", "财务负责人手机号码", "Finance officer's mobile number")

# employees: hiring and insurance changes
field(
    "employees.list", "repeat", "员工名单", "Employees",
    min=1, max=50,
    fields={
        "name": spec("text", "姓名", "Name"),
        "id_number": spec("resident_id", "公民身份号码", "ID number"),
        "mobile": spec("mobile", "手机号码", "Mobile number"),
        "start_date": spec("date", "入职日期", "Starts on"),
        "contract": spec("choice", "劳动合同期限", "Contract", options=opts(
            ("fixed", "固定期限", "Fixed term"), ("open", "无固定期限", "Open-ended"),
            ("task", "以完成一定工作任务为期限", "For a task"))),
        "contract_end": spec("date", "合同终止日期", "Contract ends", required=False),
        "post": spec("text", "工作岗位", "Post"),
        "wage": spec("number", "月工资（元）", "Monthly wage (yuan)"),
        "hukou_type": spec("choice", "户口性质", "Household type", options=opts(
            ("urban", "城镇", "Urban"), ("rural", "农村", "Rural"))),
    },
)
field(
    "hire.prior_job", "yes_no", "是否有员工刚从其他单位离职", "Is anyone coming straight from another employer?",
    group="employees",
)
field(
    "hire.archive", "yes_no", "是否有员工需转入人事档案", "Does anyone's personnel file need to be transferred?",
    group="employees",
)
field(
    "hire.archive_from", "text", "档案现存放机构", "Where the files are now",
    group="employees", visible_if=yes("hire.archive"),
)
field(
    "hire.cards", "yes_no", "是否有员工需申领社会保障卡", "Does anyone need a social security card?",
    group="employees",
)
field(
    "hire.fund_rate", "choice", "住房公积金缴存比例", "Housing fund contribution rate",
    group="employees",
    options=opts(("5", "5%", "5%"), ("8", "8%", "8%"), ("10", "10%", "10%"), ("12", "12%", "12%")),
)
field(
    "si.action", "choice", "办理类型", "Change",
    group="employees",
    options=opts(("add", "增员（新参保）", "Add employees"), ("remove", "减员（停保）", "Remove employees")),
)
field(
    "si.stop_reason", "choice", "减员原因", "Why they leave",
    group="employees", visible_if=eq("si.action", "remove"),
    options=opts(("ended", "解除或终止劳动合同", "Contract ended"), ("retired", "退休", "Retired"),
                 ("transfer", "调出", "Transferred"), ("death", "死亡", "Died")),
)
field("si.change_date", "date", "变动日期", "Date of the change", group="employees")

# tax
field(
    "tax.period", "choice", "申报期", "Return for",
    options=opts(("month", "按月", "The month"), ("quarter", "按季", "The quarter")),
)
field(
    "tax.types", "multi_choice", "申报税费种", "Taxes and fees to declare",
    options=opts(("vat", "增值税及附加税费", "VAT and surcharges"), ("cit", "企业所得税", "Corporate income tax"),
                 ("iit", "个人所得税（扣缴）", "Individual income tax withheld"),
                 ("si", "社会保险费", "Social insurance contributions"),
                 ("disability_fund", "残疾人就业保障金", "Disability employment fund")),
)
field("tax.revenue", "number", "本期销售额（元）", "Sales this period (yuan)", visible_if=picked("tax.types", "vat"))
field("tax.profit", "number", "本期利润总额（元）", "Profit this period (yuan)", visible_if=picked("tax.types", "cit"))
field("tax.wages", "number", "本期工资薪金总额（元）", "Wages this period (yuan)",
      visible_if=either(picked("tax.types", "iit"), picked("tax.types", "si")))
field("tax.staff", "number", "在职职工人数", "Staff")
field("tax.invoice_quota", "yes_no", "是否申请调整数电发票额度", "Ask for a higher digital-invoice limit?")
field("tax.quota_amount", "number", "申请额度（元）", "Limit asked for (yuan)", visible_if=yes("tax.invoice_quota"))

# credit
field(
    "credit.types", "multi_choice", "修复事项", "Records to repair",
    options=opts(("penalty", "行政处罚信息", "An administrative penalty"),
                 ("abnormal", "经营异常名录", "The list of abnormal operations"),
                 ("serious", "严重违法失信名单", "The list of serious violators"),
                 ("tax", "纳税信用", "Tax credit")),
)
field(
    "credit.decision_no", "text", "处罚决定书文号", "Number of the penalty decision",
    visible_if=picked("credit.types", "penalty"),
)
field("credit.rectified", "yes_no", "是否已履行处罚并完成整改", "Has the penalty been served and the problem fixed?")
field("credit.report", "yes_no", "是否查询企业信用报告（融资用）", "Get the credit report (for financing)?")
field("credit.tax_grade", "yes_no", "是否授权银行查询纳税信用级别", "Let a bank see your tax credit grade?")
field(
    "credit.lender", "choice", "授权查询的银行", "Bank", visible_if=yes("credit.tax_grade"), options=BANKS,
)

# public security
field(
    "security.business", "choice", "特种行业类别", "Licensed trade",
    options=opts(("none", "无，仅刻制印章", "None: only the seals"), ("hotel", "旅馆业", "Hotel"),
                 ("engraving", "公章刻制业", "Seal engraving"), ("entertainment", "娱乐场所", "Entertainment venue")),
)
field("security.rooms", "number", "客房数", "Guest rooms", visible_if=eq("security.business", "hotel"))
field("security.manager_name", "text", "治安负责人姓名", "Person responsible for security",
      visible_if=ne("security.business", "none"))
field("security.manager_id", "resident_id", "治安负责人身份号码", "Their ID number",
      visible_if=ne("security.business", "none"))

# project
field("project.name", "text", "项目名称", "Project name")
field(
    "project.code", "text", "投资项目代码", "Investment project code",
    hint=("投资项目在线审批监管平台赋码，例如 2026-430104-47-01-123456", "From the project approval platform"),
)
field("project.address", "address", "建设地点", "Site")
field(
    "project.use", "choice", "建筑用途", "Use",
    options=opts(("residential", "住宅", "Housing"), ("commercial", "商业办公", "Commercial and offices"),
                 ("industrial", "工业厂房", "Industrial"), ("public", "公共建筑", "Public building")),
)
field("project.area", "number", "总建筑面积（平方米）", "Total floor area (m²)")
field("project.investment", "number", "总投资（万元）", "Total investment (10,000 yuan)")
field("project.land_area", "number", "用地面积（平方米）", "Land area (m²)")
field(
    "project.land_supply", "choice", "供地方式", "Land supplied by",
    options=opts(("allocation", "划拨", "Allocation"), ("transfer", "出让", "Sale of land-use rights")),
)
field("project.farmland", "yes_no", "是否占用农用地", "Does it use farmland?")
field("project.site_plan", "file", "总平面图", "Site plan",
      hint=("请将图纸放在扫描区", "Place the drawing on the scanner"))
field("project.drawings", "file", "施工图设计文件", "Construction drawings")
field("project.designer", "text", "设计单位", "Design firm")
field("project.contractor", "text", "施工总承包单位", "Main contractor")
field("project.contractor_code", "social_credit_code", "施工单位统一社会信用代码", "Contractor's social credit code")
field("project.supervisor", "text", "监理单位", "Supervising engineer")
field("project.planning_permit", "text", "建设工程规划许可证号", "Planning permit number")
field("project.start_date", "date", "计划开工日期", "Planned start")
field("project.completion_date", "date", "竣工日期", "Completion date")
field("project.special_fire", "yes_no", "是否为特殊建设工程（消防）", "Is it a special project for fire safety?")
field("project.civil_defence", "yes_no", "是否配建人防工程", "Does it include a civil-defence shelter?")
field("project.lightning", "yes_no", "是否需要防雷装置审核", "Does it need lightning-protection approval?")
field("project.night_work", "yes_no", "是否需要夜间施工", "Will you work at night?")
field("project.road_digging", "yes_no", "是否需要占用挖掘城市道路", "Will you dig up or occupy a city road?")
field("project.buildings", "number", "单体建筑栋数", "Number of buildings")
field(
    "project.tender_scope", "multi_choice", "招标内容", "Tender for",
    options=opts(("works", "施工", "Construction"), ("supervision", "监理", "Supervision"),
                 ("design", "勘察设计", "Survey and design"), ("goods", "重要设备材料", "Major equipment")),
)
field(
    "project.tender_method", "choice", "招标方式", "Procedure",
    options=opts(("open", "公开招标", "Open tender"), ("invited", "邀请招标", "Invited tender")),
)
field("project.budget", "number", "招标控制价（万元）", "Ceiling price (10,000 yuan)")
AFTER_AWARD = ("定标后填写，报告中标结果时必填", "Give these once the contract is awarded")
field("project.winner", "text", "中标单位", "Winning bidder", required=False, hint=AFTER_AWARD)
field("project.winner_code", "social_credit_code", "中标单位统一社会信用代码", "Winner's social credit code",
      required=False)
field("project.bid_amount", "number", "中标金额（万元）", "Winning bid (10,000 yuan)", required=False)
field(
    "project.external_works", "yes_no", "是否涉及接入外线工程（占道、挖掘、绿地）",
    "Do the connections need works outside the site (roads, green space)?",
)

# utilities: joint connection of water, electricity, gas and network
field(
    "utilities.extras", "multi_choice", "同时报装", "Also connect",
    required=False,
    options=opts(("gas", "燃气", "Gas"), ("telecom", "通信（宽带）", "Telecoms and broadband"),
                 ("tv", "广播电视", "Cable TV")),
)
field("utilities.water_volume", "number", "设计日用水量（立方米）", "Water needed per day (m³)")
field("utilities.power_capacity", "number", "用电报装容量（千伏安）", "Power capacity (kVA)")
field(
    "utilities.voltage", "choice", "供电电压等级", "Supply voltage",
    options=opts(("0.4kV", "低压 0.4千伏", "Low voltage, 0.4 kV"), ("10kV", "高压 10千伏", "High voltage, 10 kV")),
)
field(
    "utilities.gas_use", "choice", "用气性质", "Gas for",
    visible_if=picked("utilities.extras", "gas"),
    options=opts(("residential", "居民生活", "Homes"), ("commercial", "商业", "Businesses"),
                 ("industrial", "工业", "Industry")),
)
field(
    "utilities.gas_volume", "number", "预计年用气量（立方米）", "Gas per year (m³)",
    visible_if=picked("utilities.extras", "gas"),
)
field(
    "utilities.operators", "multi_choice", "通信运营商", "Operators",
    visible_if=picked("utilities.extras", "telecom"),
    options=opts(("telecom", "中国电信", "China Telecom"), ("mobile", "中国移动", "China Mobile"),
                 ("unicom", "中国联通", "China Unicom")),
)
field(
    "utilities.tv_points", "number", "有线电视终端数", "Cable TV points",
    visible_if=picked("utilities.extras", "tv"),
)
field("utilities.connect_date", "date", "期望接入日期", "Connection wanted by")

# query: look-ups and printouts
field(
    "query.period", "choice", "查询期间", "Period",
    options=opts(("year", "近一年", "The last year"), ("three_years", "近三年", "The last three years"),
                 ("all", "全部", "Everything")),
)
field(
    "query.fund_scope", "choice", "查询内容", "Look up",
    options=opts(("balance", "余额及缴存明细", "Balance and payments"), ("loan", "公积金贷款", "Housing fund loan"),
                 ("withdrawals", "提取记录", "Withdrawals")),
)
field(
    "query.property_scope", "choice", "查询范围", "Look up",
    options=opts(("mine", "本人名下全部不动产", "Everything in my name"), ("one", "指定房屋", "One property")),
)
field(
    "query.purpose", "choice", "用途", "What it is for",
    options=opts(("school", "子女入学", "School enrolment"), ("purchase", "购房", "Buying a home"),
                 ("loan", "贷款", "A loan"), ("other", "其他", "Other")),
)
field(
    "query.property_address", "address", "房屋坐落", "Address of the property",
    visible_if=eq("query.property_scope", "one"),
)
field("query.child_name", "text", "儿童姓名", "Child's name")
field("query.child_id", "resident_id", "儿童公民身份号码", "Child's ID number")
field(
    "query.school", "text", "就读学校", "School",
    hint=("学籍所在学校", "The school that holds the pupil's record"),
)

# bank
field("bank.name", "text", "开户银行", "Bank", hint=("写到支行，例如 建设银行长沙芙蓉支行", "Include the branch"))
field("bank.account", "text", "银行账号", "Account number")

# confirm
field("confirm.pledge", "signature", "本人承诺所填信息真实有效", "I confirm that the information I gave is true")
field(
    "confirm.marriage_declaration", "signature",
    "本人声明：双方均无配偶，没有直系血亲和三代以内旁系血亲关系",
    "I declare that neither of us is married and that we are not closely related by blood",
)
field(
    "confirm.pension_pledge", "signature",
    "本人已阅读并签署《养老金申领承诺书》：如有冒领，依法退还",
    "I have read and sign the pension pledge: any pension wrongly drawn will be repaid",
)
field(
    "confirm.heir_pledge", "signature",
    "本人已阅读并签署《承诺函》：所述亲属关系真实，如有争议由本人负责",
    "I have read and sign the pledge: the family relations I gave are true and I answer for any dispute",
)
field(
    "confirm.authorisation", "signature",
    "本人授权有关部门通过数据共享核验本人及企业信息",
    "I authorise the departments to check my and the enterprise's records through data sharing",
)


# -- departments ---------------------------------------------------------------------------------------------

DEPT: dict[str, JSON] = {
    "health": t("市卫健委", "Health Commission"),
    "midwifery": t("助产机构（市卫健委）", "Midwifery institution (Health Commission)"),
    "police": t("市公安局", "Public Security Bureau"),
    "station": t("落户地公安派出所", "Police station of the new household"),
    "traffic": t("市公安局交通警察支队", "Traffic Police"),
    "exit_entry": t("市公安局出入境管理支队", "Exit and Entry Administration"),
    "hrss": t("市人社局", "Human Resources and Social Security Bureau"),
    "talent": t("市人才服务中心（市人社局）", "Talent Service Centre (Human Resources Bureau)"),
    "medical": t("市医保局", "Healthcare Security Administration"),
    "fund": t("住房公积金管理中心", "Housing Provident Fund Centre"),
    "civil": t("市民政局", "Civil Affairs Bureau"),
    "marriage_registry": t("婚姻登记处（市民政局）", "Marriage registry (Civil Affairs Bureau)"),
    "funeral": t("殡仪馆（市民政局）", "Funeral home (Civil Affairs Bureau)"),
    "justice": t("市司法局（公证处）", "Justice Bureau (notary office)"),
    "education": t("市教育局", "Education Bureau"),
    "natural_resources": t("市自然资源和规划局", "Natural Resources and Planning Bureau"),
    "real_estate": t("不动产登记中心", "Real Estate Registration Centre"),
    "housing": t("市住房和城乡建设局", "Housing and Urban-Rural Development Bureau"),
    "archives": t("城市建设档案馆", "Urban Construction Archives"),
    "market": t("市市场监管局", "Market Regulation Administration"),
    "tax": t("市税务局", "Tax Service"),
    "pboc": t("人民银行长沙分行", "People's Bank of China, Changsha"),
    "bank": t("开户银行", "The bank"),
    "card_bank": t("社保卡合作银行", "The social security card's bank"),
    "water": t("供水企业", "Water company"),
    "power": t("供电企业", "Power company"),
    "gas": t("燃气企业", "Gas company"),
    "telecom": t("通信运营企业", "Telecoms operators"),
    "broadcast": t("广电网络公司（市广电局）", "Cable network (Radio and TV Bureau)"),
    "utilities": t("水电气网公用企业", "The utility companies"),
    "disabled": t("市残联", "Disabled Persons' Federation"),
    "transport": t("市交通运输局", "Transport Bureau"),
    "library": t("市图书馆", "City Library"),
    "credit": t("市发展改革委（信用办）", "Development and Reform Commission (credit office)"),
    "customs": t("长沙海关", "Changsha Customs"),
    "trading": t("市公共资源交易中心", "Public Resources Trading Centre"),
    "civil_defence": t("市人防办", "Civil Air Defence Office"),
    "weather": t("市气象局", "Meteorological Bureau"),
    "city_management": t("市城管局", "Urban Management Bureau"),
}


# -- materials ------------------------------------------------------------------------------------------------
# A material code means the same document in every item; an item may still say where it comes from
# (the same ID card is checked through an interface in one guide and linked as an e-licence in another).

MATERIALS: dict[str, JSON] = {}


def material(code: str, zh: str, en: str, source: str, copies: int = 1) -> None:
    if code in MATERIALS:
        raise ValueError(f"material {code} defined twice")
    MATERIALS[code] = {
        "code": code, "name": t(zh, en), "source": source, "paper": source == "citizen", "copies": copies,
    }


def m(code: str, *, when: Rule = None, **changes: Any) -> JSON:
    out = copy.deepcopy(MATERIALS[code])
    if "source" in changes and "paper" not in changes:
        changes["paper"] = changes["source"] == "citizen"
    out.update(changes)
    if when is not None:
        out["when"] = when
    return out


ON_SITE, E_LICENCE, SHARED, CITIZEN = "on_site", "e_licence", "shared", "citizen"

# generated here, from system templates
material("FORM", "一件事联办申请表", "Combined application form", ON_SITE)
material("PLEDGE", "养老金申领承诺书", "Pension pledge", ON_SITE)
material("HEIR_PLEDGE", "承诺函", "Signed pledge of the heirs", ON_SITE)
material("CERT_FORM", "出生医学证明首次签发登记表", "Birth certificate first-issue form", ON_SITE)
material("CERT_NOTICE", "出生医学证明签发知情告知书", "Birth certificate information notice", ON_SITE)
material("INSURANCE_FORM", "城乡居民医保参保登记表", "Residents' medical insurance enrolment form", ON_SITE)
material("SI_FORM", "社会保险参保登记申请表", "Social insurance registration form", ON_SITE)
material("CARD_CONSENT", "社会保障卡申领授权同意书", "Consent to apply for social security cards", ON_SITE)
material("ARCHIVE_LIST", "拟存档人员名单", "List of files to be transferred", ON_SITE)
material("FUND_LIST", "住房公积金汇缴变更清册", "Housing fund contribution change list", ON_SITE)
material("MED_FORM", "职工医保参保登记表", "Employee medical insurance registration form", ON_SITE)
material("ROSTER", "劳动用工备案花名册", "Employment record roster", ON_SITE)
material("ARTICLES", "公司章程", "Articles of association", ON_SITE)
material("POA", "授权委托书", "Power of attorney", ON_SITE)
material("SEAL_FORM", "印章刻制备案表", "Seal engraving record form", ON_SITE)
material("SI_UNIT_FORM", "单位社会保险登记表", "Employer social insurance registration form", ON_SITE)
material("FUND_UNIT_FORM", "住房公积金单位缴存登记表", "Housing fund employer registration form", ON_SITE)
material("ACCOUNT_FORM", "开立单位银行结算账户申请书", "Application to open the company bank account", ON_SITE)
material("TAX_FORM", "纳税人首次办税补充信息表", "Taxpayer first-time information form", ON_SITE)
material("GAS_FORM", "燃气报装申请表", "Gas connection application", ON_SITE)
material("MOVE_CERT", "准予迁入证明", "Approval to move in", ON_SITE)
material("PHOTO_DIGITAL", "数码相片（现场采集）", "Digital photo (taken here)", ON_SITE)
material("RESOLUTION", "股东会决议", "Shareholders' resolution", ON_SITE)
material("SALE_CONTRACT", "存量房买卖合同（网签）", "Sale contract (signed online)", ON_SITE)
material("FUND_AGREEMENT", "住房公积金自愿缴存协议", "Voluntary housing fund agreement", ON_SITE)
material("DECLARATION", "清算报告或全体投资人承诺书", "Liquidation report or investors' pledge", ON_SITE)

# linked e-licences
material("ID", "居民身份证", "Resident ID card", E_LICENCE)
material("HUKOU", "居民户口簿", "Household register", E_LICENCE)
material("MARRIAGE_CERT", "结婚证", "Marriage certificate", E_LICENCE)
material("BIRTH_CERT", "出生医学证明", "Medical birth certificate", E_LICENCE)
material("LICENCE", "营业执照（统一社会信用代码证）", "Business licence (social credit code)", E_LICENCE)
material("PROPERTY", "不动产权证书", "Property certificate", E_LICENCE)
material("DECEASED_ID", "逝者居民身份证", "ID card of the deceased", E_LICENCE)
material("DECEASED_HUKOU", "逝者户口簿（户主页及本人页）", "Household register of the deceased", E_LICENCE)
material("DISABILITY_CARD", "残疾人证", "Disability card", E_LICENCE)
material("DRIVING_LICENCE", "机动车驾驶证", "Driving licence", E_LICENCE)
material("PLANNING_PERMIT", "建设工程规划许可证", "Planning permit", E_LICENCE)
material("LAND_CERT", "不动产权证书（土地）", "Land-use right certificate", E_LICENCE)
material("CONSTRUCTION_PERMIT", "建筑工程施工许可证", "Construction permit", E_LICENCE)
material("RESIDENCE_PERMIT", "居住证", "Residence permit", E_LICENCE)

# checked through a data-sharing interface
material("VACC_RECORD", "新生儿首针乙肝疫苗及卡介苗接种记录", "Newborn's first hepatitis B and BCG vaccination record",
         SHARED)
material("WIDOW", "配偶死亡证明", "Proof of the late spouse's death", SHARED)
material("ARCHIVE", "职工人事档案（出生时间、工龄认定）", "Personnel file (birth date and years of service)", SHARED)
material("PENSION_RESULT", "养老保险视同缴费年限认定结果", "Pension deemed-contribution decision", SHARED)
material("UNNATURAL_CERT", "公安机关出具的死亡证明", "Police certificate of death", SHARED)
material("CREMATION_CERT", "遗体火化证明", "Cremation certificate", SHARED)
material("DEATH_RECORD", "死亡及户口注销信息", "Death and deregistration record", SHARED)
material("PURCHASE_RECORD", "购房网签备案证明", "Registered purchase contract", SHARED)
material("SI_RECORD", "社会保险参保缴费记录", "Social insurance contribution record", SHARED)
material("HEALTH_CERT", "机动车驾驶人身体条件证明", "Driver's medical certificate", SHARED)
material("HARD_CERT", "就业困难人员认定证明", "Certificate of difficulty in finding work", SHARED)
material("LOW_INCOME", "最低生活保障证明", "Minimum living support certificate", SHARED)
material("ASSESSMENT", "残疾评定结果", "Disability assessment", SHARED)
material("TAX_PROOF", "完税证明", "Tax payment certificate", SHARED)
material("MARITAL_INFO", "婚姻登记信息", "Marriage registration record", SHARED)
material("TAX_CLEARANCE", "清税证明", "Tax clearance certificate", SHARED)
material("PENALTY_DONE", "行政处罚履行完毕证明", "Proof the penalty was served", SHARED)
material("BID_RESULT", "评标报告及中标候选人公示结果", "Evaluation report and published result", SHARED)
material("SURVEY", "房屋面积测绘成果", "Floor-area survey", SHARED)
material("ACCEPTANCE", "联合验收意见书", "Joint acceptance opinion", SHARED)

# what the citizen brings (paper from a hospital, a landlord, an employer …)
material("BIRTH_RECORD", "新生儿出生医学记录", "Newborn medical birth record", CITIZEN)
material("FEE_LIST", "住院费用清单", "Hospital fee list", CITIZEN)
material("INVOICES", "产前检查发票", "Prenatal check-up invoices", CITIZEN)
material("DIAGNOSIS", "疾病诊断证明书", "Diagnosis certificate", CITIZEN)
material("ID_ORIGINAL", "双方居民身份证原件（现场核验）", "Both ID cards, shown at the registry", CITIZEN)
material("PHOTO", "二寸双人近期半身免冠合影", "Recent 2-inch photos of the couple together", CITIZEN, copies=3)
material("DIVORCE", "离婚证或法院判决书", "Divorce certificate or court judgment", CITIZEN)
material("BANK_CARD", "已激活的社保卡或一类银行卡", "Activated social security card or class-I bank card", CITIZEN)
material("SPECIAL_PROOF", "特殊工种岗位工作经历证明及单位公示结果",
         "Proof of special-job years and the employer's notice", CITIZEN)
material("ONLY_CHILD", "独生子女父母光荣证（或独生子女证、无子女证明）", "Only-child parents' certificate", CITIZEN)
material("DEATH_MED_CERT", "居民死亡医学证明（推断）书", "Medical certificate of death", CITIZEN)
material("KINSHIP", "亲属关系证明", "Proof of family relationship", CITIZEN)
material("NOTARY", "继承权公证书或法院判决书", "Notarised deed of inheritance or court judgment", CITIZEN)
material("DEPOSIT_PROOF", "存款凭证（存折、存单或银行卡）", "Deposit passbook, certificate or bank card", CITIZEN)
material("VACC_CERT", "预防接种证", "Vaccination certificate", CITIZEN)
material("RENTAL", "房屋租赁合同或住所证明", "Lease or proof of residence", CITIZEN)
material("CONTRACT", "劳动合同", "Labour contract", CITIZEN)
material("LEAVE_PROOF", "原单位解除劳动关系证明", "Proof of leaving the previous employer", CITIZEN)
material("INTRO_LETTER", "单位介绍信（商调函）", "Employer's letter of introduction", CITIZEN)
material("STAFF_PHOTO", "员工近期免冠证件照", "Recent ID photos of the employees", CITIZEN)
material("PREMISES_LEASE", "住所租赁合同或无偿使用证明", "Lease or free-use statement for the premises", CITIZEN)
material("SITE_PLAN", "建设项目总平面图", "Site plan", CITIZEN)
material("ROUTE_PLAN", "接入外线工程路由图", "Route plan of the external works", CITIZEN)
material("PHOTO_2INCH", "近期二寸免冠照片", "Recent 2-inch photos", CITIZEN, copies=2)
material("HOSPITAL_RECORD", "病历及诊断证明", "Medical records and diagnosis", CITIZEN)
material("STATEMENTS", "财务会计报表", "Financial statements", CITIZEN)
material("RECTIFICATION", "信用修复申请书及整改材料", "Credit repair application and proof of the fix", CITIZEN)
material("TENDER_DOCS", "招标文件", "Tender documents", CITIZEN)
material("DRAWINGS", "施工图设计文件", "Construction drawings", CITIZEN)
material("LAND_PLAN", "建设项目用地勘测定界图", "Land survey and boundary map", CITIZEN)
material("COMPLETION_REPORT", "工程竣工验收报告", "Completion acceptance report", CITIZEN)
material("QUALITY_DOCS", "施工合同及监理合同", "Construction and supervision contracts", CITIZEN)
material("FIRE_DOCS", "消防设计文件", "Fire-safety design", CITIZEN)
material("PROJECT_ARCHIVE", "建设工程竣工档案", "As-built records of the project", CITIZEN)
material("DEVICE_PRESCRIPTION", "辅助器具适配评估表", "Assistive device assessment", CITIZEN)
material("PERMIT_BOOK", "往来港澳通行证", "Exit-entry permit for Hong Kong and Macao", CITIZEN)
material("HOTEL_PLAN", "旅馆平面图及安全设施说明", "Hotel floor plan and security facilities", CITIZEN)


# -- items and packages ----------------------------------------------------------------------------------------

ITEMS: dict[str, JSON] = {}
PACKAGES: list[JSON] = []
WEB = ("kiosk", "online")
# Items of the national 跨省通办 list (household moves to join a spouse, social security cards, unemployment
# benefit, treatment elsewhere, medical insurance transfer, driving licences, housing fund look-ups and
# retirement withdrawals, pension records): they also take applications from other provinces.
CROSS_PROVINCE = frozenset({
    "000709003000", "002014007000", "002014012000", "002036008000", "002036012000", "001009011000",
    "002017011000", "201717001000", "002014010000",
})
ME = ["applicant.name", "applicant.id_number"]
ORG = ["enterprise.name", "enterprise.credit_code"]
REP = ["legal_rep.name", "legal_rep.id_number", "legal_rep.mobile"]
PackageItems = list[str | tuple[str, Rule]]


def item(
    code: str, zh: str, en: str, dept: str, legal: int, promised: int, fields: list[str], materials: list[JSON],
    *, channels: Iterable[str] = WEB, visit: bool = False, columns: Iterable[str] = (), keywords: Iterable[str] = (),
    checks: Iterable[JSON] = (), certificate: str = "",
) -> str:
    """Declare a service item; returns its code, so a package can list it where it is declared.

    ``certificate`` names the kind of certificate its approval issues (kiosk.documents.certificates).
    """
    if code in ITEMS:
        raise ValueError(f"item {code} declared twice")
    unknown = [key for key in fields if key not in FIELDS]
    if unknown or len(set(fields)) != len(fields):
        raise ValueError(f"item {code}: unknown or repeated fields {unknown or fields}")
    if code in CROSS_PROVINCE:
        channels = (*channels, "cross_province")
    out: JSON = {
        "code": code, "name": t(zh, en), "department": DEPT[dept], "channels": list(channels),
        "legal_days": legal, "promised_days": promised,
    }
    if visit:
        out["visit_required"] = True
    if certificate:
        out["certificate"] = certificate
    out["fields"] = fields
    out["materials"] = materials
    if columns:
        out["columns"] = list(columns)
    if keywords:
        out["keywords"] = list(keywords)
    if checks:
        out["checks"] = list(checks)
    ITEMS[code] = out
    return code


def package(
    code: str, zh: str, en: str, audience: str, event: tuple[str, str], summary: tuple[str, str],
    items: PackageItems, keywords: Iterable[str], *, full: bool = False, columns: Iterable[str] = ("special",),
) -> None:
    entries: list[JSON] = []
    for entry in items:
        item_code, when = (entry, None) if isinstance(entry, str) else entry
        entries.append({"code": item_code} if when is None else {"code": item_code, "when": when})
    PACKAGES.append({
        "code": code, "name": t(zh, en), "audience": audience, "event": t(*event), "columns": list(columns),
        "summary": t(*summary), "keywords": list(keywords), "fully_modelled": full, "items": entries,
    })


# == individuals ==============================================================================================

# 新生儿出生 (43PCN0009, 长沙市): 7 items, materials 22 → 4. The midwifery institution issues the certificate
# and the vaccination card; parents' ID cards and the household register are checked through the interface.
ID_CHECKED, HUKOU_CHECKED = m("ID", source=SHARED), m("HUKOU", source=SHARED)
package(
    "43PCN0009", "新生儿出生一件事", "Birth of a baby", "individual", ("出生", "Birth"),
    ("出生证明、预防接种、落户、社保卡、医保一次办",
     "Birth certificate, vaccination, hukou, social security card and insurance in one visit"),
    [
        item("002307001000", "出生医学证明首次签发", "First issue of the medical birth certificate", "midwifery", 20, 5,
             ["applicant.name", "applicant.id_number", "applicant.sex", "applicant.ethnicity", "applicant.address",
              "child.name", "child.sex", "child.birth_date", "child.birth_place", "child.birth_weight",
              "child.birth_length", "child.gestational_weeks", "other_parent.name", "other_parent.id_number",
              "other_parent.mobile", "contact.mobile", "confirm.pledge"],
             [m("FORM"), ID_CHECKED, m("BIRTH_RECORD"), m("CERT_FORM"), m("CERT_NOTICE")],
             certificate="birth_medical_certificate"),
        item("002307002000", "预防接种证办理", "Vaccination certificate", "midwifery", 5, 1,
             ["child.name", "child.sex", "child.birth_date", "applicant.name", "contact.mobile"],
             [m("FORM"), m("VACC_RECORD")], certificate="vaccination_certificate"),
        item("000709001000", "出生登记", "Birth registration (hukou)", "station", 20, 10,
             ["applicant.name", "applicant.id_number", "applicant.address", "child.name", "child.sex",
              "child.birth_date", "child.birth_place", "child.same_ethnicity", "child.ethnicity", "child.hukou_with",
              "child.household_head", "child.relation_to_head", "other_parent.name", "other_parent.id_number",
              "contact.mobile", "confirm.pledge"],
             [m("FORM"), ID_CHECKED, HUKOU_CHECKED, m("MARRIAGE_CERT"), m("BIRTH_CERT")],
             certificate="birth_registration"),
        item("201414001000", "社会保障卡申领", "Social security card application", "hrss", 30, 30,
             ["child.name", "child.sex", "child.birth_date", "applicant.name", "applicant.id_number",
              "applicant.address", "contact.mobile", "contact.postal_code"],
             [m("FORM"), ID_CHECKED, HUKOU_CHECKED]),
        item("203636001000", "城乡居民参保登记", "Residents' medical insurance enrolment", "medical", 5, 1,
             ["child.name", "child.sex", "child.birth_date", "applicant.name", "applicant.id_number",
              "applicant.address", "contact.mobile", "child.maternity_claim"],
             [m("INSURANCE_FORM"), HUKOU_CHECKED]),
        item("002023001000", "科学育儿指导服务登记", "Registration for parenting guidance", "health", 15, 15,
             ["child.name", "child.sex", "child.birth_date", "applicant.name", "applicant.address", "contact.mobile"],
             [m("FORM"), ID_CHECKED]),
        (item("203636002000", "生育医疗待遇支付", "Maternity medical benefit payment", "medical", 30, 20,
              ["applicant.name", "applicant.id_number", "child.birth_date", "child.birth_place", "bank.name",
               "bank.account", "contact.mobile", "confirm.pledge"],
              [m("FORM"), ID_CHECKED, m("FEE_LIST"), m("INVOICES"), m("DIAGNOSIS")]),
         yes("child.maternity_claim")),
    ],
    ["生孩子", "生小孩", "上户口", "报户口", "新生儿", "出生证", "出生证明", "宝宝落户", "办社保卡", "生育报销"],
    full=True, columns=("special", "livelihood.marriage_birth"),
)

# 结婚落户 (43PCP0007, 双峰县): 4 items, materials 15 → 8; the couple still comes in once to register.
EITHER_DIVORCED = either(eq("marriage.previous_status", "divorced"), eq("marriage.spouse_previous_status", "divorced"))
EITHER_WIDOWED = either(eq("marriage.previous_status", "widowed"), eq("marriage.spouse_previous_status", "widowed"))
# 婚姻法 (民法典第一千零四十七条): men at least 22, women at least 20. The couple is a man and a woman.
LEGAL_AGE = t(
    "法定结婚年龄：男方须年满22周岁，女方须年满20周岁", "The legal age to marry is 22 for men and 20 for women"
)
MARRIAGE_AGE = [
    {"field": "applicant.birth_date", "message": LEGAL_AGE, "rule": {"if": [
        {"==": [var("applicant.sex"), "M"]},
        {">=": [{"years_since": [var("applicant.birth_date")]}, 22]},
        {">=": [{"years_since": [var("applicant.birth_date")]}, 20]},
    ]}},
    {"field": "spouse.id_number", "message": LEGAL_AGE, "rule": {"if": [
        {"==": [var("applicant.sex"), "F"]},
        {">=": [{"age_from_id": [var("spouse.id_number")]}, 22]},
        {">=": [{"age_from_id": [var("spouse.id_number")]}, 20]},
    ]}},
]

package(
    "43PCP0007", "结婚落户一件事", "Marriage and household registration", "individual", ("婚姻", "Marriage"),
    ("结婚登记、户口变更、投靠迁移、生育登记一次办",
     "Marriage, register update, hukou move and birth planning in one visit"),
    [
        item("001110001000", "内地居民结婚登记", "Marriage registration", "marriage_registry", 20, 1,
             ["applicant.name", "applicant.id_number", "applicant.sex", "applicant.birth_date", "applicant.age",
              "applicant.address", "applicant.occupation", "applicant.education", "spouse.name", "spouse.id_number",
              "spouse.occupation", "spouse.education", "spouse.address", "spouse.mobile",
              "marriage.previous_status", "marriage.spouse_previous_status", "marriage.appointment_date",
              "marriage.move_hukou", "marriage.birth_registration", "contact.mobile",
              "confirm.marriage_declaration", "confirm.pledge"],
             [m("FORM"), m("ID"), m("HUKOU"), m("ID_ORIGINAL"), m("PHOTO"), m("DIVORCE", when=EITHER_DIVORCED),
              m("WIDOW", when=EITHER_WIDOWED)],
             visit=True, checks=MARRIAGE_AGE, certificate="marriage_registration"),
        item("000709002000", "变更户口婚姻状况", "Update marital status in the household register", "police", 15, 5,
             ["applicant.name", "applicant.id_number", "applicant.address", "spouse.name", "spouse.id_number",
              "contact.mobile"],
             [m("FORM"), m("HUKOU"), m("MARRIAGE_CERT")]),
        (item("000709003000", "夫妻投靠户口迁移", "Household registration move to join a spouse", "police", 15, 15,
              ["applicant.name", "applicant.id_number", "applicant.address", "spouse.name", "spouse.id_number",
               "spouse.address", "marriage.move_direction", "contact.mobile", "contact.postal_code"],
              [m("FORM"), m("ID"), m("HUKOU"), m("MARRIAGE_CERT")], certificate="household_entry"),
         yes("marriage.move_hukou")),
        (item("002307003000", "生育登记", "Birth planning registration", "health", 5, 5,
              ["applicant.name", "applicant.id_number", "spouse.name", "spouse.id_number", "marriage.children_count",
               "contact.mobile"],
              [m("FORM"), m("ID"), m("MARRIAGE_CERT")]),
         yes("marriage.birth_registration")),
    ],
    ["结婚", "领证", "登记结婚", "结婚证", "结婚登记", "迁户口", "夫妻投靠", "婚后落户"],
    full=True, columns=("special", "livelihood.marriage_birth"),
)
# 退休 (43PCN0013, 长沙市): 11 items, materials 23 → 3. Pension pledge signed here; ID and register linked.
package(
    "43PCN0013", "退休一件事", "Retirement", "individual", ("退休", "Retirement"),
    ("养老金申领、待遇核定、医保核定、公积金提取一次办",
     "Pension, benefit assessment, medical insurance and housing fund in one visit"),
    [
        item("001014001000", "企业职工基本养老保险养老金申领", "Enterprise employee pension claim", "hrss", 30, 20,
             ["applicant.name", "applicant.id_number", "applicant.sex", "applicant.birth_date", "applicant.age",
              "applicant.address", "retire.employer", "retire.employer_code", "retire.first_work_date", "retire.date",
              "retire.age_at_retirement", "retire.special_work", "retire.deemed_service", "retire.only_child_parent",
              "retire.housing_fund", "bank.name", "bank.account", "contact.mobile", "confirm.pension_pledge",
              "confirm.pledge"],
             [m("FORM"), m("PLEDGE"), m("ID"), m("HUKOU"), m("BANK_CARD")], certificate="retirement_approval"),
        item("001014003000", "达到法定退休年龄领取待遇资格确认", "Confirmation of entitlement at retirement age",
             "hrss", 20, 15,
             ["applicant.name", "applicant.id_number", "applicant.birth_date", "retire.employer",
              "retire.first_work_date", "retire.date"],
             [m("ID"), m("ARCHIVE")]),
        (item("001014004000", "视同缴费年限认定", "Recognition of deemed contribution years", "hrss", 20, 15,
              ["applicant.name", "applicant.id_number", "retire.first_work_date", "retire.deemed_service",
               "retire.deemed_employer"],
              [m("ID"), m("ARCHIVE")]),
         yes("retire.deemed_service")),
        (item("001014002000", "特殊工种提前退休核准", "Early retirement approval for special jobs", "hrss", 30, 15,
              ["applicant.name", "applicant.id_number", "retire.employer", "retire.special_work",
               "retire.special_work_type", "retire.special_work_years", "contact.mobile"],
              [m("ID"), m("SPECIAL_PROOF")], certificate="retirement_approval"),
         yes("retire.special_work")),
        item("001014005000", "新增退休人员待遇核定发放", "Assessment and payment of the new pension", "hrss", 20, 15,
             ["applicant.name", "applicant.id_number", "retire.date", "bank.name", "bank.account"],
             [m("ID"), m("BANK_CARD")]),
        item("203636003000", "基本医疗保险视同缴费年限核定", "Medical insurance deemed-contribution years", "medical",
             40, 35,
             ["applicant.name", "applicant.id_number", "retire.first_work_date", "retire.date"],
             [m("ID"), m("PENSION_RESULT")]),
        item("002036001000", "在职转退休", "Medical insurance: from working to retired", "medical", 10, 5,
             ["applicant.name", "applicant.id_number", "retire.employer", "retire.date"],
             [m("FORM"), m("ID")]),
        (item("201717001000", "正常退休提取住房公积金", "Housing fund withdrawal on retirement", "fund", 3, 1,
              ["applicant.name", "applicant.id_number", "retire.housing_fund", "retire.fund_account", "bank.name",
               "bank.account"],
              [m("ID"), m("BANK_CARD")]),
         yes("retire.housing_fund")),
        (item("000723001000", "城镇独生子女父母奖励对象申请", "Recognition as urban parents of an only child", "health",
              20, 15,
              ["applicant.name", "applicant.id_number", "applicant.address", "retire.only_child_parent",
               "retire.only_child_cert", "contact.mobile"],
              [m("ID"), m("HUKOU"), m("ONLY_CHILD")]),
         yes("retire.only_child_parent")),
        (item("202323001000", "城镇独生子女父母奖励金", "Reward for urban parents of an only child", "health", 40, 35,
              ["applicant.name", "applicant.id_number", "retire.only_child_parent", "retire.only_child_cert",
               "bank.name", "bank.account"],
              [m("ONLY_CHILD"), m("BANK_CARD")]),
         yes("retire.only_child_parent")),
        item("000709004000", "户籍信息确认", "Confirmation of household registration details", "police", 40, 35,
             ["applicant.name", "applicant.id_number", "applicant.birth_date", "applicant.address"],
             [m("ID"), m("HUKOU")]),
    ],
    ["办退休", "退休", "退休手续", "领养老金", "养老金", "退休金", "提取公积金", "独生子女奖励"],
    full=True, columns=("special", "livelihood.elderly"),
)

# 个人身后 (43PCP0008, 长沙市): 14 items, materials 27 → 7. A non-natural death is handled at the counter only.
NATURAL, UNNATURAL = eq("deceased.death_type", "natural"), eq("deceased.death_type", "unnatural")
INSURED = one_of("deceased.pension_status", ["retired", "working"])
DECEASED = ["deceased.name", "deceased.id_number"]
package(
    "43PCP0008", "个人身后一件事", "After a death", "individual", ("身后", "Death"),
    ("死亡证明、火化、户口注销、社保医保公积金、遗属待遇和存款提取一次办",
     "Death certificate, cremation, deregistration, pension, insurance, housing fund and deposits in one visit"),
    [
        (item("001023001000", "死亡证办理（正常死亡）", "Death certificate (natural death)", "health", 5, 1,
              [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.death_date", "deceased.death_place",
               "deceased.death_type", "deceased.address", "deceased.death_certificate", "contact.mobile"],
              [m("FORM"), m("DECEASED_ID"), m("DEATH_MED_CERT", when=NATURAL)], certificate="death_certificate"),
         NATURAL),
        (item("001009001000", "出具死亡证明（非正常死亡）", "Police certificate of a non-natural death", "police",
              20, 5,
              [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.death_date", "deceased.death_place",
               "deceased.death_type", "contact.mobile"],
              [m("FORM"), m("DECEASED_ID"), m("ID")],
              channels=("kiosk",), visit=True),
         UNNATURAL),
        item("002011001000", "遗体火化证明开具", "Cremation certificate", "funeral", 1, 1,
             [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.death_date", "deceased.death_type",
              "deceased.funeral_home", "deceased.pension_status", "deceased.employee_medical",
              "deceased.driving_licence", "deceased.housing_fund", "deceased.shareholder", "deceased.will_check",
              "deceased.deposits", "contact.mobile", "confirm.heir_pledge"],
             [m("DECEASED_ID"), m("DEATH_MED_CERT", when=NATURAL), m("UNNATURAL_CERT", when=UNNATURAL)],
             certificate="cremation_certificate"),
        item("000709005000", "户口注销（死亡）", "Deregistration of the household entry", "police", 20, 1,
             [*ME, *DECEASED, "deceased.death_date", "deceased.address", "contact.mobile"],
             [m("DECEASED_HUKOU"), m("CREMATION_CERT")]),
        (item("001014006000", "企业职工养老待遇暂停", "Stopping the enterprise pension", "hrss", 5, 1,
              [*DECEASED, "deceased.death_date", "applicant.name", "contact.mobile"],
              [m("DEATH_RECORD")]),
         eq("deceased.pension_status", "retired")),
        (item("001014007000", "企业职工遗属待遇申领（丧葬补助金、抚恤金）",
              "Survivors' benefits (funeral grant and pension)", "hrss", 20, 10,
              [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.death_date", "heirs.list", "bank.name",
               "bank.account", "contact.mobile", "confirm.heir_pledge"],
              [m("FORM"), m("KINSHIP"), m("DEATH_RECORD")]),
         INSURED),
        (item("001014008000", "基本养老保险个人账户余额申领", "Balance of the pension personal account", "hrss", 20, 10,
              [*ME, *DECEASED, "heirs.list", "heirs.agreed", "bank.name", "bank.account"],
              [m("ID"), m("KINSHIP")]),
         INSURED),
        item("002036002000", "医保减少登记（终止参保）", "Ending the medical insurance", "medical", 5, 1,
             [*DECEASED, "deceased.death_date", "applicant.name", "contact.mobile"],
             [m("DEATH_RECORD")]),
        (item("002036003000", "医保个人账户一次性支取", "Payout of the medical insurance personal account", "medical",
              20, 10,
              [*ME, *DECEASED, "heirs.list", "bank.name", "bank.account"],
              [m("ID"), m("KINSHIP")]),
         yes("deceased.employee_medical")),
        (item("001009002000", "驾驶证注销", "Cancelling the driving licence", "traffic", 5, 1,
              [*DECEASED, "deceased.death_date", "applicant.name"],
              [m("DEATH_RECORD")]),
         yes("deceased.driving_licence")),
        (item("002031001000", "已故人员股权登记信息查询", "Look-up of the deceased's shareholdings", "market", 5, 1,
              [*ME, "applicant.relation_to_deceased", *DECEASED],
              [m("ID"), m("DEATH_RECORD")]),
         yes("deceased.shareholder")),
        (item("002017001000", "死亡提取住房公积金", "Housing fund withdrawal after a death", "fund", 5, 3,
              [*ME, *DECEASED, "heirs.list", "heirs.agreed", "bank.name", "bank.account"],
              [m("KINSHIP"), m("HEIR_PLEDGE")]),
         yes("deceased.housing_fund")),
        (item("002012001000", "遗嘱公证信息核查", "Check for a notarised will", "justice", 5, 3,
              [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.death_date"],
              [m("ID"), m("DEATH_RECORD")]),
         yes("deceased.will_check")),
        (item("432099001000", "已故存款人小额存款提取", "Withdrawal of a deceased depositor's small deposits",
              "bank", 5, 5,
              [*ME, "applicant.relation_to_deceased", *DECEASED, "deceased.deposit_banks", "heirs.list",
               "heirs.agreed", "bank.name", "bank.account", "contact.mobile", "confirm.heir_pledge"],
              [m("KINSHIP"), m("DEPOSIT_PROOF"), m("HEIR_PLEDGE"), m("NOTARY", when=no("heirs.agreed"))]),
         yes("deceased.deposits")),
    ],
    ["办后事", "去世", "过世", "丧葬", "死亡证明", "火化", "销户", "户口注销", "抚恤金", "丧葬费", "遗产", "存款提取"],
    full=True,
)

# 教育入学 (43PCN0010, 长沙市): 5 linked items, materials 10 → 2; housing and residence proofs come by sharing.
NOT_LOCAL = no("student.hukou_local")
package(
    "43PCN0010", "教育入学一件事", "Starting school", "individual", ("入学", "School"),
    ("义务教育入学报名、户籍房产核验、居住证、社保核查一次办",
     "School enrolment with household, property, residence and insurance checks in one visit"),
    [
        item("002005001000", "义务教育新生入学报名", "Enrolment in compulsory education", "education", 30, 30,
             [*ME, "applicant.sex", "applicant.address", "applicant.relation_to_student", "student.name",
              "student.id_number", "student.sex", "student.birth_date", "student.age", "student.stage",
              "student.school", "student.previous_school", "student.home_address", "student.hukou_local",
              "student.housing", "student.property_cert", "guardian.name", "guardian.id_number", "guardian.mobile",
              "contact.mobile", "confirm.pledge"],
             [m("FORM"), HUKOU_CHECKED, m("BIRTH_CERT"), m("VACC_CERT")], certificate="school_enrolment"),
        item("002009001000", "户籍类证明（入学户籍核验）", "Household registration check for school", "police", 5, 1,
             [*ME, "applicant.address", "student.name", "student.id_number"],
             [ID_CHECKED, HUKOU_CHECKED], certificate="household_certificate"),
        (item("002015001000", "不动产权证书信息核验", "Property certificate check", "real_estate", 5, 1,
              [*ME, "guardian.name", "guardian.id_number", "student.housing", "student.property_cert",
               "student.home_address"],
              [m("PROPERTY", source=SHARED), m("PURCHASE_RECORD", when=eq("student.housing", "purchased"))]),
         one_of("student.housing", ["own", "purchased"])),
        (item("001009003000", "居住证办理", "Residence permit", "police", 15, 7,
              [*ME, "applicant.sex", "applicant.address", "student.home_address", "residence.basis",
               "residence.employer", "contact.mobile"],
              [ID_CHECKED, m("RENTAL", when=eq("student.housing", "rent")), m("PHOTO_DIGITAL")],
              certificate="residence_permit"),
         NOT_LOCAL),
        (item("002014001000", "社会保险参保缴费记录核查", "Check of social insurance contributions", "hrss", 5, 1,
              [*ME, "guardian.name", "guardian.id_number"],
              [m("SI_RECORD")]),
         NOT_LOCAL),
    ],
    ["上学", "入学", "报名", "小学报名", "初中报名", "幼升小", "小升初", "学位", "入学登记"],
    full=True, columns=("special", "livelihood.schooling"),
)

# 证件办理: the documents a resident applies for most (居民身份证、户籍证明、护照)
package(
    "43PCP0003", "证件办理一件事", "Identity documents", "individual", ("证件", "Documents"),
    ("身份证申领换领补领、临时身份证、户籍证明、护照一次办",
     "ID card, temporary ID, household certificate and passport in one visit"),
    [
        item("001009005000", "居民身份证申领、换领、补领", "Resident ID card: first issue, renewal, replacement",
             "police", 60, 20,
             [*ME, "applicant.sex", "applicant.ethnicity", "applicant.birth_date", "applicant.address",
              "identity.id_reason", "identity.temporary", "identity.proof", "identity.passport", "contact.delivery",
              "contact.mailing_address", "contact.postal_code", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("HUKOU"), m("PHOTO_DIGITAL")]),
        (item("001009006000", "临时居民身份证申领", "Temporary resident ID card", "police", 3, 1,
              [*ME, "identity.temporary", "contact.mobile"],
              [m("HUKOU"), m("PHOTO_DIGITAL")]),
         yes("identity.temporary")),
        (item("002009002000", "户籍证明出具", "Household registration certificate", "police", 5, 1,
              [*ME, "applicant.address", "identity.proof", "identity.proof_purpose"],
              [m("HUKOU")], certificate="household_certificate"),
         yes("identity.proof")),
        (item("000109001000", "普通护照签发", "Passport", "exit_entry", 7, 7,
              [*ME, "applicant.sex", "applicant.birth_date", "identity.passport", "contact.delivery",
               "contact.mailing_address", "contact.postal_code", "contact.mobile"],
              [m("ID"), m("PHOTO_DIGITAL")]),
         yes("identity.passport")),
    ],
    ["身份证", "办身份证", "换身份证", "补身份证", "身份证丢了", "临时身份证", "户籍证明", "开证明", "护照", "办护照"],
    columns=("special", "livelihood.household"),
)

# 灵活就业参保 (national 2026 batch): registering flexible work and its insurance
package(
    "43PCP0004", "灵活就业参保一件事", "Flexible work and insurance", "individual", ("就业", "Work"),
    ("就业登记、养老医保参保、社保补贴、公积金自愿缴存一次办",
     "Job registration, pension and medical insurance, subsidy and housing fund in one visit"),
    [
        item("002014005000", "就业登记（灵活就业）", "Job registration (flexible work)", "hrss", 5, 1,
             [*ME, "applicant.sex", "applicant.address", "applicant.education", "work.type", "work.start_date",
              "work.occupation", "work.address", "work.medical", "work.subsidy", "work.housing_fund",
              "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("ID")]),
        item("001014012000", "灵活就业人员企业职工基本养老保险参保登记", "Pension insurance for flexible workers",
             "hrss", 5, 1,
             [*ME, "applicant.address", "work.type", "work.pension_base", "contact.mobile"],
             [m("SI_FORM"), m("ID")]),
        (item("002036005000", "灵活就业人员职工医保参保登记", "Medical insurance for flexible workers", "medical", 5, 1,
              [*ME, "work.type", "contact.mobile"],
              [m("ID")]),
         yes("work.medical")),
        (item("002014006000", "灵活就业社会保险补贴申领", "Social insurance subsidy for flexible workers", "hrss",
              20, 10,
              [*ME, "work.type", "work.start_date", "bank.name", "bank.account"],
              [m("ID"), m("HARD_CERT"), m("SI_RECORD")]),
         yes("work.subsidy")),
        (item("002017004000", "住房公积金个人自愿缴存", "Voluntary housing fund contributions", "fund", 3, 1,
              [*ME, "work.occupation", "bank.name", "bank.account", "contact.mobile"],
              [m("ID"), m("FUND_AGREEMENT")]),
         yes("work.housing_fund")),
    ],
    ["就业", "找工作", "灵活就业", "自由职业", "个人交社保", "自己交社保", "就业登记", "跑外卖", "网约车"],
    columns=("special", "livelihood.jobs"),
)

# 不动产登记: a resale, registered with its contract, tax and utility transfers
package(
    "43PCP0005", "不动产登记一件事", "Buying a resale home", "individual", ("购房", "Home purchase"),
    ("网签备案、税费申报、转移登记、抵押注销、水电气网过户一次办",
     "Contract filing, tax, transfer, mortgage release and utility transfers in one visit"),
    [
        item("002017005000", "存量房买卖合同网签备案", "Filing of the resale contract", "housing", 3, 1,
             [*ME, "property.address", "property.cert_no", "property.area", "property.price", "property.seller_name",
              "property.seller_id", "property.seller_mobile", "property.first_home", "property.mortgage_release",
              "property.utilities_transfer", "contact.mobile", "confirm.pledge"],
             [m("SALE_CONTRACT"), m("ID"), m("PROPERTY")]),
        item("002099002000", "存量房交易税费申报", "Tax return on the sale", "tax", 5, 1,
             [*ME, "property.cert_no", "property.price", "property.area", "property.first_home",
              "property.seller_name", "property.seller_id"],
             [m("SALE_CONTRACT"), m("MARITAL_INFO")]),
        (item("000715001000", "不动产抵押权注销登记", "Release of the mortgage", "real_estate", 5, 1,
              ["property.cert_no", "property.seller_name", "property.seller_id"],
              [m("PROPERTY")]),
         yes("property.mortgage_release")),
        item("000715002000", "不动产转移登记", "Registration of the transfer", "real_estate", 5, 1,
             [*ME, "applicant.address", "property.address", "property.cert_no", "property.area", "property.price",
              "property.seller_name", "property.seller_id", "contact.mobile", "contact.postal_code"],
             [m("FORM"), m("ID"), m("PROPERTY"), m("SALE_CONTRACT"), m("TAX_PROOF")]),
        (item("432099007000", "水电气网联动过户", "Transfer of the water, power, gas and network accounts",
              "utilities", 5, 1,
              [*ME, "property.address", "property.utilities_transfer", "contact.mobile"],
              [m("PROPERTY")]),
         {"!!": [var("property.utilities_transfer")]}),
    ],
    ["买房", "二手房", "房屋过户", "过户", "房产证", "不动产证", "不动产登记", "卖房", "交契税"],
    columns=("special", "livelihood.housing"),
)

# 社会保障卡居民服务 (first national batch)
CARD = ["card.need", "card.bank", "card.bank_activation", "card.services"]
POST = ["contact.delivery", "contact.mailing_address", "contact.postal_code", "contact.mobile"]
package(
    "43PCN0011", "社会保障卡居民服务一件事", "Social security card services", "individual",
    ("社保卡", "Social security card"),
    ("社保卡申领补换、启用、金融账户激活、乘车和借阅一卡通一次办",
     "Card issue or replacement, activation, bank account, transit and library in one visit"),
    [
        item("002014009000", "社会保障卡应用状态查询与启用", "Card status check and activation", "hrss", 1, 1,
             [*ME, *CARD, "contact.mobile", "confirm.pledge"],
             [m("ID")]),
        (item("002014007000", "社会保障卡申领", "First social security card", "hrss", 30, 15,
              [*ME, "applicant.sex", "applicant.ethnicity", "applicant.address", "card.need", "card.bank", *POST],
              [m("FORM"), m("ID"), m("PHOTO_DIGITAL")]),
         eq("card.need", "first")),
        (item("002014008000", "社会保障卡补领、换领", "Replacement social security card", "hrss", 30, 15,
              [*ME, "card.need", "card.replace_reason", "card.bank", *POST],
              [m("FORM"), m("ID"), m("PHOTO_DIGITAL")]),
         eq("card.need", "replace")),
        (item("432099008000", "社会保障卡金融账户激活", "Activating the card's bank account", "card_bank", 1, 1,
              [*ME, "card.bank", "contact.mobile"],
              [m("ID")]),
         yes("card.bank_activation")),
        (item("432099009000", "社保卡公交地铁乘车功能开通", "Transit on the card", "transport", 1, 1,
              [*ME, "card.services"],
              [m("ID")]),
         picked("card.services", "transit")),
        (item("432099010000", "社保卡图书借阅功能开通", "Library loans on the card", "library", 1, 1,
              [*ME, "card.services", "contact.mobile"],
              [m("ID")]),
         picked("card.services", "library")),
    ],
    ["社保卡", "办社保卡", "补社保卡", "换社保卡", "社保卡激活", "社保卡坐公交", "一卡通"],
    columns=("special", "livelihood.social_insurance"),
)

# 医疗保障服务
MEDICAL = "medical.services"
package(
    "43PCP0006", "医疗保障服务一件事", "Medical insurance services", "individual", ("就医", "Healthcare"),
    ("居民医保参保缴费、异地就医备案、门诊慢特病认定一次办",
     "Residents' insurance, treatment elsewhere and chronic conditions in one visit"),
    [
        item("002036006000", "医保参保信息核验及电子凭证激活", "Insurance check and medical insurance e-card",
             "medical", 1, 1,
             [*ME, "applicant.address", MEDICAL, "contact.mobile", "confirm.pledge"],
             [m("ID")]),
        (item("002036007000", "城乡居民基本医疗保险参保登记", "Residents' medical insurance enrolment (adults)",
              "medical", 5, 1,
              [*ME, "applicant.sex", "applicant.ethnicity", "applicant.address", "contact.mobile"],
              [m("INSURANCE_FORM"), m("HUKOU")]),
         picked(MEDICAL, "enrol")),
        (item("002099003000", "城乡居民医保费缴纳", "Paying the residents' insurance contribution", "tax", 1, 1,
              [*ME],
              [m("ID")]),
         picked(MEDICAL, "enrol")),
        (item("002036008000", "异地就医备案", "Registration for treatment in another place", "medical", 1, 1,
              [*ME, "medical.remote_city", "medical.remote_reason", "medical.remote_start", "contact.mobile"],
              [m("FORM"), m("ID")]),
         picked(MEDICAL, "remote")),
        (item("000736001000", "门诊慢特病待遇认定", "Recognition of a chronic or special outpatient condition",
              "medical", 15, 10,
              [*ME, "medical.disease", "medical.diagnosis", "contact.mobile"],
              [m("FORM"), m("HOSPITAL_RECORD")]),
         picked(MEDICAL, "chronic")),
    ],
    ["医保", "看病", "参保", "交医保", "异地就医", "异地备案", "慢性病", "门特", "医保报销"],
    columns=("special", "livelihood.medical_insurance", "popular.healthcare"),
)

# 残疾人服务 (first national batch)
package(
    "43PCN0012", "残疾人服务一件事", "Services for people with disabilities", "individual",
    ("残疾人服务", "Disability"),
    ("残疾人证、两项补贴、辅助器具、免费乘车一次办",
     "Disability card, living and care subsidies, assistive devices and bus pass in one visit"),
    [
        item("002099004000", "残疾人服务需求登记", "Registration of needs", "disabled", 5, 1,
             [*ME, "applicant.sex", "applicant.address", "disability.category", "disability.has_certificate",
              "disability.cert_no", "disability.level", "disability.low_income", "disability.device",
              "disability.transit", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("ID")]),
        (item("000799001000", "残疾人证新办", "First disability card", "disabled", 20, 15,
              [*ME, "applicant.sex", "applicant.address", "disability.category", "contact.mobile"],
              [m("ID"), m("HUKOU"), m("PHOTO_2INCH"), m("ASSESSMENT")]),
         no("disability.has_certificate")),
        (item("002011002000", "困难残疾人生活补贴", "Living subsidy for people with disabilities in need", "civil",
              20, 15,
              [*ME, "disability.cert_no", "bank.name", "bank.account"],
              [m("ID"), m("DISABILITY_CARD"), m("LOW_INCOME")]),
         yes("disability.low_income")),
        (item("002011003000", "重度残疾人护理补贴", "Care subsidy for severe disabilities", "civil", 20, 15,
              [*ME, "disability.cert_no", "disability.level", "bank.name", "bank.account"],
              [m("ID"), m("DISABILITY_CARD")]),
         one_of("disability.level", ["1", "2"])),
        (item("002099005000", "残疾人辅助器具适配", "Assistive devices", "disabled", 20, 15,
              [*ME, "disability.cert_no", "disability.device_type", "contact.mobile"],
              [m("DISABILITY_CARD"), m("DEVICE_PRESCRIPTION")]),
         yes("disability.device")),
        (item("432099011000", "残疾人免费乘车卡办理", "Free bus pass", "transport", 5, 5,
              [*ME, "disability.cert_no"],
              [m("DISABILITY_CARD"), m("PHOTO_DIGITAL")]),
         yes("disability.transit")),
    ],
    ["残疾人", "残疾证", "办残疾证", "残疾补贴", "护理补贴", "生活补贴", "轮椅", "助听器", "免费乘车"],
    columns=("special", "livelihood.health"),
)


# == enterprises ==============================================================================================

# 开办企业 (湘市监注〔2020〕180号): 6 joint items, at most 6 materials and 2 working days.
AGENT_APPLIES = eq("applicant.role", "agent")
SEAL_ITEM = item(
    "001009004000", "公章刻制备案", "Seal engraving record", "police", 1, 1,
    [*ME, "applicant.role", *REP, "enterprise.name", "enterprise.type", "enterprise.seals", "contact.mobile"],
    [m("LICENCE"), m("ID"), m("SEAL_FORM")],
)
package(
    "43TCP0001", "开办企业一件事", "Starting a business", "enterprise", ("准入准营", "Starting up"),
    ("营业执照、公章刻制、发票申领、社保登记、公积金登记、银行开户一次办",
     "Licence, seals, invoices, social insurance, housing fund and bank account in one visit"),
    [
        item("000131001000", "企业设立登记", "Company registration", "market", 15, 1,
             [*ME, "applicant.sex", "applicant.address", "applicant.role", "enterprise.name", "enterprise.type",
              "enterprise.address", "enterprise.premises", "enterprise.premises_proof", "enterprise.business_scope",
              "enterprise.registered_capital", "enterprise.staff", *REP, "shareholders.list",
              "officers.supervisor_name", "officers.supervisor_id", "officers.finance_name", "officers.finance_id",
              "officers.finance_mobile", "enterprise.housing_fund", "enterprise.open_account", "contact.mobile",
              "confirm.authorisation", "confirm.pledge"],
             [m("FORM"), m("ARTICLES"), m("ID"), m("PREMISES_LEASE", when=ne("enterprise.premises", "own")),
              m("PROPERTY", when=eq("enterprise.premises", "own")), m("POA", when=AGENT_APPLIES)],
             certificate="business_licence"),
        SEAL_ITEM,
        item("002099001000", "发票申领及税务数字证书发放", "Invoices and the tax digital certificate (UKey)", "tax",
             1, 1,
             [*ME, "enterprise.name", "enterprise.taxpayer", "enterprise.invoices", "officers.finance_name",
              "officers.finance_id", "officers.finance_mobile"],
             [m("LICENCE"), m("ID"), m("TAX_FORM")]),
        item("001014011000", "单位参保登记", "Employer social insurance registration", "hrss", 5, 1,
             [*ME, "applicant.role", *REP, "enterprise.name", "enterprise.address", "enterprise.staff",
              "contact.mobile"],
             [m("LICENCE"), m("SI_UNIT_FORM")]),
        (item("002017003000", "住房公积金单位缴存登记", "Employer housing fund registration", "fund", 3, 1,
              [*ME, "enterprise.name", "enterprise.address", "enterprise.staff", "enterprise.housing_fund",
               "contact.mobile"],
              [m("LICENCE"), m("FUND_UNIT_FORM")]),
         yes("enterprise.housing_fund")),
        (item("432099002000", "银行开户预约", "Booking the bank account", "bank", 1, 1,
              [*ME, "applicant.role", *REP, "enterprise.name", "enterprise.open_account", "enterprise.bank",
               "contact.mobile"],
              [m("LICENCE"), m("ID"), m("ACCOUNT_FORM")]),
         yes("enterprise.open_account")),
    ],
    ["开公司", "注册公司", "办执照", "营业执照", "开店", "创业", "刻章", "办税", "领发票", "开户"],
    full=True, columns=("special", "livelihood.jobs"),
)

# 企业信息变更 (first national batch)
CHANGES = "enterprise.change_items"
NEW_FACTS = ["enterprise.new_name", "enterprise.new_address", "enterprise.new_legal_rep_name",
             "enterprise.new_legal_rep_id"]
package(
    "43TCN0001", "企业信息变更一件事", "Changing company details", "enterprise", ("经营发展", "Running the business"),
    ("变更登记后，印章、税务、社保、医保、公积金、银行信息同步变更",
     "Registration of the change, then seals, tax, insurance, housing fund and bank updated together"),
    [
        item("000131002000", "企业变更登记", "Registration of changes", "market", 15, 1,
             [*ME, "applicant.role", *ORG, *REP, CHANGES, "enterprise.new_name", "enterprise.new_address",
              "enterprise.new_legal_rep_name", "enterprise.new_legal_rep_id", "enterprise.new_capital",
              "enterprise.new_scope", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("LICENCE"), m("RESOLUTION"),
              m("PREMISES_LEASE", when=picked(CHANGES, "address"))]),
        (item("001009007000", "印章重新刻制备案", "New seals after a change of name", "police", 1, 1,
              [*ME, *ORG, "enterprise.new_name", "enterprise.seals"],
              [m("LICENCE"), m("SEAL_FORM")]),
         picked(CHANGES, "name")),
        item("002099006000", "税务登记信息变更", "Tax registration update", "tax", 1, 1,
             [*ORG, CHANGES, *NEW_FACTS],
             [m("LICENCE")]),
        item("001014013000", "社会保险登记信息变更", "Social insurance registration update", "hrss", 5, 1,
             [*ORG, CHANGES, *NEW_FACTS],
             [m("LICENCE")]),
        item("002036009000", "医疗保险登记信息变更", "Medical insurance registration update", "medical", 5, 1,
             [*ORG, CHANGES, *NEW_FACTS],
             [m("LICENCE")]),
        item("002017006000", "住房公积金单位信息变更", "Housing fund employer details update", "fund", 3, 1,
             [*ORG, CHANGES, *NEW_FACTS],
             [m("LICENCE"), m("FUND_UNIT_FORM")]),
        (item("432099012000", "银行账户信息变更", "Bank account details update", "bank", 1, 1,
              [*ORG, CHANGES, "enterprise.new_name", "enterprise.new_legal_rep_name", "enterprise.new_legal_rep_id"],
              [m("LICENCE"), m("ACCOUNT_FORM")]),
         either(picked(CHANGES, "name"), picked(CHANGES, "legal_rep"))),
    ],
    ["企业变更", "公司变更", "改名称", "换法人", "变更法人", "迁址", "变更地址", "增资", "变更经营范围"],
)

# 员工录用 (43TCP0014, 长沙市): 7 items, materials 14 → 7.
HIRE = [*ORG, "employees.list"]
package(
    "43TCP0014", "员工录用一件事", "Hiring employees", "enterprise", ("招聘用工", "Hiring"),
    ("参保登记、就业登记、用工备案、档案接收、社保卡、医保、公积金一次办",
     "Insurance, job registration, employment record, personnel files, cards and housing fund in one visit"),
    [
        item("001014009000", "职工参保登记", "Employee social insurance registration", "hrss", 5, 1,
             [*ME, *HIRE, "hire.prior_job", "hire.archive", "hire.cards", "contact.mobile", "confirm.authorisation",
              "confirm.pledge"],
             [m("SI_FORM"), m("ID"), m("CONTRACT")]),
        item("002014002000", "就业登记", "Job registration", "hrss", 5, 1,
             [*HIRE, "hire.prior_job"],
             [m("ID"), m("CONTRACT"), m("LEAVE_PROOF", when=yes("hire.prior_job"))]),
        item("001014010000", "劳动用工备案", "Employment record", "hrss", 5, 1,
             HIRE,
             [m("CONTRACT"), m("ROSTER")]),
        (item("002014003000", "流动人员人事档案接收", "Receiving personnel files", "talent", 20, 5,
              [*HIRE, "hire.archive", "hire.archive_from"],
              [m("ARCHIVE_LIST"), m("INTRO_LETTER")]),
         yes("hire.archive")),
        (item("002014004000", "社会保障卡申领（新参保职工）", "Social security cards for new employees", "hrss", 30, 20,
              [*HIRE, "hire.cards"],
              [m("CARD_CONSENT"), m("STAFF_PHOTO")]),
         yes("hire.cards")),
        item("002036004000", "职工医保参保登记", "Employee medical insurance registration", "medical", 5, 1,
             HIRE,
             [m("MED_FORM")]),
        item("002017002000", "个人住房公积金账户设立", "Opening employees' housing fund accounts", "fund", 3, 1,
             [*HIRE, "hire.fund_rate"],
             [m("FUND_LIST")]),
    ],
    ["招人", "新员工", "员工入职", "招工", "录用", "给员工交社保", "员工参保", "用工备案"],
    full=True, columns=("special", "livelihood.jobs"),
)

# 员工参保: adding and removing employees on the insurance and housing fund rolls
ACTION = "si.action"
package(
    "43TCP0015", "员工参保一件事", "Employee insurance changes", "enterprise", ("招聘用工", "Hiring"),
    ("社保增减员、工伤保险、医保增减员、公积金汇缴变更一次办",
     "Social insurance, injury insurance, medical insurance and housing fund changes in one visit"),
    [
        (item("001014014000", "职工参保增员", "Adding employees to the insurance", "hrss", 5, 1,
              [*ME, *ORG, ACTION, "employees.list", "si.change_date", "contact.mobile", "confirm.pledge"],
              [m("SI_FORM"), m("CONTRACT")]),
         eq(ACTION, "add")),
        (item("001014015000", "职工参保减员（停保）", "Removing employees from the insurance", "hrss", 5, 1,
              [*ME, *ORG, ACTION, "employees.list", "si.stop_reason", "si.change_date", "contact.mobile",
               "confirm.pledge"],
              [m("SI_FORM"), m("LEAVE_PROOF")]),
         eq(ACTION, "remove")),
        (item("001014016000", "工伤保险参保登记", "Work-injury insurance registration", "hrss", 5, 1,
              [*ORG, "employees.list", "si.change_date"],
              [m("SI_FORM")]),
         eq(ACTION, "add")),
        item("002036010000", "职工医保增减员", "Medical insurance changes", "medical", 5, 1,
             [*ME, *ORG, ACTION, "employees.list", "si.change_date", "contact.mobile"],
             [m("MED_FORM")]),
        item("002017007000", "住房公积金汇缴变更（增减员）", "Housing fund contribution changes", "fund", 3, 1,
             [*ORG, ACTION, "employees.list", "si.change_date"],
             [m("FUND_LIST")]),
    ],
    ["员工社保", "增员", "减员", "停保", "工伤保险", "社保增减员", "公积金增员"],
)

# 纳税缴费
TAXES = "tax.types"
package(
    "43TCP0016", "纳税缴费一件事", "Tax returns and contributions", "enterprise", ("纳税缴费", "Taxes"),
    ("财务报表报送与增值税、所得税、社保费、残保金申报及发票额度一次办",
     "Financial statements, VAT, income taxes, contributions and invoice limits in one visit"),
    [
        item("002099008000", "财务会计报告报送", "Filing the financial statements", "tax", 1, 1,
             [*ME, *ORG, "tax.period", TAXES, "tax.staff", "tax.invoice_quota", "contact.mobile", "confirm.pledge"],
             [m("STATEMENTS")]),
        (item("002099009000", "增值税及附加税费申报", "VAT and surcharges return", "tax", 1, 1,
              [*ORG, "tax.period", "tax.revenue"],
              [m("FORM")]),
         picked(TAXES, "vat")),
        (item("002099010000", "企业所得税月（季）度预缴申报", "Corporate income tax prepayment", "tax", 1, 1,
              [*ORG, "tax.period", "tax.revenue", "tax.profit", "tax.staff"],
              [m("FORM"), m("STATEMENTS")]),
         picked(TAXES, "cit")),
        (item("002099011000", "个人所得税扣缴申报", "Individual income tax withheld", "tax", 1, 1,
              [*ORG, "tax.period", "tax.wages", "tax.staff"],
              [m("FORM")]),
         picked(TAXES, "iit")),
        (item("002099012000", "社会保险费申报缴纳", "Social insurance contributions", "tax", 1, 1,
              [*ORG, "tax.period", "tax.wages", "tax.staff"],
              [m("FORM")]),
         picked(TAXES, "si")),
        (item("002099013000", "残疾人就业保障金申报", "Disability employment fund return", "tax", 1, 1,
              [*ORG, "tax.staff", "tax.wages"],
              [m("FORM")]),
         picked(TAXES, "disability_fund")),
        (item("002099014000", "数电发票额度调整", "Digital invoice limit", "tax", 5, 1,
              [*ORG, "tax.quota_amount", "tax.revenue"],
              [m("FORM")]),
         yes("tax.invoice_quota")),
    ],
    ["报税", "纳税", "交税", "申报", "发票", "社保费", "残保金", "税务"],
)

# 公章刻制与治安事项
TRADE = "security.business"
package(
    "43TCP0017", "公章刻制与治安事项一件事", "Seals and public-security licences", "enterprise",
    ("准入准营", "Starting up"),
    ("印章刻制备案、治安保卫备案、旅馆业和刻章业特种行业许可、娱乐场所备案一次办",
     "Seals, security records, hotel and engraving licences and entertainment venues in one visit"),
    [
        item("001009008000", "单位治安保卫情况备案", "Security arrangements record", "police", 5, 1,
             [*ME, *ORG, "enterprise.address", TRADE, "security.manager_name", "security.manager_id",
              "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("LICENCE")]),
        SEAL_ITEM,
        (item("000109002000", "旅馆业特种行业许可证核发", "Hotel licence", "police", 20, 10,
              [*ORG, "enterprise.address", "security.rooms", "security.manager_name", "security.manager_id"],
              [m("LICENCE"), m("ID"), m("HOTEL_PLAN")]),
         eq(TRADE, "hotel")),
        (item("000109003000", "公章刻制业特种行业许可证核发", "Seal engraving licence", "police", 20, 10,
              [*ORG, "enterprise.address", "security.manager_name", "security.manager_id"],
              [m("LICENCE"), m("ID"), m("FORM")]),
         eq(TRADE, "engraving")),
        (item("001009009000", "娱乐场所治安备案", "Entertainment venue record", "police", 15, 5,
              [*ORG, "enterprise.address", "security.manager_name", "security.manager_id"],
              [m("LICENCE"), m("FORM")]),
         eq(TRADE, "entertainment")),
    ],
    ["刻章", "刻公章", "公章", "印章备案", "特种行业", "旅馆", "开宾馆", "娱乐场所", "治安"],
)

# 信用修复 (first national batch), with the credit look-ups lenders ask for
REPAIR = "credit.types"
package(
    "43TCN0005", "信用修复一件事", "Credit repair and financing", "enterprise", ("经营发展", "Running the business"),
    ("行政处罚信息修复、移出经营异常和失信名单、纳税信用修复、征信与纳税信用查询一次办",
     "Penalty records, abnormal and serious-violation lists, tax credit and credit look-ups in one visit"),
    [
        item("002099015000", "公共信用信息报告出具", "Public credit report", "credit", 3, 1,
             [*ME, *ORG, REPAIR, "credit.rectified", "credit.report", "credit.tax_grade", "contact.mobile",
              "confirm.authorisation"],
             [m("LICENCE")]),
        (item("001099001000", "行政处罚信息信用修复", "Repairing a penalty record", "credit", 10, 5,
              [*ORG, REPAIR, "credit.decision_no", "credit.rectified"],
              [m("RECTIFICATION"), m("PENALTY_DONE")]),
         picked(REPAIR, "penalty")),
        (item("001031001000", "移出经营异常名录", "Removal from the abnormal operations list", "market", 5, 3,
              [*ORG, REPAIR, "credit.rectified"],
              [m("RECTIFICATION")]),
         picked(REPAIR, "abnormal")),
        (item("001031002000", "移出严重违法失信名单", "Removal from the serious violations list", "market", 15, 10,
              [*ORG, REPAIR, "credit.rectified"],
              [m("RECTIFICATION"), m("PENALTY_DONE")]),
         picked(REPAIR, "serious")),
        (item("002099016000", "纳税信用修复", "Repairing the tax credit", "tax", 15, 5,
              [*ORG, REPAIR, "credit.rectified"],
              [m("RECTIFICATION")]),
         picked(REPAIR, "tax")),
        (item("432099013000", "企业信用报告查询", "Company credit report", "pboc", 1, 1,
              [*ME, *ORG, "credit.report"],
              [m("LICENCE"), m("ID")]),
         yes("credit.report")),
        (item("002099017000", "纳税信用级别依授权查询", "Tax credit grade shared with a bank", "tax", 1, 1,
              [*ORG, "credit.tax_grade", "credit.lender"],
              [m("LICENCE")]),
         yes("credit.tax_grade")),
    ],
    ["信用修复", "经营异常", "失信", "移出名单", "征信", "信用报告", "贷款", "融资", "纳税信用"],
)

# 企业注销 (first national batch)
package(
    "43TCN0008", "企业注销一件事", "Closing a business", "enterprise", ("注销退出", "Closing down"),
    ("清税、注销登记、社保医保公积金注销、银行销户、海关注销、印章缴销一次办",
     "Tax clearance, deregistration, insurance, housing fund, bank, customs and seals in one visit"),
    [
        item("002099018000", "清税注销", "Tax clearance", "tax", 20, 1,
             [*ME, *ORG, "enterprise.deregister_type"],
             [m("FORM")]),
        item("000131003000", "企业注销登记", "Deregistration", "market", 20, 1,
             [*ME, "applicant.role", *ORG, *REP, "enterprise.deregister_type", "enterprise.deregister_reason",
              "enterprise.has_fund", "enterprise.customs", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("DECLARATION"), m("TAX_CLEARANCE"), m("LICENCE")]),
        item("001014017000", "社会保险注销登记", "Closing the social insurance account", "hrss", 5, 1,
             ORG,
             [m("LICENCE")]),
        item("002036011000", "医疗保险注销登记", "Closing the medical insurance account", "medical", 5, 1,
             ORG,
             [m("LICENCE")]),
        (item("002017008000", "住房公积金单位账户注销", "Closing the housing fund account", "fund", 5, 1,
              ORG,
              [m("LICENCE")]),
         yes("enterprise.has_fund")),
        item("432099014000", "单位银行账户销户", "Closing the bank accounts", "bank", 1, 1,
             [*ORG, *REP],
             [m("LICENCE"), m("ACCOUNT_FORM")]),
        (item("001099002000", "报关单位备案注销", "Closing the customs registration", "customs", 5, 3,
              ORG,
              [m("LICENCE")]),
         yes("enterprise.customs")),
        item("001009010000", "印章缴销", "Surrendering the seals", "police", 1, 1,
             [*ORG, "enterprise.seals"],
             [m("LICENCE")]),
    ],
    ["注销公司", "公司注销", "关公司", "企业注销", "清税", "简易注销", "不做了"],
)


# == projects =================================================================================================

BUILDER = [*ME, "applicant.role", *ORG, *REP]
PROJECT = ["project.name", "project.code", "project.address"]

# 招标投标
package(
    "43TCP0021", "招标投标一件事", "Tendering and bidding", "project", ("工程建设", "Construction"),
    ("进场交易登记、招标文件备案、中标候选人公示、中标结果备案、保证金退还一次办",
     "Registration, tender documents, published result, award report and deposit refunds in one visit"),
    [
        item("432099015000", "招标项目进场交易登记", "Registering the tender for trading", "trading", 3, 1,
             [*BUILDER, *PROJECT, "project.tender_scope", "project.tender_method", "project.budget",
              "contact.mobile", "confirm.pledge"],
             [m("LICENCE"), m("TENDER_DOCS")]),
        item("001017001000", "招标文件备案", "Filing the tender documents", "housing", 5, 3,
             [*ORG, *PROJECT, "project.tender_scope", "project.tender_method", "project.budget"],
             [m("TENDER_DOCS")]),
        item("432099016000", "中标候选人公示", "Publishing the preferred bidders", "trading", 3, 3,
             [*ORG, "project.name", "project.code"],
             [m("BID_RESULT")]),
        item("001017002000", "招标投标情况书面报告备案", "Filing the tender report and award", "housing", 15, 3,
             [*ORG, "project.name", "project.code", "project.winner", "project.winner_code", "project.bid_amount"],
             [m("FORM"), m("BID_RESULT")]),
        item("432099017000", "投标保证金退还", "Refund of bid deposits", "trading", 5, 5,
             [*ORG, "project.name", "project.code", "bank.name", "bank.account"],
             [m("LICENCE")]),
    ],
    ["招标", "投标", "中标", "招投标", "进场交易", "保证金退还"],
)

# 用地审批
package(
    "43TCP0022", "用地审批一件事", "Land-use approval", "project", ("工程建设", "Construction"),
    ("用地预审与选址、农用地转用、用地规划许可、用地批准、首次登记一次办",
     "Pre-review and siting, farmland conversion, land planning permit, approval and first registration"),
    [
        item("000115001000", "建设项目用地预审与选址意见书核发", "Land pre-review and siting opinion",
             "natural_resources", 20, 10,
             [*BUILDER, *PROJECT, "project.land_area", "project.land_supply", "project.farmland",
              "project.investment", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("LICENCE"), m("LAND_PLAN")]),
        (item("000115002000", "农用地转用审批", "Conversion of farmland", "natural_resources", 20, 15,
              [*ORG, *PROJECT, "project.land_area", "project.farmland"],
              [m("FORM"), m("LAND_PLAN")]),
         yes("project.farmland")),
        item("000115003000", "建设用地规划许可证核发", "Land-use planning permit", "natural_resources", 20, 7,
             [*ORG, *PROJECT, "project.land_area", "project.land_supply"],
             [m("FORM"), m("LAND_PLAN")]),
        item("000115004000", "建设用地批准书核发", "Land-use approval", "natural_resources", 20, 5,
             [*ORG, *PROJECT, "project.land_area"],
             [m("FORM")]),
        item("000715003000", "国有建设用地使用权首次登记", "First registration of the land-use right", "real_estate",
             10, 5,
             [*ORG, "project.address", "project.land_area", "project.land_supply", "contact.mobile"],
             [m("FORM"), m("TAX_PROOF")]),
    ],
    ["用地", "拿地", "用地预审", "选址意见书", "用地规划许可", "土地证", "农转用"],
)

# 施工图联合审查
package(
    "43TCP0023", "施工图联合审查一件事", "Joint review of construction drawings", "project",
    ("工程建设", "Construction"),
    ("施工图审查与消防、人防、防雷设计审查合并办理",
     "Drawings, fire safety, civil defence and lightning protection reviewed together"),
    [
        item("001017003000", "施工图设计文件审查", "Review of the construction drawings", "housing", 20, 10,
             [*BUILDER, *PROJECT, "project.use", "project.area", "project.designer", "project.drawings",
              "project.special_fire", "project.civil_defence", "project.lightning", "contact.mobile",
              "confirm.pledge"],
             [m("FORM"), m("DRAWINGS"), m("PLANNING_PERMIT")]),
        (item("000117002000", "特殊建设工程消防设计审查", "Fire-safety design review", "housing", 15, 10,
              [*ORG, *PROJECT, "project.use", "project.area"],
              [m("FORM"), m("FIRE_DOCS")]),
         yes("project.special_fire")),
        (item("000199001000", "人防工程设计审查", "Civil-defence design review", "civil_defence", 20, 10,
              [*ORG, *PROJECT, "project.area"],
              [m("DRAWINGS")]),
         yes("project.civil_defence")),
        (item("000199002000", "防雷装置设计审核", "Lightning-protection design review", "weather", 20, 10,
              [*ORG, *PROJECT, "project.use"],
              [m("DRAWINGS")]),
         yes("project.lightning")),
    ],
    ["施工图", "审图", "图审", "施工图审查", "消防审查", "人防审查", "防雷审核"],
)

# 施工许可
package(
    "43TCP0024", "施工许可一件事", "Construction permit", "project", ("工程建设", "Construction"),
    ("施工许可、质量安全监督、建筑垃圾处置、夜间施工、占道挖掘一次办",
     "Permit, quality and safety supervision, waste disposal, night work and road works in one visit"),
    [
        item("000117003000", "建筑工程施工许可证核发", "Construction permit", "housing", 15, 3,
             [*BUILDER, *PROJECT, "project.area", "project.investment", "project.contractor",
              "project.contractor_code", "project.supervisor", "project.planning_permit", "project.start_date",
              "project.night_work", "project.road_digging", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("LAND_CERT"), m("PLANNING_PERMIT"), m("QUALITY_DOCS")]),
        item("001017004000", "工程质量安全监督登记", "Quality and safety supervision", "housing", 5, 3,
             [*ORG, *PROJECT, "project.contractor", "project.supervisor", "project.start_date"],
             [m("QUALITY_DOCS")]),
        item("000199003000", "城市建筑垃圾处置核准", "Construction waste disposal approval", "city_management", 20, 5,
             [*ORG, *PROJECT, "project.contractor", "project.start_date"],
             [m("FORM")]),
        (item("000199004000", "夜间施工许可", "Night work permit", "city_management", 5, 3,
              [*ORG, *PROJECT, "project.contractor"],
              [m("FORM")]),
         yes("project.night_work")),
        (item("000117004000", "占用挖掘城市道路许可", "Permit to occupy or dig up a city road", "housing", 20, 10,
              [*ORG, *PROJECT, "project.contractor", "project.site_plan"],
              [m("FORM"), m("SITE_PLAN")]),
         yes("project.road_digging")),
    ],
    ["施工许可证", "施工许可", "开工", "办施工证", "夜间施工", "建筑垃圾"],
)

# 联合验收
package(
    "43TCP0025", "联合验收一件事", "Joint acceptance inspection", "project", ("工程建设", "Construction"),
    ("规划核实、消防验收、人防备案、防雷验收、档案验收一次联合验收",
     "Planning, fire safety, civil defence, lightning protection and records inspected together"),
    [
        item("000715004000", "建设工程规划条件核实", "Planning conditions check", "natural_resources", 20, 5,
             [*BUILDER, *PROJECT, "project.planning_permit", "project.completion_date", "project.special_fire",
              "project.civil_defence", "project.lightning", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("PLANNING_PERMIT"), m("SURVEY")]),
        (item("000117005000", "特殊建设工程消防验收", "Fire-safety acceptance", "housing", 15, 10,
              [*ORG, *PROJECT, "project.completion_date"],
              [m("FORM"), m("FIRE_DOCS")]),
         yes("project.special_fire")),
        (item("001017005000", "建设工程消防验收备案", "Fire-safety acceptance record", "housing", 5, 3,
              [*ORG, *PROJECT, "project.completion_date"],
              [m("FORM")]),
         no("project.special_fire")),
        (item("001099003000", "人防工程竣工验收备案", "Civil-defence completion record", "civil_defence", 15, 5,
              [*ORG, *PROJECT, "project.completion_date"],
              [m("COMPLETION_REPORT")]),
         yes("project.civil_defence")),
        (item("000199005000", "防雷装置竣工验收", "Lightning-protection acceptance", "weather", 10, 5,
              [*ORG, *PROJECT, "project.completion_date"],
              [m("FORM")]),
         yes("project.lightning")),
        item("002017009000", "建设工程档案验收", "Acceptance of the project records", "archives", 10, 5,
             [*ORG, *PROJECT, "project.completion_date"],
             [m("PROJECT_ARCHIVE")]),
    ],
    ["验收", "联合验收", "竣工验收", "消防验收", "规划核实", "人防验收", "防雷验收"],
)

# 水电气网联合报装 (43TCN0004, 长沙市): 6 items, materials 12 → 2; builders of new, rebuilt or extended projects.
EXTRAS = "utilities.extras"
SITE = [*ORG, *PROJECT, "project.use", "project.area"]
package(
    "43TCN0004", "水电气网联合报装一件事", "Joint connection of water, power, gas and network", "project",
    ("工程建设", "Construction"),
    ("供水、供电、燃气、通信、广电报装及外线工程审批一表申请",
     "Water, power, gas, telecoms and cable TV connections and the external works on one form"),
    [
        item("432099003000", "供排水报装", "Water supply and drainage connection", "water", 5, 2,
             [*ME, "applicant.role", *SITE, *REP, "project.site_plan", "project.external_works", EXTRAS,
              "utilities.water_volume", "utilities.connect_date", "contact.mobile", "confirm.authorisation",
              "confirm.pledge"],
             [m("LICENCE"), m("ID"), m("SITE_PLAN"), m("POA", when=AGENT_APPLIES)]),
        item("432099004000", "供电报装", "Power connection", "power", 5, 2,
             [*ME, *SITE, "project.site_plan", "utilities.power_capacity", "utilities.voltage",
              "utilities.connect_date", "contact.mobile"],
             [m("LICENCE"), m("ID"), m("SITE_PLAN")]),
        (item("432099005000", "燃气报装", "Gas connection", "gas", 5, 2,
              [*ME, *SITE, EXTRAS, "utilities.gas_use", "utilities.gas_volume", "utilities.connect_date",
               "contact.mobile"],
              [m("LICENCE"), m("ID"), m("GAS_FORM")]),
         picked(EXTRAS, "gas")),
        (item("432099006000", "通信报装", "Telecoms connection", "telecom", 5, 2,
              ["applicant.name", *SITE, EXTRAS, "utilities.operators", "utilities.connect_date", "contact.mobile"],
              [m("LICENCE")]),
         picked(EXTRAS, "telecom")),
        (item("432032001000", "广播电视报装", "Cable TV connection", "broadcast", 5, 2,
              ["applicant.name", *SITE, EXTRAS, "utilities.tv_points", "utilities.connect_date", "contact.mobile"],
              [m("LICENCE")]),
         picked(EXTRAS, "tv")),
        (item("000117001000", "水电气网接入外线工程联合审批", "Joint approval of the external connection works",
              "housing", 10, 5,
              [*ME, *ORG, *PROJECT, "project.site_plan", "project.external_works", "contact.mobile"],
              [m("FORM"), m("ROUTE_PLAN", when=yes("project.external_works"))]),
         yes("project.external_works")),
    ],
    ["报装", "接水电", "水电气报装", "通水通电", "接水", "接电", "通气", "报装宽带", "水电气网"],
    full=True, columns=("special", "livelihood.utilities"),
)

# 竣工验收备案
package(
    "43TCP0026", "竣工验收备案一件事", "Completion filing", "project", ("工程建设", "Construction"),
    ("竣工验收备案、档案移交、面积测绘备案、不动产首次登记、门牌编制一次办",
     "Completion record, records hand-over, floor-area survey, first registration and house numbers"),
    [
        item("001017006000", "房屋建筑和市政基础设施工程竣工验收备案", "Completion acceptance record", "housing", 15, 5,
             [*BUILDER, *PROJECT, "project.completion_date", "project.area", "project.buildings",
              "project.contractor", "project.supervisor", "contact.mobile", "confirm.pledge"],
             [m("FORM"), m("COMPLETION_REPORT"), m("ACCEPTANCE"), m("CONSTRUCTION_PERMIT")]),
        item("002017010000", "建设工程档案移交", "Handing over the project records", "archives", 10, 5,
             [*ORG, *PROJECT, "project.completion_date"],
             [m("PROJECT_ARCHIVE")]),
        item("002015002000", "房屋面积测绘成果备案", "Filing the floor-area survey", "natural_resources", 10, 5,
             [*ORG, *PROJECT, "project.area", "project.buildings"],
             [m("SURVEY")]),
        item("000715005000", "不动产首次登记（房屋）", "First registration of the buildings", "real_estate", 30, 5,
             [*ORG, *PROJECT, "project.area", "project.buildings", "contact.mobile"],
             [m("FORM"), m("LAND_CERT"), m("ACCEPTANCE"), m("SURVEY")]),
        item("002011004000", "门牌号码编制", "House numbers", "civil", 10, 5,
             [*ORG, *PROJECT, "project.buildings", "project.site_plan"],
             [m("FORM"), m("SITE_PLAN")]),
    ],
    ["竣工备案", "竣工验收备案", "竣工", "首次登记", "大证", "门牌号", "档案移交"],
)


# == popular and everyday items, not in any package ===========================================================

item("432099018000", "低压居民用电新装（用电开户）与过户", "Household electricity: new account or transfer", "power",
     3, 1,
     [*ME, "power.action", "power.account_no", "property.address", "contact.mobile", "confirm.pledge"],
     [m("ID"), m("PROPERTY")],
     columns=("livelihood.utilities",),
     keywords=("电力过户", "用电开户", "电表过户", "电费过户", "办电", "装电表", "改电费户名"))
item("002014010000", "养老保险缴费及养老金查询", "Pension contributions and payments", "hrss", 1, 0,
     [*ME, "query.period"],
     [m("ID")],
     columns=("livelihood.social_insurance", "livelihood.elderly"),
     keywords=("养老金查询", "查养老金", "养老保险缴费查询", "查社保", "社保缴费记录", "交了几年社保"))
item("002009003000", "交通违法信息查询", "Traffic violations", "traffic", 1, 0,
     ["vehicle.plate", "vehicle.plate_type", "vehicle.engine_tail"],
     [],
     columns=("popular.transport", "livelihood.travel"),
     keywords=("查违章", "违章查询", "交通违法", "罚单", "扣分", "电子眼"))
item("002014011000", "社会保障卡挂失", "Reporting a lost social security card", "hrss", 1, 0,
     [*ME, "card.loss_type", "contact.mobile"],
     [m("ID")],
     columns=("livelihood.social_insurance",),
     keywords=("社保卡丢了", "社保卡挂失", "挂失", "社保卡被偷"))
item("002017011000", "住房公积金查询", "Housing fund look-up", "fund", 1, 0,
     [*ME, "query.fund_scope"],
     [m("ID")],
     columns=("livelihood.housing_fund",),
     keywords=("公积金查询", "查公积金", "公积金余额", "公积金贷款"))
item("001009011000", "机动车驾驶证换证", "Driving licence renewal", "traffic", 1, 1,
     [*ME, "licence.class", "licence.reason", *POST, "confirm.pledge"],
     [m("ID"), m("DRIVING_LICENCE"), m("HEALTH_CERT"), m("PHOTO_DIGITAL")],
     columns=("popular.transport", "livelihood.travel"),
     keywords=("驾照到期", "换驾照", "驾驶证换证", "驾照换证", "驾驶证过期"))
item("002036012000", "基本医疗保险关系转移接续", "Transfer of medical insurance", "medical", 45, 15,
     [*ME, "medical.transfer_from", "medical.category", "contact.mobile", "confirm.pledge"],
     [m("FORM"), m("ID")],
     columns=("popular.healthcare", "livelihood.medical_insurance"),
     keywords=("医保转移", "医保关系转移", "医保转过来", "医保接续"))
item("001009012000", "居住证签注", "Residence permit endorsement", "police", 5, 1,
     [*ME, "residence.permit_no", "residence.address", "residence.basis", "residence.employer", "contact.mobile"],
     [m("RESIDENCE_PERMIT"), m("RENTAL", when=eq("residence.basis", "business"))],
     columns=("livelihood.household",),
     keywords=("居住证签注", "居住证续期", "居住证到期", "签注"))
item("002015003000", "不动产登记信息查询", "Property register look-up", "real_estate", 1, 0,
     [*ME, "query.property_scope", "query.property_address", "query.purpose"],
     [m("ID")],
     columns=("livelihood.housing",),
     keywords=("查房产", "名下房产", "房产查询", "无房证明", "不动产查询"))
item("001009013000", "往来港澳通行证签注", "Hong Kong and Macao endorsement", "exit_entry", 7, 1,
     [*ME, "exit.permit_no", "exit.endorsement", "contact.mobile"],
     [m("PERMIT_BOOK"), m("PHOTO_DIGITAL")],
     columns=("livelihood.exit_entry",),
     keywords=("港澳签注", "去香港", "去澳门", "通行证签注", "港澳通行证"))
item("002014012000", "失业保险金申领", "Unemployment benefit", "hrss", 15, 5,
     [*ME, "applicant.address", "work.last_employer", "work.leave_date", "bank.name", "bank.account",
      "contact.mobile", "confirm.pledge"],
     [m("ID"), m("LEAVE_PROOF")],
     columns=("livelihood.jobs", "livelihood.social_insurance"),
     keywords=("失业金", "失业保险金", "领失业金", "失业了"))
item("002011005000", "高龄津贴申领", "Allowance for the very old", "civil", 20, 10,
     [*ME, "applicant.birth_date", "applicant.age", "applicant.address", "bank.name", "bank.account",
      "contact.mobile", "confirm.pledge"],
     [m("ID"), m("HUKOU")],
     columns=("livelihood.elderly",),
     keywords=("高龄津贴", "高龄补贴", "老人补贴", "80岁补贴", "老年人补贴"))
item("002005002000", "学籍信息查询及学籍证明打印", "Pupil record and school certificate", "education", 1, 1,
     [*ME, "student.name", "student.id_number", "query.school"],
     [m("ID")],
     columns=("popular.education", "livelihood.schooling"),
     keywords=("学籍证明", "学籍查询", "在读证明", "转学"))
item("002023002000", "预防接种记录查询", "Vaccination record look-up", "health", 1, 0,
     [*ME, "query.child_name", "query.child_id"],
     [m("ID")],
     columns=("popular.healthcare", "livelihood.health"),
     keywords=("疫苗记录", "接种记录", "打疫苗", "接种本", "入学查验"))
item("002011006000", "婚姻登记记录查询", "Marriage registration record", "marriage_registry", 1, 1,
     [*ME, "query.purpose"],
     [m("ID")],
     columns=("livelihood.marriage_birth",),
     keywords=("婚姻状况证明", "单身证明", "婚姻登记记录", "婚姻档案", "离婚记录"))
item("002009004000", "居民户口簿电子证照打印", "Printout of the household register e-licence", "police", 1, 0,
     ME,
     [m("HUKOU")],
     columns=("e_certificates", "livelihood.household"),
     keywords=("打印户口本", "户口本复印件", "户口本电子证照"))
item("002015004000", "不动产权证书电子证照打印", "Printout of the property certificate e-licence", "real_estate",
     1, 0,
     [*ME, "property.cert_no"],
     [m("PROPERTY")],
     columns=("e_certificates", "livelihood.housing"),
     keywords=("房产证打印", "不动产证复印", "房产证电子证照"))
item("002031002000", "营业执照电子证照打印", "Printout of the business licence e-licence", "market", 1, 0,
     [*ME, "enterprise.credit_code"],
     [m("LICENCE")],
     columns=("e_certificates", "livelihood.jobs"),
     keywords=("营业执照打印", "执照复印件", "电子营业执照"))


# -- the bundle ----------------------------------------------------------------------------------------------


def catalogue() -> JSON:
    return {
        "format": 1,
        "version": VERSION,
        "groups": [{"key": key, "title": t(zh, en)} for key, zh, en in GROUPS],
        "columns": COLUMNS,
        "fields": FIELDS,
        "items": list(ITEMS.values()),
        "packages": PACKAGES,
    }


def render() -> bytes:
    return (json.dumps(catalogue(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from what is built")
    args = parser.parse_args(argv)
    data = render()
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != data:
            print(f"{args.out} is not what {Path(__file__).name} builds; run it to rewrite the file", file=sys.stderr)
            return 1
        return 0
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(PACKAGES)} packages, {len(ITEMS)} items, {len(FIELDS)} fields")
    return 0


if __name__ == "__main__":
    sys.exit(main())
