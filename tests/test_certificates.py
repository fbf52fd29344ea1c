"""Certificates by kind and e-licence printouts, read back as a citizen's phone and a print shop would.

Every template renders one page of its size with every font embedded; ``pdftotext`` finds its title,
serial and facts, and the QR code (``pdftoppm`` then ``zbarimg``) decodes to its verification path.
A catalogue item names the kind it issues, and the platform issues that kind with the facts the
item's form collected, never an ID number.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid as uuidlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from central.backoffice import certificate_data, decide, new_credit_code
from central.citizens import LICENCE_KINDS
from central.db import RECEIVED, Application, ItemApplication, make_engine
from central.migrate import upgrade
from central.records import Certificate
from central.seed import PEOPLE, LicenceSeed
from kiosk.assets import ASSETS, DEMO_CATALOGUE
from kiosk.catalogue import Catalogue, CatalogueError, FieldType, load_catalogue, parse_catalogue
from kiosk.documents.certificates import GENERIC_KIND, KINDS, TEMPLATES, CertificateData
from kiosk.documents.certificates.facts import certificate_facts
from kiosk.documents.certificates.pen import day_text
from kiosk.documents.certificates.render import render_certificate
from kiosk.documents.certificates.templates import RECORD
from kiosk.documents.licence import LicenceData, licence_verification_path, render_licence, shown
from kiosk.forms.engine import CombinedForm
from kiosk.forms.samples import sample_answers
from kiosk.forms.validators import social_credit_code
from kiosk.i18n import LANGUAGES, Language, Text
from kiosk.identity import mask_id_number
from kiosk.sync.wire import Licence, Message
from tests.helpers.bundles import encode, small
from tests.helpers.pdf import pdf_text, qr_of, run, tool

CATALOGUE = load_catalogue(DEMO_CATALOGUE)
A4_PORTRAIT, A4_LANDSCAPE = (595.28, 841.89), (841.89, 595.28)
SERIAL, CODE = "HN-2026-00012345", "K7QP3MXA"
ISSUED_AT = dt.datetime(2026, 11, 21, 1, 30, tzinfo=dt.UTC)  # 09:30 in Changsha
ISSUER = Text("长沙市芙蓉区市场监督管理局", "Furong District Market Regulation Bureau")
PLATFORM_KEYS = {"holder", "item_name", "package_name", "application_number", "item_number", "decided_on"}


def t(zh: str, en: str | None = None) -> Text:
    return Text(zh, zh if en is None else en)


# A value for every data key a template states: new templates need theirs here.
SAMPLE_FACTS: dict[str, Text] = {
    "holder": t("李晓梅"), "holder_sex": t("女", "Female"), "holder_birth_date": t("1990-03-07"),
    "registered_address": t("湖南省长沙市芙蓉区五一大道188号"),
    "item_name": t("出生登记", "Birth registration"), "package_name": t("新生儿出生一件事", "Birth of a baby"),
    "application_number": t("HN-CS-01-20261120-0042"), "item_number": t("HN-CS-01-20261120-0042-03"),
    "decided_on": t("2026-11-20"), "result": t("准予办理", "Approved"),
    "child_name": t("张小雨"), "child_sex": t("女", "Female"), "birth_date": t("2026-10-30"),
    "birth_place": t("湖南省妇幼保健院"), "gestational_weeks": t("39"), "birth_weight": t("3250"),
    "birth_length": t("50"), "child_ethnicity": t("汉族", "Han"), "household_head": t("李晓梅"),
    "relation_to_head": t("女", "Daughter"), "hukou_with": t("随母亲落户", "With the mother"),
    "other_parent_name": t("张伟"), "spouse_name": t("张伟"), "spouse_address": t("湖南省长沙市岳麓区麓山南路932号"),
    "move_direction": t("迁入配偶户籍所在地", "To the spouse's household"),
    "previous_status": t("未婚", "Never married"), "spouse_previous_status": t("离婚", "Divorced"),
    "residence_address": t("湖南省长沙市岳麓区麓山南路932号"), "residence_basis": t("就业", "Work"),
    "work_unit": t("长沙麓谷信息技术有限公司"), "proof_purpose": t("就业", "A job"),
    "student_name": t("王小明"), "student_sex": t("男", "Male"), "student_birth_date": t("2020-05-04"),
    "school_stage": t("小学一年级", "Primary, year 1"), "school": t("长沙市芙蓉区育才学校"),
    "relation_to_student": t("母亲", "Mother"), "employer": t("邵东市湘中机械制造有限公司"),
    "employer_code": t("91430582MA4Q7XK32R"), "first_work_date": t("1978-09-01"),
    "retirement_date": t("2026-12-31"), "age_at_retirement": t("63"), "special_work": t("否", "No"),
    "special_work_type": t("高温作业", "Heat"), "deceased_name": t("王德明"), "death_date": t("2026-11-02"),
    "death_place": t("医疗卫生机构", "A hospital"), "death_type": t("正常死亡", "Natural"),
    "funeral_home": t("明阳山殡仪馆", "Mingyangshan funeral home"), "relation_to_deceased": t("子女", "Child"),
    "enterprise_name": t("长沙湘江数字科技有限公司"), "enterprise_type": t("有限责任公司", "Limited company"),
    "legal_rep": t("赵志远"), "business_scope": t("软件开发；信息技术咨询服务", "Software; IT consulting"),
    "registered_capital": t("100"), "operating_period": t("长期", "Indefinite"),
    "enterprise_address": t("湖南省长沙市芙蓉区车站北路459号"), "credit_code": t("91430102MA4T5KXR3M"),
}


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(pdf: Path) -> str:
    return flat(pdf_text(pdf))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = run(tool("pdfinfo"), "-f", "1", "-l", "999", pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)]


def assert_fonts_embedded(pdf: Path) -> None:
    rows = run(tool("pdffonts"), pdf).splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"
        assert "Helvetica" not in row and "Times" not in row, f"a standard font: {row}"


def sample_certificate(kind: str, **changes: Any) -> CertificateData:
    return dataclasses.replace(CertificateData(kind, SERIAL, CODE, ISSUED_AT, ISSUER, dict(SAMPLE_FACTS)), **changes)


def stated(key: str, lang: Language) -> str:
    """A sample fact as a template writes it: dates in the language's form, units after numbers."""
    for template in TEMPLATES.values():
        for fact in (*template.facts, *((template.headline,) if template.headline else ())):
            if fact.key == key:
                value = SAMPLE_FACTS[key](lang)
                value = day_text(value, lang) if fact.date else value
                return value + fact.unit(lang) if fact.unit else value
    raise KeyError(key)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Language], Path]:
    """Each kind's sample, rendered once per language."""
    root = tmp_path_factory.mktemp("certificates")
    cache: dict[tuple[str, Language], Path] = {}

    def get(kind: str, lang: Language) -> Path:
        if (kind, lang) not in cache:
            path = root / f"{kind}-{lang}.pdf"
            path.write_bytes(render_certificate(sample_certificate(kind), lang))
            cache[kind, lang] = path
        return cache[kind, lang]

    return get


EVERY = [pytest.param(kind, lang, id=f"{kind}-{lang}") for kind in sorted(KINDS) for lang in LANGUAGES]


# -- the templates ----------------------------------------------------------------------------------------


def test_the_registry_has_the_kinds_the_catalogue_names() -> None:
    assert {"approval_notice", "birth_registration", "marriage_registration", "retirement_approval",
            "business_licence", "birth_medical_certificate", "vaccination_certificate", "household_entry",
            "household_certificate", "residence_permit", "death_certificate", "cremation_certificate",
            "school_enrolment"} <= KINDS
    named = {item.certificate for item in CATALOGUE.items.values() if item.certificate}
    assert named <= KINDS and len(named) >= 12
    titles = [template.title.zh for template in TEMPLATES.values()]
    assert len(set(titles)) == len(titles), "each kind its own title"
    assert TEMPLATES["business_licence"].look.orientation == "landscape"


def test_every_fact_a_template_states_has_a_source() -> None:
    for template in TEMPLATES.values():
        sourced = CATALOGUE.certificates.get(template.kind, {})  # the demo catalogue's certificates.yaml
        for key in template.stated_keys():
            assert key in sourced or key in PLATFORM_KEYS or key in {"credit_code", "result", "operating_period"}, \
                f"{template.kind}: no source for {key}"
            assert key in SAMPLE_FACTS, f"{template.kind}: no sample for {key}"


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_one_page_of_its_size_with_every_font_embedded(rendered: Callable[[str, Language], Path], kind: str,
                                                       lang: Language) -> None:
    pdf = rendered(kind, lang)
    size = A4_LANDSCAPE if TEMPLATES[kind].look.orientation == "landscape" else A4_PORTRAIT
    assert page_sizes(pdf) == [pytest.approx(size, abs=0.01)]
    assert_fonts_embedded(pdf)


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_the_text_states_the_title_serial_and_facts(rendered: Callable[[str, Language], Path], kind: str,
                                                    lang: Language) -> None:
    template = TEMPLATES[kind]
    text = text_of(rendered(kind, lang))
    own = set(template.stated_keys())
    expected = [template.title(lang), template.basis(lang), SERIAL, CODE, ISSUER(lang),
                day_text("2026-11-21", lang), *(stated(key, lang) for key in own)]
    expected += [f"{f.label(lang)}:{SAMPLE_FACTS[f.key](lang)}" for f in RECORD if f.key not in own and not f.date]
    if lang == "zh":
        expected += [template.title.zh, "本件为政务服务平台签发的办理结果凭证"]
    for value in expected:
        assert flat(value) in text, f"{value!r} missing from the {kind} certificate ({lang})"


@pytest.mark.parametrize(("kind", "lang"), EVERY)
def test_the_qr_code_is_the_verification_path(rendered: Callable[[str, Language], Path], kind: str, lang: Language,
                                              tmp_path: Path) -> None:
    assert qr_of(rendered(kind, lang), tmp_path) == f"/v1/certificates/verify/{SERIAL}/{CODE}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_metadata_names_the_certificate(rendered: Callable[[str, Language], Path], lang: Language) -> None:
    pdf = rendered("birth_registration", lang)
    info = dict(line.split(":", 1) for line in run(tool("pdfinfo"), pdf).splitlines() if ":" in line)
    assert info["Title"].strip() == f"{TEMPLATES['birth_registration'].title(lang)} {SERIAL}"
    assert info["Subject"].strip() == f"{SAMPLE_FACTS['item_name'](lang)} · {ISSUER(lang)}"
    assert "Hunan" in info["Author"] and info["Creator"].strip().startswith("hunan-kiosk")
    assert f"/Lang ({'zh-CN' if lang == 'zh' else 'en'})".encode() in pdf.read_bytes()


def test_a_fact_not_given_is_left_out_or_takes_its_default(tmp_path: Path) -> None:
    facts = {k: v for k, v in SAMPLE_FACTS.items() if k not in {"operating_period", "enterprise_type"}}
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(render_certificate(sample_certificate("business_licence", facts=facts)))
    text = text_of(pdf)
    assert "营业期限" in text and "长期" in text and "有限责任公司" not in text and "类型" not in text


def test_an_unknown_kind_prints_as_the_approval_notice(tmp_path: Path) -> None:
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(render_certificate(sample_certificate("kind_of_a_retired_template")))
    assert "审批结果通知书" in text_of(pdf)


def test_a_long_business_scope_still_fits_one_landscape_page(tmp_path: Path) -> None:
    scope = "；".join(["软件开发", "信息技术咨询服务", "数据处理和存储支持服务", "人工智能应用软件开发"] * 12)
    facts = {**SAMPLE_FACTS, "business_scope": t(scope)}
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_certificate(sample_certificate("business_licence", facts=facts)))
    assert page_sizes(pdf) == [pytest.approx(A4_LANDSCAPE, abs=0.01)]
    assert flat(scope) in text_of(pdf)
    assert qr_of(pdf, tmp_path) == f"/v1/certificates/verify/{SERIAL}/{CODE}"


# -- the catalogue's certificate key ----------------------------------------------------------------------


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(encode(data))
    return caught.value.problems


def test_an_unknown_certificate_kind_is_a_problem_at_its_path() -> None:
    problems = problems_of(small(lambda d: d["items"][1].update(certificate="birth_cert")))
    assert len(problems) == 1
    assert problems[0].startswith("items[1].certificate: unknown certificate kind 'birth_cert' (known: ")
    assert "birth_registration" in problems[0] and "business_licence" in problems[0]


@pytest.mark.parametrize("value", ["", 7, None, ["birth_registration"]])
def test_a_certificate_that_is_not_a_name_is_a_problem(value: object) -> None:
    problems = problems_of(small(lambda d: d["items"][0].update(certificate=value)))
    assert [p.split(": ", 1)[0] for p in problems] == ["items[0].certificate"]


def test_the_schema_knows_the_same_kinds_and_refuses_others() -> None:
    schema = json.loads((ASSETS / "catalog" / "catalogue.schema.json").read_bytes())
    assert sorted(schema["$defs"]["certificateKind"]["enum"]) == sorted(KINDS)
    validator = Draft202012Validator(schema)
    good = small(lambda d: d["items"][0].update(certificate="birth_registration"))
    assert list(validator.iter_errors(good)) == []
    assert parse_catalogue(encode(good)).items[good["items"][0]["code"]].certificate == "birth_registration"
    bad = small(lambda d: d["items"][0].update(certificate="birth_cert"))
    assert [list(e.absolute_path) for e in validator.iter_errors(bad)] == [["items", 0, "certificate"]]


def test_the_demo_catalogue_names_the_certificates_of_the_guides() -> None:
    kinds = {code: item.certificate for code, item in CATALOGUE.items.items() if item.certificate}
    assert kinds["000709001000"] == "birth_registration"  # 出生登记
    assert kinds["001110001000"] == "marriage_registration"  # 内地居民结婚登记
    assert kinds["001014001000"] == "retirement_approval"  # 养老金申领
    assert kinds["000131001000"] == "business_licence"  # 企业设立登记
    assert kinds["002009002000"] == "household_certificate"
    assert CATALOGUE.items["001009005000"].certificate == ""  # the ID card: the generic notice


# -- the platform issues the kind the catalogue names ---------------------------------------------------


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    upgrade(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def apply(session: Session, catalogue: Catalogue, package_code: str, **answers: object) -> str:
    """An application as the platform stores one: the package's sample answers and these, fanned out."""
    form = CombinedForm(catalogue, catalogue.package(package_code), dt.date(2026, 11, 20))
    given = sample_answers(form.fields) | answers
    number = f"HN-TEST-20261120-{uuidlib.uuid4().hex[:6].upper()}"
    at = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)
    session.add(Application(
        uuid=str(uuidlib.uuid4()), number=number, terminal_id="HN-TEST-01", package_code=package_code,
        catalogue_version=catalogue.version, body_sha256="0" * 64, answers=form.effective(given), sources={},
        verification_code="K7QP3M", status=RECEIVED, submitted_at=at, received_at=at,
        items=[ItemApplication(item_code=item.code, number=f"{number}-{n:02d}", answers=item_answers,
                               status=RECEIVED, promised_date=dt.date(2026, 11, 27))
               for n, (item, item_answers) in enumerate(form.fan_out(given), start=1)],
    ))
    session.flush()
    return number


def issued(session: Session, catalogue: Catalogue, number: str) -> dict[str, Certificate]:
    """Approve the application; its certificates by item code."""
    decide(session, catalogue, number, approve=True, reason="", now=ISSUED_AT)
    session.commit()
    rows = session.scalars(select(Certificate).join(ItemApplication, ItemApplication.number == Certificate.item_number)
                           .join(Application).where(Application.number == number))
    return {row.data["item_code"]: row for row in rows}


def id_numbers(answers: dict[str, object], catalogue: Catalogue) -> list[str]:
    return [str(v) for k, v in answers.items()
            if k in catalogue.fields and catalogue.fields[k].type is FieldType.RESIDENT_ID and v]


def test_the_platform_issues_the_kind_each_item_names(session: Session) -> None:
    number = apply(session, CATALOGUE, "43PCN0009", **{
        "applicant.name": "李晓梅", "child.name": "张小雨", "child.sex": "F", "child.birth_date": "2026-10-30",
        "child.birth_place": "湖南省妇幼保健院", "child.birth_weight": "3250", "child.same_ethnicity": True,
        "applicant.ethnicity": "汉族", "child.household_head": "李晓梅", "other_parent.name": "张伟"})
    certificates = issued(session, CATALOGUE, number)
    kinds = {code: c.kind for code, c in certificates.items()}
    assert kinds == {code: CATALOGUE.items[code].certificate or GENERIC_KIND for code in certificates}
    assert kinds["002307001000"] == "birth_medical_certificate" and kinds["000709001000"] == "birth_registration"
    assert "approval_notice" in kinds.values()  # the items that name none
    birth = certificates["000709001000"].data
    assert birth["child_name"] == "张小雨" and birth["birth_date"] == "2026-10-30"
    assert birth["child_sex"] == {"zh": "女", "en": "Female"} and birth["child_ethnicity"] == "汉族"
    assert birth["household_head"] == "李晓梅" and birth["other_parent_name"] == "张伟"
    assert certificates["002307001000"].data["birth_weight"] == "3250"
    application = session.scalar(select(Application).where(Application.number == number))
    assert application is not None
    for certificate in certificates.values():
        for secret in [*id_numbers(application.answers, CATALOGUE), "13800138000"]:
            assert secret not in json.dumps(certificate.data, ensure_ascii=False)


def test_the_kind_comes_from_the_catalogue_item(session: Session) -> None:
    item = CATALOGUE.items["002009002000"]
    renamed = dataclasses.replace(CATALOGUE, items={**CATALOGUE.items, item.code: dataclasses.replace(
        item, certificate="marriage_registration")})
    unnamed = dataclasses.replace(CATALOGUE, items={**CATALOGUE.items, item.code: dataclasses.replace(
        item, certificate="")})
    for catalogue, kind in ((CATALOGUE, "household_certificate"), (renamed, "marriage_registration"),
                            (unnamed, GENERIC_KIND)):
        number = apply(session, catalogue, item.code, **{"applicant.name": "李晓梅"})
        assert issued(session, catalogue, number)[item.code].kind == kind


@pytest.mark.parametrize(("package", "item", "answers", "expected"), [
    pytest.param("43PCN0013", "001014001000",
                 {"applicant.name": "王建国", "applicant.sex": "M", "applicant.birth_date": "1958-06-12",
                  "retire.employer": "邵东市湘中机械制造有限公司", "retire.date": "2026-12-31"},
                 {"holder": "王建国", "holder_sex": {"zh": "男", "en": "Male"}, "holder_birth_date": "1958-06-12",
                  "employer": "邵东市湘中机械制造有限公司", "retirement_date": "2026-12-31"}, id="retirement"),
    pytest.param("43PCP0007", "001110001000",
                 {"applicant.name": "李晓梅", "spouse.name": "张伟", "marriage.previous_status": "unmarried"},
                 {"holder": "李晓梅", "spouse_name": "张伟", "previous_status": {"zh": "未婚", "en": "Never married"}},
                 id="marriage"),
    pytest.param("43TCP0001", "000131001000",
                 {"enterprise.name": "长沙湘江数字科技有限公司", "applicant.role": "agent", "legal_rep.name": "赵志远",
                  "enterprise.registered_capital": "100", "enterprise.business_scope": "软件开发",
                  "enterprise.address": {"division": "430102", "detail": "车站北路459号"}},
                 {"enterprise_name": "长沙湘江数字科技有限公司", "legal_rep": "赵志远", "registered_capital": "100",
                  "business_scope": "软件开发", "enterprise_address": "湖南省长沙市芙蓉区车站北路459号"},
                 id="business"),
])
def test_the_platform_stores_what_the_template_states(session: Session, tmp_path: Path, package: str, item: str,
                                                      answers: dict[str, object], expected: dict[str, Any]) -> None:
    certificate = issued(session, CATALOGUE, apply(session, CATALOGUE, package, **answers))[item]
    assert certificate.kind == CATALOGUE.items[item].certificate
    assert {key: certificate.data.get(key) for key in expected} == expected
    pdf = tmp_path / "issued.pdf"
    pdf.write_bytes(render_certificate(certificate_data(certificate)))
    text = text_of(pdf)
    for value in expected.values():
        assert flat(value["zh"] if isinstance(value, dict) else day_text(value, "zh")) in text
    assert qr_of(pdf, tmp_path) == f"/v1/certificates/verify/{certificate.serial}/{certificate.verification_code}"
    if certificate.kind == "business_licence":  # registering the company assigns its credit code
        code = certificate.data["credit_code"]
        assert social_credit_code(code) is None and code.startswith("91430102") and code in text


def test_a_new_credit_code_is_valid_and_falls_back_to_the_city() -> None:
    codes = {new_credit_code() for _ in range(20)}
    assert len(codes) == 20 and all(social_credit_code(c) is None and c.startswith("91430100MA") for c in codes)
    assert new_credit_code({"division": "430702"}).startswith("91430702")


def test_facts_take_labels_and_never_id_numbers() -> None:
    fields = CATALOGUE.fields
    answers = {"child.relation_to_head": "daughter", "child.same_ethnicity": True, "applicant.ethnicity": "土家族",
               "applicant.id_number": "430102199003071285", "applicant.address": {"division": "430104", "detail": ""}}
    facts = certificate_facts(CATALOGUE.certificates["birth_registration"], answers, fields)
    [daughter] = [o.label for o in fields["child.relation_to_head"].options if o.value == "daughter"]
    assert facts["relation_to_head"] == {"zh": daughter.zh, "en": daughter.en}
    assert facts["child_ethnicity"] == "土家族"
    assert "430102199003071285" not in json.dumps(facts)
    household = certificate_facts(CATALOGUE.certificates["household_certificate"], answers, fields)
    assert household["registered_address"] == "湖南省长沙市岳麓区"


# -- e-licence printouts -----------------------------------------------------------------------------------

SEEDED_LICENCES = [(person.name, licence) for person in PEOPLE for licence in person.licences]
SEEDED = [pytest.param(holder, licence, id=f"{licence.kind}-{holder}") for holder, licence in SEEDED_LICENCES]


def licence_data(holder: str, seed: LicenceSeed) -> LicenceData:
    return LicenceData(seed.kind, LICENCE_KINDS[seed.kind], seed.number, seed.issued_on, seed.valid_until, holder,
                       seed.data)


def test_every_seeded_kind_is_printed() -> None:
    assert {licence.kind for _, licence in SEEDED_LICENCES} == set(LICENCE_KINDS) - {"resident_id",
                                                                                     "marriage_certificate"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("holder", "seed"), SEEDED)
def test_a_licence_printout_states_the_licence(tmp_path: Path, holder: str, seed: LicenceSeed, lang: Language) -> None:
    licence = licence_data(holder, seed)
    pdf = tmp_path / "licence.pdf"
    pdf.write_bytes(render_licence(licence, lang))
    assert page_sizes(pdf) == [pytest.approx(A4_PORTRAIT, abs=0.01)]
    assert_fonts_embedded(pdf)
    text = text_of(pdf)
    values = [shown(v, seed.number, lang) for v in seed.data.values()]
    expected = [licence.kind_name(lang), seed.number, holder, *values,
                "长期" if lang == "zh" else "Indefinite"]
    if seed.valid_until is not None:
        expected[-1] = day_text(seed.valid_until.isoformat(), lang)
    if lang == "zh":
        expected += ["电子证照打印件", "仅供参考"]
    for value in expected:
        assert flat(str(value)) in text, f"{value!r} missing from the {seed.kind} printout ({lang})"
    assert ("长期" in text) == (lang == "zh" and seed.valid_until is None)
    assert qr_of(pdf, tmp_path) == licence_verification_path(seed.kind, seed.number)


def test_the_verification_path_encodes_a_plate_number() -> None:
    assert licence_verification_path("vehicle_licence", "湘AD3K82") == (
        "/v1/licences/verify/vehicle_licence/%E6%B9%98AD3K82")
    assert licence_verification_path("driving_licence", "430102199003071285") == (
        "/v1/licences/verify/driving_licence/430102199003071285")


def test_other_id_numbers_are_masked_but_the_licences_own_is_not(tmp_path: Path) -> None:
    own, spouse = "430102199003071285", "430521195806121357"
    licence = LicenceData("marriage_certificate", LICENCE_KINDS["marriage_certificate"], own, dt.date(2020, 5, 20),
                          None, "李晓梅", {"spouse_name": "张伟", "spouse_id_number": spouse, "id_number": own})
    pdf = tmp_path / "marriage.pdf"
    pdf.write_bytes(render_licence(licence))
    text = text_of(pdf)
    assert own in text and spouse not in text and mask_id_number(spouse) in text
    assert "spouseidnumber" in text  # an unknown key under its own name


def test_a_licence_from_the_platforms_json() -> None:
    seed = PEOPLE[0].licences[1]
    sent = Licence(kind=seed.kind, kind_name=Message(zh="机动车行驶证", en="Vehicle licence"), number=seed.number,
                   issued_on=seed.issued_on, valid_until=seed.valid_until, data=seed.data).model_dump_json()
    assert LicenceData.of(Licence.model_validate_json(sent), PEOPLE[0].name) == licence_data(PEOPLE[0].name, seed)
