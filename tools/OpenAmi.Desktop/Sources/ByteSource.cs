using System.IO.Ports;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OpenAmi.Gateway;
using OpenAmi.Meters;
using OpenAmi.P1.Values;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// A P1 byte stream on its own thread: a capture file (at the meter's pace, or as fast as possible), a serial port
/// (System.IO.Ports, so a USB P1 cable works on Linux, Windows and macOS), or a TCP connection to a serial server.
/// Live sources are reopened after a failure or a drop (a USB cable may be plugged in later). Bytes go to
/// <c>onBytes</c> as they come; every change of the source's problem goes to <c>onProblem</c> at once.
/// </summary>
public sealed partial class ByteSource
{
    private readonly SourceSpec _spec;
    private readonly bool _fast;
    private readonly Action<byte[], int> _onBytes;
    private readonly Action<ByteSource, string?>? _onProblem;
    private Thread? _thread;
    private volatile bool _running;
    private IDisposable? _open;

    public ByteSource(SourceSpec spec, bool fast, Action<byte[], int> onBytes, Action<ByteSource, string?>? onProblem = null)
    {
        _spec = spec;
        _fast = fast;
        _onBytes = onBytes;
        _onProblem = onProblem;
    }

    public SourceSpec Spec => _spec;

    /// <summary>True once a file source has delivered its last byte (live sources never end).</summary>
    public bool Ended { get; private set; }

    /// <summary>What keeps the source from delivering (cannot open, closed), or null while it is open.</summary>
    public string? LastError { get; private set; }

    /// <summary>Bytes delivered so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>What serial:DEVICE:auto tries: no polarity step on a desktop's USB cable, which inverts by itself.</summary>
    public static readonly (int Baud, int DataBits, char Parity, string Text)[] AutoCandidates =
        [(115200, 8, 'N', "115200-8N1"), (9600, 7, 'E', "9600-7E1")];

    /// <summary>serial:DEVICE:auto: the port's counts of frames taken as data and refused, read by the line search.</summary>
    public Func<(long Valid, long Refused)>? FrameCounts { get; init; }

    /// <summary>
    /// serial:DEVICE:auto: the line now tries (searching) or has locked these settings ("9600-7E1"), with
    /// GatewayRuntime's LineSearching or LineLocked; after a switch the port's half-read frame is stale.
    /// </summary>
    public Action<ByteSource, string, int>? LineChanged { get; init; }

    /// <summary>Opens the serial device with a speed and framing (tests give a simulated one).</summary>
    public Func<int, int, char, (Stream Stream, IDisposable Owner)>? SerialOpener { get; init; }

    /// <summary>Monotonic milliseconds for the line search (tests give a simulated clock).</summary>
    public Func<long> ClockMs { get; init; } = () => Environment.TickCount64;

    /// <summary>serial:DEVICE:auto: the settings the line runs with now, and whether the search locked them.</summary>
    public string? Line { get; private set; }

    public bool LineLocked { get; private set; }

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
            _open?.Dispose();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Why a capture file cannot be read (missing, a directory, not readable), or null.</summary>
    public static string? FileProblem(string path)
    {
        if (Directory.Exists(path))
        {
            return $"{path} is a directory, not a capture file";
        }

        if (!System.IO.File.Exists(path))
        {
            return $"no such file: {path}";
        }

        try
        {
            using FileStream probe = System.IO.File.OpenRead(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {path}: {e.Message}";
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

        if (capture.Length == 0)
        {
            return frames;
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

    /// <summary>True when a chunk from <see cref="Paced"/> starts a telegram ('/' or an encrypted frame's 0xDB 0x08).</summary>
    public static bool IsTelegramStart(byte[] chunk) =>
        chunk.Length > 0 && (chunk[0] == (byte)'/' || (chunk[0] == 0xDB && chunk.Length > 1 && chunk[1] == 0x08));

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
                case SourceSpec.Serial when _spec.Auto:
                    RunSerialAuto();
                    break;
                case SourceSpec.Serial:
                    RunStream(() => (SerialOpener ?? OpenSerial)(_spec.Baud, _spec.DataBits, _spec.Parity));
                    break;
                default:
                    RunStream(() =>
                    {
                        var tcp = new TcpClient();
                        try
                        {
                            tcp.Connect(_spec.Target, _spec.Port);
                        }
                        catch
                        {
                            tcp.Dispose();
                            throw;
                        }

                        return (tcp.GetStream(), tcp);
                    });
                    break;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SetProblem($"cannot read {_spec.Target}: {e.Message}");
        }
        finally
        {
            Ended = _spec.Kind == SourceSpec.File;
        }
    }

    private (Stream, IDisposable) OpenSerial(int baud, int dataBits, char parity)
    {
        if (SerialDevices.Problem(_spec.Target) is string missing)
        {
            throw new IOException(missing);
        }

        SerialNative.Install();
        var port = new SerialPort(_spec.Target, baud, parity switch { 'E' => Parity.Even, 'O' => Parity.Odd, _ => Parity.None },
            dataBits, _spec.StopBits == 2 ? StopBits.Two : StopBits.One)
        {
            Handshake = Handshake.None,
            // Auto wakes up now and then to move the search on through a line that delivers nothing at all.
            ReadTimeout = _spec.Auto ? 500 : SerialPort.InfiniteTimeout,
        };
        try
        {
            port.Open();
            return (port.BaseStream, port);
        }
        catch
        {
            port.Dispose();
            throw;
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
    private void RunStream(Func<(Stream Stream, IDisposable Owner)> open)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        byte[] buffer = new byte[4096];
        while (_running)
        {
            try
            {
                var (stream, owner) = open();
                using (owner)
                {
                    _open = owner;
                    if (!_running)
                    {
                        return;
                    }

                    SetProblem(null);
                    delay = TimeSpan.FromMilliseconds(500);
                    int n;
                    while (_running && (n = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        BytesRead += n;
                        _onBytes(buffer, n);
                    }
                }

                if (_running)
                {
                    SetProblem($"{_spec} closed the connection; reopening");
                }
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or ObjectDisposedException
                or InvalidOperationException or ArgumentException or OperationCanceledException or TimeoutException)
            {
                if (_running)
                {
                    SetProblem($"cannot read {_spec}: {e.Message.TrimEnd('.', ' ')}; retrying (a cable may be plugged in later)");
                }
            }

            if (_running)
            {
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    // serial:DEVICE:auto: each candidate is read until the line search moves on or locks one (core LineSearch: two
    // consecutive valid frames lock, a candidate without one for its dwell is left, a locked line silent for a minute is
    // searched again); the device is reopened for each candidate, and after a failure as any serial source is.
    private void RunSerialAuto()
    {
        var search = new LineSearch(AutoCandidates.Length, 0, ClockMs());
        Func<int, int, char, (Stream, IDisposable)> open = SerialOpener ?? OpenSerial;
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        byte[] buffer = new byte[4096];
        Announce(search, GatewayRuntime.LineSearching);
        while (_running)
        {
            var candidate = AutoCandidates[search.Current];
            try
            {
                var (stream, owner) = open(candidate.Baud, candidate.DataBits, candidate.Parity);
                using (owner)
                {
                    _open = owner;
                    SetProblem(null);
                    delay = TimeSpan.FromMilliseconds(500);
                    bool reopen = false;
                    while (_running && !reopen)
                    {
                        int n;
                        try
                        {
                            n = stream.Read(buffer, 0, buffer.Length);
                        }
                        catch (TimeoutException)
                        {
                            n = -1;
                        }

                        if (n == 0)
                        {
                            break;
                        }

                        if (n > 0)
                        {
                            BytesRead += n;
                            _onBytes(buffer, n);
                        }

                        (long valid, long refused) = FrameCounts?.Invoke() ?? (0, 0);
                        switch (search.Update(ClockMs(), valid, refused))
                        {
                            case LineSearch.Switched:
                                Announce(search, GatewayRuntime.LineSearching);
                                reopen = true;
                                break;
                            case LineSearch.LockedNow:
                                Announce(search, GatewayRuntime.LineLocked);
                                break;
                            case LineSearch.Lost:
                                Announce(search, GatewayRuntime.LineSearching);
                                break;
                        }
                    }

                    if (_running && !reopen)
                    {
                        SetProblem($"{_spec} closed the connection; reopening");
                    }
                    else if (reopen)
                    {
                        continue;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException
                or ArgumentException or OperationCanceledException)
            {
                if (_running)
                {
                    SetProblem($"cannot read {_spec}: {e.Message.TrimEnd('.', ' ')}; retrying (a cable may be plugged in later)");
                }
            }

            if (_running)
            {
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void Announce(LineSearch search, int state)
    {
        Line = AutoCandidates[search.Current].Text;
        LineLocked = state == GatewayRuntime.LineLocked;
        LineChanged?.Invoke(this, Line, state);
    }

    // Reports a change of problem once (not at every retry).
    private void SetProblem(string? problem)
    {
        string? before = LastError;
        LastError = problem;
        if (problem != before && (problem == null || before == null || Stem(problem) != Stem(before)))
        {
            _onProblem?.Invoke(this, problem);
        }

        static string Stem(string text) => text.Split("; retrying", 2)[0];
    }
}
