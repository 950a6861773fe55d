using System.CommandLine;
using OpenAmi.Cli.Options;
using OpenAmi.Cli.Output;

namespace OpenAmi.Cli.Commands;

/// <summary><c>openami parse</c>: frame, check and parse P1 captures, printing a table or JSON lines.</summary>
public static class ParseCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("parse", "Frame, check and parse P1 captures: a table per frame, or one JSON object per frame.");
        var json = new Option<bool>("--json") { Description = "One JSON object per frame (crc, header, objects with their raw groups)" };
        command.Add(json);
        DecryptionArgs decryption = DecryptionArgs.AddTo(command);
        Argument<string[]> inputs = Inputs.AddTo(command, stdin: true);
        Help.Examples(
            command,
            "openami parse samples/dsmr5-iskra-am550.p1",
            "openami parse --json capture.p1 | jq .header",
            "cat /dev/ttyUSB0 | openami parse -",
            "openami parse --key 0123456789abcdef0123456789abcdef --aad none luxembourg.bin");
        command.SetAction(r => Run(r.GetValue(inputs)!, r.ValueIfGiven(json), decryption.Read(r), io.In, io.Out, io.Err));
        return command;
    }

    public static int Run(IReadOnlyList<string> inputs, bool json, DecryptionOptions decryption, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        int frameNumber = 0;
        var streams = new TelegramStreams(
            telegram =>
            {
                frameNumber++;
                if (json)
                {
                    stdout.WriteLine(TelegramJson.Format(telegram));
                }
                else
                {
                    TelegramTable.Write(telegram, frameNumber, stdout);
                }
            },
            stderr);
        streams.ReadAll(inputs, stdin, decryption);
        stderr.WriteLine(streams.Summary());
        return streams.AllGood ? ExitCodes.Ok : ExitCodes.Failed;
    }

}
