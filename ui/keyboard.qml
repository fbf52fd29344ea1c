import QtQuick
import QtQuick.VirtualKeyboard

// The on-screen keyboard, embedded in the kiosk window (ui/keyboard.py): a hall terminal has no other.
InputPanel {
    // The engine behind the keys (its candidates), for the keyboard's tests.
    readonly property QtObject inputContext: InputContext
}
