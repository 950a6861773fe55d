using System.Text;
using OpenAmi.Northbound;
using OpenAmi.P1.Framing;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami envelope</c>: the northbound telemetry envelope of every good frame, one JSON line each:
/// {"topic":"openami/v1/F/G/meter/SERIAL/telemetry","payload":{…}}. Bad frames produce only a message on stderr.
/// </summary>
public static class EnvelopeCommand
{
    private const int MaxCachedTopics = 1024;

    public const string UsageLine = "usage: openami envelope --feeder F --gateway G [--mode vmrs|full] [--local-offset MINUTES] [--key HEX] [--aad HEX|none] [FILE|-]...";

    public static int Run(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        string? error = CommandArgs.Read(args, ["--feeder", "--gateway", "--mode", "--local-offset"], [], out CommandArgs parsed);
        string? mappingError = MappingArgs.Read(parsed, out MappingOptions options);
        error ??= mappingError;
        string feeder = parsed.Value("--feeder") ?? "";
        string gateway = parsed.Value("--gateway") ?? "";
        error ??= Topics.CheckSegment(feeder, "--feeder") ?? Topics.CheckSegment(gateway, "--gateway");
        if (error != null)
        {
            stderr.WriteLine($"openami envelope: {error}");
            stderr.WriteLine(UsageLine);
            return ExitCodes.Usage;
        }

        var mapper = new VmrsMapper(options);
        var readings = new MeterReading[1 + OpenAmi.P1.Mbus.MbusChannels.MaxChannel];
        for (int i = 0; i < readings.Length; i++)
        {
            readings[i] = new MeterReading();
        }

        var writer = new EnvelopeWriter();
        var topics = new Dictionary<string, string>();
        int envelopes = 0;
        int tooLarge = 0;
        var streams = new TelegramStreams(
            telegram =>
            {
                if (telegram.Crc == CrcStatus.Bad)
                {
                    return; // reported by TelegramStreams; never an envelope
                }

                long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                int count = mapper.Map(telegram, now, false, readings);
                for (int r = 0; r < count; r++)
                {
                    MeterReading reading = readings[r];
                    if (!writer.Write(reading, feeder, gateway, null))
                    {
                        tooLarge++;
                        stderr.WriteLine("an envelope did not fit its buffer and was dropped");
                        continue;
                    }

                    string serial = Encoding.ASCII.GetString(reading.Serial, 0, reading.SerialLength);
                    if (!topics.TryGetValue(serial, out string? topic))
                    {
                        topic = Topics.Telemetry(feeder, gateway, serial);
                        if (topics.Count < MaxCachedTopics)
                        {
                            topics[serial] = topic; // bounded: a stream of many meters cannot grow memory
                        }
                    }

                    stdout.Write("{\"topic\":\"");
                    stdout.Write(topic);
                    stdout.Write("\",\"payload\":");
                    stdout.Write(Encoding.ASCII.GetString(writer.Buffer, 0, writer.Length));
                    stdout.WriteLine("}");
                    envelopes++;
                }
            },
            stderr);
        streams.Format = parsed.InputFormat;
        streams.ReadAll(parsed.Inputs, stdin, parsed.Decryption);
        stderr.WriteLine($"{envelopes} envelope(s) from {streams.Summary()}");
        return streams.AllGood && envelopes > 0 && tooLarge == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

/// <summary>The --mode and --local-offset options that choose mapping behaviour.</summary>
public static class MappingArgs
{
    public static string? Read(CommandArgs args, out MappingOptions options)
    {
        options = new MappingOptions();
        string mode = args.Value("--mode") ?? "vmrs";
        if (mode == "full")
        {
            options.Mode = MappingMode.Full;
        }
        else if (mode != "vmrs")
        {
            return $"--mode is vmrs (the default: VMRS registers only) or full (every numeric register and M-Bus sub-meters), not '{mode}'";
        }

        string? offset = args.Value("--local-offset");
        if (offset != null)
        {
            if (!int.TryParse(offset, out int minutes) || minutes < -720 || minutes > 840)
            {
                return "--local-offset is the UTC offset in minutes (-720..840) for meter clocks without S/W, e.g. 60 for CET";
            }

            options.NoSeasonOffsetMinutes = minutes;
        }

        return null;
    }
}
