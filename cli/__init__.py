"""The ``kiosk`` command. Headless commands import no Qt; ``run``, ``demo`` and ``tour`` load ui/ when asked."""
