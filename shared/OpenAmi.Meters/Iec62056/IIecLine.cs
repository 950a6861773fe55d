namespace OpenAmi.Iec62056
{
    /// <summary>
    /// The serial line of an optical head or RS-485 port, as the IEC 62056-21 requester needs it: 7 data bits, even
    /// parity, one stop bit, at a baud rate the requester changes during a readout.
    /// </summary>
    public interface IIecLine
    {
        /// <summary>Sends bytes (the line may buffer them; see <see cref="ModeCRequester"/> for the wait before a switch).</summary>
        void Write(byte[] data, int offset, int count);

        /// <summary>Copies up to <paramref name="count"/> received bytes into <paramref name="buffer"/>; 0 when none, never blocks.</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Changes the baud rate (7E1 stays).</summary>
        void SetBaudRate(int baud);
    }
}
