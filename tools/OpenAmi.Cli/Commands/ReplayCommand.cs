using System.CommandLine;
using System.IO.Ports;
using OpenAmi.Cli.Options;
using OpenAmi.Desktop.Sources;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami replay FILE --to serial:DEVICE|pty</c>: writes a capture into a serial port, or into a
/// pseudo-terminal it creates and names, at the real line speed (10 bits a byte) with the meter's pauses between
/// telegrams, so a board or a gateway can be tested without a meter.
/// </summary>
public static class ReplayCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("replay", "Feed a capture into a serial port, or a pseudo-terminal it creates, at the real line speed.");
        var file = new Argument<string>("FILE") { Description = "The P1 capture to replay" };
        file.Validators.Add(r =>
        {
            string path = r.GetValueOrDefault<string>();
            string? problem = path.StartsWith('-') ? Suggestions.UnknownOption(path, command) : Inputs.Problem(path);
            if (problem != null)
            {
                r.AddError(problem);
            }
        });
        var to = new Typed<string?>("--to", "serial:DEVICE|pty", "Where to write: a serial port (serial:/dev/ttyUSB0, serial:COM3) or a new pseudo-terminal (pty) (required)",
            (string name, string text, out string? value) =>
            {
                value = text;
                return text == "pty" || (text.StartsWith("serial:", StringComparison.Ordinal) && text.Length > "serial:".Length)
                    ? null
                    : $"{name} takes serial:/dev/ttyUSB0 (COM3 on Windows) or pty, not '{text}'";
            },
            "pty", "serial:") { Option = { Required = true } };
        string[] bauds = [.. Termios.SupportedBauds.Select(b => b.ToString())];
        var baud = new Typed<int?>("--baud", "N", "Line speed: 115200 (DSMR 4/5) or 9600 (DSMR 2.2/3, sent as 7E1) [default: 115200]",
            (string name, string text, out int? value) =>
            {
                value = int.TryParse(text, out int b) && Termios.IsSupportedBaud(b) ? b : null;
                return value == null ? $"{name} takes one of {string.Join(", ", bauds)}, not '{text}'" : null;
            },
            bauds);
        var loop = new Option<bool>("--loop") { Description = "Start again at the end, until stopped" };
        var noPauses = new Option<bool>("--no-pauses") { Description = "No pauses between telegrams (only the line speed)" };
        command.Add(file);
        command.Add(to.Option);
        command.Add(baud.Option);
        command.Add(loop);
        command.Add(noPauses);
        Help.Examples(
            command,
            "openami replay samples/dsmr5-iskra-am550.p1 --to pty      # prints /dev/pts/N; then, elsewhere:",
            "openami gateway --source serial:/dev/pts/N",
            "openami replay capture.p1 --to serial:/dev/ttyUSB0 --loop # into a board's P1 input through a USB-serial adapter");
        command.SetAction((r, cancel) => Task.FromResult(
            Run(r.GetValue(file)!, r.ValueIfGiven(to.Option)!, r.ValueIfGiven(baud.Option) ?? 115200, r.ValueIfGiven(loop), !r.ValueIfGiven(noPauses), io.Out, io.Err, cancel)));
        return command;
    }

    public static int Run(string file, string target, int baud, bool loop, bool pauses, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        byte[] capture;
        try
        {
            capture = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, $"cannot read {file}: {GatewayCommand.Reason(e)}");
        }

        var frames = ByteSource.Paced(capture);
        if (frames.Count == 0)
        {
            return Fail(stderr, $"{file} is empty: nothing to replay");
        }

        if (target == "pty")
        {
            using var pty = PseudoTerminal.Create();
            stdout.WriteLine(pty.SlavePath);
            stdout.Flush();
            stderr.WriteLine($"openami replay: waiting for a reader on {pty.SlavePath}; point a gateway at --source serial:{pty.SlavePath}:{baud}");
            if (!pty.WaitForReader(cancel))
            {
                return ExitCodes.Ok; // stopped before anyone opened it
            }

            int written = Write(pty.Master, frames, baud, loop, pauses, cancel, out long sent);
            pty.WaitUntilRead(TimeSpan.FromSeconds(30), cancel);
            int exit = Report(stderr, file, sent, written);
            if (!cancel.IsCancellationRequested)
            {
                // Like a cable left plugged in: the reader decides when it is done (Ctrl+C ends it sooner).
                stderr.WriteLine($"openami replay: keeping {pty.SlavePath} open until its reader closes it (at most 10 minutes)");
                pty.WaitForReaderToLeave(TimeSpan.FromMinutes(10), cancel);
            }

            return exit;
        }

        string device = target["serial:".Length..];
        if (SerialDevices.Problem(device) is string missing)
        {
            return Fail(stderr, missing);
        }

        SerialPort port;
        SerialNative.Install();
        try
        {
            port = new SerialPort(device, baud, baud == 9600 ? Parity.Even : Parity.None, baud == 9600 ? 7 : 8, StopBits.One) { Handshake = Handshake.None };
            port.Open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return Fail(stderr, $"cannot open serial port {device}: {GatewayCommand.Reason(e)}; check that you may use it (the dialout group on Linux)");
        }

        using (port)
        {
            try
            {
                int written = Write(port.BaseStream, frames, baud, loop, pauses, cancel, out long sent);
                return Report(stderr, file, sent, written);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
            {
                return Fail(stderr, $"writing to {device} failed: {GatewayCommand.Reason(e)}");
            }
        }
    }

    // Line speed: write in small slices and wait as long as the wire would take. Returns the telegrams written.
    private static int Write(Stream port, List<(byte[] Bytes, TimeSpan Pause)> frames, int baud, bool loop, bool pauses, CancellationToken cancel, out long sent)
    {
        double bytesPerSecond = baud / 10.0;
        int telegrams = 0;
        sent = 0;
        do
        {
            foreach (var (bytes, pause) in frames)
            {
                if ((pauses && cancel.WaitHandle.WaitOne(pause)) || cancel.IsCancellationRequested)
                {
                    return telegrams;
                }

                for (int i = 0; i < bytes.Length; i += 64)
                {
                    int n = Math.Min(64, bytes.Length - i);
                    port.Write(bytes, i, n);
                    port.Flush();
                    sent += n;
                    Thread.Sleep(TimeSpan.FromSeconds(n / bytesPerSecond));
                }

                telegrams += ByteSource.IsTelegramStart(bytes) ? 1 : 0;
            }
        }
        while (loop && !cancel.IsCancellationRequested);
        return telegrams;
    }

    private static int Report(TextWriter stderr, string file, long sent, int telegrams)
    {
        if (telegrams == 0)
        {
            return Fail(stderr, $"{sent} bytes written, but {file} holds no P1 telegram (none starts with '/' or an encrypted frame header)");
        }

        stderr.WriteLine($"openami replay: {sent} bytes, {telegrams} telegram(s) written");
        return ExitCodes.Ok;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami replay: {message}");
        return ExitCodes.Failed;
    }
}
