using System.CommandLine;
using System.CommandLine.Invocation;
using OpenAmi.Cli.Commands;
using OpenAmi.Cli.Options;

namespace OpenAmi.Cli;

public static class Program
{
    public const string Description = "openami: read smart meters (P1, DLMS push on HAN ports, IEC 62056-21) and turn them into OpenAMI data.";

    public static int Main(string[] args)
    {
        return Run(args, Console.OpenStandardInput, Console.Out, Console.Error);
    }

    /// <summary>Entry point with injectable streams, so tests run the CLI in process.</summary>
    public static int Run(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIO(stdin, stdout, stderr);
        RootCommand root = Build(io);
        if (args.Length == 0)
        {
            Help.Write(root, root, stderr);
            return ExitCodes.Usage;
        }

        ParseResult result = root.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            stderr.WriteLine($"{CommandPath(result.CommandResult.Command)}: {FirstError(result)}");
            stderr.WriteLine($"Run '{CommandPath(result.CommandResult.Command)} --help' for usage and examples.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = stdout,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // the gateway handles SIGINT/SIGTERM itself
        };
        try
        {
            return result.Invoke(invocation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException
            or ArgumentException or System.Security.SecurityException)
        {
            // A last resort: every command reports its own failures, but a user never sees a stack trace.
            stderr.WriteLine($"{CommandPath(result.CommandResult.Command)}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Every verb, its options, help and examples.</summary>
    public static RootCommand Build(CliIO io)
    {
        var root = new RootCommand(Description);
        root.Add(ParseCommand.Create(io));
        root.Add(EnvelopeCommand.Create(io));
        root.Add(GapsCommand.Create(io));
        root.Add(GatewayCommand.Create(io));
        root.Add(CaptureCommand.Create(io));
        root.Add(ReadCommand.Create(io));
        root.Add(ReplayCommand.Create(io));
        root.Add(SimCommand.Create(io));
        root.Add(SignCommand.Create(io));
        root.Add(BenchCommand.Create(io));
        root.Add(CompletionCommand.Create(io));

        var help = new Command("help", "Show the help of openami or of one of its commands.");
        var verb = new Argument<string?>("COMMAND") { Arity = ArgumentArity.ZeroOrOne, Description = "The command to explain" };
        verb.CompletionSources.Add(_ => root.Subcommands.Select(c => new System.CommandLine.Completions.CompletionItem(c.Name)));
        help.Add(verb);
        help.SetAction(r =>
        {
            string? name = r.GetValue(verb);
            Command? target = name == null ? root : root.Subcommands.FirstOrDefault(c => c.Name == name);
            if (target == null)
            {
                io.Err.WriteLine($"openami help: {Suggestions.UnknownCommand(name!, root)}");
                return ExitCodes.Usage;
            }

            Help.Write(root, target, io.Out);
            return ExitCodes.Ok;
        });
        root.Add(help);
        Help.Install(root);
        Help.Examples(
            root,
            "openami gateway                                   # replay the bundled sample, print what would be published",
            "openami parse samples/dsmr5-iskra-am550.p1        # frames, CRC and values as a table",
            "openami gateway --config /etc/openami/gateway.conf",
            "openami read iec62056-21 serial:/dev/ttyUSB0      # one readout through an optical head",
            "openami completion bash > /etc/bash_completion.d/openami");
        return root;
    }

    /// <summary>"openami", "openami gateway", "openami sign grant".</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c != null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c is RootCommand ? "openami" : c.Name);
        }

        return string.Join(' ', names);
    }

    private static string FirstError(ParseResult result)
    {
        Command command = result.CommandResult.Command;
        string? unmatched = result.UnmatchedTokens.FirstOrDefault();
        if (unmatched != null)
        {
            if (unmatched.StartsWith('-') && unmatched != "-")
            {
                return Suggestions.UnknownOption(unmatched, command);
            }

            return command.Subcommands.Count > 0 ? Suggestions.UnknownCommand(unmatched, command) : $"unexpected argument '{unmatched}'";
        }

        if (command.Subcommands.Count > 0 && result.Errors.Count > 0 && !result.CommandResult.Children.Any())
        {
            return $"give a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        }

        // An option's own problem first: it explains more than a missing input that follows from it.
        System.CommandLine.Parsing.ParseError? first = result.Errors.FirstOrDefault(e => e.SymbolResult is not System.CommandLine.Parsing.CommandResult) ?? result.Errors.FirstOrDefault();
        return first?.Message ?? "invalid command line";
    }
}

/// <summary>The streams a command reads and writes (injectable, so tests run the CLI in process).</summary>
public sealed record CliIO(Func<Stream> In, TextWriter Out, TextWriter Err);

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
