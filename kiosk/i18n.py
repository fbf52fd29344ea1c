"""Bilingual text: every string a citizen sees exists in Chinese and English."""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


class Text(NamedTuple):
    """A message in both interface languages."""

    zh: str
    en: str

    def __call__(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))

    @classmethod
    def from_json(cls, data: object) -> Text:
        """Build from a catalogue value: ``{"zh": ..., "en": ...}`` or a plain string for both."""
        if isinstance(data, str):
            return cls(data, data)
        if isinstance(data, dict) and isinstance(data.get("zh"), str):
            zh = data["zh"]
            en = data.get("en")
            return cls(zh, en if isinstance(en, str) else zh)
        raise ValueError(f"expected a text with 'zh' and 'en', got {data!r}")
