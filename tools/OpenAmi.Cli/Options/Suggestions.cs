using System.CommandLine;

namespace OpenAmi.Cli.Options;

/// <summary>"Did you mean …?" for a mistyped option or command: the closest known name by edit distance.</summary>
public static class Suggestions
{
    public static string UnknownOption(string token, Command command)
    {
        string name = token.Split('=', 2)[0];
        string? close = Closest(name, OptionNames(command));
        return $"unknown option {name}" + (close != null ? $" (did you mean {close}?)" : "");
    }

    public static string UnknownCommand(string token, Command command)
    {
        string? close = Closest(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        return $"unknown command '{token}'" + (close != null ? $" (did you mean '{close}'?)" : "");
    }

    /// <summary>Every option name and alias valid on <paramref name="command"/>, recursive ones of its parents too.</summary>
    public static IEnumerable<string> OptionNames(Command command)
    {
        IEnumerable<Option> options = command.Options;
        foreach (Symbol parent in command.Parents)
        {
            if (parent is Command p)
            {
                options = options.Concat(p.Options.Where(o => o.Recursive));
            }
        }

        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
    }

    /// <summary>The candidate nearest to <paramref name="typed"/>, if it is near enough to be a typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(typed, candidate);
            if (candidate.StartsWith(typed, StringComparison.Ordinal) && typed.TrimStart('-').Length >= 3)
            {
                d = Math.Min(d, 1); // an abbreviation
            }

            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        int allowed = Math.Max(2, typed.TrimStart('-').Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
