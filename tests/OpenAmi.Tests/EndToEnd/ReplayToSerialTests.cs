using System.Diagnostics;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>`openami replay --to pty` feeding `openami gateway --source serial:…`: the raw termios path, end to end.</summary>
[Collection("end-to-end")]
public class ReplayToSerialTests
{
    [Fact]
    public void ReplayedCaptureThroughAPseudoTerminalReachesTheBroker()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { GatewayProcess.CliDll, "replay", Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"), "--to", "pty", "--no-pauses" })
        {
            info.ArgumentList.Add(a);
        }

        using Process replay = Process.Start(info)!;
        string? pty = replay.StandardOutput.ReadLine();
        Assert.NotNull(pty);
        Assert.StartsWith("/dev/pts/", pty);
        using var gateway = new GatewayProcess("--source", $"serial:{pty}:115200:8N1", "--interval", "0", "--broker", broker.Url,
            "--feeder", "f", "--gateway", "g", "--outbox", Directory.CreateTempSubdirectory("openami-outbox-").FullName, "--trust-clock", "no");
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 10, TimeSpan.FromSeconds(30)), gateway.Stderr + replay.StandardError.ReadToEnd());
        Assert.All(head.On("/telemetry"), m => Assert.Contains("/meter/E0044007131650618/telemetry", m.Topic));
        replay.WaitForExit(10_000);
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
    }
}
