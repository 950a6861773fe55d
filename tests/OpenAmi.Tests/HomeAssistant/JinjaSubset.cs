using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenAmi.Tests.HomeAssistant;

/// <summary>
/// The part of Jinja the gateway's discovery templates use, evaluated as Home Assistant would against a received
/// payload (value_json): <c>{{ a.b.c }}</c>, <c>{% for x in a.b if x.k == 'v' and x.u == 'w' %}…{% endfor %}</c> and
/// <c>{% if a.b is defined %}…{% endif %}</c>. Values render as Python prints them (a JSON 233.0 is a float and
/// prints 233.0, 1.030 prints 1.03, true prints True). Anything else is refused, so a template the gateway starts to
/// emit in another form fails the tests instead of being guessed at.
/// </summary>
public static partial class JinjaSubset
{
    public static string Render(string template, string payloadJson)
    {
        JsonElement root = JsonDocument.Parse(payloadJson).RootElement;
        var scope = new Dictionary<string, JsonElement> { ["value_json"] = root };
        var parts = Tokenize(template);
        int at = 0;
        var output = new StringBuilder();
        RenderBlock(parts, ref at, scope, output, null);
        return output.ToString();
    }

    private static void RenderBlock(List<string> parts, ref int at, Dictionary<string, JsonElement> scope, StringBuilder output, string? until)
    {
        while (at < parts.Count)
        {
            string part = parts[at++];
            if (part.StartsWith("{{", StringComparison.Ordinal))
            {
                output.Append(Print(Lookup(part[2..^2].Trim(), scope, required: true)!.Value));
            }
            else if (part.StartsWith("{%", StringComparison.Ordinal))
            {
                string statement = part[2..^2].Trim();
                if (statement == until)
                {
                    return;
                }

                Match loop = ForPattern().Match(statement);
                Match condition = IfDefinedPattern().Match(statement);
                if (loop.Success)
                {
                    JsonElement items = Lookup(loop.Groups["seq"].Value, scope, required: true)!.Value;
                    int bodyStart = at;
                    int bodyEnd = at;
                    Skip(parts, ref bodyEnd, "endfor");
                    foreach (JsonElement item in items.EnumerateArray())
                    {
                        var inner = new Dictionary<string, JsonElement>(scope) { [loop.Groups["var"].Value] = item };
                        if (Filter(loop.Groups["cond"].Value, inner))
                        {
                            int position = bodyStart;
                            RenderBlock(parts, ref position, inner, output, "endfor");
                        }
                    }

                    at = bodyEnd;
                }
                else if (condition.Success)
                {
                    if (Lookup(condition.Groups["path"].Value, scope, required: false) != null)
                    {
                        RenderBlock(parts, ref at, scope, output, "endif");
                    }
                    else
                    {
                        Skip(parts, ref at, "endif");
                    }
                }
                else
                {
                    throw new NotSupportedException($"statement outside the subset: {{% {statement} %}}");
                }
            }
            else
            {
                output.Append(part);
            }
        }

        if (until != null)
        {
            throw new FormatException($"missing {{% {until} %}}");
        }
    }

    // Moves past the statement that closes the block (nested blocks included), evaluating nothing.
    private static void Skip(List<string> parts, ref int at, string until)
    {
        int depth = 0;
        while (at < parts.Count)
        {
            string part = parts[at++];
            if (!part.StartsWith("{%", StringComparison.Ordinal))
            {
                continue;
            }

            string statement = part[2..^2].Trim();
            if (statement.StartsWith("for ", StringComparison.Ordinal) || statement.StartsWith("if ", StringComparison.Ordinal))
            {
                depth++;
            }
            else if (statement is "endfor" or "endif")
            {
                if (depth == 0)
                {
                    if (statement != until)
                    {
                        throw new FormatException($"{{% {statement} %}} where {{% {until} %}} was expected");
                    }

                    return;
                }

                depth--;
            }
        }

        throw new FormatException($"missing {{% {until} %}}");
    }

    private static bool Filter(string condition, Dictionary<string, JsonElement> scope)
    {
        if (condition.Length == 0)
        {
            return true;
        }

        foreach (string clause in condition.Split(" and "))
        {
            Match m = EqualsPattern().Match(clause.Trim());
            if (!m.Success)
            {
                throw new NotSupportedException($"condition outside the subset: {clause}");
            }

            JsonElement? value = Lookup(m.Groups["path"].Value, scope, required: false);
            if (value == null || value.Value.ValueKind != JsonValueKind.String || value.Value.GetString() != m.Groups["text"].Value)
            {
                return false;
            }
        }

        return true;
    }

    private static JsonElement? Lookup(string path, Dictionary<string, JsonElement> scope, bool required)
    {
        if (!PathPattern().IsMatch(path))
        {
            throw new NotSupportedException($"expression outside the subset: {path}");
        }

        string[] names = path.Split('.');
        if (!scope.TryGetValue(names[0], out JsonElement value))
        {
            return required ? throw new KeyNotFoundException($"'{names[0]}' is undefined") : null;
        }

        foreach (string name in names.Skip(1))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return required ? throw new KeyNotFoundException($"'{path}' is undefined") : null;
            }
        }

        return value;
    }

    /// <summary>A JSON value as Python's str() prints what json.loads made of it.</summary>
    public static string Print(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.Null => "None",
        JsonValueKind.Number => PrintNumber(value.GetRawText()),
        _ => throw new NotSupportedException("lists and mappings are not printed by these templates"),
    };

    private static string PrintNumber(string raw)
    {
        if (!raw.Contains('.') && !raw.Contains('e') && !raw.Contains('E'))
        {
            return long.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        string text = double.Parse(raw, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    private static List<string> Tokenize(string template)
    {
        var parts = new List<string>();
        int at = 0;
        while (at < template.Length)
        {
            int open = template.IndexOf('{', at);
            while (open >= 0 && open + 1 < template.Length && template[open + 1] != '{' && template[open + 1] != '%')
            {
                open = template.IndexOf('{', open + 1);
            }

            if (open < 0 || open + 1 >= template.Length)
            {
                parts.Add(template[at..]);
                break;
            }

            if (open > at)
            {
                parts.Add(template[at..open]);
            }

            string close = template[open + 1] == '{' ? "}}" : "%}";
            int end = template.IndexOf(close, open + 2, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new FormatException("unclosed " + template[open..(open + 2)]);
            }

            parts.Add(template[open..(end + 2)]);
            at = end + 2;
        }

        return parts;
    }

    [GeneratedRegex(@"^for (?<var>[a-z_]+) in (?<seq>[a-z_.]+)(?: if (?<cond>.+))?$")]
    private static partial Regex ForPattern();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^if (?<path>[a-zA-Z_.]+) is defined$")]
    private static partial Regex IfDefinedPattern();

    [GeneratedRegex(@"^(?<path>[a-z_.]+) == '(?<text>[^']*)'$")]
    private static partial Regex EqualsPattern();
}
