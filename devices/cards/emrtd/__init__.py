"""ICAO 9303 electronic machine-readable travel documents: Basic Access Control and secure messaging."""
