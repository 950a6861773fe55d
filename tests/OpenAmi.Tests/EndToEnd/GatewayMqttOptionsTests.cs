using System.Diagnostics;
using OpenAmi.Cli;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>The gateway's MQTT options as a user meets them: credentials, the protocol version, what the logs show.</summary>
[Collection("end-to-end")]
public class GatewayMqttOptionsTests
{
    private static (int Exit, string Err) RunInProcess(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stderr.ToString());
    }

    [Fact]
    public void APasswordWithoutAUserIsAUsageError()
    {
        var (exit, err) = RunInProcess("gateway", "--broker", "mqtt://127.0.0.1:1883", "--password", "s3cret");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("openami gateway: --password needs --user: MQTT sends a password only with a user name", err);
    }

    [Fact]
    public void AnUnknownMqttVersionIsAUsageError()
    {
        var (exit, err) = RunInProcess("gateway", "--broker", "mqtt://127.0.0.1:1883", "--mqtt-version", "4");
        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith("openami gateway: --mqtt-version takes 3.1.1 (the default) or 5, not '4'", err);
    }

    [Fact]
    public void CredentialsInTheBrokerUrlAreUsedAndThePasswordNeverPrinted()
    {
        string dir = Directory.CreateTempSubdirectory("openami-pw-").FullName;
        string passwords = Path.Combine(dir, "passwords");
        File.WriteAllText(passwords, "");
        Process.Start("mosquitto_passwd", ["-b", passwords, "gateway", "s3cret"])!.WaitForExit();
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(passwords, (UnixFileMode)0x1B6);
        using var broker = new Mosquitto($"allow_anonymous true\npassword_file {passwords}\n");
        using var head = new Subscriber(broker);

        using var gateway = new GatewayProcess("--source", Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"), "--fast",
            "--interval", "0", "--broker", $"mqtt://gateway:s3cret@127.0.0.1:{broker.Port}", "--mqtt-version", "5",
            "--feeder", "f", "--gateway", "g", "--outbox", Directory.CreateTempSubdirectory("openami-outbox-").FullName);
        Assert.Equal(0, gateway.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 10, TimeSpan.FromSeconds(10)), gateway.Stderr);

        Assert.Contains($"mqtt://gateway:***@127.0.0.1:{broker.Port}", gateway.Stderr);
        Assert.DoesNotContain("s3cret", gateway.Stderr);
        Assert.Contains($"mqtt: connected to mqtt://127.0.0.1:{broker.Port} (MQTT 5)", gateway.Stderr);
        Assert.Contains("as g-f (p5, c0, k30, u'gateway')", broker.Log);
    }
}
