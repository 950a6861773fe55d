using nanoFramework.TestFramework;
using OpenAmi.Firmware.App;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class FirmwareLogicTests
    {
        [TestMethod]
        public void HoldModeRaisesTheRequestLineOnceAndKeepsItHigh()
        {
            var pin = new RecordingPin();
            var line = new RequestLine(pin, false, 10);
            line.Update(0, 0);
            line.Update(60000, 5);
            Assert.IsTrue(pin.High);
            Assert.AreEqual(1, pin.Writes);
        }

        [TestMethod]
        public void PulseModeRequestsOneFramePerInterval()
        {
            var pin = new RecordingPin();
            var line = new RequestLine(pin, true, 60);
            line.Update(0, 0);
            Assert.IsTrue(pin.High, "raised at start");
            line.Update(900, 0);
            Assert.IsTrue(pin.High, "held until a frame arrives");
            line.Update(1000, 1);
            Assert.IsFalse(pin.High, "lowered once the frame is in");
            line.Update(59000, 1);
            Assert.IsFalse(pin.High);
            line.Update(60000, 1);
            Assert.IsTrue(pin.High, "raised again one interval after the last raise");
            line.Update(60000 + RequestLine.MaxWaitMs, 1);
            Assert.IsFalse(pin.High, "a meter that never answers does not keep the line high");
        }

        [TestMethod]
        public void LedPatternsAreDistinctAndFollowTheTable()
        {
            for (int a = 0; a <= (int)DeviceState.Running; a++)
            {
                for (int b = a + 1; b <= (int)DeviceState.Running; b++)
                {
                    Assert.AreNotEqual(StatusLed.PatternOf((DeviceState)a), StatusLed.PatternOf((DeviceState)b));
                }
            }

            // No config: 2 Hz blink, lit in the first 250 ms slot, dark in the second.
            Assert.IsTrue(StatusLed.IsLit(DeviceState.NoConfig, 0));
            Assert.IsFalse(StatusLed.IsLit(DeviceState.NoConfig, 250));
            Assert.IsTrue(StatusLed.IsLit(DeviceState.NoConfig, 500));
            // Running: on except the last slot of each 2 s cycle.
            Assert.IsTrue(StatusLed.IsLit(DeviceState.Running, 1700));
            Assert.IsFalse(StatusLed.IsLit(DeviceState.Running, 1800));
            Assert.IsTrue(StatusLed.IsLit(DeviceState.Running, 2000));
            Assert.AreEqual("no meter data", StatusLed.NameOf(DeviceState.NoMeterData));
        }

        [TestMethod]
        public void WatchdogRebootsOnAStuckLoopOrStuckPublishingOnly()
        {
            var dog = new Watchdog(120000, 3600000, 0);
            dog.LoopTurned(1000, 0);
            Assert.IsFalse(dog.LoopStalled(100000));
            Assert.IsTrue(dog.LoopStalled(122000));
            Assert.IsTrue(dog.Reason.IndexOf("main loop stalled") >= 0, dog.Reason);

            dog.LoopTurned(1800000, 4);
            Assert.IsFalse(dog.PublishingStalled(1800000 + 3500000), "acknowledgements reset the clock");
            dog.LoopTurned(5400000, 4);
            Assert.IsTrue(dog.PublishingStalled(5400001));
            Assert.IsTrue(dog.Reason.IndexOf("no message acknowledged") >= 0, dog.Reason);
        }

        [TestMethod]
        public void ConsoleEditsChecksAndSavesTheConfigWithoutEchoingSecrets()
        {
            var store = new MemoryConfigStore("board = devkitc-wroom\nwifi_password = hunter2\n");
            var console = new ProvisioningConsole(store, "fw");
            string shown = console.Execute("show");
            Assert.IsTrue(shown.IndexOf("wifi_password = ********") >= 0, shown);
            Assert.IsTrue(shown.IndexOf("hunter2") < 0, shown);
            Assert.AreEqual("unknown setting 'colour'", console.Execute("set colour blue"));
            Assert.AreEqual("usage: set KEY VALUE", console.Execute("set broker"));
            Assert.AreEqual("ok (not saved yet)", console.Execute("set wifi_ssid My Village AP"));
            Assert.AreEqual("ok (not saved yet)", console.Execute("set broker mqtt://10.0.0.2"));
            Assert.AreEqual("ok (not saved yet)", console.Execute("set feeder f1"));
            Assert.AreEqual("ok (not saved yet)", console.Execute("set gateway g1"));
            Assert.AreEqual("config is complete", console.Execute("check"));
            Assert.AreEqual("saved; type reboot to run with it", console.Execute("save"));
            FirmwareConfig saved = FirmwareConfig.Load(store.Text, "fw");
            Assert.AreEqual(0, saved.ProblemCount, saved.Describe());
            Assert.AreEqual("My Village AP", saved.WifiSsid);
            Assert.AreEqual("hunter2", saved.WifiPassword);
            Assert.AreEqual("ok (not saved yet)", console.Execute("unset broker"));
            Assert.IsTrue(console.Execute("save").IndexOf("cannot run yet") >= 0);
            Assert.AreEqual("gateway not running (config incomplete)", console.Execute("status"));
            Assert.IsFalse(console.RebootRequested);
            Assert.AreEqual("rebooting", console.Execute("reboot"));
            Assert.IsTrue(console.RebootRequested);
            Assert.IsTrue(console.Execute("frobnicate").IndexOf("unknown command 'frobnicate'") == 0);
        }

        [TestMethod]
        public void ConsoleLinesEndOnCrOrLfAndOverlongLinesAreDropped()
        {
            var reader = new ConsoleLineReader();
            Assert.AreEqual("show", Type(reader, "shw\bow\r\n"));
            string longLine = new string('x', 300) + "\n";
            Assert.AreEqual("", Type(reader, longLine));
            Assert.AreEqual("check", Type(reader, "check\r"));
        }

        private static string Type(ConsoleLineReader reader, string text)
        {
            string line = null;
            for (int i = 0; i < text.Length && line == null; i++)
            {
                line = reader.Feed((byte)text[i]);
            }

            return line;
        }

        private sealed class RecordingPin : IOutputPin
        {
            public bool High;
            public int Writes;

            public void Write(bool high)
            {
                High = high;
                Writes++;
            }
        }

        private sealed class MemoryConfigStore : IConfigStore
        {
            public string Text;

            public MemoryConfigStore(string text)
            {
                Text = text;
            }

            public string Read()
            {
                return Text;
            }

            public void Write(string text)
            {
                Text = text;
            }
        }
    }
}
