using OpenAmi.Desktop.Gateway;
using OpenAmi.Desktop.Sources;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// serial:DEVICE:auto on the Linux gateway: the source tries 115200 8N1 and 9600 7E1 (no polarity step: a USB P1
/// cable inverts by itself) over a simulated serial device that delivers garbage until the meter's own settings are
/// chosen, and the locked line goes into the status.
/// </summary>
public class SerialAutoLineTests
{
    [Fact]
    public void TheSpecAcceptsAutoAlone()
    {
        Assert.True(SourceSpec.TryParse("serial:/dev/ttyUSB0:auto", out SourceSpec spec, out _));
        Assert.True(spec.Auto);
        Assert.Equal("serial:/dev/ttyUSB0:auto", spec.ToString());
        Assert.False(SourceSpec.TryParse("serial:/dev/ttyUSB0:auto:8N1", out _, out string error));
        Assert.Contains("auto finds the speed and the framing", error);
    }

    [Fact]
    public void ADsmr22MeterIsFoundAt9600SevenEvenOneAndTheStatusSaysSo()
    {
        var clock = new FakeClock { UtcNowUnix = 1_780_000_000, TickMs = 1000 };
        var link = new FakeLink();
        var runtime = new GatewayRuntime(new GatewayOptions { FeederId = "f", GatewayId = "g", IntervalSeconds = 0 }, clock,
            new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), link);
        runtime.Start();
        link.Connect();
        var pipeline = new PortPipeline(runtime, 0, null, null);
        var meter = new SimulatedMeterDevice(9600, 7, 'E', Telegrams.Dsmr22Kamstrup, clock);
        var lines = new List<(string Line, int State)>();
        Assert.True(SourceSpec.TryParse("serial:/dev/ttyUSB9:auto", out SourceSpec spec, out _));
        var source = new ByteSource(spec, false, pipeline.Write)
        {
            FrameCounts = pipeline.Counts,
            SerialOpener = meter.Open,
            ClockMs = () => meter.NowMs,
            LineChanged = (_, line, state) =>
            {
                lock (lines)
                {
                    lines.Add((line, state));
                }

                if (state == GatewayRuntime.LineSearching)
                {
                    pipeline.Reset();
                }

                runtime.ReportLine(0, OpenAmi.Northbound.JsonBuffer.Quote(line), state);
            },
        };
        source.Start();
        try
        {
            Assert.True(Poll.Until(() => source.LineLocked, TimeSpan.FromSeconds(20)), $"not locked; tried: {string.Join(", ", lines)}");
        }
        finally
        {
            source.Stop();
        }

        Assert.Equal("9600-7E1", source.Line);
        Assert.Equal([("115200-8N1", GatewayRuntime.LineSearching), ("9600-7E1", GatewayRuntime.LineSearching), ("9600-7E1", GatewayRuntime.LineLocked)],
            lines.Take(3).ToList());
        Assert.Equal(2, meter.Opened);
        Assert.True(runtime.FramesOk >= 2);
        runtime.Tick();
        runtime.RepublishStatus();
        string status = link.Payload(link.Count - 1);
        Assert.Contains("\"lines\":[{\"port\":0,\"line\":\"9600-7E1\",\"state\":\"locked\"}]", status);
        Assert.Empty(Schemas.Status(status));
    }

    /// <summary>
    /// A serial device with a DSMR meter behind it, on a simulated clock: every read is a second of the meter's life
    /// (a telegram every ten), delivered as sent when the port has the meter's settings, as garbage otherwise, and a
    /// read timeout when the meter is quiet.
    /// </summary>
    private sealed class SimulatedMeterDevice(int baud, int dataBits, char parity, string telegram, FakeClock clock)
    {
        private long _nowMs = 1000;

        public long NowMs => Interlocked.Read(ref _nowMs);

        public int Opened { get; private set; }

        public FakeClock Clock => clock;

        public string Telegram => telegram;

        public (Stream, IDisposable) Open(int b, int bits, char p)
        {
            Opened++;
            var stream = new DeviceStream(this, b == baud && bits == dataBits && p == parity);
            return (stream, stream);
        }

        private sealed class DeviceStream(SimulatedMeterDevice device, bool matches) : Stream
        {
            private readonly Random _noise = new(7);
            private byte[] _pending = [];

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (_pending.Length == 0)
                {
                    long now = Interlocked.Add(ref device._nowMs, 1000);
                    device.Clock.Advance(1);
                    if (now / 1000 % 10 != 5)
                    {
                        throw new TimeoutException("the meter is quiet");
                    }

                    _pending = System.Text.Encoding.ASCII.GetBytes(device.Telegram);
                    if (!matches)
                    {
                        _noise.NextBytes(_pending);
                    }
                }

                int n = Math.Min(count, _pending.Length);
                Array.Copy(_pending, 0, buffer, offset, n);
                _pending = _pending[n..];
                return n;
            }

            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
