using OpenAmi.Meters;

namespace OpenAmi.Cli.Options;

/// <summary>
/// The option that forces what a meter stream is (a <see cref="MeterFormat"/> code): --format on parse, envelope and
/// gateway (config key <c>protocol</c>), --input-format on gaps, whose --format is the output's. Not given, the
/// format is told from the stream's first bytes.
/// </summary>
public static class MeterFormats
{
    public static readonly string[] Names = ["auto", "p1", "han", "hdlc", "mbus", "iec62056-21"];

    public const string HelpName = "auto|p1|han|hdlc|mbus|iec62056-21";

    public static Typed<int?> Option(string name) => new(name, HelpName,
        "What the stream is: P1 text, DLMS push in HDLC or M-Bus frames (han: either), an IEC 62056-21 readout [default: auto, told from its first bytes]",
        Parse, Names);

    public static string? Parse(string name, string text, out int? value)
    {
        int format = MeterFormat.Parse(text);
        value = format < 0 ? null : format;
        return format < 0
            ? $"{name} is auto, p1, hdlc, mbus, han or iec62056-21 (auto: told from the stream's first bytes; han: HDLC or M-Bus), not '{text}'"
            : null;
    }
}
