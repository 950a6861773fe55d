namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>The modem's UART: non-blocking reads of what has arrived, and writes.</summary>
    public interface IModemPort
    {
        /// <summary>Copies up to <paramref name="count"/> buffered bytes; 0 when none.</summary>
        int Read(byte[] buffer, int offset, int count);

        void Write(byte[] buffer, int offset, int count);
    }
}
