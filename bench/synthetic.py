"""A large, valid catalogue bundle for benchmarks, built from real-looking parts.

Item names combine a qualifier (who), an object (what) and an action (what to do with it):
城乡居民 + 社会保障卡 + 补领. The same seed always gives the same bytes.
"""

from __future__ import annotations

import json
import random
from itertools import product
from typing import Any

# (zh, en) of each department; an object belongs to one of them.
DEPARTMENTS = (
    ("公安局", "Public Security Bureau"),
    ("人社局", "Human Resources and Social Security Bureau"),
    ("医保局", "Healthcare Security Administration"),
    ("民政局", "Civil Affairs Bureau"),
    ("市场监管局", "Market Regulation Administration"),
    ("住建局", "Housing and Urban-Rural Development Bureau"),
    ("税务局", "Tax Bureau"),
    ("卫健委", "Health Commission"),
    ("交通运输局", "Transport Bureau"),
    ("自然资源局", "Natural Resources Bureau"),
    ("生态环境局", "Ecology and Environment Bureau"),
    ("教育局", "Education Bureau"),
    ("退役军人事务局", "Veterans Affairs Bureau"),
    ("残联", "Disabled Persons' Federation"),
    ("住房公积金中心", "Housing Provident Fund Centre"),
)

# (zh, en, department index)
OBJECTS = (
    ("居民身份证", "resident ID card", 0),
    ("户口", "household registration", 0),
    ("机动车驾驶证", "driving licence", 0),
    ("机动车行驶证", "vehicle licence", 0),
    ("出入境通行证", "travel permit", 0),
    ("普通护照", "passport", 0),
    ("居住证", "residence permit", 0),
    ("社会保障卡", "social security card", 1),
    ("养老保险关系", "pension insurance record", 1),
    ("失业保险金", "unemployment benefit", 1),
    ("工伤认定", "work injury determination", 1),
    ("职业资格证书", "vocational qualification certificate", 1),
    ("就业创业证", "employment and entrepreneurship certificate", 1),
    ("基本医疗保险", "basic medical insurance", 2),
    ("医保电子凭证", "electronic medical insurance voucher", 2),
    ("异地就医备案", "out-of-area medical care filing", 2),
    ("生育保险待遇", "maternity insurance benefit", 2),
    ("结婚登记", "marriage registration", 3),
    ("离婚登记", "divorce registration", 3),
    ("最低生活保障", "minimum living allowance", 3),
    ("高龄津贴", "old-age allowance", 3),
    ("殡葬补贴", "funeral subsidy", 3),
    ("营业执照", "business licence", 4),
    ("食品经营许可证", "food business licence", 4),
    ("药品经营许可证", "pharmaceutical trading licence", 4),
    ("特种设备使用登记", "special equipment registration", 4),
    ("建筑工程施工许可证", "construction permit", 5),
    ("商品房预售许可", "off-plan sales permit", 5),
    ("房屋租赁合同", "tenancy contract", 5),
    ("税务登记", "tax registration", 6),
    ("增值税发票", "VAT invoice", 6),
    ("个人所得税", "individual income tax", 6),
    ("出生医学证明", "medical birth certificate", 7),
    ("预防接种证", "vaccination certificate", 7),
    ("医师执业证书", "medical practitioner licence", 7),
    ("公共场所卫生许可证", "public place health permit", 7),
    ("道路运输经营许可证", "road transport permit", 8),
    ("出租汽车驾驶员证", "taxi driver permit", 8),
    ("不动产权证书", "real estate title certificate", 9),
    ("建设用地规划许可证", "land use planning permit", 9),
    ("排污许可证", "pollutant discharge permit", 10),
    ("环境影响评价", "environmental impact assessment", 10),
    ("教师资格证", "teacher qualification certificate", 11),
    ("学籍", "student record", 11),
    ("退役军人优待证", "veteran preferential card", 12),
    ("残疾人证", "disability certificate", 13),
    ("住房公积金", "housing provident fund", 14),
    ("公积金贷款", "provident fund loan", 14),
)

# (zh, English pattern for the object)
ACTIONS = (
    ("申领", "Application for {}"),
    ("首次申请", "First application for {}"),
    ("变更", "Change of {}"),
    ("注销", "Cancellation of {}"),
    ("查询", "Enquiry about {}"),
    ("补领", "Replacement of {}"),
    ("换领", "Renewal of {}"),
    ("挂失", "Reporting loss of {}"),
    ("核准", "Approval of {}"),
    ("备案", "Filing of {}"),
    ("延续", "Extension of {}"),
    ("迁移", "Transfer of {}"),
    ("登记", "Registration of {}"),
    ("提取", "Withdrawal of {}"),
    ("转移接续", "Continuation of {} after a move"),
    ("证明开具", "Certificate of {}"),
    ("信息更正", "Correction of {}"),
    ("年度报告", "Annual report on {}"),
    ("暂停", "Suspension of {}"),
    ("恢复", "Resumption of {}"),
)

QUALIFIERS = (
    ("", ""),
    ("个人", "individuals"),
    ("企业", "enterprises"),
    ("个体工商户", "sole traders"),
    ("城乡居民", "urban and rural residents"),
    ("城镇职工", "urban employees"),
    ("灵活就业人员", "flexible workers"),
    ("港澳台居民", "Hong Kong, Macao and Taiwan residents"),
    ("外国人", "foreigners"),
    ("退役军人", "veterans"),
    ("高校毕业生", "graduates"),
    ("老年人", "older people"),
    ("残疾人", "people with disabilities"),
    ("农村居民", "rural residents"),
    ("异地", "out-of-area applicants"),
    ("新就业形态劳动者", "gig workers"),
)

CITIES = (
    ("长沙市", "Changsha"), ("株洲市", "Zhuzhou"), ("湘潭市", "Xiangtan"), ("衡阳市", "Hengyang"),
    ("邵阳市", "Shaoyang"), ("岳阳市", "Yueyang"), ("常德市", "Changde"), ("张家界市", "Zhangjiajie"),
    ("益阳市", "Yiyang"), ("郴州市", "Chenzhou"), ("永州市", "Yongzhou"), ("怀化市", "Huaihua"),
    ("娄底市", "Loudi"), ("湘西州", "Xiangxi"),
)

# (zh, en, audience, keywords)
EVENTS = (
    ("新生儿出生", "Birth of a baby", "individual", ("生孩子", "生娃", "新生儿落户")),
    ("结婚落户", "Marriage and household registration", "individual", ("结婚", "领证")),
    ("退休", "Retirement", "individual", ("退休手续", "养老金")),
    ("身后", "After a death", "individual", ("去世", "丧葬")),
    ("入学", "Starting school", "individual", ("上学", "报名")),
    ("就业", "Finding a job", "individual", ("找工作", "入职")),
    ("失业", "Losing a job", "individual", ("失业金",)),
    ("二手房转移登记", "Buying a second-hand home", "individual", ("买房", "过户")),
    ("购买新建商品房", "Buying a new home", "individual", ("买新房",)),
    ("公积金贷款购房", "Home loan from the provident fund", "individual", ("房贷",)),
    ("残疾人服务", "Services for people with disabilities", "individual", ("残疾",)),
    ("退役军人安置", "Resettling veterans", "individual", ("退伍", "转业")),
    ("异地就医", "Medical care away from home", "individual", ("外地看病",)),
    ("二孩三孩", "A second or third child", "individual", ("生二胎", "生三胎")),
    ("社会救助", "Social assistance", "individual", ("低保", "困难补助")),
    ("开办企业", "Starting a business", "enterprise", ("开公司", "注册公司")),
    ("企业注销", "Closing a business", "enterprise", ("关公司",)),
    ("开办餐饮店", "Opening a restaurant", "enterprise", ("开饭店",)),
    ("开办药店", "Opening a pharmacy", "enterprise", ("开药店",)),
    ("企业变更", "Changes to a business", "enterprise", ("改名", "换法人")),
    ("员工录用", "Hiring staff", "enterprise", ("招人", "招聘")),
    ("企业信息变更", "Updating company details", "enterprise", ("变更地址",)),
    ("工程建设项目审批", "Construction project approval", "project", ("项目报建",)),
    ("水电气报装", "Water, power and gas connection", "project", ("接水电",)),
)

# (key, type, zh, en); the group is the part before the dot.
FIELDS = (
    ("applicant.name", "text", "姓名", "Name"),
    ("applicant.id_number", "resident_id", "公民身份号码", "ID number"),
    ("applicant.sex", "choice", "性别", "Sex"),
    ("applicant.birth_date", "date", "出生日期", "Date of birth"),
    ("applicant.address", "address", "户籍地址", "Registered address"),
    ("applicant.ethnicity", "text", "民族", "Ethnic group"),
    ("contact.mobile", "mobile", "手机号码", "Mobile number"),
    ("contact.postal_code", "postal_code", "邮政编码", "Postal code"),
    ("contact.address", "address", "联系地址", "Contact address"),
    ("enterprise.name", "text", "企业名称", "Company name"),
    ("enterprise.credit_code", "social_credit_code", "统一社会信用代码", "Unified social credit code"),
    ("enterprise.capital", "number", "注册资本（万元）", "Registered capital (10,000 yuan)"),
    ("enterprise.scope", "text", "经营范围", "Business scope"),
    ("vehicle.plate", "text", "号牌号码", "Plate number"),
    ("vehicle.kind", "choice", "车辆类型", "Vehicle type"),
    ("property.address", "address", "不动产坐落", "Property address"),
    ("property.area", "number", "建筑面积（平方米）", "Floor area (m²)"),
    ("property.certificate", "text", "不动产权证号", "Title certificate number"),
    ("bank.name", "text", "开户银行", "Bank"),
    ("bank.account", "text", "银行账号", "Account number"),
    ("child.name", "text", "子女姓名", "Child's name"),
    ("child.birth_date", "date", "子女出生日期", "Child's date of birth"),
    ("spouse.name", "text", "配偶姓名", "Spouse's name"),
    ("spouse.id_number", "resident_id", "配偶身份号码", "Spouse's ID number"),
    ("work.employer", "text", "工作单位", "Employer"),
    ("work.start_date", "date", "参加工作日期", "Start of employment"),
    ("request.reason", "text", "申请事由", "Reason for the request"),
    ("request.mail", "yes_no", "是否邮寄送达", "Send by post"),
    ("confirm.pledge", "signature", "告知承诺签名", "Pledge signature"),
)
BASE_FIELDS = ("applicant.name", "applicant.id_number", "contact.mobile")
CHOICES = {
    "applicant.sex": (("M", "男", "Male"), ("F", "女", "Female")),
    "vehicle.kind": (
        ("small", "小型汽车", "Car"), ("large", "大型汽车", "Lorry or bus"), ("moto", "摩托车", "Motorbike"),
    ),
}
GROUPS = (
    ("applicant", "申请人信息", "About you"),
    ("contact", "联系方式", "How to reach you"),
    ("enterprise", "企业信息", "The business"),
    ("vehicle", "车辆信息", "The vehicle"),
    ("property", "不动产信息", "The property"),
    ("bank", "收款账户", "Bank account"),
    ("child", "子女信息", "Your child"),
    ("spouse", "配偶信息", "Your spouse"),
    ("work", "工作信息", "Your work"),
    ("request", "申请事项", "Your request"),
    ("confirm", "确认与承诺", "Confirm and sign"),
)

# (code, zh, en, source, paper)
MATERIALS = (
    ("FORM", "申请表", "Application form", "on_site", False),
    ("ID", "居民身份证", "Resident ID card", "e_licence", False),
    ("HUKOU", "户口簿", "Household register", "shared", False),
    ("PHOTO", "近期免冠照片", "Recent photo", "citizen", True),
    ("LICENCE", "营业执照", "Business licence", "e_licence", False),
    ("BANK_CARD", "本人银行卡", "Your bank card", "citizen", True),
    ("CONTRACT", "合同原件", "Original contract", "citizen", True),
    ("PROOF", "相关证明材料", "Supporting documents", "citizen", True),
    ("PLEDGE", "告知承诺书", "Pledge", "on_site", False),
    ("TITLE", "不动产权证书", "Title certificate", "shared", False),
    ("MARRIAGE_CERT", "结婚证", "Marriage certificate", "e_licence", False),
    ("MEDICAL", "体检报告", "Medical report", "citizen", True),
)


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, kind, zh, en in FIELDS:
        spec: dict[str, Any] = {"type": kind, "label": _text(zh, en)}
        if key in CHOICES:
            spec["options"] = [{"value": v, "label": _text(z, e)} for v, z, e in CHOICES[key]]
        if key in ("contact.postal_code", "request.mail"):
            spec["required"] = False
        fields[key] = spec
    return fields


def _names(count: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """Distinct (zh, en, department) names: each pass over the combinations adds a city, then a number."""
    combos = list(product(QUALIFIERS, OBJECTS, ACTIONS))
    rng.shuffle(combos)
    names = []
    for i in range(count):
        (q_zh, q_en), (o_zh, o_en, dept), (a_zh, a_en) = combos[i % len(combos)]
        zh, en = f"{q_zh}{o_zh}{a_zh}", a_en.format(o_en) + (f" ({q_en})" if q_en else "")
        rounds = i // len(combos)
        if rounds:
            city_zh, city_en = CITIES[(rounds - 1) % len(CITIES)]
            zh, en = f"{city_zh}{zh}", f"{city_en}: {en}"
        if lap := (rounds - 1) // len(CITIES) if rounds else 0:
            zh, en = f"{zh}（{lap + 1}）", f"{en} ({lap + 1})"
        names.append((zh, en, dept))
    return names


def _item(index: int, zh: str, en: str, dept: int, rng: random.Random) -> dict[str, Any]:
    others = [key for key, *_ in FIELDS if key not in BASE_FIELDS]
    materials = rng.sample(MATERIALS, rng.randint(1, 4))
    legal = rng.choice((5, 10, 15, 20, 30))
    return {
        "code": f"{dept + 10:02d}{index:010d}",
        "name": _text(zh, en),
        "department": _text(*DEPARTMENTS[dept]),
        "legal_days": legal,
        "promised_days": rng.randint(1, legal),
        "visit_required": rng.random() < 0.1,
        "fields": [*BASE_FIELDS, *rng.sample(others, rng.randint(2, 9))],
        "materials": [
            {"code": code, "name": _text(zh_m, en_m), "source": source, "paper": paper}
            for code, zh_m, en_m, source, paper in materials
        ],
    }


def _package(index: int, item_codes: list[str], rng: random.Random) -> dict[str, Any]:
    zh, en, audience, keywords = EVENTS[index % len(EVENTS)]
    city_zh, city_en = CITIES[(index // len(EVENTS)) % len(CITIES)]
    lap = index // (len(EVENTS) * len(CITIES))
    suffix_zh, suffix_en = (f"（{lap + 1}）", f" ({lap + 1})") if lap else ("", "")
    return {
        "code": f"43PCS{index:04d}",
        "name": _text(f"{city_zh}{zh}一件事{suffix_zh}", f"{en} ({city_en}){suffix_en}"),
        "audience": audience,
        "event": _text(zh, en),
        "keywords": list(keywords),
        "items": [{"code": code} for code in rng.sample(item_codes, min(len(item_codes), rng.randint(3, 12)))],
    }


def synthetic_bundle(items: int = 10_000, packages: int = 300, seed: int = 0) -> bytes:
    """A format-1 catalogue bundle that ``kiosk.catalogue.parse_catalogue`` accepts."""
    rng = random.Random(seed)
    item_list = [_item(i, zh, en, dept, rng) for i, (zh, en, dept) in enumerate(_names(items, rng))]
    codes = [item["code"] for item in item_list]
    bundle = {
        "format": 1,
        "version": f"synthetic-{items}-{packages}-{seed}",
        "groups": [{"key": key, "title": _text(zh, en)} for key, zh, en in GROUPS],
        "fields": _fields(),
        "items": item_list,
        "packages": [_package(i, codes, rng) for i in range(packages)] if codes else [],
    }
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()
