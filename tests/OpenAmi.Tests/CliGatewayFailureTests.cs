using OpenAmi.Cli;
using OpenAmi.Cli.Commands;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// How the gateway and replay fail: one line that names what failed and what to do, exit 1 (2 for usage), never a
/// stack trace; live sources that cannot be opened reported at once and comms_lost after the timeout.
/// </summary>
public class CliGatewayFailureTests
{
    private static readonly string Sample = Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1");

    private static string NewDirectory() => Directory.CreateTempSubdirectory("openami-failure-").FullName;

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Program.Run(args, () => new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static void AssertOneLineFailure(int exit, string error, string message)
    {
        Assert.Equal(1, exit);
        Assert.Contains(message, error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
    }

    [Fact]
    public void AnOutboxThatIsAFileOrCannotBeCreatedIsOneLineAndExitOne()
    {
        string file = Path.Combine(NewDirectory(), "not-a-directory");
        File.WriteAllText(file, "x");
        foreach (string outbox in new[] { file, "/proc/nope" })
        {
            var (exit, _, error) = Run("gateway", "--fast", "--outbox", outbox);
            AssertOneLineFailure(exit, error, $"cannot use {outbox} as the outbox");
            Assert.Contains("writable directory", error);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public void AMissingOrDirectorySourceFileIsAFailureNotAUsageError()
    {
        var (exit, _, error) = Run("gateway", "--source", "/no/such/capture.p1", "--outbox", NewDirectory());
        AssertOneLineFailure(exit, error, "no such file: /no/such/capture.p1");

        string directory = NewDirectory();
        (exit, _, error) = Run("gateway", "--source", directory, "--outbox", NewDirectory());
        AssertOneLineFailure(exit, error, "is a directory, not a capture file");
        Assert.DoesNotContain("no such file", error);
    }

    [Fact]
    public void AFileWithoutAnyFrameSaysSoAndExitsOne()
    {
        string empty = Path.Combine(NewDirectory(), "empty.p1");
        File.WriteAllText(empty, "");
        var (exit, _, error) = Run("gateway", "--fast", "--source", empty, "--outbox", NewDirectory());
        AssertOneLineFailure(exit, error, $"no P1 telegram in {empty} was taken as data");
    }

    [Fact]
    public void ReplayFailuresAreOneLine()
    {
        var (exit, _, error) = Run("replay", Sample, "--to", "serial:/dev/nosuch");
        AssertOneLineFailure(exit, error, "no such device: /dev/nosuch");

        string empty = Path.Combine(NewDirectory(), "empty.p1");
        File.WriteAllText(empty, "");
        (exit, _, error) = Run("replay", empty, "--to", "pty");
        AssertOneLineFailure(exit, error, "is empty: nothing to replay");
        Assert.DoesNotContain("telegram(s) written", error);
    }

    [Theory]
    [InlineData("serial:/dev/nosuch", "no such device: /dev/nosuch")]
    [InlineData("tcp:127.0.0.1:1", "cannot read tcp:127.0.0.1:1")]
    public void ALiveSourceThatCannotBeOpenedIsReportedAtOnceRetriedAndComesCommsLost(string source, string problem)
    {
        Assert.Null(GatewayCommand.ReadSettings(["--source", source, "--comms-timeout", "1", "--outbox", NewDirectory(), "--feeder", "f", "--gateway", "g"],
            out GatewaySettings settings));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var gateway = Task.Run(() => GatewayCommand.Run(settings, stdout, stderr, stop.Token));
        string Text(StringWriter w)
        {
            lock (w)
            {
                return w.ToString();
            }
        }

        try
        {
            // At once: before the comms timeout, on stderr and in the retained status.
            Assert.True(Poll.Until(() => Text(stderr).Contains(problem), TimeSpan.FromSeconds(10)), Text(stderr));
            Assert.True(Poll.Until(() => Text(stdout).Contains("\"sources\":[{\"port\":0,\"state\":\"waiting\",\"problem\":\""), TimeSpan.FromSeconds(10)), Text(stdout));
            // After the timeout: comms_lost in the status and on stderr, and the gateway keeps running (retrying).
            Assert.True(Poll.Until(() => Text(stdout).Contains("\"state\":\"comms_lost\""), TimeSpan.FromSeconds(15)), Text(stdout));
            Assert.True(Poll.Until(() => Text(stderr).Contains("comms_lost"), TimeSpan.FromSeconds(5)), Text(stderr));
            Assert.False(gateway.IsCompleted);
            foreach (string line in Text(stdout).Split('\n').Where(l => l.StartsWith("openami/v1/f/g/status ", StringComparison.Ordinal)))
            {
                string payload = line["openami/v1/f/g/status ".Length..].Trim();
                List<string> errors = Schemas.Status(payload);
                Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + payload);
            }
        }
        finally
        {
            stop.Cancel();
        }

        Assert.Equal(0, gateway.Wait(TimeSpan.FromSeconds(15)) ? gateway.Result : -1);
    }

    [Fact]
    public void TheEndOfACaptureIsNotCommsLostWhileTheOutboxDrains()
    {
        // Nothing listens on port 1: the outbox cannot drain, so the gateway waits past the comms timeout.
        var (exit, _, error) = Run("gateway", "--source", Sample, "--fast", "--broker", "mqtt://127.0.0.1:1", "--comms-timeout", "1",
            "--drain-timeout", "4", "--outbox", NewDirectory(), "--feeder", "f", "--gateway", "g");
        Assert.Equal(1, exit);
        Assert.Contains("were not acknowledged within 4 s", error);
        Assert.DoesNotContain("comms_lost", error);
    }
}
