namespace OpenAmi.Vmrs
{
    /// <summary>Which registers an envelope carries.</summary>
    public enum MappingMode
    {
        /// <summary>Only the VMRS registers the meter provides (the default).</summary>
        Vmrs = 0,

        /// <summary>VMRS plus every other numeric register, and M-Bus sub-meters as meters of their own.</summary>
        Full = 1,
    }
}
