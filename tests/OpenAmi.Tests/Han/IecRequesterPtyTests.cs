using System.Text;
using OpenAmi.Desktop.Sources;
using OpenAmi.P1.Framing;
using Xunit;

namespace OpenAmi.Tests.Han;

/// <summary>
/// The IEC 62056-21 mode C requester against a simulated meter on the other side of a pseudo-terminal: the meter
/// answers the sign-on only at 300 baud, and sends its data only once the line has switched to the speed the
/// acknowledgement chose, so a requester that does not switch reads nothing.
/// </summary>
public class IecRequesterPtyTests
{
    private const string Data = "F.F(00000000)\r\n0.0.0(1240007670003202)\r\n1.8.1(022108.7*kWh)\r\n31.7.0(+000.8*A)\r\n!\r\n";

    [Fact]
    public void ReadsAMeterThroughAPtyWithTheBaudSwitch()
    {
        using var meter = new SimulatedMeter("/ITR5EM214\r\n", Data, corruptBcc: false);
        IecReadout.Result result = IecReadout.Run(meter.Path, 9600, null, TimeSpan.FromSeconds(30));
        Assert.Null(result.Error);
        Assert.Equal(CrcStatus.Ok, result.Check);
        Assert.Equal(9600, result.Baud);
        Assert.Equal("/ITR5EM214", result.Identification);
        Assert.Equal(9600, meter.DataSentAtBaud);
        string text = Encoding.ASCII.GetString(result.Text!);
        Assert.Contains("1.8.1(022108.7*kWh)", text);
        Assert.EndsWith("!", text);
    }

    [Fact]
    public void ABadBccIsReportedBad()
    {
        using var meter = new SimulatedMeter("/ITR4EM214\r\n", Data, corruptBcc: true);
        IecReadout.Result result = IecReadout.Run(meter.Path, 9600, null, TimeSpan.FromSeconds(30));
        Assert.Equal(CrcStatus.Bad, result.Check);
        Assert.Equal(4800, meter.DataSentAtBaud);
    }

    [Fact]
    public void ASilentLineFailsWithAReason()
    {
        using var meter = new SimulatedMeter(null, Data, corruptBcc: false);
        IecReadout.Result result = IecReadout.Run(meter.Path, 9600, null, TimeSpan.FromSeconds(30));
        Assert.Null(result.Text);
        Assert.Contains("no answer", result.Error);
    }

    /// <summary>The meter side of a pty: reads requests on the master, watches the line speed the reader set.</summary>
    private sealed class SimulatedMeter : IDisposable
    {
        private readonly PseudoTerminal _pty;
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly string? _identification;
        private readonly string _data;
        private readonly bool _corruptBcc;
        private volatile bool _running = true;

        public SimulatedMeter(string? identification, string data, bool corruptBcc)
        {
            _identification = identification;
            _data = data;
            _corruptBcc = corruptBcc;
            _pty = PseudoTerminal.Create();
            Path = _pty.SlavePath;
            _thread = new Thread(Run) { IsBackground = true };
            _thread.Start();
        }

        public string Path { get; }

        public int DataSentAtBaud { get; private set; }

        public void Dispose()
        {
            _running = false;
            _stop.Cancel();
            _thread.Join(TimeSpan.FromSeconds(5));
            _pty.Dispose();
            _stop.Dispose();
        }

        // The speed the requester set its end of the line to: the meter answers only at the right one.
        private int LineBaud() => _pty.LineBaud();

        private void Run()
        {
            var received = new StringBuilder();
            var buffer = new byte[64];
            try
            {
                // Until the requester opens the line, reading the master fails at once (nobody on the other end).
                if (!_pty.WaitForReader(_stop.Token))
                {
                    return;
                }

                while (_running)
                {
                    int n = _pty.Master.Read(buffer, 0, buffer.Length);
                    if (n <= 0)
                    {
                        continue;
                    }

                    received.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    string text = received.ToString();
                    if (text.StartsWith("/?", StringComparison.Ordinal) && text.EndsWith("!\r\n", StringComparison.Ordinal))
                    {
                        received.Clear();
                        if (_identification != null && LineBaud() == 300)
                        {
                            Send(_identification);
                        }
                    }
                    else if (text.Length >= 6 && text[0] == '\u0006' && text.EndsWith("\r\n", StringComparison.Ordinal))
                    {
                        received.Clear();
                        int wanted = 300 << (text[2] - '0');
                        var deadline = DateTime.UtcNow.AddSeconds(5);
                        while (LineBaud() != wanted && DateTime.UtcNow < deadline)
                        {
                            Thread.Sleep(10);
                        }

                        if (LineBaud() != wanted)
                        {
                            continue;
                        }

                        DataSentAtBaud = wanted;
                        byte[] body = Encoding.ASCII.GetBytes(_data + "\u0003");
                        int bcc = 0;
                        foreach (byte b in body)
                        {
                            bcc ^= b;
                        }

                        _pty.Master.Write([0x02]);
                        _pty.Master.Write(body);
                        _pty.Master.Write([(byte)(_corruptBcc ? bcc ^ 0x55 : bcc)]);
                        _pty.Master.Flush();
                    }
                }
            }
            catch (Exception) when (!_running)
            {
            }
            catch (IOException)
            {
            }
        }

        private void Send(string text)
        {
            _pty.Master.Write(Encoding.ASCII.GetBytes(text));
            _pty.Master.Flush();
        }
    }
}
