using System.CommandLine;
using System.Text;
using OpenAmi.Cli.Options;
using OpenAmi.Desktop.Sources;
using OpenAmi.P1.Framing;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami read iec62056-21 serial:DEVICE [--out FILE] [--max-baud N] [--address A] [--timeout S]</c>: one mode C
/// readout through an optical head (the core's requester, the desktop's serial line), printed or saved.
/// </summary>
public static class ReadCommand
{
    /// <summary>The speeds a mode C meter may offer ('0' to '6').</summary>
    private static readonly string[] Bauds = ["300", "600", "1200", "2400", "4800", "9600", "19200"];

    public static Command Create(CliIO io)
    {
        var read = new Command("read", "Read a meter that must be asked: one IEC 62056-21 readout through an optical head.");
        read.Add(CreateIec(io));
        Help.Examples(
            read,
            "openami read iec62056-21 serial:/dev/ttyUSB0                   # print the readout",
            "openami read iec62056-21 serial:/dev/ttyUSB0 --out meter.txt   # save it, then: openami parse --json meter.txt");
        return read;
    }

    private static Command CreateIec(CliIO io)
    {
        var command = new Command("iec62056-21",
            "One IEC 62056-21 mode C readout: sign-on at 300 baud 7E1, the switch to the speed the meter offers (at most --max-baud), "
            + "the data message checked by its BCC. Exit 0 for a good BCC, 1 for no readout or a bad one.");
        var device = new Argument<string?>("serial:DEVICE")
        {
            Description = "The optical head (or RS-485 adapter): serial:/dev/ttyUSB0, serial:COM3 on Windows",
            Arity = ArgumentArity.ZeroOrOne, // a missing one gets our message, not the parser's
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(device) is not { Tokens.Count: > 0 })
            {
                r.AddError("give the optical head's serial device, e.g. serial:/dev/ttyUSB0 (serial:COM3 on Windows)");
            }
        });
        device.Validators.Add(r =>
        {
            string text = r.GetValueOrDefault<string?>() ?? "";
            if (DeviceProblem(text, command) is string problem)
            {
                r.AddError(problem);
            }
        });
        var output = new Typed<string?>("--out", "FILE", "Save the readout to FILE instead of printing it (openami parse reads it)",
            (string name, string text, out string? value) =>
            {
                value = text;
                string? folder = text.Length == 0 ? null : Path.GetDirectoryName(Path.GetFullPath(text));
                return text.Length == 0 ? $"{name} is empty: give a file, e.g. {name} meter.txt"
                    : Directory.Exists(text) ? $"{name}: {text} is a directory; give a file, e.g. {Path.Combine(text, "meter.txt")}"
                    : folder != null && !Directory.Exists(folder) ? $"{name}: no such directory: {folder}"
                    : null;
            });
        var maxBaud = new Typed<int?>("--max-baud", "N", "The fastest speed to accept in the baud switch [default: 9600]",
            (string name, string text, out int? value) =>
            {
                value = Array.IndexOf(Bauds, text) >= 0 ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
                return value == null ? $"{name} takes one of {string.Join(", ", Bauds)} (the speeds of a mode C switch), not '{text}'" : null;
            },
            Bauds);
        var address = new Typed<string?>("--address", "ADDR", "The meter's device address, sent as /?ADDR! (for a bus of several meters) [default: any meter]",
            (string name, string text, out string? value) =>
            {
                value = text;
                bool printable = text.All(c => c > ' ' && c < 127 && c != '!' && c != '/' && c != '?');
                return text.Length is 0 or > 32 || !printable
                    ? $"{name} is the meter's device address, 1 to 32 printable characters without / ? !, not '{text}'"
                    : null;
            });
        var timeout = new Typed<int?>("--timeout", "S", "Give up after this many seconds [default: 60]", Parsers.Int(1, 3600));
        command.Add(device);
        foreach (Option option in new Option[] { output.Option, maxBaud.Option, address.Option, timeout.Option })
        {
            command.Add(option);
        }

        Help.Examples(
            command,
            "openami read iec62056-21 serial:/dev/ttyUSB0                   # print the readout",
            "openami read iec62056-21 serial:/dev/ttyUSB0 --out meter.txt   # save it, then: openami parse --json meter.txt",
            "openami read iec62056-21 serial:COM3 --max-baud 4800 --address 12345678");
        command.SetAction((r, cancel) =>
        {
            string spec = r.GetValue(device)!;
            string? addressText = r.ValueIfGiven(address.Option);
            return Task.FromResult(Run(spec["serial:".Length..], r.ValueIfGiven(output.Option), r.ValueIfGiven(maxBaud.Option) ?? 9600,
                addressText != null ? Encoding.ASCII.GetBytes(addressText) : null, TimeSpan.FromSeconds(r.ValueIfGiven(timeout.Option) ?? 60),
                io.Out, io.Err, cancel));
        });
        return command;
    }

    public static int Run(string device, string? output, int maxBaud, byte[]? address, TimeSpan limit, TextWriter stdout, TextWriter stderr,
        CancellationToken cancel = default)
    {
        IecReadout.Result result;
        try
        {
            result = IecReadout.Run(device, maxBaud, address, limit, cancel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Fail(stderr, GatewayCommand.Reason(e)); // the device went away, or could not be opened
        }

        if (result.Text == null)
        {
            return Fail(stderr, $"{device}: {result.Error}");
        }

        string text = Encoding.ASCII.GetString(result.Text).Replace("\r\n", "\n") + "\n";
        if (output != null)
        {
            try
            {
                File.WriteAllText(output, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stdout.Write(text); // the readout took a minute at the meter: not lost because the file could not be written
                return Fail(stderr, $"cannot write {output}: {GatewayCommand.Reason(e)}; the readout is on stdout");
            }
        }
        else
        {
            stdout.Write(text);
        }

        bool good = result.Check == CrcStatus.Ok;
        stderr.WriteLine($"{result.Identification}: readout of {result.Text.Length} bytes at {result.Baud} baud, BCC {(good ? "ok" : "bad: the values are not data")}"
            + (output != null ? $", saved to {output}" : ""));
        return good ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string? DeviceProblem(string text, Command command)
    {
        if (text.StartsWith('-'))
        {
            return Suggestions.UnknownOption(text, command);
        }

        if (!text.StartsWith("serial:", StringComparison.Ordinal) || text.Length <= "serial:".Length)
        {
            return $"the optical head is a serial device, e.g. serial:/dev/ttyUSB0 (serial:COM3 on Windows), not '{text}'";
        }

        return text.IndexOf(':', "serial:".Length) >= 0
            ? $"give serial:DEVICE only, not '{text}': a readout sets its own speed and framing (300 baud 7E1, then the meter's offer)"
            : null;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami read: {message}");
        return ExitCodes.Failed;
    }
}
