"""Where the bundled assets (demo catalogue, example config) live in a checkout or editable install."""

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DEMO_CATALOGUE = ASSETS / "catalog" / "demo.json"
EXAMPLE_CONFIG = ASSETS / "config" / "kiosk.example.toml"
