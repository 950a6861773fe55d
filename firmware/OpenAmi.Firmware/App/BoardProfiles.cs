namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// The supported boards. Pins avoid strapping pins, flash/PSRAM pins and, on the Olimex ESP32-POE, the RMII
    /// Ethernet pins. Keep in step with boards/*.md.
    /// </summary>
    public static class BoardProfiles
    {
        private static readonly BoardProfile[] All =
        {
            new BoardProfile
            {
                Id = "devkitc-wroom", Name = "Espressif ESP32-DevKitC (WROOM-32, no PSRAM)", NanoffTarget = "ESP32_REV3",
                P1RxPins = new[] { 32, 26 }, P1TxPins = new[] { 33, 27 }, RequestPins = new[] { 25, 4 },
                RelayPin = 23, LedPin = 2, Network = NetworkKind.Wifi, HasPsram = false, HeapBytes = 80 * 1024,
            },
            new BoardProfile
            {
                Id = "devkitc-wrover", Name = "Espressif ESP32-DevKitC (WROVER, PSRAM)", NanoffTarget = "ESP32_PSRAM_REV3",
                P1RxPins = new[] { 32, 26 }, P1TxPins = new[] { 33, 27 }, RequestPins = new[] { 25, 4 },
                RelayPin = 23, LedPin = 2, Network = NetworkKind.Wifi, HasPsram = true, HeapBytes = 3 * 1024 * 1024,
            },
            new BoardProfile
            {
                Id = "olimex-esp32-poe", Name = "Olimex ESP32-POE (Ethernet)", NanoffTarget = "ESP32_OLIMEX",
                P1RxPins = new[] { 36, 39 }, P1TxPins = new[] { 4, 5 }, RequestPins = new[] { 13, 14 },
                RelayPin = 15, LedPin = 32, Network = NetworkKind.Ethernet, HasPsram = false, HeapBytes = 80 * 1024,
            },
            new BoardProfile
            {
                Id = "olimex-esp32-poe-wrover", Name = "Olimex ESP32-POE-WROVER (Ethernet, PSRAM)", NanoffTarget = "ESP32_OLIMEX_WROVER",
                P1RxPins = new[] { 36, 39 }, P1TxPins = new[] { 4, 5 }, RequestPins = new[] { 13, 14 },
                RelayPin = 15, LedPin = 32, Network = NetworkKind.Ethernet, HasPsram = true, HeapBytes = 3 * 1024 * 1024,
            },
            new BoardProfile
            {
                Id = "esp32c3-dongle", Name = "ESP32-C3 SuperMini dongle", NanoffTarget = "ESP32_C3_REV3",
                P1RxPins = new[] { 3 }, P1TxPins = new[] { 4 }, RequestPins = new[] { 5 },
                RelayPin = -1, LedPin = 8, LedActiveLow = true, Network = NetworkKind.Wifi, HasPsram = false, MaxPorts = 1,

                // With a Bluetooth-free image: nanoFramework's cap for the managed heap without PSRAM (nf-interpreter
                // targets/ESP32/_nanoCLR/Memory.cpp); the stock image, with Bluetooth, gets 54,472 B.
                HeapBytes = 84 * 1024,
                HeapAdvice = "the stock ESP32_C3 image keeps 30 KB for Bluetooth and leaves too little: flash a Bluetooth-free ESP32-C3 image (boards/esp32c3-dongle.md)",
            },
            new BoardProfile
            {
                Id = "lilygo-t-sim7080g", Name = "LilyGO T-SIM7080G-S3 (cellular)", NanoffTarget = "ESP32_S3_ALL",
                P1RxPins = new[] { 17 }, P1TxPins = new[] { 18 }, RequestPins = new[] { 16 },
                RelayPin = -1, LedPin = -1, Network = NetworkKind.Cellular, HasPsram = true, MaxPorts = 1, HeapBytes = 3 * 1024 * 1024,
                ModemRxPin = 4, ModemTxPin = 5, ModemPowerKeyPin = 41, PmuSdaPin = 15, PmuSclPin = 7,
            },
        };

        /// <summary>The profile with this id, or null.</summary>
        public static BoardProfile Find(string id)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i].Id == id)
                {
                    return All[i];
                }
            }

            return null;
        }

        /// <summary>Every id, for error messages: "devkitc-wroom, devkitc-wrover, …".</summary>
        public static string Ids()
        {
            string ids = "";
            for (int i = 0; i < All.Length; i++)
            {
                ids = i == 0 ? All[i].Id : ids + ", " + All[i].Id;
            }

            return ids;
        }

        public static int Count
        {
            get { return All.Length; }
        }

        public static BoardProfile At(int index)
        {
            return All[index];
        }
    }
}
