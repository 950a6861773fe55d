using nanoFramework.TestFramework;
using OpenAmi.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// A port of the gateway (firmware and Linux alike) publishes only what its meter sent: noise, damaged frames
    /// and, on a port with a key, plaintext are counted as bad frames and never reach the outbox (issue 15).
    /// </summary>
    [TestClass]
    public class PortDecoderTests
    {
        private const string Key = "0123456789abcdef0123456789abcdef";
        private const string Aad = "3000112233445566778899aabbccddeeff";
        private const string Telemetry = "/telemetry";

        private static GatewayRuntime NewRuntime(FakeLink link)
        {
            var clock = new FakeClock();
            clock.UtcNowUnix = 1541510669L;
            clock.TickMs = 5000;
            var options = new GatewayOptions();
            options.FeederId = "feeder-1";
            options.GatewayId = "gw-1";
            options.IntervalSeconds = 0;
            var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(new MemoryRecordStore(), SmallOutbox.Options()), link);
            runtime.Start();
            link.Connect();
            return runtime;
        }

        private static void Feed(PortDecoder port, string text)
        {
            byte[] data = Bytes.Of(text);
            port.Write(data, 0, data.Length);
            port.End();
        }

        private static string Dsmr5Frame()
        {
            string text = Telegrams.Dsmr5Am550;
            return text.Substring(0, text.IndexOf('!') + 5);
        }

        [TestMethod]
        public void NoiseNeverBecomesAMeter()
        {
            var link = new FakeLink();
            GatewayRuntime runtime = NewRuntime(link);
            var port = new PortDecoder(runtime, 0, (IGcmCipher)null, null);
            var random = new System.Random(15);
            byte[] noise = new byte[4096];
            for (int round = 0; round < 64; round++)
            {
                random.NextBytes(noise);
                port.Write(noise, 0, noise.Length);
            }

            port.End();
            runtime.Tick();
            Assert.AreEqual(0L, runtime.FramesOk);
            Assert.AreEqual(0, link.CountOn(Telemetry));
            Assert.AreEqual(port.Acceptance.Judged, port.Acceptance.Refused);
        }

        [TestMethod]
        public void DamagedCrcIsCountedAndNeverPublished()
        {
            var link = new FakeLink();
            GatewayRuntime runtime = NewRuntime(link);
            var port = new PortDecoder(runtime, 0, (IGcmCipher)null, null);
            string text = Dsmr5Frame();
            Feed(port, text.Substring(0, text.Length - 4) + "G3A4\r\n");
            runtime.Tick();
            Assert.AreEqual(1L, runtime.FramesBad);
            Assert.AreEqual(0L, runtime.FramesOk);
            Assert.AreEqual(0, link.CountOn(Telemetry));
            Assert.AreEqual(1, port.Acceptance.CountOf(FrameVerdict.BadCrc));
        }

        [TestMethod]
        public void PortWithAKeyRefusesPlaintextAndTakesEncryptedFrames()
        {
            var link = new FakeLink();
            GatewayRuntime runtime = NewRuntime(link);
            var port = new PortDecoder(runtime, 0, new SoftwareAes128(Bytes.FromHex(Key)), Bytes.FromHex(Aad));
            Feed(port, Dsmr5Frame() + "\r\n");
            runtime.Tick();
            Assert.AreEqual(1L, runtime.FramesBad);
            Assert.AreEqual(0, link.CountOn(Telemetry));
            Assert.AreEqual(1, port.Acceptance.CountOf(FrameVerdict.PlaintextRefused));

            byte[] encrypted = GcmFrames.Make(Dsmr5Frame(), Aad);
            port.Write(encrypted, 0, encrypted.Length);
            runtime.Tick();
            Assert.AreEqual(1L, runtime.FramesOk);
            Assert.AreEqual(1, link.CountOn(Telemetry));
        }

        [TestMethod]
        public void AllowPlaintextLetsAKeyedPortTakePlaintext()
        {
            var link = new FakeLink();
            GatewayRuntime runtime = NewRuntime(link);
            var port = new PortDecoder(runtime, 0, new AesGcm(new SoftwareAes128(Bytes.FromHex(Key))), Bytes.FromHex(Aad), true);
            Feed(port, Dsmr5Frame() + "\r\n");
            runtime.Tick();
            Assert.AreEqual(1L, runtime.FramesOk);
            Assert.AreEqual(1, link.CountOn(Telemetry));
        }

        [TestMethod]
        public void PortWithoutAKeyTakesPlaintext()
        {
            var link = new FakeLink();
            GatewayRuntime runtime = NewRuntime(link);
            var port = new PortDecoder(runtime, 0, (IGcmCipher)null, null);
            Feed(port, Dsmr5Frame() + "\r\n");
            runtime.Tick();
            Assert.AreEqual(1L, runtime.FramesOk);
            Assert.AreEqual(1, link.CountOn(Telemetry));
        }
    }
}
