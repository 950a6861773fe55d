using System.CommandLine;

namespace OpenAmi.Cli.Options;

/// <summary>
/// Secrets (keys, passwords) kept out of argv, where every user sees them in <c>ps</c>: read from a file named by an
/// option or the config, or from an environment variable. The command-line value still works, for tests.
/// </summary>
public static class SecretFiles
{
    /// <summary>A --…-file option; the file must exist and be a file.</summary>
    public static Option<string?> Option(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "FILE" };
        option.Validators.Add(result =>
        {
            string? path = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (path != null && Problem(path) is string problem)
            {
                result.AddError($"{name}: {problem}");
            }
        });
        return option;
    }

    /// <summary>Why <paramref name="path"/> cannot hold a secret, or null.</summary>
    public static string? Problem(string path) =>
        Directory.Exists(path) ? $"{path} is a directory, not a file holding the secret"
        : File.Exists(path) ? null
        : $"no such file: {path}";

    /// <summary>
    /// The secret, first found of: the command-line value, the file, the environment variable. <paramref name="source"/>
    /// names where it came from; when the result is null it holds the problem (an unreadable file), or null when no
    /// secret was given at all.
    /// </summary>
    public static string? Read(string? value, string? file, string environmentVariable, out string? source)
    {
        if (value != null)
        {
            source = "the command line";
            return value;
        }

        if (file != null)
        {
            try
            {
                source = file;
                string text = File.ReadAllText(file).Trim();
                if (text.Length == 0)
                {
                    source = $"{file} is empty: put the secret in it";
                    return null;
                }

                return text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                source = $"cannot read {file}: {e.Message}";
                return null;
            }
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            source = environmentVariable;
            return fromEnvironment.Trim();
        }

        source = null;
        return null;
    }
}
