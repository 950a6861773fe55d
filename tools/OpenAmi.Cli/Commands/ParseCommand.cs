using OpenAmi.Cli.Output;

namespace OpenAmi.Cli.Commands;

/// <summary><c>openami parse</c>: frame, check and parse P1 captures, printing a table or JSON lines.</summary>
public static class ParseCommand
{
    public static int Run(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        string? error = CommandArgs.Read(args, [], ["--json"], out CommandArgs parsed);
        if (error != null)
        {
            return UsageError(stderr, error);
        }

        bool json = parsed.Flag("--json");
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
            stderr);
        streams.Format = parsed.InputFormat;
        streams.ReadAll(parsed.Inputs, stdin, parsed.Decryption);
        stderr.WriteLine(streams.Summary());
        return streams.AllGood ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami parse: {message}");
        stderr.WriteLine("usage: openami parse [--json] [--format auto|p1|hdlc|mbus|iec62056-21] [--key HEX] [--aad HEX|none] [FILE|-]...");
        return ExitCodes.Usage;
    }
}
