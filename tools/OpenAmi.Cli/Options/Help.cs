using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace OpenAmi.Cli.Options;

/// <summary>
/// <c>--help</c> on every verb: System.CommandLine's description, usage and options, followed by the verb's
/// examples, written to standard output (exit 0).
/// </summary>
public static class Help
{
    private static readonly ConditionalWeakTable<Command, string[]> ExampleTable = [];

    /// <summary>Attaches example command lines (each with a comment line above it when it starts with '#').</summary>
    public static void Examples(Command command, params string[] lines) => ExampleTable.AddOrUpdate(command, lines);

    /// <summary>Makes the root's (recursive) help option print examples after the usage.</summary>
    public static void Install(RootCommand root)
    {
        HelpOption option = root.Options.OfType<HelpOption>().Single();
        if (option.Action is HelpAction inner)
        {
            inner.MaxWidth = 110;
            option.Action = new WithExamples(inner);
        }
    }

    /// <summary>Prints the help of <paramref name="command"/> to <paramref name="output"/>, as its --help would.</summary>
    public static void Write(RootCommand root, Command command, TextWriter output)
    {
        var path = new List<string> { "--help" };
        for (Command? c = command; c != null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c.Name);
        }

        root.Parse(path).Invoke(new InvocationConfiguration { Output = output, Error = output });
    }

    private static void WriteExamples(Command command, TextWriter output)
    {
        if (!ExampleTable.TryGetValue(command, out string[]? lines))
        {
            return;
        }

        output.WriteLine("Examples:");
        foreach (string line in lines)
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine();
    }

    private sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            inner.Invoke(parseResult);
            WriteExamples(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        }
    }
}
