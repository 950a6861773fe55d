using System.CommandLine;
using OpenAmi.Cli.Options;
using OpenAmi.Cli.Output;
using OpenAmi.Meters;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami parse</c>: frame, check and parse meter captures (P1, DLMS push in HDLC or M-Bus frames, IEC 62056-21
/// readouts), printing a table or JSON lines with typed values.
/// </summary>
public static class ParseCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("parse",
            "Frame, check and parse meter captures (P1, DLMS push, IEC 62056-21; told apart by their first bytes): a table per frame, or one JSON object per frame.");
        var json = new Option<bool>("--json")
        {
            Description = "One JSON object per frame (format, check, timestamp, header, objects with obis, value, unit and raw groups)",
        };
        command.Add(json);
        Typed<int?> format = MeterFormats.Option("--format");
        command.Add(format.Option);
        DecryptionArgs decryption = DecryptionArgs.AddTo(command);
        Argument<string[]> inputs = Inputs.AddTo(command, stdin: true);
        Help.Examples(
            command,
            "openami parse samples/dsmr5-iskra-am550.p1",
            "openami parse --json capture.p1 | jq .header",
            "cat /dev/ttyUSB0 | openami parse -",
            "openami parse --key 0123456789abcdef0123456789abcdef --aad none luxembourg.bin",
            "openami parse --json kamstrup-han.bin                 # a DLMS push (HDLC), told from its first bytes",
            "openami parse --format iec62056-21 meter.txt          # a readout saved by openami read");
        command.SetAction(r => Run(r.GetValue(inputs)!, r.ValueIfGiven(json), decryption.Read(r), io.In, io.Out, io.Err,
            r.ValueIfGiven(format.Option) ?? MeterFormat.Auto));
        return command;
    }

    public static int Run(IReadOnlyList<string> inputs, bool json, DecryptionOptions decryption, Func<Stream> stdin, TextWriter stdout, TextWriter stderr,
        int format = MeterFormat.Auto)
    {
        int frameNumber = 0;
        TelegramStreams? streams = null;
        streams = new TelegramStreams(
            telegram =>
            {
                frameNumber++;
                if (json)
                {
                    stdout.WriteLine(TelegramJson.Format(telegram, streams!.Current));
                }
                else
                {
                    TelegramTable.Write(telegram, frameNumber, stdout);
                }
            },
            stderr)
        {
            Format = format,
        };
        streams.ReadAll(inputs, stdin, decryption);
        stderr.WriteLine(streams.Summary());
        return streams.AllGood ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
