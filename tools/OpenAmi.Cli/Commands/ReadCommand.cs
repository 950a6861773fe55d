using OpenAmi.Desktop.Sources;
using OpenAmi.P1.Framing;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami read iec62056-21 serial:DEVICE [--out FILE] [--max-baud N] [--address A] [--timeout S]</c>: one mode C
/// readout through an optical head (the core's requester, the desktop's serial line), printed or saved.
/// </summary>
public static class ReadCommand
{
    public const string Usage = "usage: openami read iec62056-21 serial:/dev/ttyUSB0 [--out FILE] [--max-baud 9600] [--address ADDR] [--timeout 60]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length < 2 || args[0] != "iec62056-21")
        {
            return UsageError(stderr, args.Length == 0 ? "say what to read: iec62056-21" : $"'{args[0]}' cannot be read; the protocol is iec62056-21");
        }

        if (!args[1].StartsWith("serial:", StringComparison.Ordinal) || args[1].Length <= "serial:".Length)
        {
            return UsageError(stderr, $"the optical head is a serial device, serial:/dev/ttyUSB0, not '{args[1]}'");
        }

        string device = args[1]["serial:".Length..].Split(':')[0];
        string? output = null;
        int maxBaud = 9600;
        byte[]? address = null;
        int timeout = 60;
        for (int i = 2; i < args.Length; i++)
        {
            string option = args[i];
            if (i + 1 >= args.Length)
            {
                return UsageError(stderr, $"{option} needs a value");
            }

            string value = args[++i];
            switch (option)
            {
                case "--out":
                    output = value;
                    break;
                case "--max-baud" when int.TryParse(value, out maxBaud) && Termios.IsSupportedBaud(maxBaud) && maxBaud >= 300 && maxBaud <= 19200:
                    break;
                case "--max-baud":
                    return UsageError(stderr, "--max-baud is 300, 600, 1200, 2400, 4800, 9600 or 19200");
                case "--address" when value.Length is > 0 and <= 32:
                    address = System.Text.Encoding.ASCII.GetBytes(value);
                    break;
                case "--timeout" when int.TryParse(value, out timeout) && timeout > 0:
                    break;
                default:
                    return UsageError(stderr, $"unknown option or bad value: {option} {value}");
            }
        }

        if (!File.Exists(device))
        {
            stderr.WriteLine($"openami read: no such device: {device} (is the optical head plugged in?)");
            return ExitCodes.Failed;
        }

        IecReadout.Result result;
        try
        {
            result = IecReadout.Run(device, maxBaud, address, TimeSpan.FromSeconds(timeout));
        }
        catch (IOException e)
        {
            stderr.WriteLine($"openami read: {e.Message}");
            return ExitCodes.Failed;
        }

        if (result.Text == null)
        {
            stderr.WriteLine($"openami read: {device}: {result.Error}");
            return ExitCodes.Failed;
        }

        string text = System.Text.Encoding.ASCII.GetString(result.Text).Replace("\r\n", "\n") + "\n";
        if (output != null)
        {
            File.WriteAllText(output, text);
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

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami read: {message}");
        stderr.WriteLine(Usage);
        return ExitCodes.Usage;
    }
}
