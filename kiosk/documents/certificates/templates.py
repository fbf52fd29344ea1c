"""The certificate templates, by kind: title, legal basis, the facts each states and its look.

A catalogue item names the kind it issues (its ``certificate`` key); the platform stores the facts
under the data keys used here. A kind no template knows is printed as the generic approval notice.
"""

from __future__ import annotations

from typing import Any

from kiosk.documents.certificates.model import GENERIC_KIND, Fact, Look, Template
from kiosk.i18n import Text


def fact(key: str, zh: str, en: str, **options: Any) -> Fact:
    return Fact(key, Text(zh, en), **options)


POLICE, HEALTH = Look("#1d3f7a", "double"), Look("#137a6b", "rings")
CIVIL, MOURNING = Look("#b0182a", "rings"), Look("#3d3d3d", "double")
LABOUR, SCHOOL = Look("#8a5a14", "corners"), Look("#2e6b30", "corners")
GENERIC, MARKET = Look("#34495e", "corners"), Look("#a8322d", "lattice", "landscape")

APPROVED = Text("准予办理", "Approved")
# What every certificate records about the application, after its own facts (those it does not state itself).
RECORD = (
    fact("item_name", "办理事项", "Service"),
    fact("application_number", "办件编号", "Application No."),
    fact("decided_on", "办结日期", "Decided on", date=True),
    fact("result", "审批结果", "Decision", default=APPROVED),
)
HOLDER = fact("holder", "姓名", "Name")
HOLDER_SEX = fact("holder_sex", "性别", "Sex")
HOLDER_BORN = fact("holder_birth_date", "出生日期", "Date of birth", date=True)
REGISTERED_AT = fact("registered_address", "户籍地址", "Registered address")
CHILD = (
    fact("child_name", "新生儿姓名", "Child's name"),
    fact("child_sex", "性别", "Sex"),
    fact("birth_date", "出生日期", "Date of birth", date=True),
)
DECEASED = (
    fact("deceased_name", "逝者姓名", "Name of the deceased"),
    fact("death_date", "死亡日期", "Date of death", date=True),
)
RELATIVE = (fact("holder", "申报人", "Declared by"), fact("relation_to_deceased", "与逝者关系", "Relation"))


def _templates() -> tuple[Template, ...]:
    return (
        Template(
            GENERIC_KIND, Text("审批结果通知书", "Notice of approval"),
            Text("依据相关法律法规及政务服务事项办事指南", "Under the laws that apply and the item's service guide"),
            Text("经审核，您申请的事项准予办理。特此通知。", "Your application has been reviewed and approved."),
            (fact("holder", "申请人", "Applicant"), RECORD[0], fact("package_name", "所属“一件事”", "Scenario"),
             RECORD[1], fact("item_number", "事项编号", "Item No."), RECORD[2], RECORD[3]),
            GENERIC,
        ),
        Template(
            "birth_medical_certificate", Text("出生医学证明", "Medical birth certificate"),
            Text("依据《中华人民共和国母婴保健法》", "Under the Maternal and Infant Health Care Law of the PRC"),
            Text("兹证明下列新生儿在本机构出生。", "This certifies that the child below was born at this institution."),
            (*CHILD,
             fact("birth_place", "出生地点（助产机构）", "Place of birth"),
             fact("gestational_weeks", "出生孕周", "Gestational age", unit=Text("周", " weeks")),
             fact("birth_weight", "出生体重", "Birth weight", unit=Text("克", " g")),
             fact("birth_length", "出生身长", "Birth length", unit=Text("厘米", " cm")),
             fact("holder", "申报人（父母一方）", "Parent applying"),
             fact("other_parent_name", "另一方父母", "Other parent")),
            HEALTH,
        ),
        Template(
            "vaccination_certificate", Text("预防接种证", "Vaccination certificate"),
            Text("依据《中华人民共和国疫苗管理法》第四十七条",
                 "Under Article 47 of the Vaccine Administration Law of the PRC"),
            Text("已为下列儿童建立预防接种档案，请按国家免疫规划程序按时接种。",
                 "A vaccination record is open for the child below: vaccinate on the national schedule."),
            (*CHILD, fact("holder", "监护人", "Guardian")),
            HEALTH,
        ),
        Template(
            "birth_registration", Text("出生登记证明", "Birth registration record"),
            Text("依据《中华人民共和国户口登记条例》第七条",
                 "Under Article 7 of the Household Registration Regulations of the PRC"),
            Text("下列新生儿已办理出生登记，户口登记于下述户主户内。",
                 "The child below is registered at birth, in the household named below."),
            (fact("child_name", "姓名", "Name"), CHILD[1], CHILD[2],
             fact("birth_place", "出生地（助产机构）", "Place of birth"),
             fact("child_ethnicity", "民族", "Ethnic group"),
             fact("household_head", "户主姓名", "Head of household"),
             fact("relation_to_head", "与户主关系", "Relation to the head"),
             fact("hukou_with", "落户方式", "Registered with"),
             fact("holder", "申报人", "Declared by"),
             fact("other_parent_name", "另一方父母", "Other parent")),
            POLICE,
        ),
        Template(
            "household_entry", Text("户口登记证明", "Household registration record"),
            Text("依据《中华人民共和国户口登记条例》第十条",
                 "Under Article 10 of the Household Registration Regulations of the PRC"),
            Text("下列人员已办理户口迁移登记。", "The household move below is registered."),
            (HOLDER, fact("move_direction", "迁移方向", "Move"), REGISTERED_AT,
             fact("spouse_name", "配偶", "Spouse"),
             fact("spouse_address", "配偶户籍地址", "Spouse's registered address")),
            POLICE,
        ),
        Template(
            "household_certificate", Text("户籍证明", "Household registration certificate"),
            Text("依据《中华人民共和国户口登记条例》", "Under the Household Registration Regulations of the PRC"),
            Text("经查询户籍档案，兹证明下列人员户籍登记情况属实。",
                 "Our records show the household registration below."),
            (HOLDER, REGISTERED_AT, fact("student_name", "学生姓名", "Pupil"),
             fact("proof_purpose", "证明用途", "Purpose")),
            POLICE,
        ),
        Template(
            "residence_permit", Text("居住证签发通知书", "Residence permit notice"),
            Text("依据《居住证暂行条例》", "Under the Interim Regulations on Residence Permits"),
            Text("准予签发居住证，请按选择的方式领取。",
                 "A residence permit is issued to the person below; collect it as chosen."),
            (HOLDER, HOLDER_SEX, REGISTERED_AT,
             fact("residence_address", "居住地址", "Address of residence"),
             fact("residence_basis", "申领事由", "Grounds"),
             fact("work_unit", "工作单位", "Employer")),
            POLICE,
        ),
        Template(
            "marriage_registration", Text("结婚登记证明", "Marriage registration record"),
            Text("依据《中华人民共和国民法典》第一千零四十九条及《婚姻登记条例》",
                 "Under Article 1049 of the Civil Code of the PRC and the Marriage Registration Regulations"),
            Text("下列双方自愿结婚，经审查符合结婚条件，准予登记。",
                 "The two parties below wish to marry, meet the conditions and are registered as married."),
            (fact("holder", "登记一方", "Party"), HOLDER_SEX, HOLDER_BORN,
             fact("previous_status", "登记前婚姻状况", "Status before"),
             fact("spouse_name", "登记另一方", "Other party"),
             fact("spouse_previous_status", "另一方登记前婚姻状况", "Other party's status before"),
             fact("decided_on", "登记日期", "Registered on", date=True)),
            CIVIL,
        ),
        Template(
            "retirement_approval", Text("退休审批通知书", "Notice of retirement approval"),
            Text("依据《中华人民共和国社会保险法》第十六条及国家关于法定退休年龄的规定",
                 "Under Article 16 of the Social Insurance Law of the PRC and the statutory retirement age rules"),
            Text("经审核，下列人员符合退休条件，准予退休，自退休次月起按月领取基本养老金。",
                 "The person below meets the conditions and may retire; the basic pension is paid monthly from the "
                 "month after retirement."),
            (HOLDER, HOLDER_SEX, HOLDER_BORN,
             fact("employer", "参保单位", "Insured with"),
             fact("employer_code", "单位统一社会信用代码", "Employer's credit code"),
             fact("first_work_date", "参加工作时间", "Started work", date=True),
             fact("retirement_date", "退休日期", "Retires on", date=True),
             fact("age_at_retirement", "退休时年龄", "Age at retirement", unit=Text("岁", " years")),
             fact("special_work", "特殊工种", "Special work"),
             fact("special_work_type", "特殊工种类别", "Kind of special work")),
            LABOUR,
        ),
        Template(
            "death_certificate", Text("死亡医学证明", "Medical certificate of death"),
            Text("依据人口死亡医学证明和信息登记管理的有关规定",
                 "Under the rules on certifying and registering deaths"),
            Text("兹证明下列人员已死亡。", "This certifies the death below."),
            (*DECEASED, fact("death_place", "死亡地点", "Place of death"),
             fact("death_type", "死亡类型", "Kind of death"), *RELATIVE),
            MOURNING,
        ),
        Template(
            "cremation_certificate", Text("火化证明", "Cremation certificate"),
            Text("依据《殡葬管理条例》", "Under the Funeral and Interment Regulations"),
            Text("兹证明下列逝者的遗体由下述殡仪馆火化。",
                 "This certifies that the remains below are cremated at the funeral home named."),
            (*DECEASED, fact("funeral_home", "火化殡仪馆", "Funeral home"), *RELATIVE),
            MOURNING,
        ),
        Template(
            "school_enrolment", Text("入学通知书", "School enrolment notice"),
            Text("依据《中华人民共和国义务教育法》第十二条",
                 "Under Article 12 of the Compulsory Education Law of the PRC"),
            Text("经审核，下列适龄儿童准予入学，请按学校通知按时报到。",
                 "The child below is admitted: report to the school when it says."),
            (fact("student_name", "学生姓名", "Pupil"), fact("student_sex", "性别", "Sex"),
             fact("student_birth_date", "出生日期", "Date of birth", date=True),
             fact("school_stage", "学段", "Stage"), fact("school", "报名学校", "School"),
             fact("holder", "监护人", "Guardian"), fact("relation_to_student", "与学生关系", "Relation")),
            SCHOOL,
        ),
        Template(
            "business_licence", Text("营业执照", "Business licence"),
            Text("依据《中华人民共和国市场主体登记管理条例》",
                 "Under the Regulations of the PRC on the Registration of Market Entities"),
            Text("", ""),
            (fact("enterprise_name", "名称", "Name"), fact("enterprise_type", "类型", "Type"),
             fact("legal_rep", "法定代表人", "Legal representative"),
             fact("business_scope", "经营范围", "Business scope"),
             fact("registered_capital", "注册资本", "Registered capital", unit=Text("万元", " × 10,000 yuan")),
             fact("decided_on", "成立日期", "Established on", date=True),
             fact("operating_period", "营业期限", "Term", default=Text("长期", "Indefinite")),
             fact("enterprise_address", "住所", "Address")),
            MARKET,
            headline=fact("credit_code", "统一社会信用代码", "Unified social credit code"),
            split=4,
        ),
    )


TEMPLATES: dict[str, Template] = {t.kind: t for t in _templates()}
KINDS = frozenset(TEMPLATES)


def template_for(kind: str) -> Template:
    """The kind's template; the generic approval notice for a kind no template knows."""
    return TEMPLATES.get(kind, TEMPLATES[GENERIC_KIND])


def certificate_title(kind: str) -> Text:
    return template_for(kind).title
