using System.Reflection;
using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Outbox;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// Nothing the device runs per telegram allocates on nanoCLR: every path from the bytes of a port to the outbox and
/// the link (framing, decryption, parsing, mapping, reports, events, status, the pump, the firmware's loop turn) is
/// read by <see cref="IlAllocationScanner"/>, which sees string literals, arrays, objects and boxing on every branch.
/// </summary>
public class HotPathAllocationTests(ITestOutputHelper output)
{
    // Work done once per port, per meter or at warm-up, never again per telegram.
    private static readonly string[] OncePerMeter =
    [
        "GatewayRuntime.Port",              // a port's state is made on its first frame
        "GatewayRuntime.SubMeterReading",   // the sub-meter reading is made on the first sub-meter seen
        "MeterStreamDecoder.Choose",        // a port's decoder is made once, when its format is known (auto: from the first bytes)
        "HomeAssistantDiscovery.NewMeter",  // Home Assistant discovery's table of a meter is made on its first reading
        "GatewayRuntime.Lines",             // the status's line table is made on the first line a host reports (at start)
        "PositionalListTable.EnsureBuilt",  // the HAN list tables are made on the first HAN list, once for the device
        "ListScalerTable.EnsureBuilt",      // so is the table of lists without scalers,
        "DlmsUnit.BuildTexts",              // the DLMS unit texts,
        "Crc16X25.get_Table",               // and the HDLC CRC table (on the first HDLC frame, or the first format sniff)
        "HomeAssistantEntities.EnsureBuilt", // Home Assistant's tables are made on the first discovery, once for the device
        "HomeAssistantPayload.BuildWords",
    ];

    // What runs on the device: the portable libraries and the firmware's App layer (compiled into this test assembly).
    private static readonly System.Reflection.Assembly[] DeviceAssemblies =
    [
        typeof(GatewayRuntime).Assembly, typeof(CommandProcessor).Assembly, typeof(PortDecoder).Assembly, typeof(FirmwareHost).Assembly,
    ];

    public static TheoryData<string> EntryPoints() =>
    [
        "OpenAmi.Gateway.PortDecoder.Write",
        "OpenAmi.Gateway.GatewayRuntime.Tick",
        "OpenAmi.Gateway.GatewayRuntime.OnPublishAcknowledged",
        "OpenAmi.Gateway.GatewayRuntime.OnPublishLost",
        "OpenAmi.Gateway.GatewayRuntime.RepublishStatus",
        "OpenAmi.Gateway.GatewayRuntime.ReportAllNow",
        "OpenAmi.Firmware.App.FirmwareHost.Poll",
        "OpenAmi.Crypto.SoftwareAes128.EncryptBlocks",
        "OpenAmi.Capture.TelegramCapture.Write",
        // The cellular link (a port of FirmwareHost.Poll, so read on its own): its whole state machine, bring-up and
        // recoveries included, the publish path and the status member it adds.
        "OpenAmi.Firmware.App.Cellular.Sim7080MqttLink.Poll",
        "OpenAmi.Firmware.App.Cellular.Sim7080MqttLink.Publish",
        "OpenAmi.Firmware.App.Cellular.CellularStatus.Write",
    ];

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void NothingOnThePerTelegramPathAllocatesOnTheDevice(string entry)
    {
        int dot = entry.LastIndexOf('.');
        Type type = DeviceAssemblies.Select(a => a.GetType(entry[..dot])).First(t => t != null)!;
        MethodInfo method = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Single(m => m.Name == entry[(dot + 1)..]);
        var scanner = new IlAllocationScanner(IsPort, OncePerMeter, DeviceAssemblies);
        List<string> findings = scanner.Scan(method).Distinct().ToList();
        output.WriteLine($"{entry}: {scanner.MethodsScanned} methods read, {findings.Count} allocation site(s)");
        Assert.True(findings.Count == 0, $"{entry} reaches code that allocates on nanoCLR:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void TheScannerSeesWhatAllocates()
    {
        var scanner = new IlAllocationScanner(IsPort, [], [typeof(HotPathAllocationTests).Assembly]);
        List<string> findings = scanner.Scan(typeof(Samples).GetMethod(nameof(Samples.Allocates))!);
        Assert.Contains(findings, f => f.Contains("string literal \"text\""));
        Assert.Contains(findings, f => f.Contains("new Byte[]"));
        Assert.Contains(findings, f => f.Contains("boxes a Int32"));
        Assert.Contains(findings, f => f.Contains("System.String.Concat"));
    }

    private static bool IsPort(Type t) =>
        t == typeof(IMqttLink) || t == typeof(IRecordStore) || t == typeof(IGatewayClock) || t == typeof(IBlockCipher)
        || t == typeof(IBlobStore) || t == typeof(IHmacSha256) || t == typeof(IDeviceActions) || t == typeof(IP1Line)
        || t == typeof(IOutputPin) || t == typeof(IConfigurableLine) || t == typeof(OpenAmi.Capture.ICaptureStore) || t == typeof(INetworkMonitor) || t == typeof(IMemoryProbe) || t == typeof(ICommandHandler)
        || t == typeof(OpenAmi.Firmware.App.Cellular.IModemPort) || t == typeof(OpenAmi.Firmware.App.Cellular.IModemPower)
        || t == typeof(ISystemTimeSetter) || t == typeof(IMqttLinkListener); // the runtime's listener methods are entries of their own

    public static class Samples
    {
        public static object Allocates(int n)
        {
            string s = "text";
            byte[] b = new byte[n];
            object boxed = n;
            return s + b.Length + boxed;
        }
    }
}
