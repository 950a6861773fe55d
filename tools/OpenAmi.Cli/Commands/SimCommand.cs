using OpenAmi.P1.Dlms;
using System.CommandLine;
using System.Diagnostics;
using OpenAmi.Cli.Options;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami sim --meters N [--broker URL]</c>: N virtual meters, each a real telegram (from the benchmark inputs)
/// with its own id, clock and evolving registers, framed, checked, parsed, mapped and enveloped by the real core,
/// then published at QoS 1. A head-end load test: prints acknowledged envelopes per second.
/// </summary>
public static partial class SimCommand
{
    private sealed class Meter
    {
        public required string Template;
        public required string IdHex;
        public long ImportWh;
        public long DueTicks;
    }

    private sealed class AckCounter : IMqttLinkListener
    {
        public long Acked;

        public void OnConnected()
        {
        }

        public void OnDisconnected()
        {
        }

        public void OnPublishAcknowledged(int packetId) => Interlocked.Increment(ref Acked);

        public void OnPublishLost(int packetId)
        {
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
        }
    }

    /// <summary>Frames, parses and maps one meter's telegrams with the core, as the gateway would.</summary>
    private sealed class CorePipeline : IP1FrameSink
    {
        public readonly Telegram Telegram = new();
        public readonly P1StreamDecoder Decoder;
        public bool HaveFrame;

        public CorePipeline()
        {
            Decoder = new P1StreamDecoder(this);
        }

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            TelegramParser.Parse(frame, length, crc, wasEncrypted, Telegram);
            HaveFrame = crc == CrcStatus.Ok;
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
        }
    }

    public static Command Create(CliIO io)
    {
        var command = new Command("sim", "N virtual meters through the real core: a head-end load test that prints envelopes per second.");
        var meters = new Typed<int?>("--meters", "N", "How many virtual meters (required)", Parsers.Int(1, 100_000)) { Option = { Required = true } };
        var broker = new Typed<string?>("--broker", "URL", "Publish to this broker (mqtt://[USER:PASSWORD@]HOST:PORT); without it only the core runs", Parsers.Text("mqtt://127.0.0.1:1883"));
        var seconds = new Typed<double?>("--seconds", "S", "How long to run [default: 10]", Parsers.Seconds(0, inclusive: false));
        var period = new Typed<double?>("--period", "S", "Seconds between one meter's telegrams; 0 sends as fast as acknowledged [default: 1]", Parsers.Seconds(0, inclusive: true));
        Typed<string?> feeder = EnvelopeCommand.Segment("--feeder", "F", "The feeder id in the topics [default: sim-feeder]", "sim-feeder");
        Typed<string?> gateway = EnvelopeCommand.Segment("--gateway", "G", "The gateway id in the topics [default: sim-gateway]", "sim-gateway");
        foreach (Option option in new Option[] { meters.Option, broker.Option, seconds.Option, period.Option, feeder.Option, gateway.Option })
        {
            command.Add(option);
        }

        Help.Examples(
            command,
            "openami sim --meters 1000 --seconds 30                        # the core alone",
            "openami sim --meters 5000 --broker mqtt://127.0.0.1:1883 --period 0");
        command.SetAction(r => Run(r.ValueIfGiven(meters.Option) ?? 1, r.ValueIfGiven(seconds.Option) ?? 10, r.ValueIfGiven(period.Option) ?? 1,
            r.ValueIfGiven(broker.Option), r.ValueIfGiven(feeder.Option) ?? "sim-feeder", r.ValueIfGiven(gateway.Option) ?? "sim-gateway", io.Out, io.Err));
        return command;
    }

    public static int Run(int meters, double seconds, double period, string? broker, string feeder, string gateway, TextWriter stdout, TextWriter stderr)
    {
        MqttClient? client = null;
        var acks = new AckCounter();
        if (broker != null)
        {
            var options = new MqttClientOptions { MaxInflight = 1000, CleanSession = true };
            if (!MqttClientOptions.TryParseUrl(broker, options, out string urlError))
            {
                stderr.WriteLine($"openami sim: {urlError}");
                return ExitCodes.Usage;
            }

            client = new MqttClient(options);
            client.Start($"openami-sim-{Environment.ProcessId}", acks);
            if (!client.WaitConnected(TimeSpan.FromSeconds(10)))
            {
                stderr.WriteLine($"openami sim: cannot connect to {MqttClientOptions.Redact(broker)}: {client.LastError}");
                client.Stop();
                return ExitCodes.Failed;
            }
        }

        string[] templates = Templates();
        var fleet = new Meter[meters];
        var pipelines = new CorePipeline[meters];
        for (int m = 0; m < meters; m++)
        {
            string id = $"SIM{m:D7}";
            fleet[m] = new Meter
            {
                Template = templates[m % templates.Length],
                IdHex = Convert.ToHexString(Encoding.ASCII.GetBytes(id)),
                ImportWh = 1_000_000 + (m * 1000L),
                DueTicks = Stopwatch.GetTimestamp() + (long)(m * period * Stopwatch.Frequency / meters),
            };
            pipelines[m] = new CorePipeline();
        }

        var mapper = new VmrsMapper(new MappingOptions());
        var readings = new[] { new MeterReading() };
        var writer = new EnvelopeWriter();
        long seq = 0;
        long published = 0;
        long refused = 0;
        var topics = new byte[meters][];
        var clock = Stopwatch.StartNew();
        long lastReport = 0;
        long lastAcked = 0;
        stdout.WriteLine($"openami sim: {meters} meter(s), one telegram each every {(period == 0 ? "moment (as fast as acknowledged)" : period + " s")}, {(broker == null ? "no broker (core only)" : MqttClientOptions.Redact(broker))}, {seconds} s");
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            bool worked = false;
            for (int m = 0; m < meters; m++)
            {
                Meter meter = fleet[m];
                long now = Stopwatch.GetTimestamp();
                if (now < meter.DueTicks || (client != null && client.InflightCount >= 1000))
                {
                    continue;
                }

                meter.DueTicks = period == 0 ? now : meter.DueTicks + (long)(period * Stopwatch.Frequency);
                meter.ImportWh += 1 + (m % 7);
                byte[] telegram = Render(meter, DateTimeOffset.UtcNow);
                CorePipeline pipe = pipelines[m];
                pipe.HaveFrame = false;
                pipe.Decoder.Write(telegram, 0, telegram.Length);
                if (!pipe.HaveFrame || mapper.Map(pipe.Telegram, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), true, readings) == 0)
                {
                    continue;
                }

                MeterReading reading = readings[0];
                writer.Write(reading, feeder, gateway, null, ++seq);
                topics[m] ??= Encoding.ASCII.GetBytes(Topics.Telemetry(feeder, gateway, Encoding.ASCII.GetString(reading.Serial, 0, reading.SerialLength)));
                if (client == null)
                {
                    published++;
                    acks.Acked++;
                }
                else if (client.Publish(topics[m], 0, topics[m].Length, writer.Buffer, 0, writer.Length, 1, false) > 0)
                {
                    published++;
                }
                else
                {
                    refused++;
                }

                worked = true;
            }

            long elapsedMs = clock.ElapsedMilliseconds;
            if (elapsedMs - lastReport >= 1000)
            {
                long acked = Interlocked.Read(ref acks.Acked);
                stdout.WriteLine($"  {elapsedMs / 1000.0,5:0.0} s  {(acked - lastAcked) * 1000.0 / (elapsedMs - lastReport),10:0} envelopes/s acknowledged   total {acked}");
                lastAcked = acked;
                lastReport = elapsedMs;
            }

            if (!worked)
            {
                Thread.Sleep(1);
            }
        }

        if (client != null)
        {
            var drain = Stopwatch.StartNew();
            while (client.InflightCount > 0 && drain.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(10);
            }

            client.Stop();
        }

        double total = clock.Elapsed.TotalSeconds;
        long ackedTotal = Interlocked.Read(ref acks.Acked);
        stdout.WriteLine($"openami sim: {meters} meter(s): {published} envelope(s) published, {ackedTotal} acknowledged in {total:0.0} s = {ackedTotal / total:0} envelopes/s; {refused} refused by a full window");
        return ackedTotal > 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    // Each virtual meter: its own id and clock, an import register that grows, a power that moves; a valid CRC.
    private static byte[] Render(Meter meter, DateTimeOffset now)
    {
        DateTime local = now.UtcDateTime.AddHours(1);
        string text = meter.Template;
        text = ClockPattern().Replace(text, $"0-0:1.0.0({local:yyMMddHHmmss}W)");
        text = IdPattern().Replace(text, $"0-0:96.1.1({meter.IdHex})");
        text = ImportPattern().Replace(text, $"1-0:1.8.1({meter.ImportWh / 1000:D6}.{meter.ImportWh % 1000:D3}*kWh)");
        int bang = text.IndexOf('!');
        byte[] body = Encoding.ASCII.GetBytes(text[..(bang + 1)]);
        int crc = Crc16Arc.Compute(body, 0, body.Length);
        return Encoding.ASCII.GetBytes(text[..(bang + 1)] + crc.ToString("X4") + "\r\n");
    }

    private static string[] Templates()
    {
        string[] names = ["dsmr5-1phase-sagemcom-xs210.p1", "belgium-3phase-13month-fluvius.p1"];
        return names.Select(n =>
        {
            using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream("bench/" + n)!;
            using var reader = new StreamReader(s, Encoding.Latin1);
            return reader.ReadToEnd();
        }).ToArray();
    }

    [GeneratedRegex(@"0-0:1\.0\.0\(\d{12}[SW]\)")]
    private static partial Regex ClockPattern();

    [GeneratedRegex(@"0-0:96\.1\.1\([0-9A-Fa-f]*\)")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"1-0:1\.8\.1\([0-9.]+\*kWh\)")]
    private static partial Regex ImportPattern();
}
