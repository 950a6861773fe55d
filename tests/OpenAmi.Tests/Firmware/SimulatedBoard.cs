using System.Collections.Concurrent;
using OpenAmi.Desktop.Gateway;
using OpenAmi.Desktop.Mqtt;
using OpenAmi.Desktop.Storage;
using OpenAmi.Firmware.App;
using OpenAmi.Gateway;
using OpenAmi.Mqtt;

namespace OpenAmi.Tests.Firmware;

/// <summary>A UART whose received bytes the test supplies, delivered in the chunks the ESP32 driver would buffer.</summary>
public sealed class SimulatedUart : IP1Line
{
    private readonly ConcurrentQueue<byte> _bytes = new();

    public void Receive(byte[] data)
    {
        foreach (byte b in data)
        {
            _bytes.Enqueue(b);
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && _bytes.TryDequeue(out byte b))
        {
            buffer[offset + n++] = b;
        }

        return n;
    }
}

/// <summary>A GPIO output that remembers its level and how often it changed.</summary>
public sealed class SimulatedPin : IOutputPin
{
    public bool High { get; private set; }

    public int Changes { get; private set; }

    public void Write(bool high)
    {
        Changes += high != High ? 1 : 0;
        High = high;
    }
}

public sealed class SimulatedNetwork : INetworkMonitor
{
    public bool IsUp { get; set; } = true;
}

public sealed class SimulatedMemory : IMemoryProbe
{
    public long FreeBytes() => 61_440;
}

public sealed class SimulatedConfigStore(string? text) : IConfigStore
{
    public string? Text { get; private set; } = text;

    public string? Read() => Text;

    public void Write(string text) => Text = text;
}

/// <summary>
/// The firmware's own wiring (FirmwareConfig → FirmwareHost, as Program.cs does it) on simulated UART, GPIO and
/// flash (files in a temporary folder), publishing through the desktop MQTT client to a real mosquitto. A thread
/// turns the host's loop with the firmware's own sleep, like the device's main loop.
/// </summary>
public sealed class SimulatedBoard : IDisposable
{
    private readonly Thread _loop;
    private readonly FileRecordStore _flash;
    private volatile bool _running = true;

    public SimulatedBoard(string configText)
        : this(configText, null)
    {
    }

    /// <summary>
    /// A board whose link (and clock) <paramref name="cellular"/> makes from the configuration, e.g. the SIM7080 link
    /// over a simulated modem; it may add a status section. Without it, the desktop MQTT client and a trusted clock.
    /// </summary>
    public SimulatedBoard(string configText, Func<FirmwareConfig, (IMqttLink Link, IGatewayClock Clock, IStatusSection? Section)>? cellular)
    {
        Config = FirmwareConfig.Load(configText, "openami-p1-gateway-esp32/sim");
        if (Config.ProblemCount > 0)
        {
            throw new InvalidOperationException(Config.Describe());
        }

        FlashFolder = Directory.CreateTempSubdirectory("openami-sim-flash-").FullName;
        _flash = new FileRecordStore(Path.Combine(FlashFolder, "outbox"));
        IGatewayClock clock = new SystemGatewayClock { IsTrusted = true };
        IStatusSection? section = null;
        if (cellular != null)
        {
            (Link, clock, section) = cellular(Config);
        }
        else
        {
            Link = new MqttClient(new MqttClientOptions { Host = Config.BrokerHost, Port = Config.BrokerPort, MaxReconnectDelay = TimeSpan.FromSeconds(1) });
        }

        var devices = new FirmwareDevices
        {
            Lines = Enumerable.Range(0, Config.Ports).Select(_ => (IP1Line)new SimulatedUart()).ToArray(),
            RequestPins = Enumerable.Range(0, Config.Ports).Select(_ => (IOutputPin)new SimulatedPin()).ToArray(),
            Led = Led,
            OutboxStore = _flash,
            Blobs = new FileBlobStore(Path.Combine(FlashFolder, "commands")),
            Clock = clock,
            Link = Link,
            Network = Network,
            Memory = new SimulatedMemory(),
            Hmac = new OpenAmi.Crypto.SoftwareHmacSha256(),
            Actions = new OpenAmi.Tests.Portable.FakeDeviceActions(),
        };
        Devices = devices;
        Host = new FirmwareHost(Config, devices, FirmwareHost.DeviceOutbox());
        Host.Runtime.SetStatusSection(section);
        Host.Start();
        _loop = new Thread(Loop) { IsBackground = true, Name = "firmware loop" };
        _loop.Start();
    }

    public FirmwareConfig Config { get; }

    public FirmwareHost Host { get; }

    public FirmwareDevices Devices { get; }

    public IMqttLink Link { get; }

    public SimulatedPin Led { get; } = new();

    public SimulatedNetwork Network { get; } = new();

    public string FlashFolder { get; }

    /// <summary>Loop turns that asked for a reboot (the watchdog's verdict).</summary>
    public int RebootRequests { get; private set; }

    public SimulatedUart Uart(int port) => (SimulatedUart)Devices.Lines[port];

    public SimulatedPin RequestPin(int port) => (SimulatedPin)Devices.RequestPins[port];

    public void Dispose()
    {
        _running = false;
        _loop.Join();
        Host.Stop();
        _flash.Dispose();
    }

    private void Loop()
    {
        while (_running)
        {
            if (!Host.Poll())
            {
                RebootRequests++;
            }

            Thread.Sleep(FirmwareHost.LoopSleepMs);
        }
    }
}
