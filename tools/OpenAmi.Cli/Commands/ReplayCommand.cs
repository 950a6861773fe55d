using OpenAmi.Desktop.Sources;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami replay FILE --to serial:DEVICE|pty</c>: writes a capture into a serial port, or into a
/// pseudo-terminal it creates and names, at the real line speed (10 bits a byte) with the meter's pauses between
/// telegrams, so a board or a gateway can be tested without a meter.
/// </summary>
public static class ReplayCommand
{
    public const string UsageLine = "usage: openami replay FILE --to serial:DEVICE|pty [--baud 115200] [--loop] [--no-pauses]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        string? file = null;
        string? target = null;
        int baud = 115200;
        bool loop = false;
        bool pauses = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--to" when i + 1 < args.Length:
                    target = args[++i];
                    break;
                case "--baud" when i + 1 < args.Length && int.TryParse(args[i + 1], out baud) && Termios.IsSupportedBaud(baud):
                    i++;
                    break;
                case "--loop":
                    loop = true;
                    break;
                case "--no-pauses":
                    pauses = false;
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || file != null)
                    {
                        return Usage(stderr, $"unexpected argument {args[i]}");
                    }

                    file = args[i];
                    break;
            }
        }

        if (file == null || !File.Exists(file))
        {
            return Usage(stderr, file == null ? "give the capture to replay" : $"no such file: {file}");
        }

        if (target == null || (target != "pty" && !target.StartsWith("serial:", StringComparison.Ordinal)))
        {
            return Usage(stderr, "--to takes serial:/dev/ttyUSB0 or pty");
        }

        FileStream port;
        FileStream? hold = null;
        if (target == "pty")
        {
            port = Termios.OpenPseudoTerminal(out string path, out hold);
            stdout.WriteLine(path);
            stdout.Flush();
            stderr.WriteLine($"openami replay: writing to {path}; point a gateway at --source serial:{path}:{baud}");
        }
        else
        {
            port = Termios.OpenSerial(target["serial:".Length..], baud, baud == 9600 ? 7 : 8, baud == 9600 ? 'E' : 'N', 1);
        }

        using (hold)
        using (port)
        {
            var frames = ByteSource.Paced(File.ReadAllBytes(file));
            double bytesPerSecond = baud / 10.0;
            long sent = 0;
            do
            {
                foreach (var (bytes, pause) in frames)
                {
                    if (pauses && cancel.WaitHandle.WaitOne(pause))
                    {
                        return ExitCodes.Ok;
                    }

                    // Line speed: write in small slices and wait as long as the wire would take.
                    for (int i = 0; i < bytes.Length; i += 64)
                    {
                        int n = Math.Min(64, bytes.Length - i);
                        port.Write(bytes, i, n);
                        port.Flush();
                        sent += n;
                        Thread.Sleep(TimeSpan.FromSeconds(n / bytesPerSecond));
                    }
                }
            }
            while (loop && !cancel.IsCancellationRequested);

            stderr.WriteLine($"openami replay: {sent} bytes, {frames.Count} telegram(s) written");
        }

        return ExitCodes.Ok;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami replay: {message}");
        stderr.WriteLine(UsageLine);
        return ExitCodes.Usage;
    }
}
