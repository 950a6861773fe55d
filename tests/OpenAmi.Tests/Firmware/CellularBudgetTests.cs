using OpenAmi.Firmware.App;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Tests.Memory;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using OpenAmi.Vmrs;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// What the cellular link costs: device heap (the issue 9 budgets hold with it) and a village SIM's data, per meter
/// and day at the default 15-minute reporting, MQTT and TLS overhead included. The figures are printed; the asserts
/// hold the budgets.
/// </summary>
public class CellularBudgetTests(ITestOutputHelper output)
{
    private const string CellularConfig =
        "board = lilygo-t-sim7080g\napn = iot.example\nbroker = mqtts://broker.example:8883\nfeeder = feeder-1\ngateway = gw-1\n" +
        "mode = full\nkey = 0123456789abcdef0123456789abcdef\naad = 30ffeeddccbbaa99887766554433221100\n" +
        "command_key = 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";

    /// <summary>
    /// The link's own heap on the device: two whole messages (so a status never waits behind a full-mode envelope),
    /// the +SMSUB line (a 2 KB signed command), the command buffer, the status. The one cellular board has PSRAM.
    /// </summary>
    public const long LinkBudget = 16 * 1024;

    [Fact]
    public void TheRuntimeFitsItsBudgetOnACellularBoardAndTheLinkFitsItsOwn()
    {
        string bench = Path.Combine(RepoPaths.Root, "samples", "bench");
        byte[][] inputs =
        [
            File.ReadAllBytes(Path.Combine(bench, "dsmr5-1phase-sagemcom-xs210.p1")),
            File.ReadAllBytes(Path.Combine(bench, "belgium-3phase-13month-fluvius.p1")),
            File.ReadAllBytes(Path.Combine(bench, "luxembourg-smarty-encrypted.bin")),
        ];
        HeapBudgetTests.HeapEstimate runtime = HeapBudgetTests.Estimate(CellularConfig + "ports = 1\n", 1, inputs);
        output.WriteLine($"nanoCLR heap estimate, one port's whole runtime on the cellular board (mqtts, full mode): {runtime.Runtime:N0} B; budget {HeapBudgetTests.OnePortBudget:N0} B");
        output.WriteLine($"with the firmware app around it (configuration, board, host loop): {runtime.Total:N0} B");
        Assert.True(runtime.Runtime <= HeapBudgetTests.OnePortBudget, runtime.Breakdown);

        var clock = new FakeClock { TickMs = 1000 };
        var modem = new SimulatedSim7080(clock, new MemorySimBroker());
        var options = new CellularOptions();
        Assert.Null(CellularOptions.Make("iot.example", "broker.example", 1883, "user", "password", null, "pool.ntp.org", options));
        var link = new Sim7080MqttLink(modem, modem, clock, new NetworkClock(clock), options) { ManualPoll = true };
        var listener = new CountingListener();
        link.Start("gw-1-feeder-1", "openami/v1/feeder-1/gw-1/status", new byte[60], listener);
        for (int i = 0; i < 20000 && !link.IsConnected; i++)
        {
            link.Poll();
            clock.TickMs += 50;
        }

        Assert.True(link.IsConnected, modem.Log());
        var model = new NanoHeapModel(o => o is IModemPort || o is IModemPower || o is IGatewayClock || o is IMqttLinkListener);
        model.Add(link);
        output.WriteLine($"nanoCLR heap estimate, the SIM7080 link: {model.Total:N0} B; budget {LinkBudget:N0} B");
        output.WriteLine(model.Breakdown(12));
        Assert.True(model.Total <= LinkBudget, model.Breakdown(20));
    }

    // ---- the data budget ----

    /// <summary>TLS 1.2 with AES-GCM (what the SIM7080 negotiates with a current broker): header 5, explicit nonce 8, tag 16.</summary>
    public const int TlsRecord = 29;

    /// <summary>IPv4 and TCP headers without options; a bare TCP ACK is this alone.</summary>
    public const int TcpIp = 40;

    public const int Mss = 1360;

    /// <summary>A full TLS 1.2 handshake with a broker sending a two-certificate RSA chain (~3 KB), as measured on public brokers.</summary>
    public const int TlsHandshake = 200 + 3300 + 180 + 70 + (8 * TcpIp);

    /// <summary>Bytes on the air for one MQTT packet of <paramref name="mqtt"/> bytes sent over TLS, with the peer's bare ACK.</summary>
    public static int OnAir(int mqtt) => mqtt + TlsRecord + (((mqtt + TlsRecord + Mss - 1) / Mss) * TcpIp) + TcpIp;

    /// <summary>PUBLISH QoS 1 (fixed header, remaining length, topic, packet id) and its PUBACK, each with TLS and TCP/IP.</summary>
    public static int Publish(int topic, int payload)
    {
        int remaining = 2 + topic + 2 + payload;
        int mqtt = 1 + (remaining < 128 ? 1 : 2) + remaining;
        return OnAir(mqtt) + OnAir(4);
    }

    public sealed record Day(string Mode, int Envelope, int Topic, int Status, long Telemetry, long Statuses, long Keepalive, long Ntp, long Total);

    /// <summary>One meter's day at 15-minute reports: 96 envelopes, 24 hourly statuses, one NTP exchange, no pings (the keep-alive outlasts the report interval).</summary>
    public static Day Of(string mode, int envelope, int topic, int status, int statusTopic)
    {
        long telemetry = 96L * Publish(topic, envelope);
        long statuses = 24L * Publish(statusTopic, status);
        long keepalive = 86400 / 900 * 0; // a report every 900 s resets the 1200 s keep-alive: PINGREQ is never due
        long ntp = 2 * (48 + 8 + 20);
        return new Day(mode, envelope, topic, status, telemetry, statuses, keepalive, ntp, telemetry + statuses + keepalive + ntp);
    }

    [Fact]
    public void ADayOfOneMeterOverCellularFitsAVillageSimAndTheLinksOwnTrafficCostsLessThanTheData()
    {
        // Envelopes as the gateway writes them: the bench DSMR 5 meter (typical) and the largest of the corpus.
        List<CellularMessageSizeTests.Largest> largest = CellularMessageSizeTests.Measure();
        int status = largest.Single(l => l.Kind == "status" && l.Mode == MappingMode.Vmrs).Bytes + 330; // + the cellular member
        const int Topic = 44; // openami/v1/feeder-1/gw-1/meter/<17-char serial>/telemetry
        const int StatusTopic = 28;
        (int vmrs, int full) = Typical();
        var days = new[]
        {
            Of("vmrs (typical)", vmrs, Topic, status, StatusTopic),
            Of("full (typical)", full, Topic, status, StatusTopic),
            Of("vmrs (largest of the corpus)", largest.Single(l => l.Kind == "telemetry" && l.Mode == MappingMode.Vmrs).Bytes, Topic, status, StatusTopic),
            Of("full (largest of the corpus)", largest.Single(l => l.Kind == "telemetry" && l.Mode == MappingMode.Full).Bytes, Topic, status, StatusTopic),
        };
        foreach (Day d in days)
        {
            output.WriteLine($"{d.Mode}: envelope {d.Envelope} B -> {d.Telemetry:N0} B telemetry + {d.Statuses:N0} B status + {d.Ntp} B NTP = {d.Total:N0} B a day, {d.Total * 30 / 1e6:F2} MB a month");
        }

        // A session (re)built: TCP, TLS, CONNECT with the will, two SUBSCRIBEs, the birth status.
        int connect = (3 * TcpIp) + TlsHandshake + OnAir(2 + 12 + 2 + 14 + 2 + 28 + 2 + 60 + 2 + 8 + 2 + 16) + OnAir(4) + (2 * (OnAir(2 + 2 + 40 + 1) + OnAir(5))) + Publish(StatusTopic, status);
        int ping = OnAir(2) + OnAir(2);
        long idlePings = 86400 / CellularOptionsKeepAlive * ping;

        // A broker that refuses (a wrong CA): attempts back off from 30 s to 2 h, so 12 handshakes a day after the first.
        int attemptsFirstDay = 0;
        long at = 0;
        for (int wait = Sim7080MqttLink.FirstBrokerBackoffMs; at < 86_400_000L; wait = Math.Min(wait * 2, Sim7080MqttLink.MaxBrokerBackoffMs))
        {
            attemptsFirstDay++;
            at += wait;
        }

        long refusedSteady = 86_400_000L / Sim7080MqttLink.MaxBrokerBackoffMs * ((3 * TcpIp) + TlsHandshake);
        output.WriteLine($"a session built: {connect:N0} B; a keep-alive ping: {ping} B; a day without any report (pings every {CellularOptionsKeepAlive} s): {idlePings:N0} B");
        output.WriteLine($"a broker refusing TLS: {attemptsFirstDay} attempts the first day, then {86_400_000L / Sim7080MqttLink.MaxBrokerBackoffMs} a day = {refusedSteady:N0} B a day");

        Day least = days[0];
        Assert.True(least.Total * 30 < 10_000_000, "one meter in VMRS mode must fit the smallest village SIM (10 MB a month)");
        Assert.True(days[1].Total * 30 < 100_000_000, "full mode must fit the largest (100 MB a month)");
        Assert.True(connect < least.Total / 4, "rebuilding the session once a day costs under a quarter of the day's data");
        Assert.True(idlePings <= least.Total, "keep-alive pings of an idle day cost no more than the data of a day");
        Assert.True(refusedSteady <= least.Total, "a broker refusing TLS costs no more a day than the data");
    }

    private const int CellularOptionsKeepAlive = 1200;

    [Fact]
    public void AnHourWithoutTheBrokerDoesNotRebootACellularBoard()
    {
        // The link recovers the modem itself (power cycles included); a missing SIM for an hour is no reason to reboot.
        var clock = new FakeClock { UtcNowUnix = 1_780_000_000, TickMs = 1000 };
        var devices = new FirmwareDevices
        {
            Lines = [new SimulatedUart()], RequestPins = [new SimulatedPin()], Led = new SimulatedPin(),
            OutboxStore = new OpenAmi.Outbox.MemoryRecordStore(), Blobs = new OpenAmi.Commands.MemoryBlobStore(), Clock = clock,
            Link = new FakeLink(), Network = new SimulatedNetwork(), Memory = new SimulatedMemory(),
            Hmac = new OpenAmi.Crypto.SoftwareHmacSha256(), Actions = new FakeDeviceActions(),
        };
        var host = new FirmwareHost(FirmwareConfig.Load(CellularConfig, "t"), devices, FirmwareHost.DeviceOutbox());
        host.Start();
        clock.Advance(3 * 3600);
        Assert.True(host.Poll(), host.Watchdog.Reason);

        var wifi = new FirmwareHost(FirmwareConfig.Load(CellularConfig.Replace("board = lilygo-t-sim7080g\napn = iot.example\n", "board = devkitc-wroom\nwifi_ssid = x\n"), "t"), devices, FirmwareHost.DeviceOutbox());
        wifi.Start();
        clock.Advance(3 * 3600);
        Assert.False(wifi.Poll(), "on Wi-Fi a stuck network stack is cured by a reboot");
    }

    [Fact]
    public void TheKeepAliveDefaultIsTheOneTheBudgetAssumes()
    {
        Assert.Equal(CellularOptionsKeepAlive, new CellularOptions().KeepAliveSeconds);
        FirmwareConfig config = FirmwareConfig.Load(CellularConfig, "t");
        Assert.Equal(0, config.ProblemCount);
        Assert.Equal(3600, config.Options.StatusPeriodSeconds);
        Assert.Equal(900, config.Options.IntervalSeconds);
    }

    // The DSMR 5 sample's envelopes through the runtime at its pace, in both modes (the median of what it publishes).
    private static (int Vmrs, int Full) Typical()
    {
        int[] sizes = new int[2];
        foreach (MappingMode mode in new[] { MappingMode.Vmrs, MappingMode.Full })
        {
            byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", "dsmr5-1phase-sagemcom-xs210.p1"));
            Decode d = Decode.All(data);
            var options = new GatewayOptions { FeederId = "feeder-1", GatewayId = "gw-1", IntervalSeconds = 0 };
            options.Mapping.Mode = mode;
            var clock = new FakeClock { UtcNowUnix = 1_780_000_000, TickMs = 5000, IsTrusted = true };
            var link = new FakeLink();
            var runtime = new GatewayRuntime(options, clock, new OpenAmi.Outbox.PersistentOutbox(new OpenAmi.Outbox.MemoryRecordStore(), new OpenAmi.Outbox.OutboxOptions()), link);
            runtime.Start();
            link.Connect();
            foreach (DecodedFrame frame in d.Frames)
            {
                runtime.OnFrame(0, frame.Telegram);
                clock.Advance(10);
                runtime.Tick();
                link.AckAll(0);
            }

            List<int> telemetry = Enumerable.Range(0, link.Count).Where(i => link.Topic(i).EndsWith("/telemetry")).Select(i => link.Payload(i).Length).OrderBy(n => n).ToList();
            sizes[mode == MappingMode.Vmrs ? 0 : 1] = telemetry[telemetry.Count / 2];
        }

        return (sizes[0], sizes[1]);
    }

    private sealed class CountingListener : IMqttLinkListener
    {
        public void OnConnected()
        {
        }

        public void OnDisconnected()
        {
        }

        public void OnPublishAcknowledged(int packetId)
        {
        }

        public void OnPublishLost(int packetId)
        {
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
        }
    }
}
