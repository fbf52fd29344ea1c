"""The form engine: one combined form per scenario package. Qt-free; the platform runs it too."""
