using OpenAmi.Desktop.Telegrams;
using OpenAmi.Meters;
using OpenAmi.P1.Dlms;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// Reads the FILE|- inputs of a command through the real decoder and parser, judges every frame with the core's
/// <see cref="FrameAcceptance"/> (each input is one port), and hands the command every accepted telegram and every
/// telegram with a bad CRC (marked, for display; never data). Frames without CRC from a meter that sends one and
/// noise are only counted. Rejected encrypted frames are reported on stderr; the counts feed the summary line and
/// the exit status.
/// </summary>
public sealed class TelegramStreams(Action<Telegram> onFrame, TextWriter stderr) : IP1FrameSink
{
    // Per-frame messages stop here, so a damaged capture cannot flood the terminal; the summary keeps counting.
    private const int MaxFrameMessages = 20;

    private readonly Telegram _telegram = new();
    private readonly int[] _verdicts = new int[FrameVerdict.Count];
    private FrameAcceptance _acceptance = new();
    private int _messages;
    private int _truncated;
    private int _overflows;
    private MeterStreamDecoder? _decoder;

    /// <summary>The input format to force (a <c>MeterFormat</c> code), Auto to detect it per input.</summary>
    public int Format { get; set; } = MeterFormat.Auto;

    /// <summary>The format, check and DLMS details of the frame being handed to the command.</summary>
    public FrameInfo Current { get; } = new();

    public string Input { get; private set; } = "";

    /// <summary>Frames delivered by the decoder, noise included.</summary>
    public int Frames { get; private set; }

    /// <summary>Accepted telegrams whose CRC matched.</summary>
    public int CrcOk { get; private set; }

    /// <summary>Accepted telegrams of a dialect that sends no CRC.</summary>
    public int NoCrc { get; private set; }

    public int BadCrc => _verdicts[FrameVerdict.BadCrc];

    public int CrcMissing => _verdicts[FrameVerdict.CrcMissing];

    /// <summary>Frames that were no telegram at all (noise between '/' and '!').</summary>
    public int Noise => _verdicts[FrameVerdict.BadHeader] + _verdicts[FrameVerdict.TooFewLines] + _verdicts[FrameVerdict.MostlyMalformed];

    public int Rejected { get; private set; }

    /// <summary>Malformed lines in the telegrams handed to the command (noise is not counted line by line).</summary>
    public int BadLines { get; private set; }

    /// <summary>True when at least one telegram was accepted and nothing was bad, refused, noise or rejected.</summary>
    public bool AllGood => CrcOk + NoCrc > 0 && CrcOk + NoCrc == Frames && Rejected == 0;

    /// <summary>Reads every input as one byte stream each, in order; each input is a port of its own.</summary>
    public void ReadAll(IEnumerable<string> inputs, Func<Stream> stdin, DecryptionOptions decryption)
    {
        foreach (string input in inputs)
        {
            Input = input;
            _acceptance = new FrameAcceptance();
            var decoder = new MeterStreamDecoder(this, Format);
            _decoder = decoder;
            decryption.Apply(decoder);
            StreamInputs.Pump(input, stdin, decoder);
            if (decoder.P1 != null)
            {
                _truncated += decoder.P1.Framer.FramesTruncated;
                _overflows += decoder.P1.Framer.Overflows;
            }
            else if (decoder.Iec != null)
            {
                _overflows += decoder.Iec.Overflows;
            }
            else if (decoder.Han != null)
            {
                _truncated += decoder.Han.Hdlc.MessagesIncomplete + decoder.Han.Mbus.MessagesIncomplete;
                _overflows += decoder.Han.ObjectsDropped;
            }
        }

        if (_messages > MaxFrameMessages)
        {
            stderr.WriteLine($"({_messages - MaxFrameMessages} more frame message(s) not shown; the summary counts them all)");
        }
    }

    public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
    {
        Frames++;
        TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
        int verdict = _acceptance.Judge(_telegram);
        if (crc == CrcStatus.Bad && _decoder?.Han != null)
        {
            // A DLMS frame whose FCS or checksum failed is never decoded, so it has no lines; it is a bad frame all the same.
            verdict = FrameVerdict.BadCrc;
        }

        if (_decoder != null)
        {
            Current.Take(_decoder, crc, _telegram.ObjectCount);
        }

        _verdicts[verdict]++;
        switch (verdict)
        {
            case FrameVerdict.Accepted:
                if (crc == CrcStatus.Ok)
                {
                    CrcOk++;
                }
                else
                {
                    NoCrc++;
                }

                break;
            case FrameVerdict.BadCrc:
                Report($"{Input}: frame {Frames} has a bad CRC; its values are not data");
                break;
            case FrameVerdict.CrcMissing:
                Report($"{Input}: frame {Frames} has no CRC, but its meter sends one; its values are not data");
                return;
            default:
                return; // noise: counted in the summary only
        }

        BadLines += _telegram.ErrorCount;
        onFrame(_telegram);
    }

    public void OnEncryptedFrameRejected(DlmsStatus status)
    {
        Rejected++;
        string hint = status == DlmsStatus.NoKey ? " (pass --key with the meter's 32-hex-digit key)" : "";
        Report($"{Input}: encrypted frame rejected: {DlmsStatusText.Describe(status)}{hint}");
    }

    public string Summary()
    {
        return $"{Frames} frame(s): {CrcOk} CRC ok, {NoCrc} without CRC (dialect sends none), {BadCrc} bad CRC, "
            + $"{CrcMissing} missing their CRC, {Noise} not a telegram (noise); "
            + $"{Rejected} encrypted rejected, {_truncated} truncated, {_overflows} overflow(s), {BadLines} bad line(s)";
    }

    private void Report(string message)
    {
        if (++_messages <= MaxFrameMessages)
        {
            stderr.WriteLine(message);
        }
    }
}
