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
VERSION = "2026.11.1-demo"

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
                 ("damaged", "损坏换领", "Replacement of a damaged card"), ("lost", "丢失补领", "Replacement of a lost card")),
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
    options=opts(("hospital", "医疗机构", "A hospital"), ("home", "家中", "At home"), ("other", "其他场所", "Elsewhere")),
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
field("retire.employer", "text", "参保单位名称", "Employer (insured through)")
field("retire.employer_code", "social_credit_code", "参保单位统一社会信用代码", "Employer's social credit code")
field("retire.first_work_date", "date", "参加工作时间", "Date you started work", past_only=True)
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
    options=opts(("1", "一级", "Grade 1"), ("2", "二级", "Grade 2"), ("3", "三级", "Grade 3"), ("4", "四级", "Grade 4")),
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
    ("individual", "个体工商户", "Individual business"),
)
field("enterprise.name", "text", "企业名称", "Name of the enterprise")
field("enterprise.credit_code", "social_credit_code", "统一社会信用代码", "Unified social credit code")
field("enterprise.type", "choice", "企业类型", "Legal form", options=ENTERPRISE_TYPES)
field("enterprise.address", "address", "企业住所", "Registered address of the enterprise")
field(
    "enterprise.premises", "choice", "住所使用情况", "The premises are",
    options=opts(("own", "自有房产", "Owned"), ("lease", "租赁", "Leased"), ("free", "无偿使用", "Lent free of charge")),
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
    options=opts(("name", "名称", "Name"), ("address", "住所", "Address"), ("legal_rep", "法定代表人", "Legal representative"),
                 ("capital", "注册资本", "Registered capital"), ("scope", "经营范围", "Business scope")),
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
        "method": spec("choice", "出资方式", "Paid in", options=opts(("cash", "货币", "Cash"), ("kind", "实物", "In kind"),
                                                                      ("ip", "知识产权", "Intellectual property"))),
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
field("project.site_plan", "file", "总平面图", "Site plan", hint=("请将图纸放在扫描区", "Place the drawing on the scanner"))
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
    options=opts(("residential", "居民生活", "Homes"), ("commercial", "商业", "Businesses"), ("industrial", "工业", "Industry")),
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
material("SPECIAL_PROOF", "特殊工种岗位工作经历证明及单位公示结果", "Proof of special-job years and the employer's notice",
         CITIZEN)
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
