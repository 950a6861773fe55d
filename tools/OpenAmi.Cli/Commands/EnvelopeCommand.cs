using System.CommandLine;
using System.Text;
using OpenAmi.Cli.Options;
using OpenAmi.Meters;
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

    public static Command Create(CliIO io)
    {
        var command = new Command("envelope", "The northbound telemetry envelope of every good frame, one JSON line each: {\"topic\":…,\"payload\":{…}}.");
        Typed<string?> feeder = Segment("--feeder", "F", "The feeder id in the topic (required)", "feeder-north-01");
        Typed<string?> gateway = Segment("--gateway", "G", "The gateway id in the topic (required)", "pole-0042");
        feeder.Option.Required = true;
        gateway.Option.Required = true;
        command.Add(feeder.Option);
        command.Add(gateway.Option);
        MappingArgs mapping = MappingArgs.AddTo(command);
        Typed<int?> format = MeterFormats.Option("--format");
        command.Add(format.Option);
        DecryptionArgs decryption = DecryptionArgs.AddTo(command);
        Argument<string[]> inputs = Inputs.AddTo(command, stdin: true);
        Help.Examples(
            command,
            "openami envelope --feeder feeder-north-01 --gateway pole-0042 samples/dsmr5-iskra-am550.p1",
            "openami envelope --feeder f --gateway g --mode full --local-offset 60 capture.p1",
            "openami envelope --feeder f --gateway g --format han --key 0123456789abcdef0123456789abcdef austria-mbus.bin");
        command.SetAction(r => Run(r.GetValue(inputs)!, r.ValueIfGiven(feeder.Option)!, r.ValueIfGiven(gateway.Option)!, mapping.Read(r), decryption.Read(r), io.In, io.Out, io.Err,
            r.ValueIfGiven(format.Option) ?? MeterFormat.Auto));
        return command;
    }

    /// <summary>A topic segment (feeder, gateway, meter, session): refused when empty or holding / + # or controls.</summary>
    public static Typed<string?> Segment(string name, string helpName, string description, string example) =>
        new(name, helpName, description, (string n, string text, out string? value) =>
        {
            value = text;
            return text.Length == 0 ? $"{n} is empty: give a value, e.g. {n} {example}" : Topics.CheckSegment(text, n);
        });

    public static int Run(IReadOnlyList<string> inputs, string feeder, string gateway, MappingOptions options, DecryptionOptions decryption,
        Func<Stream> stdin, TextWriter stdout, TextWriter stderr, int format = MeterFormat.Auto)
    {
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
            stderr)
        {
            Format = format,
        };
        streams.ReadAll(inputs, stdin, decryption);
        stderr.WriteLine($"{envelopes} envelope(s) from {streams.Summary()}");
        return streams.AllGood && envelopes > 0 && tooLarge == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

/// <summary>The --mode and --local-offset options that choose mapping behaviour.</summary>
public sealed class MappingArgs
{
    public const string ModeExplained = "vmrs (the default: VMRS registers only) or full (every numeric register and M-Bus sub-meters)";

    public Typed<string?> Mode { get; } = new("--mode", "vmrs|full", "vmrs: VMRS registers only; full: every numeric register and M-Bus sub-meters [default: vmrs]",
        Parsers.Choice(ModeExplained, "vmrs", "full"), "vmrs", "full");

    public Typed<int?> LocalOffset { get; } = new("--local-offset", "MINUTES",
        "UTC offset in minutes for meter clocks without S/W (e.g. 60 for CET)",
        Parsers.Int(-720, 840, " (the UTC offset in minutes for meter clocks without S/W, e.g. 60 for CET)"));

    public static MappingArgs AddTo(Command command)
    {
        var args = new MappingArgs();
        command.Add(args.Mode.Option);
        command.Add(args.LocalOffset.Option);
        return args;
    }

    public MappingOptions Read(ParseResult result)
    {
        var options = new MappingOptions();
        if (result.ValueIfGiven(Mode.Option) == "full")
        {
            options.Mode = MappingMode.Full;
        }

        if (result.ValueIfGiven(LocalOffset.Option) is int minutes)
        {
            options.NoSeasonOffsetMinutes = minutes;
        }

        return options;
    }
}
