using System.Text;

namespace OpenAmi.Cli.Output;

/// <summary>JSON string literals from raw meter bytes: quotes, backslashes, control and non-ASCII bytes escaped.</summary>
public static class JsonText
{
    public static void AppendString(StringBuilder sb, byte[] source, int start, int length)
    {
        sb.Append('"');
        for (int i = start; i < start + length; i++)
        {
            AppendChar(sb, (char)source[i]);
        }

        sb.Append('"');
    }

    public static void AppendString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (char c in text)
        {
            AppendChar(sb, c);
        }

        sb.Append('"');
    }

    private static void AppendChar(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '"': sb.Append("\\\""); break;
            case '\\': sb.Append("\\\\"); break;
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            default:
                if (c < 0x20 || c > 0x7E)
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4"));
                }
                else
                {
                    sb.Append(c);
                }

                break;
        }
    }
}
