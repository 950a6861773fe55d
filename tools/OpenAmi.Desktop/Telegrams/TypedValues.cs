using System.Text;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Desktop.Telegrams;

/// <summary>
/// The typed reading of a parsed object, the same for every format: the exact decimal (scaler applied, as the
/// telegram holds it), or text for strings, a DLMS date-time as ISO 8601, and the unit. What <c>parse --json</c>
/// prints and the fixture tests compare.
/// </summary>
public static class TypedValues
{
    /// <summary>The group an object's value is read from: its only group, else its last number (1.6.0 and gas put a time first).</summary>
    public static int ValueGroup(Telegram telegram, int index)
    {
        int first = telegram.GetFirstGroup(index);
        int count = telegram.GetGroupCount(index);
        for (int g = first + count - 1; g >= first; g--)
        {
            if (telegram.GetKind(g) == P1ValueKind.Number)
            {
                return g;
            }
        }

        return count > 0 ? first : -1;
    }

    /// <summary>
    /// The value as text: the exact decimal for numbers ("0.724"), ISO 8601 for a DLMS date-time, the decoded text
    /// of a DLMS string (<paramref name="isString"/>: the HAN decoder sends strings as hex), else the text as sent.
    /// </summary>
    public static string? Value(Telegram telegram, int index, bool isString)
    {
        int g = ValueGroup(telegram, index);
        if (g < 0)
        {
            return null;
        }

        if (isString)
        {
            int length = telegram.GetGroupLength(g);
            var output = new byte[length / 2 + 1];
            int n = telegram.DecodeHexText(g, output, 0);
            return n >= 0 ? Encoding.ASCII.GetString(output, 0, n) : telegram.GetGroupText(g);
        }

        P1ValueKind kind = telegram.GetKind(g);
        if (kind == P1ValueKind.Number)
        {
            // With the unit "?" (a DLMS value whose scaler nobody published) this is the raw integer, not a reading.
            telegram.TryGetNumber(g, out P1Decimal value);
            return value.ToString();
        }

        if (kind == P1ValueKind.Empty)
        {
            return "";
        }

        if (kind == P1ValueKind.ObisReference)
        {
            telegram.TryGetObisReference(g, out OpenAmi.P1.Obis.ObisCode code);
            return code.ToString();
        }

        if (telegram.GetGroupLength(g) == 24 && telegram.TryGetTimestamp(g, out P1Timestamp stamp))
        {
            return Iso(stamp);
        }

        return telegram.GetGroupText(g);
    }

    /// <summary>The unit as sent after '*' (canonical spelling for known units), or null.</summary>
    public static string? Unit(Telegram telegram, int index)
    {
        string? unit = UnitText(telegram, index);
        return unit == "?" ? null : unit;
    }

    /// <summary>The address as the line writes it ("1.8.0", "F.F", "1-0:1.8.0*255"), for readouts.</summary>
    public static string Address(Telegram telegram, int index)
    {
        byte[] source = telegram.Source;
        int start = telegram.GetLineStart(index);
        int end = start;
        while (end < telegram.SourceLength && source[end] != (byte)'(' && source[end] != (byte)'\r' && source[end] != (byte)'\n')
        {
            end++;
        }

        return Encoding.ASCII.GetString(source, start, end - start).Trim();
    }

    /// <summary>"2025-12-14T16:00:00", with "+HH:MM" when the stamp states its offset.</summary>
    public static string Iso(P1Timestamp stamp)
    {
        var sb = new StringBuilder(25);
        sb.Append(stamp.Year.ToString("D4")).Append('-').Append(stamp.Month.ToString("D2")).Append('-').Append(stamp.Day.ToString("D2"))
            .Append('T').Append(stamp.Hour.ToString("D2")).Append(':').Append(stamp.Minute.ToString("D2")).Append(':').Append(stamp.Second.ToString("D2"));
        if (stamp.OffsetMinutes != int.MinValue)
        {
            int offset = stamp.OffsetMinutes;
            sb.Append(offset < 0 ? '-' : '+');
            offset = Math.Abs(offset);
            sb.Append((offset / 60).ToString("D2")).Append(':').Append((offset % 60).ToString("D2"));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The meter's own time for the frame: the DLMS notification time when <paramref name="notification"/> has
    /// one, else the 0-0:1.0.0 object (ISO for DLMS date-times, as sent for P1's YYMMDDhhmmssX). Null when none.
    /// </summary>
    public static string? Timestamp(Telegram telegram, P1Timestamp? notification)
    {
        if (notification is { } n)
        {
            return Iso(n);
        }

        int index = telegram.Find(new OpenAmi.P1.Obis.ObisCode(0, 0, 1, 0, 0));
        if (index < 0 || telegram.GetGroupCount(index) == 0)
        {
            return null;
        }

        int g = telegram.GetFirstGroup(index);
        if (!telegram.TryGetTimestamp(g, out P1Timestamp stamp))
        {
            return null;
        }

        return telegram.GetGroupLength(g) == 24 ? Iso(stamp) : telegram.GetGroupText(g);
    }

    private static string? UnitText(Telegram telegram, int index)
    {
        int g = ValueGroup(telegram, index);
        if (g < 0 || telegram.GetKind(g) != P1ValueKind.Number)
        {
            return null;
        }

        int unit = telegram.GetUnit(g);
        if (unit == P1Unit.None)
        {
            return null;
        }

        if (unit != P1Unit.Unknown)
        {
            return P1Unit.NameOf(unit);
        }

        string raw = telegram.GetGroupText(g);
        int star = raw.IndexOf('*');
        return star < 0 ? null : raw[(star + 1)..];
    }
}
