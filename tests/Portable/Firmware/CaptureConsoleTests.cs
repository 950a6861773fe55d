using nanoFramework.TestFramework;
using OpenAmi.Capture;
using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Firmware.App;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class CaptureConsoleTests
    {
        private const string Config = "board = devkitc-wroom\nwifi_ssid = ap\nbroker = mqtt://10.0.0.1\nfeeder = f\ngateway = g\nline = 115200-8N1-not-inverted\n";

        private static FirmwareHost Boot(SimulatedP1Line line, MemoryCaptureStore store, MemoryBlobStore blobs, FakeClock clock)
        {
            FirmwareConfig config = FirmwareConfig.Load(Config, "fw");
            var devices = new FirmwareDevices();
            devices.Lines = new IP1Line[] { line };
            devices.RequestPins = new IOutputPin[] { new NoPin() };
            devices.OutboxStore = new MemoryRecordStore();
            devices.Blobs = blobs;
            devices.Clock = clock;
            devices.Link = new FakeLink();
            devices.Network = new AlwaysUp();
            devices.Memory = new UnknownMemory();
            devices.Actions = new FakeDeviceActions();
            devices.Hmac = new SoftwareHmacSha256();
            devices.Captures = store;
            var host = new FirmwareHost(config, devices, FirmwareHost.DeviceOutbox());
            host.Start();
            return host;
        }

        private static void Send(FirmwareHost host, SimulatedP1Line line, FakeClock clock, string telegram)
        {
            line.Send(telegram);
            clock.Advance(1);
            host.Poll();
        }

        [TestMethod]
        public void TheConsoleKeepsTelegramsOnlyWhileOnAndExportsThemRedacted()
        {
            var line = new SimulatedP1Line(115200, 8, 'N', false);
            var store = new MemoryCaptureStore(FirmwareHost.CaptureSlots);
            var blobs = new MemoryBlobStore();
            var clock = new FakeClock();
            FirmwareHost host = Boot(line, store, blobs, clock);
            var console = new ProvisioningConsole(new NoConfigStore(), "fw");
            var output = new ConsoleOutput();
            console.Capture = args => host.Capture(args, output);

            Send(host, line, clock, Telegrams.Dsmr5Am550);
            Assert.AreEqual(0, store.Begins, "nothing is kept before 'capture on'");
            Assert.IsTrue(console.Execute("capture on").IndexOf("capture on: the last 20 telegrams") == 0);
            // The same telegram with its stated CRC changed (its last digit, 8, made 9).
            string good = Telegrams.Dsmr5Am550;
            string bad = good.Substring(0, good.Length - 3) + "9\r\n";
            Send(host, line, clock, Telegrams.Dsmr5Am550);
            Send(host, line, clock, bad);
            Assert.AreEqual(2, store.Begins, "one slot per telegram while on");
            Assert.AreEqual(2, (int)host.Runtime.FramesOk, "the line delivers real telegrams, the bad one refused");
            Assert.IsTrue(console.Execute("capture").IndexOf("capture is on") == 0);
            Assert.IsTrue(console.Execute("capture off").IndexOf("capture off") == 0);
            Send(host, line, clock, Telegrams.Dsmr5Am550);
            Assert.AreEqual(2, store.Begins, "nothing is kept after 'capture off'");

            string answer = console.Execute("capture export");
            Assert.IsTrue(answer.IndexOf("capture export: 2 telegram(s)") == 0, answer);
            string text = output.Text();
            Assert.IsTrue(text.IndexOf("# Port 1: 2 telegram(s), 1 with a bad CRC, 0 cut off.") > 0, text);
            Assert.IsTrue(text.IndexOf("4530303334303036383130353136343136") < 0, "the meter's id is not in the export");
            Assert.AreEqual(1, blobs.Writes, "the redaction key is made once");

            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            byte[] bytes = Bytes.Of(text);
            decoder.Write(bytes, 0, bytes.Length);
            Assert.AreEqual(2, sink.Count);
            Assert.IsTrue(sink.Crc(0) == CrcStatus.Ok && sink.Crc(1) == CrcStatus.Bad);

            // The same capture exports to the same bytes.
            var again = new ConsoleOutput();
            host.Capture("export", again);
            Assert.AreEqual(text, again.Text());
        }

        [TestMethod]
        public void AForgottenCaptureStopsByItselfAfterADay()
        {
            var line = new SimulatedP1Line(115200, 8, 'N', false);
            var store = new MemoryCaptureStore(FirmwareHost.CaptureSlots);
            var clock = new FakeClock();
            FirmwareHost host = Boot(line, store, new MemoryBlobStore(), clock);
            host.Capture("on", new ConsoleOutput());
            Send(host, line, clock, Telegrams.Dsmr5Am550);
            clock.Advance((int)(FirmwareHost.CaptureMaxMs / 1000));
            host.Poll();
            Send(host, line, clock, Telegrams.Dsmr5Am550);
            Assert.AreEqual(1, store.Begins);
            Assert.IsTrue(host.Capture(string.Empty, new ConsoleOutput()).IndexOf("capture is off") == 0);
        }

        private sealed class ConsoleOutput : ICaptureWriter
        {
            private byte[] _bytes = new byte[0];

            public void Write(byte[] data, int offset, int count)
            {
                byte[] all = new byte[_bytes.Length + count];
                System.Array.Copy(_bytes, all, _bytes.Length);
                System.Array.Copy(data, offset, all, _bytes.Length, count);
                _bytes = all;
            }

            public string Text()
            {
                return Bytes.Text(_bytes, 0, _bytes.Length);
            }
        }

        private sealed class NoConfigStore : IConfigStore
        {
            public string Read()
            {
                return null;
            }

            public void Write(string text)
            {
            }
        }

        private sealed class AlwaysUp : INetworkMonitor
        {
            public bool IsUp
            {
                get { return true; }
            }
        }

        private sealed class UnknownMemory : IMemoryProbe
        {
            public long FreeBytes()
            {
                return -1;
            }
        }
    }
}
