using nanoFramework.TestFramework;
using OpenAmi.Commands;
using OpenAmi.Firmware.App;
using OpenAmi.Meters;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class LineSearchTests
    {
        private const string Base = "board = devkitc-wroom\nwifi_ssid = ap\nbroker = mqtt://10.0.0.1\nfeeder = f\ngateway = g\n";

        [TestMethod]
        public void TwoConsecutiveValidFramesLockACandidate()
        {
            var search = new LineSearch(4, 0, 0);
            Assert.AreEqual(LineSearch.Unchanged, search.Update(1000, 1, 0));
            Assert.IsFalse(search.Locked);
            Assert.AreEqual(LineSearch.LockedNow, search.Update(2000, 2, 0));
            Assert.IsTrue(search.Locked);
            Assert.AreEqual(0, search.Current);
            Assert.AreEqual(LineSearch.Unchanged, search.Update(50000, 2, 0));
        }

        [TestMethod]
        public void ACandidateWithoutAValidFrameIsLeftAfterTheDwellAndTheCandidatesCycle()
        {
            var search = new LineSearch(4, 2, 0);
            Assert.AreEqual(LineSearch.Unchanged, search.Update(LineSearch.DwellMs - 1, 0, 3));
            Assert.AreEqual(LineSearch.Switched, search.Update(LineSearch.DwellMs, 0, 3));
            Assert.AreEqual(3, search.Current);
            Assert.AreEqual(LineSearch.Switched, search.Update(2 * LineSearch.DwellMs, 0, 3));
            Assert.AreEqual(0, search.Current, "after the last candidate comes the first again");
            Assert.AreEqual(2, search.Switches);
        }

        [TestMethod]
        public void OneValidFrameBuysAnotherDwellAndARefusedOneBreaksTheRun()
        {
            var search = new LineSearch(2, 0, 0);
            Assert.AreEqual(LineSearch.Unchanged, search.Update(10000, 1, 0));
            Assert.AreEqual(LineSearch.Unchanged, search.Update(LineSearch.DwellMs + 5000, 1, 0), "the second frame may take a meter period");
            Assert.AreEqual(LineSearch.Unchanged, search.Update(LineSearch.DwellMs + 6000, 1, 1));
            Assert.AreEqual(LineSearch.Unchanged, search.Update(LineSearch.DwellMs + 7000, 2, 1), "valid, refused, valid is no run of two");
            Assert.IsFalse(search.Locked);
            Assert.AreEqual(LineSearch.LockedNow, search.Update(LineSearch.DwellMs + 8000, 3, 1));
        }

        [TestMethod]
        public void ALockedLineThatFallsSilentIsSearchedAgainFromItsSetting()
        {
            var search = new LineSearch(4, 1, 0);
            search.Update(1000, 2, 0);
            Assert.IsTrue(search.Locked);
            Assert.AreEqual(LineSearch.Unchanged, search.Update(1000 + LineSearch.SilenceMs - 1, 2, 0));
            Assert.AreEqual(LineSearch.Lost, search.Update(1000 + LineSearch.SilenceMs, 2, 0));
            Assert.IsFalse(search.Locked);
            Assert.AreEqual(1, search.Current, "the search starts again with the setting that worked");
            Assert.AreEqual(LineSearch.Switched, search.Update(1000 + LineSearch.SilenceMs + LineSearch.DwellMs, 2, 0));
        }

        [TestMethod]
        public void LineAutoIsTheDefaultAndAFixedLineSkipsTheSearch()
        {
            FirmwareConfig auto = FirmwareConfig.Load(Base, "fw");
            Assert.AreEqual(0, auto.ProblemCount, auto.Describe());
            Assert.IsTrue(auto.LineAuto[0]);
            Assert.IsFalse(auto.InvertFixed[0]);

            FirmwareConfig fixedLine = FirmwareConfig.Load(Base + "line = 115200-8N1-inverted\n", "fw");
            Assert.AreEqual(0, fixedLine.ProblemCount, fixedLine.Describe());
            Assert.IsFalse(fixedLine.LineAuto[0]);
            Assert.IsTrue(fixedLine.PortInvert[0]);
            Assert.AreEqual("115200-8N1-inverted", fixedLine.LineText(0));

            FirmwareConfig notInverted = FirmwareConfig.Load(Base + "line = 9600-7E1-not-inverted\n", "fw");
            Assert.AreEqual(0, notInverted.ProblemCount, notInverted.Describe());
            Assert.IsFalse(notInverted.PortInvert[0]);
            Assert.AreEqual(9600, notInverted.LineBaud[0]);

            FirmwareConfig legacy = FirmwareConfig.Load(Base + "p1_line = 9600-7E1\n", "fw");
            Assert.IsFalse(legacy.LineAuto[0], "an explicit p1_line is a fixed line");

            FirmwareConfig han = FirmwareConfig.Load(Base + "protocol = han\nline = auto\n", "fw");
            Assert.AreEqual(1, han.ProblemCount);
            Assert.IsTrue(han.ProblemAt(0).IndexOf("line = auto searches P1's settings") >= 0, han.ProblemAt(0));
        }

        [TestMethod]
        public void TheDeviceFindsA9600BaudMeterBehindATransistorAndStartsWithItNextBoot()
        {
            var line = new SimulatedP1Line(9600, 7, 'E', false);
            var blobs = new MemoryBlobStore();
            var clock = new FakeClock();
            clock.TickMs = 1000;
            FakeLink link;
            FirmwareHost host = Boot(Base + "interval = 0\n", line, blobs, clock, out link);
            Assert.IsTrue(host.IsSearching(0));
            Assert.AreEqual("115200-8N1-inverted", host.LineOf(0), "the board's wiring is tried first");

            int seconds = Run(host, line, clock, 120, true);
            Assert.IsTrue(line.Matches, "the search settled on the meter's settings");
            Assert.IsFalse(host.IsSearching(0));
            Assert.AreEqual("9600-7E1-not-inverted", host.LineOf(0));
            Assert.AreEqual(3, line.Reconfigured, "every candidate was tried once");
            Assert.IsTrue(seconds <= (3 * 12) + 20 + 2, "locked in " + seconds + " s");
            Assert.IsTrue(host.State == DeviceState.LineLocked, StatusLed.NameOf(host.State));
            Assert.IsTrue(host.Runtime.FramesOk >= 2);
            Assert.AreEqual(1, blobs.Writes, "stored once");

            string status = link.Payload(LastOn(link, "/status"));
            Assert.IsTrue(status.IndexOf("\"lines\":[{\"port\":0,\"line\":\"9600-7E1-not-inverted\",\"state\":\"locked\"}]") > 0, status);

            Run(host, line, clock, 15, false);
            Assert.IsTrue(host.State == DeviceState.Running, StatusLed.NameOf(host.State));

            // The next boot starts with the stored setting: no search through the others, no second flash write.
            var next = new SimulatedP1Line(9600, 7, 'E', false);
            var clock2 = new FakeClock();
            clock2.TickMs = 1000;
            FirmwareHost again = Boot(Base + "interval = 0\n", next, blobs, clock2, out link);
            Assert.IsTrue(next.Matches);
            Assert.AreEqual("9600-7E1-not-inverted", again.LineOf(0));
            Run(again, next, clock2, 30, true);
            Assert.IsFalse(again.IsSearching(0));
            Assert.AreEqual(1, next.Reconfigured);
            Assert.AreEqual(1, blobs.Writes);
        }

        [TestMethod]
        public void AFixedLineOrPolarityLimitsWhatIsTried()
        {
            var line = new SimulatedP1Line(115200, 8, 'N', true);
            var clock = new FakeClock();
            FakeLink link;
            FirmwareHost host = Boot(Base + "line = 115200-8N1-inverted\n", line, new MemoryBlobStore(), clock, out link);
            Assert.IsFalse(host.IsSearching(0));
            Run(host, line, clock, 30, true);
            Assert.AreEqual(0, line.Reconfigured);
            Assert.IsTrue(link.Payload(LastOn(link, "/status")).IndexOf("{\"port\":0,\"line\":\"115200-8N1-inverted\",\"state\":\"fixed\"}") > 0);

            var transistor = new SimulatedP1Line(9600, 7, 'E', true);
            FirmwareHost noInvert = Boot(Base + "invert = no\n", transistor, new MemoryBlobStore(), new FakeClock(), out link);
            Run(noInvert, transistor, new FakeClock(), 60, true);
            Assert.IsFalse(transistor.Invert, "invert = no: the search never inverts");
            Assert.IsTrue(noInvert.IsSearching(0), "the meter is inverted, so no candidate of the configured polarity finds it");
        }

        private static FirmwareHost Boot(string config, SimulatedP1Line line, IBlobStore blobs, FakeClock clock, out FakeLink link)
        {
            FirmwareConfig parsed = FirmwareConfig.Load(config, "fw");
            Assert.AreEqual(0, parsed.ProblemCount, parsed.Describe());
            link = new FakeLink();
            var devices = new FirmwareDevices();
            devices.Lines = new IP1Line[] { line };
            devices.RequestPins = new IOutputPin[] { new NoPin() };
            devices.OutboxStore = new MemoryRecordStore();
            devices.Blobs = blobs;
            devices.Clock = clock;
            devices.Link = link;
            devices.Network = new UpNetwork();
            devices.Memory = new NoMemoryProbe();
            devices.Actions = new FakeDeviceActions();
            var host = new FirmwareHost(parsed, devices, FirmwareHost.DeviceOutbox());
            host.Start();
            link.Connect();
            return host;
        }

        // A second per turn, a telegram every 10 s (a DSMR 2.2 meter's pace); returns the seconds until the line locked.
        private static int Run(FirmwareHost host, SimulatedP1Line line, FakeClock clock, int seconds, bool stopWhenLocked)
        {
            for (int s = 1; s <= seconds; s++)
            {
                if (s % 10 == 5)
                {
                    line.Send(Telegrams.Dsmr22Kamstrup);
                }

                clock.Advance(1);
                host.Poll();
                if (stopWhenLocked && !host.IsSearching(0) && host.Runtime.FramesOk >= 2)
                {
                    return s;
                }
            }

            return seconds;
        }

        private static int LastOn(FakeLink link, string suffix)
        {
            for (int i = link.Count - 1; i >= 0; i--)
            {
                if (link.Topic(i).EndsWith(suffix))
                {
                    return i;
                }
            }

            return -1;
        }

        private sealed class UpNetwork : INetworkMonitor
        {
            public bool IsUp
            {
                get { return true; }
            }
        }

        private sealed class NoMemoryProbe : IMemoryProbe
        {
            public long FreeBytes()
            {
                return -1;
            }
        }
    }
}
