using OpenAmi.Desktop.Gateway;
using OpenAmi.Firmware.App;
using OpenAmi.Tests.EndToEnd;
using Xunit;

namespace OpenAmi.Tests.Firmware;

/// <summary>
/// The firmware's wiring in the desktop simulation: a capture through a simulated UART, the host's own loop, the
/// desktop MQTT client and a real mosquitto. What a flashed board must do, checked without the board.
/// </summary>
[Collection("end-to-end")]
public class FirmwareSimulationTests
{
    private const string Meter = "E0044007131650618";

    private static string Config(Mosquitto broker, string extra = "") =>
        "# the file a user deploys to I:\\openami.conf\n"
        + "board = devkitc-wroom\nwifi_ssid = village-ap\nwifi_password = secret\n"
        + $"broker = mqtt://127.0.0.1:{broker.Port}\nfeeder = feeder-sim\ngateway = pole-1\ninterval = 0\ncomms_timeout_s = 2\n"
        + extra;

    private static void Feed(SimulatedBoard board, ref long clock, int count)
    {
        for (int i = 0; i < count; i++)
        {
            clock++;
            board.Uart(0).Receive(TelegramServer.Telegram(clock, 5_000_000 + clock % 100_000));
            Thread.Sleep(100);
        }
    }

    [Fact]
    public void TelemetryFromTheUartArrivesAtTheBroker()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-fw-telemetry");
        using var board = new SimulatedBoard(Config(broker));
        Assert.True(WaitUntil(() => board.Link.IsConnected, 10), "the simulated board never connected");
        long clock = 1_780_000_000;
        Feed(board, ref clock, 5);

        string topic = $"openami/v1/feeder-sim/pole-1/meter/{Meter}/telemetry";
        Assert.True(head.WaitFor(h => h.On(topic).Count >= 5, TimeSpan.FromSeconds(15)), $"telemetry seen: {head.On("/telemetry").Count}\n{broker.Log}");
        Assert.Contains("\"ts\":", head.On(topic)[0].Payload);
        Assert.Equal(5, board.Host.FramesOn(0));
        Assert.True(board.RequestPin(0).High, "the data-request line is held high");
        Assert.True(WaitUntil(() => board.Host.State == DeviceState.Running, 5), board.Host.State.ToString());
        Assert.True(board.Led.Changes > 0, "the status LED shows the running pattern");
        Assert.True(board.Config.InvertRx, "the DevKitC reads the open-collector line directly: the UART inverts");

        // The status message carries the free heap the firmware measured.
        Assert.True(head.WaitFor(h => h.On("/status").Any(m => m.Payload.Contains("61440")), TimeSpan.FromSeconds(5)),
            string.Join("\n", head.On("/status").Select(m => m.Payload)));
    }

    [Fact]
    public void APulledCableGivesCommsLost()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-fw-silence");
        using var board = new SimulatedBoard(Config(broker));
        Assert.True(WaitUntil(() => board.Link.IsConnected, 10));
        long clock = 1_780_000_000;
        Feed(board, ref clock, 3);
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 3, TimeSpan.FromSeconds(10)));

        // Silence on the UART: nothing more arrives.
        Assert.True(head.WaitFor(h => h.On("/event").Any(m => m.Payload.Contains("comms_lost")), TimeSpan.FromSeconds(20)),
            string.Join("\n", head.Messages.Select(m => m.Topic + " " + m.Payload)));
        // The LED follows within a loop turn or two of the runtime's event.
        Assert.True(WaitUntil(() => board.Host.State == DeviceState.NoMeterData, 5), board.Host.State.ToString());
        Assert.Equal(0, board.RebootRequests); // a silent meter is reported, never "cured" by rebooting
    }

    [Fact]
    public void ABrokerOutageLosesNothing()
    {
        using var broker = new Mosquitto();
        using var head = new Subscriber(broker, clientId: "head-fw-outage");
        using var board = new SimulatedBoard(Config(broker));
        Assert.True(WaitUntil(() => board.Link.IsConnected, 10));
        long clock = 1_780_000_000;
        Feed(board, ref clock, 5);
        Assert.True(head.WaitFor(h => h.On("/telemetry").Count >= 5, TimeSpan.FromSeconds(10)));

        broker.Stop();
        Assert.True(WaitUntil(() => !board.Link.IsConnected, 10));
        Feed(board, ref clock, 5); // kept on the simulated flash meanwhile
        Assert.True(WaitUntil(() => board.Host.State == DeviceState.BrokerDown, 5));
        Assert.True(board.Host.Runtime.Outbox.Unacknowledged >= 5);
        broker.Start();
        Feed(board, ref clock, 5);

        Assert.True(head.WaitFor(h => h.Seqs("/telemetry").Distinct().Count() >= 15, TimeSpan.FromSeconds(30)),
            $"seqs: {string.Join(",", head.Seqs("/telemetry").Order())}\n{broker.Log}");
        var seqs = head.Seqs("/telemetry").Distinct().Order().ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
        Assert.True(Directory.GetFiles(Path.Combine(board.FlashFolder, "outbox")).Length > 0, "the outbox lives on the simulated flash");
    }

    [Fact]
    public void AConfigMissingAFieldGivesTheClearErrorNotACrash()
    {
        // The broker line is gone and the Wi-Fi name is empty: what a first-time user gets wrong.
        string text = "board = devkitc-wroom\nwifi_ssid =\nfeeder = feeder-sim\ngateway = pole-1\n";
        FirmwareConfig config = FirmwareConfig.Load(text, "sim");
        Assert.Equal(2, config.ProblemCount);
        Assert.Contains("missing 'wifi_ssid' (the Wi-Fi network name)", config.Describe());
        Assert.Contains("missing 'broker' (the MQTT broker as mqtt://host:1883 or mqtts://host:8883)", config.Describe());
        Assert.Throws<InvalidOperationException>(() => new SimulatedBoard(text)); // the simulation refuses, as the device does

        // What the device runs instead: setup mode, blinking "no config", repeating the fix, taking console input.
        var clock = new SystemGatewayClock();
        var led = new SimulatedPin();
        var setup = new SetupMode(config, led, clock);
        string? message = setup.Poll();
        Assert.NotNull(message);
        Assert.Contains("missing 'broker'", message);
        Assert.Contains("README: First configuration", message);
        Assert.Null(setup.Poll()); // not repeated on every turn
        for (int i = 0; i < 12; i++)
        {
            setup.Poll();
            Thread.Sleep(60);
        }

        Assert.True(led.Changes >= 2, "the LED blinks the no-config pattern");

        var store = new SimulatedConfigStore(text);
        var console = new ProvisioningConsole(store, "sim");
        Assert.Contains("missing 'broker'", console.Execute("check"));
        Assert.Equal("ok (not saved yet)", console.Execute("set broker mqtt://10.0.0.2:1883"));
        Assert.Equal("ok (not saved yet)", console.Execute("set wifi_ssid village-ap"));
        Assert.Equal("config is complete", console.Execute("check"));
        Assert.Equal("saved; type reboot to run with it", console.Execute("save"));
        Assert.Equal(0, FirmwareConfig.Load(store.Text, "sim").ProblemCount);
    }

    private static bool WaitUntil(Func<bool> condition, int seconds)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < end)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }
}
