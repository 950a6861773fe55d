using System;
using System.Device.Gpio;
using System.Threading;
using nanoFramework.Networking;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;
using OpenAmi.Firmware.Hardware;
using OpenAmi.Mqtt;

namespace OpenAmi.Firmware
{
    /// <summary>
    /// Boot: config, board, P1 ports, network, time, MQTT, then the gateway loop. Nothing here may end in a crash
    /// loop: a missing config or an unreachable network is shown on the LED and the log and retried, and only the
    /// watchdog reboots.
    /// </summary>
    public static class Program
    {
        public const string Software = "openami-p1-gateway-esp32/0.1.0";

        private static readonly GpioController Gpio = new GpioController();
        private static FirmwareHost _host;
        private static Watchdog _watchdog;
        private static SerialConsole _console;

        public static void Main()
        {
            try
            {
                Run();
            }
            catch (Exception e)
            {
                // A hardware fault (a pin that cannot be mapped, a flash error) must not leave a dead device nor a
                // fast reboot loop: say what failed, wait a minute, then try again from a clean start.
                Console.WriteLine("fatal: " + e.Message + "; restarting in 60 s");
                Thread.Sleep(60000);
                Esp32DeviceActions.RebootNow();
            }
        }

        private static void Run()
        {
            Console.WriteLine(Software + " starting");
            var configStore = new FlashConfigStore(FirmwareConfig.DefaultPath);
            var console = new ProvisioningConsole(configStore, Software);
            FirmwareConfig config = FirmwareConfig.Load(configStore.Read(), Software);
            var memory = new NativeMemoryProbe();
            if (config.ProblemCount > 0 || !config.FitsFreeHeap(memory.FreeBytes()))
            {
                // Also when the image left less heap than this configuration needs (an ESP32-C3 image with Bluetooth):
                // say so now, with what to change, rather than run out of memory later.
                RunWithoutConfig(config, console);
            }

            BoardProfile board = config.Board;
            IOutputPin led = board.LedPin >= 0 ? (IOutputPin)new GpioOutputPin(Gpio, board.LedPin, board.LedActiveLow) : new NoPin();
            SerialConsole serialConsole = config.Ports < 2 && board.MaxPorts > 1
                ? new SerialConsole(board.P1RxPins[1], board.P1TxPins[1], console)
                : null;

            var devices = new FirmwareDevices();
            devices.Led = led;
            devices.Lines = new IP1Line[config.Ports];
            devices.IecLines = new OpenAmi.Iec62056.IIecLine[config.Ports];
            devices.RequestPins = new IOutputPin[config.Ports];
            for (int i = 0; i < config.Ports; i++)
            {
                if (config.Protocol[i] == OpenAmi.Meters.MeterFormat.Iec62056 && config.IecRequest)
                {
                    // An optical head: the requester drives TX and switches the speed during each readout.
                    var head = new Esp32IecLine(2 + i, board.P1RxPins[i], board.P1TxPins[i], config.PortInvert[i]);
                    devices.IecLines[i] = head;
                    devices.Lines[i] = head;
                }
                else
                {
                    devices.Lines[i] = new Esp32P1Line(
                        2 + i, board.P1RxPins[i], board.P1TxPins[i], config.LineBaud[i], config.LineDataBits[i],
                        config.LineParity[i], config.LineStopBits[i], config.PortInvert[i]);
                }

                devices.RequestPins[i] = new GpioOutputPin(Gpio, board.RequestPins[i], false);
            }

            var network = new IpNetwork();
            devices.Network = network;
            BringUpNetwork(config, network, led);
            if (config.Network != NetworkKind.Cellular)
            {
                // On cellular there is no IP stack here for SNTP: the modem's NTP client (or the network's time)
                // sets the clock through the link (boards/lilygo-t-sim7080g.md).
                Sntp.Server1 = config.SntpServer;
                Sntp.Start();
            }

            var actions = new Esp32DeviceActions(board.RelayPin >= 0 ? new GpioOutputPin(Gpio, board.RelayPin, false) : null);
            devices.Actions = actions;
            devices.Clock = new DeviceClock();
            devices.OutboxStore = new FlashRecordStore("I:\\outbox");
            devices.Blobs = new FlashBlobStore("I:\\commands");
            devices.Memory = memory;
            string nativeProblem;
            if (NativeCrypto.Works(out nativeProblem))
            {
                devices.Hmac = new NativeHmacSha256();
                devices.Aes = new NativeAesFactory();
                Console.WriteLine("crypto: native AES and HMAC");
            }
            else
            {
                devices.Hmac = new SoftwareHmacSha256(); // the core's managed engines
                Console.WriteLine("crypto: managed AES and HMAC; the native ones are " + nativeProblem);
            }
            OpenAmi.Firmware.App.Cellular.Sim7080MqttLink cellular = null;
            if (config.Network == NetworkKind.Cellular)
            {
                // The modem's clock: trusted once the network gave a plausible time (NTP through the modem, or NITZ).
                var networkClock = new NetworkClock(new DeviceClock());
                networkClock.SystemTime = new RtcSetter();
                devices.Clock = networkClock;
                cellular = CellularLink.Create(config, Gpio, networkClock);
                devices.Link = cellular;
                devices.Network = cellular.Status; // the LED's "network down" is the radio's, not an IP interface's
            }
            else
            {
                devices.Link = CreateLink(config, configStore);
            }

            devices.Captures = new FlashCaptureStore("I:\\capture", FirmwareHost.CaptureSlots);

            _host = new FirmwareHost(config, devices, FirmwareHost.DeviceOutbox());
            if (cellular != null)
            {
                _host.Runtime.SetStatusSection(cellular.Status); // signal, registration, operator, LTE-M or NB-IoT, why not connected
            }

            console.Status = StatusText;
            console.Capture = CaptureCommand;
            _console = serialConsole;
            _watchdog = _host.Watchdog;
            var watchdogTimer = new Timer(CheckLoop, null, 30000, 30000);
            _host.Start();
            Console.WriteLine("running: " + config.Ports + " P1 port(s), broker " + config.BrokerHost + ":" + config.BrokerPort);

            long rebootAtMs = -1;
            while (true)
            {
                bool healthy = _host.Poll();
                if (serialConsole != null)
                {
                    serialConsole.Poll();
                }

                if (!healthy || console.RebootRequested)
                {
                    Console.WriteLine("rebooting: " + (healthy ? "asked on the console" : _watchdog.Reason));
                    _host.Stop();
                    Esp32DeviceActions.RebootNow();
                }

                if (actions.RebootRequested && rebootAtMs < 0)
                {
                    rebootAtMs = Environment.TickCount64 + 3000; // publish the signed result first
                }

                if (rebootAtMs >= 0 && Environment.TickCount64 >= rebootAtMs)
                {
                    _host.Stop();
                    Esp32DeviceActions.RebootNow();
                }

                Thread.Sleep(FirmwareHost.LoopSleepMs);
            }
        }

        private static void RunWithoutConfig(FirmwareConfig config, ProvisioningConsole console)
        {
            // The console and LED go on the configured board's pins (its port-2 pins are free while it is
            // unconfigured); without a board line, on the DevKitC's. A one-port board has no spare UART for it.
            BoardProfile board = config.Board ?? BoardProfiles.Find("devkitc-wroom");
            IOutputPin led = board.LedPin >= 0 ? (IOutputPin)new GpioOutputPin(Gpio, board.LedPin, board.LedActiveLow) : new NoPin();
            var setup = new SetupMode(config, led, new DeviceClock());
            SerialConsole serial = null;
            try
            {
                if (board.MaxPorts > 1)
                {
                    serial = new SerialConsole(board.P1RxPins[1], board.P1TxPins[1], console);
                }
            }
            catch (Exception e)
            {
                Console.WriteLine("no console: " + e.Message);
            }

            while (!console.RebootRequested)
            {
                string message = setup.Poll();
                if (message != null)
                {
                    Console.WriteLine(message);
                    if (serial != null)
                    {
                        serial.Say(message);
                    }
                }

                if (serial != null)
                {
                    serial.Poll();
                }

                Thread.Sleep(100);
            }

            Esp32DeviceActions.RebootNow();
        }

        private static void BringUpNetwork(FirmwareConfig config, IpNetwork network, IOutputPin led)
        {
            if (config.Network == NetworkKind.Cellular)
            {
                return; // the modem's own stack; its link attaches by itself
            }

            int attempt = 0;
            while (true)
            {
                attempt++;
                bool up = config.Network == NetworkKind.Ethernet
                    ? network.ConnectEthernet()
                    : network.ConnectWifi(config.WifiSsid, config.WifiPassword);
                if (up)
                {
                    Console.WriteLine("network up");
                    return;
                }

                // Retried, never rebooted: the P1 data keeps arriving once the network comes back.
                Console.WriteLine("network not up (attempt " + attempt + "); check wifi_ssid/wifi_password or the cable");
                led.Write(attempt % 2 == 0);
                Thread.Sleep(10000);
            }
        }

        private static IMqttLink CreateLink(FirmwareConfig config, IConfigStore configStore)
        {
            string caPem = null;
            if (config.BrokerTls)
            {
                caPem = new FlashConfigStore(config.CaPath).Read();
                if (caPem == null)
                {
                    Console.WriteLine("mqtts without " + config.CaPath + ": deploy the broker's CA certificate (PEM) there");
                }
            }

            return new M2MqttLink(config.BrokerHost, config.BrokerPort, config.BrokerTls, caPem, config.User, config.Password, HeapPlan.MqttWindow(config.Board));
        }

        private static void CheckLoop(object state)
        {
            if (_watchdog != null && _watchdog.LoopStalled(Environment.TickCount64))
            {
                Console.WriteLine("rebooting: " + _watchdog.Reason);
                Esp32DeviceActions.RebootNow();
            }
        }

        // The console's "capture": an export goes out on the console itself, line by line.
        private static string CaptureCommand(string args)
        {
            return _console == null ? "capture: no console on this board" : _host.Capture(args, _console);
        }

        private static string StatusText()
        {
            return StatusLed.NameOf(_host.State) + ": frames ok " + _host.Runtime.FramesOk + ", bad " + _host.Runtime.FramesBad
                + ", published " + _host.Runtime.Published + ", queued " + _host.Runtime.Outbox.Unacknowledged;
        }
    }
}
