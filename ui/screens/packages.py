"""Packages: choose the life event ("one thing"), or a popular or everyday service, or search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.catalogue import Catalogue, ScenarioPackage, ServiceItem
from kiosk.i18n import Text
from kiosk.visit.prompts import CHOOSE
from kiosk.visit.states import State
from ui.screens.base import Screen, UiContext, button, clear, label, scrolling

if TYPE_CHECKING:
    from kiosk.catalogue.search import SearchIndex

SEARCH_HINT = Text("搜索：如“生孩子”“退休”或拼音首字母“xse”", "Search: e.g. “birth”, “retire”, or pinyin “xse”")
NO_HITS = Text(
    "没有找到相关事项，请换个说法，或到人工窗口咨询", "Nothing found. Try other words, or ask at the counter."
)
ITEMS = Text("{count} 个事项一次办", "{count} services in one visit")
SECTIONS: tuple[tuple[str, Text], ...] = (
    ("individual", Text("个人办事", "For people")),
    ("enterprise", Text("企业办事", "For businesses")),
    ("project", Text("项目审批", "Building projects")),
    ("popular", Text("热门服务", "Popular services")),
    ("livelihood", Text("民生服务", "Everyday services")),
)
COLUMNS = 3
ELDER_COLUMNS = 2


class PackagesScreen(Screen):
    name = "packages"
    states = frozenset({State.CHOOSING})

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.section = "individual"
        self.query = ""
        self._index: SearchIndex | None = None
        self._index_of: Catalogue | None = None
        self._visit_seen: object = None
        self._sections: QButtonGroup | None = None

    @property
    def catalogue(self) -> Catalogue:
        return self.ctx.session.catalogue

    def index(self) -> SearchIndex:
        """Built on first search (pinyin takes a moment), and again for a new catalogue."""
        if self._index is None or self._index_of is not self.catalogue:
            from kiosk.catalogue.search import SearchIndex

            self._index = SearchIndex.build(self.catalogue)
            self._index_of = self.catalogue
        return self._index

    def enter(self) -> None:
        self.query = ""
        if self._visit_seen is not self.visit:  # each citizen starts at the first section
            self._visit_seen = self.visit
            self.section = SECTIONS[0][0]
        super().enter()

    def refresh(self) -> None:
        clear(self.root)
        self.root.addWidget(label(self.ctx.tr(CHOOSE), "title"))
        self.search = QLineEdit(self.query)
        self.search.setObjectName("package-search")
        self.search.setPlaceholderText(self.ctx.tr(SEARCH_HINT))
        self.search.textChanged.connect(self._searched)
        self.root.addWidget(self.search)
        self.root.addLayout(self._section_row())
        self.body = QVBoxLayout()
        self.root.addLayout(self.body, 1)
        self._fill()

    def _section_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        if self._sections is not None:
            self._sections.deleteLater()  # each refresh builds new tabs: the old group goes with them
        group = self._sections = QButtonGroup(self)
        for key, title in SECTIONS:
            tab = button(self.ctx.tr(title), f"section-{key}")
            tab.setCheckable(True)
            tab.setChecked(key == self.section)
            tab.clicked.connect(lambda _c=False, k=key: self.show_section(k))
            group.addButton(tab)
            row.addWidget(tab)
        row.addStretch(1)
        return row

    def show_section(self, key: str) -> None:
        self.section = key
        self.query = ""
        self.refresh()

    def _searched(self, text: str) -> None:
        self.query = text
        self._fill()

    def _fill(self) -> None:
        clear(self.body)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(16)
        if self.query.strip():
            hits = self.index().search(self.query, limit=12)
            if not hits:
                column.addWidget(label(self.ctx.tr(NO_HITS), "muted", name="search-nothing"))
            column.addLayout(self._grid([self.catalogue.package(h.code) for h in hits]))
        elif self.section in ("popular", "livelihood"):
            for sub in next((c.children for c in self.catalogue.columns if c.key == self.section), ()):
                offers = [self.catalogue.package(i.code) for i in self.catalogue.items.values() if sub.key in i.columns]
                offers += [p for p in self.catalogue.packages.values() if sub.key in p.columns]
                if offers:
                    column.addWidget(label(self.ctx.tr(sub.name), "muted"))
                    column.addLayout(self._grid(offers))
        else:
            column.addLayout(self._grid([p for p in self.catalogue.packages.values() if p.audience == self.section]))
        column.addStretch(1)
        self.body.addWidget(scrolling(content))

    def _grid(self, offers: list[ScenarioPackage]) -> QGridLayout:
        """In the elder mode, larger buttons in fewer columns, the packages served in full here first."""
        grid = QGridLayout()
        grid.setSpacing(20)
        columns = ELDER_COLUMNS if self.ctx.elder else COLUMNS
        if self.ctx.elder:
            offers = sorted(offers, key=lambda offer: not offer.fully_modelled)
        for index, offer in enumerate(offers):
            grid.addWidget(self._offer_button(offer), index // columns, index % columns)
        return grid

    def _offer_button(self, offer: ScenarioPackage) -> QPushButton:
        lines = [self.ctx.tr(offer.named(self.ctx.elder))]
        item: ServiceItem | None = self.catalogue.items.get(offer.code)
        if item is not None:
            lines.append(self.ctx.tr(item.department))
        else:
            lines.append(self.ctx.tr(ITEMS.format(count=len(offer.items))))
        widget = button("\n".join(lines), f"package-{offer.code}", "package")
        widget.clicked.connect(lambda _checked=False, code=offer.code: self.visit.choose(code))
        return widget
