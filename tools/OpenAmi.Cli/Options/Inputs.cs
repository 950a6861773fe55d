using System.CommandLine;

namespace OpenAmi.Cli.Options;

/// <summary>The FILE|- arguments of the commands that read captures, with the checks and messages they share.</summary>
public static class Inputs
{
    public const string Example = "samples/dsmr5-iskra-am550.p1";

    /// <summary>Adds the FILE arguments to <paramref name="command"/> and checks them when it is parsed.</summary>
    public static Argument<string[]> AddTo(Command command, bool stdin)
    {
        var inputs = new Argument<string[]>(stdin ? "FILE|-" : "FILE")
        {
            Description = stdin ? "Meter captures to read, in order; - reads standard input" : "Meter captures to read, in order",
            Arity = ArgumentArity.ZeroOrMore,
        };
        command.Add(inputs);
        inputs.Validators.Add(result =>
        {
            string? error = Check(result.Tokens.Select(t => t.Value).ToList(), command, stdin);
            if (error != null)
            {
                result.AddError(error);
            }
        });
        command.Validators.Add(result =>
        {
            if (result.GetResult(inputs) is not { Tokens.Count: > 0 })
            {
                result.AddError(Check([], command, stdin)!);
            }
        });
        return inputs;
    }

    /// <summary>Null when every input can be read, else the first problem as a message that says what to do.</summary>
    public static string? Check(IReadOnlyList<string> inputs, Command command, bool stdin)
    {
        if (inputs.Count == 0)
        {
            return stdin
                ? $"give one or more capture files, or - for stdin, e.g. {Example}"
                : $"give one or more capture files, e.g. {Example}";
        }

        foreach (string input in inputs)
        {
            if (input == "-" && stdin)
            {
                continue;
            }

            if (input.StartsWith('-'))
            {
                return Suggestions.UnknownOption(input, command);
            }

            string? problem = Problem(input);
            if (problem != null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Why a capture file cannot be read (missing, a directory), or null.</summary>
    public static string? Problem(string path)
    {
        if (Directory.Exists(path))
        {
            return $"{path} is a directory, not a capture file: name the files in it, e.g. {Path.Combine(path, "*.p1")}";
        }

        return File.Exists(path) ? null : $"no such file: {path}";
    }
}
