namespace OpenAmi.Firmware.App
{
    /// <summary>How a board reaches the broker.</summary>
    public enum NetworkKind
    {
        Wifi = 0,
        Ethernet = 1,
        Cellular = 2,
    }

    /// <summary>
    /// The pins and facts of one supported board. boards/*.md documents each one for the person wiring it; this is
    /// the same table for the firmware. -1 means "not on this board".
    /// </summary>
    public sealed class BoardProfile
    {
        public string Id;
        public string Name;

        /// <summary>nanoFramework firmware target for <c>nanoff --update --target</c>.</summary>
        public string NanoffTarget;

        /// <summary>UART receive pin of P1 port 1 and 2 (COM2_RX, COM3_RX).</summary>
        public int[] P1RxPins;

        /// <summary>
        /// A free pin per port for the UART's TX: the ESP32 UART opens only with both pins mapped, though P1 is
        /// receive-only. Nothing may be wired to it.
        /// </summary>
        public int[] P1TxPins;

        /// <summary>GPIO that drives the 5 V data-request line of port 1 and 2 through a transistor.</summary>
        public int[] RequestPins;

        public int RelayPin = -1;
        public int LedPin = -1;

        /// <summary>True when the LED lights with the pin low.</summary>
        public bool LedActiveLow;

        /// <summary>
        /// True when the board takes the open-collector line straight to the RX pin (with a pull-up), so the UART
        /// must invert; false when a transistor stage already inverts it.
        /// </summary>
        public bool InvertRx = true;

        public NetworkKind Network = NetworkKind.Wifi;

        /// <summary>PSRAM present: TLS needs ~35 KB of contiguous native RAM, comfortable only with PSRAM.</summary>
        public bool HasPsram;

        /// <summary>Managed heap free after boot on this module, in bytes (boards/*.md): what <see cref="HeapPlan"/> checks against.</summary>
        public int HeapBytes;

        /// <summary>
        /// What to do when the image on the board leaves less heap than <see cref="HeapBytes"/> plans for (the stock
        /// ESP32-C3 image keeps 30 KB for Bluetooth); null when there is nothing board-specific to say.
        /// </summary>
        public string HeapAdvice;

        /// <summary>Number of P1 ports the board can serve (UARTs left after the debugger and the modem).</summary>
        public int MaxPorts = 2;

        /// <summary>Modem UART pins (COM3) and power key, cellular boards only.</summary>
        public int ModemRxPin = -1;
        public int ModemTxPin = -1;
        public int ModemPowerKeyPin = -1;

        /// <summary>I2C pins of the power manager that feeds the modem (the LilyGO's AXP2101), or -1 when there is none.</summary>
        public int PmuSdaPin = -1;
        public int PmuSclPin = -1;
    }
}
