using System.Net.Sockets;
using System.Text.RegularExpressions;
using OpenAmi.P1.Values;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// A P1 byte stream on its own thread: a capture file (at the meter's pace, or as fast as possible), a raw serial
/// port, or a TCP connection to a serial server (reconnected after a drop). Bytes go to <c>onBytes</c> as they come.
/// </summary>
public sealed partial class ByteSource
{
    private readonly SourceSpec _spec;
    private readonly bool _fast;
    private readonly Action<byte[], int> _onBytes;
    private Thread? _thread;
    private volatile bool _running;
    private Stream? _stream;

    public ByteSource(SourceSpec spec, bool fast, Action<byte[], int> onBytes)
    {
        _spec = spec;
        _fast = fast;
        _onBytes = onBytes;
    }

    public SourceSpec Spec => _spec;

    /// <summary>True once a file source has delivered its last byte (live sources never end).</summary>
    public bool Ended { get; private set; }

    /// <summary>The last error of a live source (for the status line), or null.</summary>
    public string? LastError { get; private set; }

    public void Start()
    {
        _running = true;
        _thread = new Thread(Run) { IsBackground = true, Name = "source " + _spec };
        _thread.Start();
    }

    public void Stop()
    {
        _running = false;
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Splits a capture into its frames with the pause before each: the difference of the meter clocks
    /// (0-0:1.0.0), or one second when a frame has none; encrypted frames are sent a second apart.
    /// </summary>
    public static List<(byte[] Bytes, TimeSpan Pause)> Paced(byte[] capture)
    {
        var frames = new List<(byte[], TimeSpan)>();
        var starts = new List<int>();
        for (int i = 0; i < capture.Length; i++)
        {
            bool lineStart = i == 0 || capture[i - 1] == (byte)'\n';
            if ((capture[i] == (byte)'/' && lineStart) || (capture[i] == 0xDB && i + 1 < capture.Length && capture[i + 1] == 0x08))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return [(capture, TimeSpan.Zero)];
        }

        if (starts[0] > 0)
        {
            starts.Insert(0, 0);
        }

        long? lastClock = null;
        for (int k = 0; k < starts.Count; k++)
        {
            int end = k + 1 < starts.Count ? starts[k + 1] : capture.Length;
            byte[] bytes = capture[starts[k]..end];
            long? clock = ClockOf(bytes);
            TimeSpan pause = k == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(1);
            if (k > 0 && clock != null && lastClock != null)
            {
                pause = TimeSpan.FromSeconds(Math.Clamp(clock.Value - lastClock.Value, 0, 3600));
            }

            lastClock = clock ?? lastClock;
            frames.Add((bytes, pause));
        }

        return frames;
    }

    private static long? ClockOf(byte[] frame)
    {
        Match m = ClockPattern().Match(System.Text.Encoding.Latin1.GetString(frame));
        if (!m.Success)
        {
            return null;
        }

        byte[] text = System.Text.Encoding.ASCII.GetBytes(m.Groups[1].Value);
        return P1Timestamp.TryParse(text, 0, text.Length, out P1Timestamp stamp) && stamp.IsValid ? stamp.ToUnixSeconds(120, 60, 60) : null;
    }

    [GeneratedRegex(@"0-0:1\.0\.0\((\d{12}[SWsw]?)\)")]
    private static partial Regex ClockPattern();

    private void Run()
    {
        try
        {
            switch (_spec.Kind)
            {
                case SourceSpec.File:
                    RunFile();
                    break;
                case SourceSpec.Serial:
                    RunStream(() => Termios.OpenSerial(_spec.Target, _spec.Baud, _spec.DataBits, _spec.Parity, _spec.StopBits));
                    break;
                default:
                    RunStream(() =>
                    {
                        var tcp = new TcpClient();
                        tcp.Connect(_spec.Target, _spec.Port);
                        return tcp.GetStream();
                    });
                    break;
            }
        }
        finally
        {
            Ended = _spec.Kind == SourceSpec.File;
        }
    }

    private void RunFile()
    {
        if (_fast)
        {
            // Streamed through one buffer, so a capture of any size is read in bounded memory.
            using FileStream file = File.OpenRead(_spec.Target);
            byte[] buffer = new byte[4096];
            int n;
            while (_running && (n = file.Read(buffer, 0, buffer.Length)) > 0)
            {
                _onBytes(buffer, n);
            }

            return;
        }

        byte[] capture = File.ReadAllBytes(_spec.Target);
        foreach (var (bytes, pause) in Paced(capture))
        {
            if (!_running)
            {
                return;
            }

            Thread.Sleep(pause);
            _onBytes(bytes, bytes.Length);
        }
    }

    // Serial and TCP: read until stopped, reopening after an error with a growing pause.
    private void RunStream(Func<Stream> open)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        byte[] buffer = new byte[4096];
        while (_running)
        {
            try
            {
                using Stream stream = open();
                _stream = stream;
                LastError = null;
                delay = TimeSpan.FromMilliseconds(500);
                int n;
                while (_running && (n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    _onBytes(buffer, n);
                }

                LastError = "the source closed";
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or ObjectDisposedException)
            {
                LastError = e.Message;
            }

            if (_running)
            {
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
