namespace OpenAmi.Vmrs
{
    /// <summary>The choices the profile leaves to the gateway, with defaults that suit the P1 dialects.</summary>
    public sealed class MappingOptions
    {
        /// <summary>VMRS only, or everything numeric.</summary>
        public MappingMode Mode = MappingMode.Vmrs;

        /// <summary>Offset of an 'S' (summer) stamp: the DSMR and eMUCS family run on Central European time.</summary>
        public int SummerOffsetMinutes = 120;

        /// <summary>Offset of a 'W' (winter) stamp.</summary>
        public int WinterOffsetMinutes = 60;

        /// <summary>Offset for meters whose stamps carry no S/W letter; configurable per installation.</summary>
        public int NoSeasonOffsetMinutes = 60;

        /// <summary>Lowest plausible voltage; a reading below is marked suspect.</summary>
        public int VoltageMin = 0;

        /// <summary>Highest plausible voltage; a reading above is marked suspect.</summary>
        public int VoltageMax = 300;

        /// <summary>
        /// How far the meter clock may be from a trusted gateway clock before 0.0.0 is marked suspect.
        /// Checked only when the gateway clock is trusted (synchronised).
        /// </summary>
        public int ClockToleranceSeconds = 3600;
    }
}
