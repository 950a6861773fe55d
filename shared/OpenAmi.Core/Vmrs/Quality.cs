namespace OpenAmi.Vmrs
{
    /// <summary>The profile's register quality values.</summary>
    public static class Quality
    {
        /// <summary>From a CRC-verified frame, or from a dialect that sends no CRC, and plausible.</summary>
        public const int Good = 0;

        /// <summary>Failed a plausibility check: a cumulative register went down, a voltage left its band, or the clock is unusable.</summary>
        public const int Suspect = 1;

        /// <summary>The meter stopped sending; the value is the last one known (set by the gateway runtime).</summary>
        public const int CommsLost = 2;

        private static readonly string[] Names = { "good", "suspect", "comms_lost" };

        public static string NameOf(int quality)
        {
            return Names[quality];
        }
    }
}
