using System.Text;
using OpenAmi.P1.Dialects;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Cli.Output;

/// <summary>
/// The <c>parse --json</c> line of a frame: crc, header, objects with their raw groups exactly as sent, then
/// the fields this tool adds (dialect, encrypted, errors).
/// </summary>
public static class TelegramJson
{
    public static string Format(Telegram telegram)
    {
        var sb = new StringBuilder(telegram.SourceLength * 2);
        sb.Append("{\"crc\":\"").Append(CrcName(telegram.Crc)).Append("\",\"header\":");
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
