import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import QtQuick.VirtualKeyboard.Styles

// The on-screen keyboard, embedded in the kiosk window (ui/keyboard.py): a hall terminal has no other.
// The panel keeps its keys' proportions, so its width sets its height: across the whole 1920 px window it
// would be 600 px tall, over half the screen. At most 1200 px wide (375 tall, keys ~24 mm wide), centred.
Item {
    id: band

    readonly property real widest: 1200
    // The pinyin candidates are tapped like keys: the style's bar is 40 px (10 mm) at this width, its words 20 px.
    readonly property real candidateHeight: 64  // 16 mm
    readonly property real candidateText: 32
    // For the keyboard's tests: the keys, and the engine behind them (its candidates).
    property alias keyboard: panel.keyboard
    readonly property QtObject inputContext: InputContext
    // A key the field's layout lacks, shown beside the panel (ui/keyboard.py sets it from the field being edited):
    // an ID number's X beside the digits. Coloured like the kiosk's buttons in its theme.
    property string extraKey: ""
    property color extraKeyColour: "#b3261e"
    property color extraKeyText: "white"

    implicitHeight: panel.implicitHeight
    // The pinyin candidate bar stays in place, empty between words: it does not slide in (250 ms) at each
    // word's first letter, and the panel and the screens above it do not jump.
    Component.onCompleted: VirtualKeyboardSettings.wordCandidateList.alwaysVisible = true

    Rectangle {
        anchors.fill: parent
        color: "#263238"  // the default style's own background
    }
    InputPanel {
        id: panel
        width: Math.min(band.width, band.widest)
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
    }
    Rectangle {
        objectName: "extraKey"
        // The keys drawn: for the digits layout a square block, centred on the panel.
        readonly property Item keys: panel.keyboard.keyboardLayoutLoader.item

        visible: band.extraKey !== "" && keys !== null && x + width <= band.width
        width: keys ? keys.height / 2 : 0  // two rows of keys tall: 184 px, 46 mm
        height: width
        radius: 12
        x: keys ? panel.x + (panel.width + keys.height) / 2 + 24 : 0
        anchors.verticalCenter: panel.verticalCenter
        color: tap.pressed ? Qt.darker(band.extraKeyColour, 1.3) : band.extraKeyColour
        Text {
            anchors.centerIn: parent
            text: band.extraKey
            color: band.extraKeyText
            font.pixelSize: 96
            font.bold: true
        }
        MouseArea {
            id: tap
            anchors.fill: parent
            onClicked: InputContext.inputEngine.virtualKeyClick(band.extraKey.charCodeAt(0), band.extraKey,
                                                                Qt.NoModifier)
        }
    }
    Connections {
        target: panel.keyboard.style
        // The style dims the language named on the space bar a second after it shows: 3:1 on its key. Kept at 7:1.
        function onInputLocaleIndicatorOpacityChanged() { panel.keyboard.style.inputLocaleIndicatorOpacity = 1 }
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "selectionListHeight"
        value: band.candidateHeight
    }
    Binding {
        when: panel.keyboard.style !== null
        target: panel.keyboard.style
        property: "selectionListDelegate"
        value: candidate
    }
    Component {
        id: candidate

        SelectionListItem {
            id: item

            width: Math.max(word.implicitWidth + band.candidateText, band.candidateHeight)
            Text {
                id: word
                anchors.centerIn: parent
                text: display
                color: item.ListView.isCurrentItem ? "#aee571" : "white"  // both over 7:1 on the band
                font.pixelSize: band.candidateText
            }
        }
    }
}
