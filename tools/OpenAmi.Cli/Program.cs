using OpenAmi.Cli.Commands;

namespace OpenAmi.Cli;

public static class Program
{
    public const string Usage = """
        openami: read smart meters (P1, DLMS push on HAN ports, IEC 62056-21) and turn them into OpenAMI data.

        usage:
          openami parse [--json] [--format auto|p1|hdlc|mbus|iec62056-21] [--key HEX] [--aad HEX|none] [FILE|-]...
              Frame, check and parse captures (files, or - for stdin); the format is detected unless given.
              A table per frame by default; --json writes one JSON object per frame with typed values.
              --key decrypts Luxembourg/Austria GCM frames and DLMS pushes.
          openami envelope --feeder F --gateway G [--mode vmrs|full] [--format FORMAT] [--key HEX] [FILE|-]...
              The OpenAMI northbound telemetry envelope of every good frame, one JSON line each:
              {"topic":"openami/v1/F/G/meter/SERIAL/telemetry","payload":{...}}.
          openami gaps [--format md|csv|json] [--input-format FORMAT] [--key HEX] FILE...
              The VMRS gap matrix: per meter model, which VMRS registers are present, derived or absent.
          openami gateway [--source FILE|serial:DEV|tcp:HOST:PORT]... [--broker mqtt://HOST:PORT] [options]
              The gateway: P1 in, VMRS envelopes and events out over MQTT with a persistent outbox.
              Without options it replays the bundled sample and prints what it would publish.
          openami read iec62056-21 serial:DEVICE [--out FILE] [--max-baud 9600]
              One IEC 62056-21 mode C readout through an optical head, printed or saved.
          openami replay FILE --to serial:DEVICE|pty [--baud N] [--loop]
              Feed a capture into a serial port (or a pseudo-terminal it creates) at the real line speed.
          openami sim --meters N [--broker URL] [--seconds S]
              N virtual meters through the real core: a head-end load test that prints envelopes per second.
          openami sign command|grant|derive-key ...
              Signed commands and session grants (HS256 JWS) for tests and scripts; a gateway's key from a master key.
          openami bench [--seconds N]
              Print parse throughput and allocations per telegram for the bundled benchmark inputs.
          openami help
              This text.

        exit status: 0 all frames good, 1 no telegram, or a bad or missing CRC, a failed tag or noise, 2 usage error.
        """;

    public static int Main(string[] args)
    {
        return Run(args, Console.OpenStandardInput, Console.Out, Console.Error);
    }

    /// <summary>Entry point with injectable streams, so tests run the CLI in process.</summary>
    public static int Run(string[] args, Func<Stream> stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            stderr.WriteLine(Usage);
            return ExitCodes.Usage;
        }

        string verb = args[0];
        string[] rest = args[1..];
        switch (verb)
        {
            case "parse":
                return ParseCommand.Run(rest, stdin, stdout, stderr);
            case "envelope":
                return EnvelopeCommand.Run(rest, stdin, stdout, stderr);
            case "gaps":
                return GapsCommand.Run(rest, stdin, stdout, stderr);
            case "gateway":
                return GatewayCommand.Run(rest, stdout, stderr);
            case "replay":
                return ReplayCommand.Run(rest, stdout, stderr);
            case "read":
                return ReadCommand.Run(rest, stdout, stderr);
            case "sim":
                return SimCommand.Run(rest, stdout, stderr);
            case "sign":
                return SignCommand.Run(rest, stdout, stderr);
            case "bench":
                return BenchCommand.Run(rest, stdout, stderr);
            case "help":
            case "--help":
            case "-h":
                stdout.WriteLine(Usage);
                return ExitCodes.Ok;
            default:
                stderr.WriteLine($"openami: unknown command '{verb}'. Run 'openami help' for the list of commands.");
                return ExitCodes.Usage;
        }
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}
