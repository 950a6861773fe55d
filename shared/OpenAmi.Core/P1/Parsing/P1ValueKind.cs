namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// What the text inside one "(...)" group looks like, decided while parsing so later readers need not
    /// scan it again. The raw bytes stay available whatever the kind.
    /// </summary>
    public enum P1ValueKind
    {
        /// <summary>"()": nothing inside.</summary>
        Empty = 0,

        /// <summary>A decimal number, optionally with "*unit": "001234.567*kWh", "0001", "000.91*A".</summary>
        Number = 1,

        /// <summary>Twelve digits and a season letter: "181106140010W".</summary>
        Timestamp = 2,

        /// <summary>Another OBIS code, as in profile buffers: "0-0:96.7.19".</summary>
        ObisReference = 3,

        /// <summary>Anything else: hex-encoded ids and messages, "TARIFF 1", very long digit runs.</summary>
        Text = 4,
    }
}
