using System.Text;
using OpenAmi.P1.Dialects;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Cli.Output;

/// <summary>The readable <c>parse</c> output: a title line per frame, then OBIS, name and typed value per object.</summary>
public static class TelegramTable
{
    public static void Write(Telegram telegram, int frameNumber, TextWriter output)
    {
        string dialect = DialectDetector.NameOf(DialectDetector.Detect(telegram));
        string encrypted = telegram.WasEncrypted ? ", decrypted" : "";
        output.WriteLine($"frame {frameNumber}: {telegram.GetHeaderText()}  [{dialect}, CRC {TelegramJson.CrcName(telegram.Crc)}{encrypted}, {telegram.SourceLength} bytes]");
        output.WriteLine($"  {"OBIS",-14} {"Name",-42} Value");
        for (int o = 0; o < telegram.ObjectCount; o++)
        {
            ObisCode code = telegram.GetObis(o);
            int row = ObisCatalog.Lookup(code);
            string name = ObisCatalog.NameOf(row) ?? "(unknown, kept raw)";
            output.WriteLine($"  {code,-14} {name,-42} {FormatObject(telegram, o, ObisCatalog.KindOf(row))}");
        }

        for (int e = 0; e < telegram.ErrorsKept; e++)
        {
            string line = Encoding.Latin1.GetString(telegram.Source, telegram.GetErrorLineStart(e), telegram.GetErrorLineLength(e));
            output.WriteLine($"  ! skipped line ({ParseErrorText.Describe(telegram.GetErrorCode(e))}): {line}");
        }

        output.WriteLine();
    }

    private static string FormatObject(Telegram telegram, int index, ObisKind kind)
    {
        if (kind == ObisKind.ProfileBuffer && telegram.TryGetProfile(index, out ProfileBuffer profile))
        {
            return FormatProfile(telegram, profile);
        }

        var parts = new List<string>();
        int first = telegram.GetFirstGroup(index);
        for (int g = 0; g < telegram.GetGroupCount(index); g++)
        {
            parts.Add(FormatGroup(telegram, first + g, kind));
        }

        return string.Join("  ", parts);
    }

    private static string FormatProfile(Telegram telegram, ProfileBuffer profile)
    {
        var sb = new StringBuilder();
        sb.Append(profile.Entries).Append(profile.Entries == 1 ? " entry" : " entries");
        for (int r = 0; r < profile.Entries; r++)
        {
            sb.Append(r == 0 ? ": " : "; ");
            for (int c = 0; c < profile.Columns; c++)
            {
                if (c > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(FormatGroup(telegram, profile.GroupOf(r, c), ObisKind.Unknown));
            }
        }

        return sb.ToString();
    }

    private static string FormatGroup(Telegram telegram, int group, ObisKind kind)
    {
        switch (telegram.GetKind(group))
        {
            case P1ValueKind.Empty:
                return "(empty)";
            case P1ValueKind.Number:
                if (kind == ObisKind.Identifier || kind == ObisKind.Text)
                {
                    return telegram.GetGroupText(group);
                }

                telegram.TryGetNumber(group, out P1Decimal value);
                int unit = telegram.GetUnit(group);
                if (unit == P1Unit.None && telegram.GetGroupLength(group) == 12 && telegram.TryGetTimestamp(group, out P1Timestamp bare))
                {
                    return FormatTimestamp(bare, telegram.GetGroupText(group));
                }

                string unitText = unit == P1Unit.None ? "" : " " + (unit == P1Unit.Unknown ? UnitText(telegram, group) : P1Unit.NameOf(unit));
                return value + unitText;
            case P1ValueKind.Timestamp:
                telegram.TryGetTimestamp(group, out P1Timestamp stamp);
                return FormatTimestamp(stamp, telegram.GetGroupText(group));
            default:
                string raw = telegram.GetGroupText(group);
                if (telegram.GetGroupLength(group) == 24 && telegram.TryGetTimestamp(group, out P1Timestamp dlms) && kind == ObisKind.Clock)
                {
                    return FormatTimestamp(dlms, raw);
                }

                byte[] decoded = new byte[telegram.GetGroupLength(group) / 2 + 1];
                int n = telegram.DecodeHexText(group, decoded, 0);
                return n > 0 ? $"\"{Encoding.ASCII.GetString(decoded, 0, n)}\" (hex {raw})" : raw;
        }
    }

    private static string FormatTimestamp(P1Timestamp stamp, string raw)
    {
        if (!stamp.IsValid)
        {
            return $"(no valid time: {raw})";
        }

        string season = stamp.Season == P1Timestamp.SeasonSummer ? " S" : stamp.Season == P1Timestamp.SeasonWinter ? " W" : "";
        return $"{stamp.Year:D4}-{stamp.Month:D2}-{stamp.Day:D2} {stamp.Hour:D2}:{stamp.Minute:D2}:{stamp.Second:D2}{season}";
    }

    private static string UnitText(Telegram telegram, int group)
    {
        string raw = telegram.GetGroupText(group);
        int star = raw.IndexOf('*');
        return star >= 0 ? raw[(star + 1)..] : "";
    }
}
