using OpenAmi.Desktop.Sources;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>A serial source (System.IO.Ports) against a pty pair: what is written to the master arrives whole.</summary>
public class SerialSourceTests
{
    [Theory]
    [InlineData("115200:8N1")]
    [InlineData("9600:7E1")]
    public void ASerialSourceReadsEveryByteWrittenToAPseudoTerminal(string settings)
    {
        byte[] capture = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"));
        using var pty = PseudoTerminal.Create();
        Assert.True(SourceSpec.TryParse($"serial:{pty.SlavePath}:{settings}", out SourceSpec spec, out string error), error);
        var received = new MemoryStream();
        var problems = new List<string?>();
        var source = new ByteSource(spec, false, (bytes, n) =>
        {
            lock (received)
            {
                received.Write(bytes, 0, n);
            }
        }, (_, problem) =>
        {
            lock (problems)
            {
                problems.Add(problem);
            }
        });
        source.Start();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.True(pty.WaitForReader(timeout.Token), "the serial source did not open the pty");
            pty.Master.Write(capture);
            pty.Master.Flush();
            Assert.True(Poll.Until(() => { lock (received) { return received.Length >= capture.Length; } }, TimeSpan.FromSeconds(20)),
                $"{received.Length} of {capture.Length} bytes; problems: {string.Join("; ", problems)}");
            lock (received)
            {
                Assert.Equal(capture, received.ToArray());
            }

            Assert.Null(source.LastError);
            Assert.Equal(capture.Length, source.BytesRead);
        }
        finally
        {
            source.Stop();
        }
    }
}
