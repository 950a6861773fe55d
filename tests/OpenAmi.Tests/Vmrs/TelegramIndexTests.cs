using System.Reflection;
using OpenAmi.P1.Obis;
using OpenAmi.Vmrs;
using Xunit;

namespace OpenAmi.Tests.Vmrs;

/// <summary>The index's key constants (written as packed numbers so a switch can use them) are the codes they name.</summary>
public class TelegramIndexTests
{
    public static TheoryData<string, int, int, int, int, int, int> Keys() => new()
    {
        { "ImportTotal", 1, 0, 1, 8, 0, 255 },
        { "ExportTotal", 1, 0, 2, 8, 0, 255 },
        { "PowerImport", 1, 0, 1, 7, 0, 255 },
        { "VoltageL1", 1, 0, 32, 7, 0, 255 },
        { "Frequency", 1, 0, 14, 7, 0, 255 },
        { "MeterClock", 0, 0, 1, 0, 0, 255 },
        { "Breaker", 0, 0, 96, 3, 10, 255 },
        { "IdDsmr", 0, 0, 96, 1, 1, 255 },
        { "IdCosemLogicalName", 0, 0, 42, 0, 0, 255 },
        { "IdEasyMeter", 0, 0, 96, 1, 255, 255 },
        { "IdIreland", 0, 0, 96, 1, 0, 255 },
        { "MeterNumber", 1, 0, 0, 0, 0, 255 },
        { "DeviceId", 0, 0, 0, 0, 0, 255 },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void EachKeyIsTheCodeItNames(string name, int a, int b, int c, int d, int e, int f)
    {
        Type index = typeof(VmrsMapper).Assembly.GetType("OpenAmi.Vmrs.TelegramIndex")!;
        long key = (long)index.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
        Assert.Equal(new ObisCode(a, b, c, d, e, f).Key, key);
    }

    [Fact]
    public void ChannelOneIsTheBGroup()
    {
        Type index = typeof(VmrsMapper).Assembly.GetType("OpenAmi.Vmrs.TelegramIndex")!;
        long one = (long)index.GetField("ChannelOne")!.GetRawConstantValue()!;
        Assert.Equal(new ObisCode(1, 1, 1, 8, 0).Key, new ObisCode(1, 0, 1, 8, 0).Key | one);
    }
}
