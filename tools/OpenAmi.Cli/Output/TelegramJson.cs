using System.Text;
using OpenAmi.Desktop.Telegrams;
using OpenAmi.Meters;
using OpenAmi.P1.Dialects;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Cli.Output;

/// <summary>
/// The <c>parse --json</c> line of a frame: format, check (and crc, its older name), the meter's timestamp when
/// it sends one, header, objects with their typed value, unit and raw groups exactly as sent (and, for readouts,
/// the address as written), then dialect, encrypted and errors.
/// </summary>
public static class TelegramJson
{
    public static string Format(Telegram telegram) => Format(telegram, null);

    public static string Format(Telegram telegram, FrameInfo? info)
    {
        var sb = new StringBuilder(telegram.SourceLength * 2);
        if (info != null)
        {
            sb.Append("{\"format\":\"").Append(info.FormatName).Append("\",\"check\":\"").Append(info.CheckName).Append("\",");
            string? timestamp = TypedValues.Timestamp(telegram, info.Notification);
            if (timestamp != null)
            {
                sb.Append("\"timestamp\":");
                JsonText.AppendString(sb, timestamp);
                sb.Append(',');
            }
        }
        else
        {
            sb.Append('{');
        }

        bool readout = info?.Format == MeterFormat.Iec62056;
        sb.Append("\"crc\":\"").Append(CrcName(telegram.Crc)).Append("\",\"header\":");
        JsonText.AppendString(sb, telegram.Source, 0, telegram.HeaderLength);
        sb.Append(",\"objects\":[");
        byte[] obis = new byte[24];
        for (int o = 0; o < telegram.ObjectCount; o++)
        {
            if (o > 0)
            {
                sb.Append(',');
            }

            int n = telegram.GetObis(o).WriteAscii(obis, 0);
            sb.Append("{\"obis\":");
            JsonText.AppendString(sb, obis, 0, n);
            if (readout)
            {
                sb.Append(",\"address\":");
                JsonText.AppendString(sb, TypedValues.Address(telegram, o));
            }

            string? value = TypedValues.Value(telegram, o, info?.IsString(o) ?? false);
            if (value != null)
            {
                sb.Append(",\"value\":");
                JsonText.AppendString(sb, value);
            }

            string? unit = TypedValues.Unit(telegram, o);
            if (unit != null)
            {
                sb.Append(",\"unit\":");
                JsonText.AppendString(sb, unit);
            }

            sb.Append(",\"raw\":[");
            int first = telegram.GetFirstGroup(o);
            for (int g = 0; g < telegram.GetGroupCount(o); g++)
            {
                if (g > 0)
                {
                    sb.Append(',');
                }

                JsonText.AppendString(sb, telegram.Source, telegram.GetGroupStart(first + g), telegram.GetGroupLength(first + g));
            }

            sb.Append("]}");
        }

        sb.Append("],\"dialect\":");
        JsonText.AppendString(sb, DialectDetector.NameOf(DialectDetector.Detect(telegram)));
        if (telegram.WasEncrypted)
        {
            sb.Append(",\"encrypted\":true");
        }

        if (telegram.ErrorCount > 0)
        {
            sb.Append(",\"errors\":[");
            for (int e = 0; e < telegram.ErrorsKept; e++)
            {
                if (e > 0)
                {
                    sb.Append(',');
                }

                sb.Append("{\"error\":");
                JsonText.AppendString(sb, ParseErrorText.Describe(telegram.GetErrorCode(e)));
                sb.Append(",\"line\":");
                JsonText.AppendString(sb, telegram.Source, telegram.GetErrorLineStart(e), telegram.GetErrorLineLength(e));
                sb.Append('}');
            }

            sb.Append(']');
        }

        sb.Append('}');
        return sb.ToString();
    }

    public static string CrcName(CrcStatus crc)
    {
        return crc switch
        {
            CrcStatus.Ok => "ok",
            CrcStatus.Bad => "bad",
            _ => "none",
        };
    }
}
