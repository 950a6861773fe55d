using OpenAmi.Cli.Commands;
using OpenAmi.Firmware.App;
using Xunit;

namespace OpenAmi.Tests.Firmware;

/// <summary>One config file serves the ESP32 and the Linux gateway: each accepts every key the other knows.</summary>
public class SharedConfigFileTests
{
    [Fact]
    public void TheFirmwareAndTheLinuxGatewayKnowTheSameKeys()
    {
        Assert.Equal(GatewayArgs.ConfigKeys.Order(StringComparer.Ordinal), FirmwareConfig.KnownKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDocumentedExampleConfigIsCompleteForTheFirmware()
    {
        string example = File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "boards", "openami.conf.example"));
        FirmwareConfig config = FirmwareConfig.Load(example, "test");
        Assert.True(config.ProblemCount == 0, config.Describe());
    }
}
