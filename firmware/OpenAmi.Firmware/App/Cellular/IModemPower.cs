namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>The modem's power: its PWRKEY line and, where the board has a power manager, its supply.</summary>
    public interface IModemPower
    {
        /// <summary>
        /// Pulls PWRKEY low (pressed) or lets it go. Held for about a second, it switches the SIM7080 on, or off when
        /// it is on (LilyGO's board: GPIO41 drives PWRKEY through a transistor, so "pressed" is the pin high).
        /// </summary>
        void SetPowerKey(bool pressed);

        /// <summary>Switches the modem's supply (the AXP2101's DC3 on the LilyGO board); false when the board cannot.</summary>
        bool SetSupply(bool on);
    }
}
