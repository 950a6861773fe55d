namespace OpenAmi.P1.Framing
{
    /// <summary>What the checksum after '!' said about a frame.</summary>
    public enum CrcStatus
    {
        /// <summary>The dialect sends no CRC (DSMR 2.2/3, EasyMeter Q3D): nothing to check.</summary>
        None = 0,

        /// <summary>The CRC digits match the bytes from '/' through '!'.</summary>
        Ok = 1,

        /// <summary>The CRC digits do not match: the frame must not be used as data.</summary>
        Bad = 2,
    }
}
