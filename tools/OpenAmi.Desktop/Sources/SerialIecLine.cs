using OpenAmi.Iec62056;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// An optical head or RS-485 adapter on Linux as the IEC 62056-21 requester's line: 7E1 at the speed the requester
/// sets, received bytes collected by a reader thread so <see cref="Read"/> never blocks, writes drained before a
/// speed change (tcdrain), as the protocol needs.
/// </summary>
public sealed class SerialIecLine : IIecLine, IDisposable
{
    private readonly string _device;
    private readonly FileStream _stream;
    private readonly Thread _reader;
    private readonly object _sync = new();
    private readonly Queue<byte> _received = new();
    private volatile bool _open = true;

    public SerialIecLine(string device)
    {
        _device = device;
        _stream = Termios.OpenSerial(device, ModeCRequester.InitialBaudRate, 7, 'E', 1);
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "iec62056-21 " + device };
        _reader.Start();
    }

    /// <summary>The speed the line is set to now.</summary>
    public int Baud { get; private set; } = ModeCRequester.InitialBaudRate;

    public void Write(byte[] data, int offset, int count)
    {
        _stream.Write(data, offset, count);
        _stream.Flush();
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        lock (_sync)
        {
            int n = 0;
            while (n < count && _received.Count > 0)
            {
                buffer[offset + n++] = _received.Dequeue();
            }

            return n;
        }
    }

    public void SetBaudRate(int baud)
    {
        if (baud == Baud)
        {
            return;
        }

        Termios.Reconfigure(_stream.SafeFileHandle, baud, 7, 'E', 1, _device);
        Baud = baud;
    }

    public void Dispose()
    {
        _open = false;
        _stream.Dispose();
    }

    private void ReadLoop()
    {
        var buffer = new byte[256];
        while (_open)
        {
            int n;
            try
            {
                n = _stream.Read(buffer, 0, buffer.Length);
            }
            catch (Exception) when (!_open)
            {
                return;
            }
            catch (IOException)
            {
                return;
            }

            if (n <= 0)
            {
                Thread.Sleep(5);
                continue;
            }

            lock (_sync)
            {
                for (int i = 0; i < n; i++)
                {
                    _received.Enqueue(buffer[i]);
                }
            }
        }
    }
}
