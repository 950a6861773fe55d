using OpenAmi.Cli;
using OpenAmi.Cli.Commands;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>The command line every verb shares: help with examples, typed options, typo suggestions, completion, exit codes.</summary>
public class CliCommandLineTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1");

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("parse")]
    [InlineData("envelope")]
    [InlineData("gaps")]
    [InlineData("gateway")]
    [InlineData("read")]
    [InlineData("read iec62056-21")]
    [InlineData("replay")]
    [InlineData("sim")]
    [InlineData("sign")]
    [InlineData("bench")]
    [InlineData("completion")]
    public void EveryVerbHelpPrintsUsageAndExamplesOnStdoutAndExitsZero(string verb)
    {
        var (exit, output, error) = Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Usage:", output);
        Assert.Contains($"openami {verb}", output);
        Assert.Contains("Examples:", output);
        Assert.Contains("--help", output);
    }

    [Fact]
    public void SubcommandHelpAndHelpVerbWork()
    {
        Assert.Contains("--session", Run("sign", "grant", "--help").Out);
        var (exit, output, _) = Run("help", "gateway");
        Assert.Equal(0, exit);
        Assert.Contains("--password-file", output);
        Assert.Contains("Examples:", output);
        Assert.Contains("Commands:", Run("help").Out);
    }

    [Fact]
    public void NoArgumentsPrintsTheCommandsOnStderrAndExitsTwo()
    {
        var (exit, output, error) = Run();
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("gateway", error);
        Assert.Contains("Commands:", error);
    }

    [Theory]
    [InlineData(new[] { "gateway", "--fats" }, "unknown option --fats (did you mean --fast?)")]
    [InlineData(new[] { "gateway", "--brokr", "mqtt://x:1" }, "did you mean --broker?")]
    [InlineData(new[] { "parse", "--jsn", "x" }, "unknown option --jsn (did you mean --json?)")]
    [InlineData(new[] { "gaps", "--formt", "csv", "x" }, "did you mean --format?")]
    [InlineData(new[] { "gatway" }, "unknown command 'gatway' (did you mean 'gateway'?)")]
    [InlineData(new[] { "sign", "comand" }, "did you mean 'command'?")]
    public void MistypedOptionsAndCommandsGetASuggestion(string[] args, string message)
    {
        string[] withFile = args.Select(a => a == "x" ? Sample : a).ToArray();
        var (exit, _, error) = Run(withFile);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.Contains("--help' for usage and examples", error);
    }

    [Theory]
    [InlineData(new[] { "gateway", "--interval", "soon" }, "--interval takes a whole number from 0 to 86400, not 'soon'")]
    [InlineData(new[] { "gateway", "--mode", "most" }, "--mode is vmrs")]
    [InlineData(new[] { "gateway", "--trust-clock", "maybe" }, "--trust-clock is yes, no or auto")]
    [InlineData(new[] { "gateway", "--source", "serial:/dev/ttyUSB0:1234" }, "unsupported baud rate")]
    [InlineData(new[] { "gateway", "--source", "tcp:host" }, "tcp sources are tcp:HOST:PORT")]
    [InlineData(new[] { "gateway", "--feeder", "a/b" }, "--feeder 'a/b' contains '/'")]
    [InlineData(new[] { "gateway", "--command-key", "abcd" }, "--command-key takes the gateway's key as hex")]
    [InlineData(new[] { "gateway", "--password-file", "/no/such/secret" }, "--password-file: no such file: /no/such/secret")]
    [InlineData(new[] { "gateway", "--config", "/no/such.conf" }, "--config: no such file: /no/such.conf")]
    [InlineData(new[] { "sim", "--meters", "0" }, "--meters takes a whole number from 1 to 100000, not '0'")]
    [InlineData(new[] { "sim" }, "Option '--meters' is required")]
    [InlineData(new[] { "bench", "--seconds", "-1" }, "--seconds takes seconds above 0")]
    [InlineData(new[] { "replay", "x" }, "Option '--to' is required")]
    [InlineData(new[] { "replay", "x", "--to", "usb" }, "--to takes serial:/dev/ttyUSB0 (COM3 on Windows) or pty, not 'usb'")]
    [InlineData(new[] { "replay", "x", "--to", "pty", "--baud", "9601" }, "--baud takes one of")]
    [InlineData(new[] { "sign", "command", "--key", "00112233445566778899aabbccddeeff", "--feeder", "f", "--gateway", "g", "--meter", "m", "--op", "explode", "--ctr", "1" }, "--op 'explode' is not an operation")]
    [InlineData(new[] { "sign", "command", "--feeder", "f", "--gateway", "g", "--meter", "m", "--op", "read_now", "--ctr", "0" }, "--ctr takes the next counter")]
    [InlineData(new[] { "completion", "tcsh" }, "Argument 'tcsh' not recognized")]
    [InlineData(new[] { "parse", "--format", "sml", "x" }, "--format is auto, p1, hdlc, mbus, han or iec62056-21")]
    [InlineData(new[] { "envelope", "--feeder", "f", "--gateway", "g", "--format", "dsmr", "x" }, "--format is auto, p1, hdlc, mbus, han or iec62056-21")]
    [InlineData(new[] { "gaps", "--input-format", "sml", "x" }, "--input-format is auto, p1, hdlc, mbus, han or iec62056-21")]
    [InlineData(new[] { "gateway", "--format", "sml" }, "--format is auto, p1, hdlc, mbus, han or iec62056-21")]
    [InlineData(new[] { "read" }, "give a command: iec62056-21")]
    [InlineData(new[] { "read", "iec62056-21" }, "give the optical head's serial device, e.g. serial:/dev/ttyUSB0")]
    [InlineData(new[] { "read", "iec62056-21", "/dev/ttyUSB0" }, "the optical head is a serial device, e.g. serial:/dev/ttyUSB0")]
    [InlineData(new[] { "read", "iec62056-21", "serial:/dev/ttyUSB0:9600" }, "give serial:DEVICE only")]
    [InlineData(new[] { "read", "iec62056-21", "serial:/dev/ttyUSB0", "--max-baud", "115200" }, "--max-baud takes one of 300, 600, 1200, 2400, 4800, 9600, 19200")]
    [InlineData(new[] { "read", "iec62056-21", "serial:/dev/ttyUSB0", "--address", "a!b" }, "--address is the meter's device address")]
    [InlineData(new[] { "read", "iec62056-21", "serial:/dev/ttyUSB0", "--out", "/no/such/dir/meter.txt" }, "--out: no such directory: /no/such/dir")]
    [InlineData(new[] { "read", "iec62056-21", "serial:/dev/ttyUSB0", "--timeout", "0" }, "--timeout takes a whole number from 1 to 3600")]
    public void TypedOptionsAreValidatedWithMessagesThatSayWhatToGive(string[] args, string message)
    {
        string[] withFile = args.Select(a => a == "x" ? Sample : a).ToArray();
        var (exit, output, error) = Run(withFile);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void ADirectoryIsNotReportedAsAMissingFile()
    {
        var (exit, _, error) = Run("parse", Path.Combine(RepoPaths.Root, "samples"));
        Assert.Equal(2, exit);
        Assert.Contains("is a directory, not a capture file", error);
        Assert.DoesNotContain("no such file", error);
    }

    [Fact]
    public void CompletionSuggestsVerbsOptionsAndValues()
    {
        Assert.Contains("gateway", Run("[suggest:3]", "gat").Out);
        string options = Run("[suggest:11]", "gateway --f").Out;
        Assert.Contains("--fast", options);
        Assert.Contains("--feeder", options);
        Assert.DoesNotContain("--broker", options);
        string values = Run("[suggest:17]", "gateway --mode fu").Out;
        Assert.Contains("full", values);
        var (exit, script, _) = Run("completion", "bash");
        Assert.Equal(0, exit);
        Assert.Contains("complete -o default -F _openami_complete openami", script);
        Assert.Contains("[suggest:", script);
    }

    [Fact]
    public void SecretsComeFromFilesTheConfigOrTheEnvironmentNotOnlyArgv()
    {
        string dir = Directory.CreateTempSubdirectory("openami-secrets-").FullName;
        string passwordFile = Path.Combine(dir, "mqtt-password");
        File.WriteAllText(passwordFile, "s3cret\n");
        string keyFile = Path.Combine(dir, "command-key");
        File.WriteAllText(keyFile, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
        string config = Path.Combine(dir, "gateway.conf");
        File.WriteAllText(config, $"broker = mqtt://127.0.0.1:1883\nuser = pole\npassword_file = {passwordFile}\ncommand_key_file = {keyFile}\n");

        Assert.Null(GatewayCommand.ReadSettings(["--config", config], out GatewaySettings fromConfig));
        Assert.Equal("s3cret", fromConfig.Mqtt.Password);
        Assert.Equal(32, fromConfig.CommandKeys!.Current.Length);

        Assert.Null(GatewayCommand.ReadSettings(["--broker", "mqtt://127.0.0.1:1883", "--user", "u", "--password-file", passwordFile, "--command-key-file", keyFile], out GatewaySettings fromOptions));
        Assert.Equal("s3cret", fromOptions.Mqtt.Password);
        Assert.NotNull(fromOptions.CommandKeys);

        File.WriteAllText(passwordFile, "");
        Assert.Contains("is empty", GatewayCommand.ReadSettings(["--broker", "mqtt://127.0.0.1:1883", "--password-file", passwordFile], out _));
    }

    [Fact]
    public void SignReadsItsKeyFromAFileOrTheEnvironment()
    {
        string dir = Directory.CreateTempSubdirectory("openami-sign-").FullName;
        string master = Path.Combine(dir, "master.key");
        File.WriteAllText(master, "000102030405060708090a0b0c0d0e0f\n");
        var (exit, derived, _) = Run("sign", "derive-key", "--master-file", master, "--feeder", "f", "--gateway", "g");
        Assert.Equal(0, exit);
        Assert.Equal(Convert.ToHexString(SignCommand.DeriveKey(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"), "f", "g", "k1")).ToLowerInvariant(), derived.Trim());

        string keyFile = Path.Combine(dir, "gw.key");
        File.WriteAllText(keyFile, derived);
        string[] command = ["sign", "command", "--feeder", "f", "--gateway", "g", "--meter", "m1", "--op", "read_now", "--ctr", "3", "--now", "1700000000", "--cmd-id", "c1"];
        var (fromFile, token, topic) = Run([.. command, "--key-file", keyFile]);
        Assert.Equal(0, fromFile);
        Assert.Equal("openami/v1/f/g/meter/m1/command", topic.Trim());
        Assert.Equal(3, token.Trim().Split('.').Length);

        Environment.SetEnvironmentVariable("OPENAMI_COMMAND_KEY", derived.Trim());
        try
        {
            Assert.Equal(token, Run(command).Out);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENAMI_COMMAND_KEY", null);
        }

        var (missing, _, error) = Run(command);
        Assert.Equal(2, missing);
        Assert.Contains("--key-file FILE, OPENAMI_COMMAND_KEY in the environment, or --key HEX", error);
    }

    [Fact]
    public void ABadConfigValueNamesTheKey()
    {
        string config = Path.Combine(Directory.CreateTempSubdirectory("openami-conf-").FullName, "gateway.conf");
        File.WriteAllText(config, "interval = often\n");
        var (exit, _, error) = Run("gateway", "--config", config);
        Assert.Equal(2, exit);
        Assert.Contains("config interval takes a whole number from 0 to 86400, not 'often'", error);
    }

    [Fact]
    public void StdoutRunsAndBrokerRunsKeepSeparateDefaultOutboxes()
    {
        Assert.Null(GatewayCommand.ReadSettings(["--feeder", "f", "--gateway", "g"], out GatewaySettings printed));
        Assert.Null(GatewayCommand.ReadSettings(["--feeder", "f", "--gateway", "g", "--broker", "mqtt://127.0.0.1:1883"], out GatewaySettings published));
        Assert.NotEqual(printed.Outbox, published.Outbox);
        Assert.False(published.Outbox.StartsWith(printed.Outbox + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.False(printed.Outbox.StartsWith(published.Outbox + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Equal(GatewayArgs.DefaultOutbox("f", "g", broker: true), published.Outbox);
    }
}
