using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// Reads the FILE|- inputs of a command through the real decoder and parser, hands every parsed frame (bad
/// CRC ones included, marked) to the command, reports rejected encrypted frames on stderr, and keeps the counts
/// for the summary line and the exit status.
/// </summary>
public sealed class TelegramStreams(Action<Telegram> onFrame, TextWriter stderr) : IP1FrameSink
{
    private readonly Telegram _telegram = new();
    private int _truncated;
    private int _overflows;

    public string Input { get; private set; } = "";

    public int Frames { get; private set; }

    public int CrcOk { get; private set; }

    public int NoCrc { get; private set; }

    public int BadCrc { get; private set; }

    public int Rejected { get; private set; }

    public int BadLines { get; private set; }

    /// <summary>True when at least one frame was read and none had a bad CRC or failed its tag.</summary>
    public bool AllGood => Frames > 0 && BadCrc == 0 && Rejected == 0;

    /// <summary>Reads every input as one byte stream each, in order.</summary>
    public void ReadAll(IEnumerable<string> inputs, Func<Stream> stdin, DecryptionOptions decryption)
    {
        foreach (string input in inputs)
        {
            Input = input;
            var decoder = new P1StreamDecoder(this);
            decryption.Apply(decoder);
            StreamInputs.Pump(input, stdin, decoder);
            _truncated += decoder.Framer.FramesTruncated;
            _overflows += decoder.Framer.Overflows;
        }
    }

    public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
    {
        Frames++;
        TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
        BadLines += _telegram.ErrorCount;
        switch (crc)
        {
            case CrcStatus.Ok:
                CrcOk++;
                break;
            case CrcStatus.None:
                NoCrc++;
                break;
            default:
                BadCrc++;
                stderr.WriteLine($"{Input}: frame {Frames} has a bad CRC; its values are not data");
                break;
        }

        onFrame(_telegram);
    }

    public void OnEncryptedFrameRejected(int status)
    {
        Rejected++;
        string hint = status == DlmsStatus.NoKey ? " (pass --key with the meter's 32-hex-digit key)" : "";
        stderr.WriteLine($"{Input}: encrypted frame rejected: {DlmsStatus.Describe(status)}{hint}");
    }

    public string Summary()
    {
        return $"{Frames} frame(s): {CrcOk} CRC ok, {NoCrc} without CRC (dialect sends none), {BadCrc} bad CRC; "
            + $"{Rejected} encrypted rejected, {_truncated} truncated, {_overflows} overflow(s), {BadLines} bad line(s)";
    }
}
