"""Packages: choose the life event ("one thing") to handle."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton

from kiosk.catalogue import ScenarioPackage
from kiosk.i18n import Text
from ui.screens.base import Screen, button, clear, label

CHOOSE = Text("请选择您要办理的事情", "What would you like to do today?")
ITEMS = Text("{count} 个事项一次办", "{count} services in one visit")


class PackagesScreen(Screen):
    name = "packages"
    chosen = Signal(str)

    def refresh(self) -> None:
        clear(self.root)
        self.root.addWidget(label(self.ctx.tr(CHOOSE), "title"))
        grid = QGridLayout()
        grid.setSpacing(24)
        for index, package in enumerate(self.ctx.session.packages()):
            grid.addWidget(self._package_button(package), index // 2, index % 2)
        self.root.addLayout(grid)
        self.root.addStretch(1)

    def _package_button(self, package: ScenarioPackage) -> QPushButton:
        lines = [self.ctx.tr(package.name)]
        if package.summary is not None:
            lines.append(self.ctx.tr(package.summary))
        lines.append(self.ctx.tr(ITEMS.format(count=len(package.items))))
        widget = button("\n".join(lines), f"package-{package.code}", "package")
        widget.clicked.connect(lambda _checked=False, code=package.code: self.chosen.emit(code))
        return widget
