namespace OpenAmi.Vmrs
{
    /// <summary>How a mapped register's value is written into the envelope.</summary>
    public enum RegisterValueKind
    {
        /// <summary>An exact decimal number, printed from the meter's digits.</summary>
        Number = 0,

        /// <summary>Text (an equipment id), JSON-escaped.</summary>
        Text = 1,

        /// <summary>A fixed word such as "connected".</summary>
        Enum = 2,

        /// <summary>A UTC instant, printed as ISO-8601 with Z.</summary>
        DateTime = 3,
    }
}
