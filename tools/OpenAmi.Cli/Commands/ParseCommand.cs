using OpenAmi.Cli.Output;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Cli.Commands;

/// <summary><c>openami parse</c>: frame, check and parse P1 captures, printing a table or JSON lines.</summary>
public static class ParseCommand
{
    public static int Run(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        bool json = false;
        var decryption = new DecryptionOptions();
        var inputs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? consumed = decryption.TryConsume(args, ref i);
            if (consumed == "")
            {
                continue;
            }

            if (consumed != null)
            {
                return UsageError(stderr, consumed);
            }

            if (arg == "--json")
            {
                json = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return UsageError(stderr, $"unknown option {arg}");
            }
            else
            {
                inputs.Add(arg);
            }
        }

        if (inputs.Count == 0)
        {
            return UsageError(stderr, "give one or more capture files, or - for stdin, e.g. openami parse samples/dsmr5-iskra-am550.p1");
        }

        string? missing = StreamInputs.Validate(inputs);
        if (missing != null)
        {
            return UsageError(stderr, missing);
        }

        var sink = new Sink(json, stdout, stderr);
        foreach (string input in inputs)
        {
            sink.Input = input;
            var decoder = new P1StreamDecoder(sink);
            decryption.Apply(decoder);
            StreamInputs.Pump(input, stdin, decoder);
            sink.AddCounters(decoder);
        }

        stderr.WriteLine(sink.Summary());
        return sink.Frames > 0 && sink.BadCrc == 0 && sink.Rejected == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami parse: {message}");
        stderr.WriteLine("usage: openami parse [--json] [--key HEX] [--aad HEX|none] [FILE|-]...");
        return ExitCodes.Usage;
    }

    private sealed class Sink(bool json, TextWriter stdout, TextWriter stderr) : IP1FrameSink
    {
        private readonly Telegram _telegram = new();
        private int _truncated;
        private int _overflows;

        public string Input { get; set; } = "";

        public int Frames { get; private set; }

        public int BadCrc { get; private set; }

        public int CrcOk { get; private set; }

        public int NoCrc { get; private set; }

        public int Rejected { get; private set; }

        public int BadLines { get; private set; }

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Frames++;
            TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
            BadLines += _telegram.ErrorCount;
            if (crc == CrcStatus.Ok)
            {
                CrcOk++;
            }
            else if (crc == CrcStatus.None)
            {
                NoCrc++;
            }
            else
            {
                BadCrc++;
                stderr.WriteLine($"{Input}: frame {Frames} has a bad CRC; its values are not data");
            }

            if (json)
            {
                stdout.WriteLine(TelegramJson.Format(_telegram));
            }
            else
            {
                TelegramTable.Write(_telegram, Frames, stdout);
            }
        }

        public void OnEncryptedFrameRejected(int status)
        {
            Rejected++;
            string hint = status == DlmsStatus.NoKey ? " (pass --key with the meter's 32-hex-digit key)" : "";
            stderr.WriteLine($"{Input}: encrypted frame rejected: {DlmsStatus.Describe(status)}{hint}");
        }

        public void AddCounters(P1StreamDecoder decoder)
        {
            _truncated += decoder.Framer.FramesTruncated;
            _overflows += decoder.Framer.Overflows;
        }

        public string Summary()
        {
            return $"{Frames} frame(s): {CrcOk} CRC ok, {NoCrc} without CRC (dialect sends none), {BadCrc} bad CRC; "
                + $"{Rejected} encrypted rejected, {_truncated} truncated, {_overflows} overflow(s), {BadLines} bad line(s)";
        }
    }
}
