namespace OpenAmi.Vmrs
{
    /// <summary>The profile's register quality values.</summary>
    public enum Quality
    {
        /// <summary>From a CRC-verified frame, or from a dialect that sends no CRC, and plausible.</summary>
        Good = 0,

        /// <summary>Failed a plausibility check: a cumulative register went down, a voltage left its band, or the clock is unusable.</summary>
        Suspect = 1,

        /// <summary>The meter stopped sending; the value is the last one known (set by the gateway runtime).</summary>
        CommsLost = 2,
    }
}
