namespace OpenAmi.Firmware.App
{
    /// <summary>A P1 data line as the firmware sees it: whatever bytes the UART has buffered, never blocking.</summary>
    public interface IP1Line
    {
        /// <summary>Copies up to <paramref name="count"/> buffered bytes into <paramref name="buffer"/>; 0 when none.</summary>
        int Read(byte[] buffer, int offset, int count);
    }

    /// <summary>A line whose settings can change while the device runs: the line search reopens it with each candidate.</summary>
    public interface IConfigurableLine
    {
        /// <summary>Reopens the line with these settings; bytes buffered under the old ones are dropped.</summary>
        void Configure(int baudRate, int dataBits, char parity, int stopBits, bool invert);
    }

    /// <summary>One digital output (data-request line, relay, status LED), already at the board's polarity.</summary>
    public interface IOutputPin
    {
        void Write(bool high);
    }

    /// <summary>Free managed memory, for the status message and the watchdog.</summary>
    public interface IMemoryProbe
    {
        /// <summary>Free heap bytes after a collection; -1 when unknown.</summary>
        long FreeBytes();
    }

    /// <summary>Where the configuration file lives (I:\openami.conf on the device).</summary>
    public interface IConfigStore
    {
        /// <summary>The file's text, or null when there is none.</summary>
        string Read();

        /// <summary>Replaces the file's text.</summary>
        void Write(string text);
    }

    /// <summary>An output that goes nowhere, for boards without an LED or a second request line.</summary>
    public sealed class NoPin : IOutputPin
    {
        public void Write(bool high)
        {
        }
    }
}

namespace OpenAmi.Firmware.App
{
    /// <summary>Whether the device has an IP network (Wi-Fi joined, Ethernet link up, modem attached).</summary>
    public interface INetworkMonitor
    {
        bool IsUp { get; }
    }
}
