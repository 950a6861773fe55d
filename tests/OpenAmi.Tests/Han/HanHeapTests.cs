using OpenAmi.Tests.Memory;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Han;

/// <summary>
/// A HAN port's whole firmware runtime, estimated on the nanoCLR heap model like the P1 budget: its decoder (1 KB
/// APDU, 1 KB text, a 192-node A-XDR table) replaces P1's 4 KB frame buffer, so the port holds within 1 KB of a P1
/// port and fits the same budget.
/// </summary>
public class HanHeapTests(ITestOutputHelper output)
{
    private const string Config =
        "board = olimex-esp32-poe\nnetwork = ethernet\nbroker = mqtt://127.0.0.1\nfeeder = feeder-1\ngateway = gw-1\n" +
        "mode = full\nprotocol = han\nkey = 34743677397a24432646294a404e6352\naad = 30c0c1c2c3c4c5c6c7c8c9cacbcccdcecf\n" +
        "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\nports = 1\n";

    [Fact]
    public void AHanPortHoldsAboutWhatAP1PortHolds()
    {
        string folder = HanFixtureCorpusTests.Folder;
        byte[][] inputs =
        [
            File.ReadAllBytes(Path.Combine(folder, "amsreader-aidon-no-gh1119-list3.bin")),
            File.ReadAllBytes(Path.Combine(folder, "sdc-lg-e450-ch-vse2026.bin")),
            File.ReadAllBytes(Path.Combine(folder, "amsreader-lg-e450-at-burgenland-gh501-2-encrypted.bin")),
        ];
        HeapBudgetTests.HeapEstimate han = HeapBudgetTests.Estimate(Config, 1, inputs);
        HeapBudgetTests.HeapEstimate p1 = HeapBudgetTests.Estimate(1);
        output.WriteLine($"nanoCLR heap estimate, one HAN port's whole runtime: {han.Runtime:N0} B; one P1 port: {p1.Runtime:N0} B");
        output.WriteLine(han.Breakdown);
        Assert.True(han.Runtime <= p1.Runtime + 1024, $"a HAN port holds {han.Runtime:N0} B, a P1 port {p1.Runtime:N0} B");
        Assert.True(han.Runtime <= HeapBudgetTests.OnePortBudget);
    }
}
