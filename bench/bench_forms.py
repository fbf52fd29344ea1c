"""Form engine and catalogue rows, on the synthetic 10,000-item catalogue.

- forms.combined_build: choosing a 10-item package: the combined form and its steps.
  Floor: merging the ten items' field lists into one ordered set, nothing else.
- forms.validate: checking a complete combined form. Floor: the field validators called
  directly on the same values, without visibility, requirement or fan-out logic.
- catalog.load_10k: a 10,000-item bundle checked and saved into the kiosk's store.
  Floor: json.loads of the same bytes and one SQLite insert of them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tempfile
from pathlib import Path

from bench.rows import Row, medians_ms, row_ratio
from bench.synthetic import synthetic_bundle
from kiosk.catalogue import Catalogue, ScenarioPackage, parse_catalogue
from kiosk.catalogue.install import install_catalogue
from kiosk.forms.engine import CombinedForm, check_value
from kiosk.forms.samples import sample_answers
from kiosk.store import Store

TODAY = dt.date(2026, 11, 21)


def ten_item_package(catalogue: Catalogue) -> ScenarioPackage:
    return next(p for p in catalogue.packages.values() if len(p.items) == 10)


def form_rows(bundle: bytes) -> list[Row]:
    catalogue = parse_catalogue(bundle)
    package = ten_item_package(catalogue)
    items = [catalogue.items[pi.item_code] for pi in package.items]

    def build() -> None:
        CombinedForm(catalogue, package, TODAY).steps({})

    def merge() -> None:
        dict.fromkeys(key for item in items for key in item.fields)

    form = CombinedForm(catalogue, package, TODAY)
    answers = sample_answers(form.fields)
    assert form.errors(answers) == {}, "the sample answers must be a complete, valid form"

    def validate() -> None:
        form.errors(answers)

    def validators_only() -> None:
        for spec in form.fields:
            if spec.key in answers:
                check_value(spec, answers[spec.key], TODAY)

    return [
        row_ratio("forms.combined_build", *medians_ms(build, merge, 200)),
        row_ratio("forms.validate", *medians_ms(validate, validators_only, 200)),
    ]


def load_rows(bundle: bytes) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-load-") as directory:
        store = Store(Path(directory) / "state")
        raw = sqlite3.connect(Path(directory) / "floor.db")
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("CREATE TABLE bundles (bundle BLOB)")

        def install() -> None:
            install_catalogue(store, bundle)

        def floor() -> None:
            json.loads(bundle)
            with raw:
                raw.execute("INSERT INTO bundles VALUES (?)", (bundle,))

        value, floor_ms = medians_ms(install, floor, 7)
        store.close()
        raw.close()
    return [row_ratio("catalog.load_10k", value, floor_ms)]


def forms_and_catalogue_rows() -> list[Row]:
    bundle = synthetic_bundle(10_000)
    return form_rows(bundle) + load_rows(bundle)
