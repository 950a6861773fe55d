namespace OpenAmi.Cli.Commands;

/// <summary>
/// The arguments every stream-reading command shares: options with a value, bare flags, --key/--aad, and the
/// FILE|- inputs. Anything unknown is a usage error with a message.
/// </summary>
public sealed class CommandArgs
{
    private readonly Dictionary<string, string> _values = [];
    private readonly HashSet<string> _flags = [];

    public List<string> Inputs { get; } = [];

    public DecryptionOptions Decryption { get; } = new();

    /// <summary>The input format (<c>MeterFormat</c> code) forced by --input-format (or --format where a command has no other use for it).</summary>
    public int InputFormat { get; private set; } = OpenAmi.Meters.MeterFormat.Auto;

    public string? Value(string option) => _values.TryGetValue(option, out string? v) ? v : null;

    public bool Flag(string flag) => _flags.Contains(flag);

    /// <summary>Reads <paramref name="args"/>; returns null on success, else the message for a usage error.</summary>
    public static string? Read(string[] args, string[] valueOptions, string[] flags, out CommandArgs result)
    {
        result = new CommandArgs();
        bool formatIsInput = !valueOptions.Contains("--format");
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--input-format" || (arg == "--format" && formatIsInput))
            {
                int format = i + 1 < args.Length ? OpenAmi.Meters.MeterFormat.Parse(args[i + 1]) : -1;
                if (format < 0)
                {
                    return $"{arg} is auto, p1, hdlc, mbus, han or iec62056-21";
                }

                result.InputFormat = format;
                i++;
                continue;
            }

            string? consumed = result.Decryption.TryConsume(args, ref i);
            if (consumed == "")
            {
                continue;
            }

            if (consumed != null)
            {
                return consumed;
            }

            if (valueOptions.Contains(arg))
            {
                if (i + 1 >= args.Length)
                {
                    return $"{arg} needs a value";
                }

                result._values[arg] = args[++i];
            }
            else if (flags.Contains(arg))
            {
                result._flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                return $"unknown option {arg}";
            }
            else
            {
                result.Inputs.Add(arg);
            }
        }

        return result.Inputs.Count == 0
            ? "give one or more capture files, or - for stdin, e.g. samples/dsmr5-iskra-am550.p1"
            : StreamInputs.Validate(result.Inputs);
    }
}
