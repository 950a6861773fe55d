using System.Diagnostics;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// `openami replay --to pty` feeding `openami gateway --source serial:…`: the pty pair stands in for a USB P1
/// cable, read through System.IO.Ports, end to end.
/// </summary>
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

        // The replay waits for a reader: however late the gateway opens the pty, no telegram is lost.
        Assert.Contains($"waiting for a reader on {pty}", replay.StandardError.ReadLine());
        Assert.False(replay.HasExited);
        using var gateway = new GatewayProcess("--source", $"serial:{pty}:115200:8N1", "--interval", "0", "--broker", broker.Url,
            "--feeder", "f", "--gateway", "g", "--outbox", Directory.CreateTempSubdirectory("openami-outbox-").FullName, "--trust-clock", "no");
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 10, TimeSpan.FromSeconds(30)), gateway.Stderr);
        Assert.All(head.On("/telemetry"), m => Assert.Contains("/meter/E0044007131650618/telemetry", m.Topic));

        // The replay keeps the pty until its reader lets go, so nothing still in the reader's buffers is lost.
        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
        Assert.True(replay.WaitForExit(30_000), "the replay did not finish once its reader closed the pty");
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("10 telegram(s) written", replay.StandardError.ReadToEnd());
    }
}
