"""One file per screen. Screens talk to the citizen session and emit signals; the window navigates."""
