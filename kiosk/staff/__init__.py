"""Hall staff at the kiosk: the PIN lockout rule, the signed staff list, staff sessions."""
