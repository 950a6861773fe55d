using System.CommandLine;
using System.Globalization;
using OpenAmi.Config;

namespace OpenAmi.Cli.Options;

/// <summary>Text to a value, or the message a user sees; shared by an option and its config-file key.</summary>
public delegate string? TextParser<T>(string name, string text, out T value);

/// <summary>
/// A typed command-line option and the parser behind it, so the same text is accepted (and refused with the same
/// message) on the command line and in a config file.
/// </summary>
public sealed class Typed<T>
{
    public Typed(string name, string helpName, string description, TextParser<T> parse, params string[] completions)
    {
        Parse = parse;
        Option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return default!; // not given: callers fall back to the config file or the default
                }

                // A repeated option: the last one wins, as users expect from most tools.
                string text = result.Tokens[^1].Value;
                string? error = parse(name, text, out T value);
                if (error != null)
                {
                    result.AddError(error);
                }

                return value;
            },
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.ExactlyOne, // also for array-typed values such as keys
        };
        if (completions.Length > 0)
        {
            Option.CompletionSources.Add(completions);
        }
    }

    public Option<T> Option { get; }

    public TextParser<T> Parse { get; }

    public string Name => Option.Name;

    /// <summary>The command line's value, or default when the option is not given.</summary>
    public T? Value(ParseResult result) => Given(result) ? result.GetValue(Option) : default;

    /// <summary>True when the command line names this option.</summary>
    public bool Given(ParseResult result) => result.GetResult(Option) is { Implicit: false };

    /// <summary>
    /// The command line's value, else the config file's (<paramref name="configKey"/>), else <paramref name="fallback"/>.
    /// Returns a message for a config value that does not parse.
    /// </summary>
    public string? Resolve(ParseResult result, ConfigFile? config, string? configKey, T fallback, out T value)
    {
        if (Given(result))
        {
            value = result.GetValue(Option)!;
            return null;
        }

        string? text = configKey != null ? config?.Get(configKey, null) : null;
        if (text == null)
        {
            value = fallback;
            return null;
        }

        string? error = Parse(configKey!, text, out value);
        return error == null ? null : "config " + error;
    }
}

/// <summary>Values of options that are only read when given (System.CommandLine may hand back empty values otherwise).</summary>
public static class ParseResultExtensions
{
    public static T? ValueIfGiven<T>(this ParseResult result, Option<T> option) =>
        result.GetResult(option) is { Implicit: false } ? result.GetValue(option) : default;
}

/// <summary>The parsers of the option types every verb uses, with messages that say what to give.</summary>
public static class Parsers
{
    public static TextParser<int?> Int(int min, int max, string? hint = null) => (string name, string text, out int? value) =>
    {
        value = null;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            return $"{name} takes a whole number from {min} to {max}{hint}, not '{text}'";
        }

        value = v;
        return null;
    };

    public static TextParser<double?> Seconds(double min, bool inclusive) => (string name, string text, out double? value) =>
    {
        value = null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || double.IsNaN(v) || v > 1e7
            || (inclusive ? v < min : v <= min))
        {
            return $"{name} takes seconds {(inclusive ? "from" : "above")} {min.ToString(CultureInfo.InvariantCulture)}, e.g. {name} 10, not '{text}'";
        }

        value = v;
        return null;
    };

    public static TextParser<string?> Text(string example) => (string name, string text, out string? value) =>
    {
        value = text;
        return text.Length == 0 ? $"{name} is empty: give a value, e.g. {name} {example}" : null;
    };

    /// <summary>One of <paramref name="choices"/>; <paramref name="explain"/> says what each means.</summary>
    public static TextParser<string?> Choice(string explain, params string[] choices) => (string name, string text, out string? value) =>
    {
        value = null;
        if (Array.IndexOf(choices, text) < 0)
        {
            return $"{name} is {explain}, not '{text}'";
        }

        value = text;
        return null;
    };

    /// <summary>Hex bytes of a length in [min, max] (spaces, colons and 0x ignored).</summary>
    public static TextParser<byte[]?> Hex(int min, int max, string message) => (string name, string text, out byte[]? value) =>
    {
        value = null;
        if (!Desktop.Hex.TryParse(text, out byte[] bytes) || bytes.Length < min || bytes.Length > max)
        {
            return message;
        }

        value = bytes;
        return null;
    };
}
