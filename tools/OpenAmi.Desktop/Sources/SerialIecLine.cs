using System.Diagnostics;
using System.IO.Ports;
using OpenAmi.Iec62056;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// An optical head or RS-485 adapter as the IEC 62056-21 requester's line, through System.IO.Ports like every serial
/// source: 7E1 at the speed the requester sets. <see cref="Read"/> takes only what has arrived, so it never blocks;
/// a speed change waits first for the bytes still queued to leave at the old speed (the acknowledgement that
/// announces the switch must go out at 300 baud).
/// </summary>
public sealed class SerialIecLine : IIecLine, IDisposable
{
    // The longest a queued write may take to leave before a switch: a few bytes at 300 baud, with room to spare.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private readonly SerialPort _port;

    /// <summary>Opens <paramref name="device"/> at the sign-on speed; an <see cref="IOException"/> says why it cannot be.</summary>
    public SerialIecLine(string device)
    {
        if (SerialDevices.Problem(device) is string missing)
        {
            throw new IOException(missing);
        }

        SerialNative.Install();
        _port = new SerialPort(device, ModeCRequester.InitialBaudRate, Parity.Even, 7, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = SerialPort.InfiniteTimeout,
        };
        try
        {
            _port.Open();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            _port.Dispose();
            string hint = e is UnauthorizedAccessException ? "; check that you may use it (the dialout group on Linux)" : "";
            throw new IOException($"cannot open {device}: {e.Message.TrimEnd('.', ' ')}{hint}", e);
        }
        catch
        {
            _port.Dispose();
            throw;
        }
    }

    /// <summary>The speed the line is set to now.</summary>
    public int Baud => _port.BaudRate;

    public void Write(byte[] data, int offset, int count)
    {
        // Never Flush(): on Unix it discards what is queued instead of sending it.
        _port.Write(data, offset, count);
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        int available = _port.BytesToRead;
        return available <= 0 ? 0 : _port.Read(buffer, offset, Math.Min(count, available));
    }

    public void SetBaudRate(int baud)
    {
        if (baud == _port.BaudRate)
        {
            return;
        }

        var waited = Stopwatch.StartNew();
        while (_port.BytesToWrite > 0 && waited.Elapsed < DrainLimit)
        {
            Thread.Sleep(5);
        }

        _port.BaudRate = baud;
    }

    public void Dispose() => _port.Dispose();
}
