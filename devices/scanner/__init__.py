"""The hall's barcode scanner: a keyboard-wedge device, which types what it reads as key presses ending in Enter.

``wedge`` tells such a burst from a person typing; the UI's key filter (ui/scanner.py) feeds it the key events.
"""
