namespace OpenAmi.P1.Framing
{
    /// <summary>What the checksum after '!' said about a frame.</summary>
    public enum CrcStatus
    {
        /// <summary>
        /// No CRC digits: '!' was followed by a line end or the end of the stream, as DSMR 2.2/3 and EasyMeter Q3D
        /// send it. Nothing vouches for such a frame; <see cref="FrameAcceptance"/> decides whether it is a telegram.
        /// </summary>
        None = 0,

        /// <summary>The CRC digits match the bytes from '/' through '!'.</summary>
        Ok = 1,

        /// <summary>The CRC digits do not match, or the CRC field is damaged: the frame must not be used as data.</summary>
        Bad = 2,
    }
}
