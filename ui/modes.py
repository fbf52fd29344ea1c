"""The visit's modes: 长辈版 (the elder mode: larger, voice on) and high contrast. Each lasts one visit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from ui.screens.base import UiContext
from ui.style import Theme, style_sheet, theme_for


def theme_of(ctx: UiContext) -> Theme:
    return theme_for(elder=ctx.elder, contrast=ctx.high_contrast)


def apply_theme(theme: Theme) -> None:
    """Swap the application's style sheet, only when it changes: a swap restyles every widget."""
    app = QApplication.instance()
    sheet = style_sheet(theme)
    if isinstance(app, QApplication) and app.styleSheet() != sheet:
        app.setStyleSheet(sheet)


class Modes:
    """Switches the modes from the home screen and the top bar; ``redraw`` shows the current screen again."""

    def __init__(self, ctx: UiContext, redraw: Callable[[], None]) -> None:
        self.ctx = ctx
        self.redraw = redraw
        self.each_visit = (False, False)  # (elder, high contrast) each visit starts in; the tour sets its own

    def set(self, *, elder: bool | None = None, contrast: bool | None = None) -> None:
        if elder is not None:
            self.ctx.elder = elder
            self.ctx.voice = self.ctx.voice or elder  # voice is on by default in the elder mode
        if contrast is not None:
            self.ctx.high_contrast = contrast
        apply_theme(theme_of(self.ctx))
        self.redraw()

    def toggle_elder(self) -> None:
        self.set(elder=not self.ctx.elder)

    def toggle_contrast(self) -> None:
        self.set(contrast=not self.ctx.high_contrast)

    def new_visit(self) -> None:
        """The next citizen starts in the standard mode; the caller redraws every screen."""
        self.ctx.elder, self.ctx.high_contrast = self.each_visit
        self.ctx.voice = self.ctx.elder
        apply_theme(theme_of(self.ctx))
