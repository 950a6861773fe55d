using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Outbox;
using nanoFramework.TestFramework;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class CommandProcessorTests
    {
        private const long Now = 1780000000L; // 2026-05-28T20:26:40Z
        private const string CommandTopic = "openami/v1/f/g/meter/m1/command";
        private const string ResultTopic = "openami/v1/f/g/meter/m1/event";

        private static readonly byte[] Key = Bytes.FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        private static readonly byte[] OldKey = Bytes.FromHex("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");

        private static FakeClock _clock;
        private static FakeLink _link;
        private static FakeDeviceActions _actions;
        private static MemoryBlobStore _blobs;
        private static SoftwareHmacSha256 _hmac;
        private static GatewayRuntime _runtime;
        private static CommandProcessor _processor;

        // The nanoFramework launcher calls tests with no instance and runs [Setup] once per class, so each test
        // starts from fresh static state by calling this first.
        private static void Fresh()
        {
            _clock = new FakeClock();
            _clock.UtcNowUnix = Now;
            _clock.TickMs = 1000;
            _clock.IsTrusted = true;
            _link = new FakeLink();
            _actions = new FakeDeviceActions();
            _blobs = new MemoryBlobStore();
            _hmac = new SoftwareHmacSha256();
            Start();
        }

        private static void Start()
        {
            var options = new GatewayOptions();
            options.FeederId = "f";
            options.GatewayId = "g";
            _runtime = new GatewayRuntime(options, _clock, new PersistentOutbox(new MemoryRecordStore(), new OutboxOptions()), _link);
            _processor = new CommandProcessor(Options(), _runtime, _clock, _hmac, _blobs, _actions);
            _runtime.SetCommandHandler(_processor);
            _runtime.Start();
            _link.Connect();
        }

        private static CommandOptions Options()
        {
            var o = new CommandOptions();
            o.FeederId = "f";
            o.GatewayId = "g";
            o.Keys = new CommandKeys("k1", Key, "k0", OldKey);
            return o;
        }

        private static string Command(string cmdId, string op, long ctr, string meter, long iat, long exp, string extra)
        {
            string payload = "{\"cmdId\":\"" + cmdId + "\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"" + meter
                + "\",\"op\":\"" + op + "\",\"ctr\":" + ctr + ",\"iat\":" + iat + ",\"exp\":" + exp + extra + "}";
            return MessageSigner.Sign(_hmac, "k1", Key, payload);
        }

        private static string Command(string cmdId, string op, long ctr)
        {
            return Command(cmdId, op, ctr, "m1", Now - 5, Now + 120, string.Empty);
        }

        private static string Grant(string session, string meters, string ops, long ctr, long from, long to, string extra)
        {
            string payload = "{\"sessionId\":\"" + session + "\",\"participants\":[\"hes-1\",\"g\"],\"gatewayId\":\"g\","
                + "\"feederScope\":{\"feederId\":\"f\",\"meters\":[" + meters + "]},\"operations\":[" + ops + "],"
                + "\"validFrom\":\"" + OpenAmi.Northbound.IsoTimeText.Format(from) + "\",\"validTo\":\"" + OpenAmi.Northbound.IsoTimeText.Format(to)
                + "\",\"ctr\":" + ctr + extra + "}";
            return MessageSigner.Sign(_hmac, "k1", Key, payload);
        }

        private static void Deliver(string topic, string message)
        {
            byte[] t = Bytes.Of(topic);
            byte[] m = Bytes.Of(message);
            _link.Listener.OnMessage(t, t.Length, m, m.Length);
        }

        private static string LastResult()
        {
            for (int i = _link.Count - 1; i >= 0; i--)
            {
                if (_link.Topic(i) == ResultTopic)
                {
                    return _link.Payload(i);
                }
            }

            return null;
        }

        private static void AssertRejected(string reason)
        {
            string result = LastResult();
            Assert.IsNotNull(result);
            Assert.IsTrue(result.IndexOf("\"status\":\"rejected\",\"reason\":\"" + reason + "\"") > 0, result);
        }

        [TestMethod]
        public void SubscribesToCommandAndSessionTopics()
        {
            Fresh();
            Assert.IsTrue(_link.Subscriptions.Contains("openami/v1/f/g/meter/+/command"));
            Assert.IsTrue(_link.Subscriptions.Contains("openami/v1/f/g/session/+"));
        }

        [TestMethod]
        public void SignedReadNowIsAcceptedAndTheResultIsSigned()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-1", "read_now", 1));
            string result = LastResult();
            Assert.IsTrue(result.IndexOf("\"event\":{\"type\":\"command_result\",\"cmdId\":\"c-1\",\"op\":\"read_now\",\"status\":\"accepted\"},\"seq\":") > 0, result);

            // The head end checks: HMAC(gateway key, every byte before ,"sig") equals sig.
            int at = result.LastIndexOf(",\"sig\":\"");
            byte[] signed = Bytes.Of(result.Substring(0, at));
            byte[] mac = new byte[32];
            _hmac.Compute(Key, signed, 0, signed.Length, mac);
            byte[] text = new byte[43];
            Base64Url.Encode(mac, 0, 32, text, 0);
            Assert.AreEqual(Bytes.Text(text, 0, 43), result.Substring(at + 8, 43));
            Assert.IsTrue(result.IndexOf(",\"kid\":\"k1\",") > 0);
            Assert.AreEqual(1L, _processor.Accepted);
        }

        [TestMethod]
        public void ForgedSignatureIsRejected()
        {
            Fresh();
            string forged = MessageSigner.Sign(_hmac, "k1", Bytes.FromHex("ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                "{\"cmdId\":\"x\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":5,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}");
            Deliver(CommandTopic, forged);
            AssertRejected(CommandReason.BadSignature);
            Assert.IsTrue(LastResult().IndexOf("\"cmdId\":\"x\"") > 0, "the claimed id lets the head end match the rejection");
        }

        [TestMethod]
        public void UnknownKeyIdIsABadSignatureAndThePreviousKeyStillWorks()
        {
            Fresh();
            string payload = "{\"cmdId\":\"k\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":7,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}";
            Deliver(CommandTopic, MessageSigner.Sign(_hmac, "k9", Key, payload));
            AssertRejected(CommandReason.BadSignature);
            Deliver(CommandTopic, MessageSigner.Sign(_hmac, "k0", OldKey, payload));
            Assert.IsTrue(LastResult().IndexOf("\"status\":\"accepted\"") > 0, "during a rotation the previous key is accepted");
        }

        [TestMethod]
        public void MalformedMessagesAreRejected()
        {
            Fresh();
            Deliver(CommandTopic, "not a jws");
            AssertRejected(CommandReason.Malformed);
            Deliver(CommandTopic, MessageSigner.Sign(_hmac, "k1", Key, "{\"cmdId\":\"c\",\"op\":\"read_now\"}"));
            AssertRejected(CommandReason.Malformed);
            Deliver(CommandTopic, Command("c-long", "read_now", 3, "m1", Now - 5, Now + 3600, string.Empty));
            AssertRejected(CommandReason.Malformed);
            Deliver(CommandTopic, Command("c-args", "set_interval", 4, "m1", Now - 5, Now + 60, ",\"args\":{\"seconds\":-5}"));
            AssertRejected(CommandReason.Malformed);
        }

        [TestMethod]
        public void ReplayedCounterIsRejected()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-1", "read_now", 10));
            Deliver(CommandTopic, Command("c-2", "read_now", 10));
            AssertRejected(CommandReason.Replay);
            Deliver(CommandTopic, Command("c-3", "read_now", 100));
            Deliver(CommandTopic, Command("c-4", "read_now", 20));
            AssertRejected(CommandReason.Replay);
            Deliver(CommandTopic, Command("c-5", "read_now", 99));
            Assert.IsTrue(LastResult().IndexOf("\"status\":\"accepted\"") > 0, "inside the window, unused: accepted");
        }

        [TestMethod]
        public void ExpiredAndFutureCommandsAreRejected()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-old", "read_now", 1, "m1", Now - 400, Now - 200, string.Empty));
            AssertRejected(CommandReason.Expired);
            Deliver(CommandTopic, Command("c-new", "read_now", 2, "m1", Now + 600, Now + 700, string.Empty));
            AssertRejected(CommandReason.Expired);
        }

        [TestMethod]
        public void UntrustedClockAllowsOnlyNonDestructiveOperations()
        {
            Fresh();
            _clock.IsTrusted = false;
            Deliver(CommandTopic, Grant("s1", "\"m1\"", "\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            Deliver(CommandTopic, Command("c-r", "relay_disconnect", 1));
            AssertRejected(CommandReason.UntrustedClock);
            Deliver(CommandTopic, Command("c-b", "reboot", 2));
            AssertRejected(CommandReason.UntrustedClock);
            Deliver(CommandTopic, Command("c-n", "read_now", 3, "m1", Now - 9000, Now - 8900, string.Empty));
            Assert.IsTrue(LastResult().IndexOf("\"status\":\"accepted\"") > 0, "read_now needs no trusted clock");
            Assert.AreEqual(0, _actions.RelayCalls.Count);
            Assert.AreEqual(0, _actions.Reboots);
        }

        [TestMethod]
        public void RelayWithoutAGrantIsNoSession()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-1", "relay_disconnect", 1));
            AssertRejected(CommandReason.NoSession);
            Assert.AreEqual(0, _actions.RelayCalls.Count);
        }

        [TestMethod]
        public void RelayWithAGrantForAnotherMeterIsOutOfScope()
        {
            Fresh();
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m2\"", "\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            Assert.AreEqual(1L, _processor.GrantsAccepted);
            Deliver(CommandTopic, Command("c-1", "relay_disconnect", 1));
            AssertRejected(CommandReason.OutOfScope);
            Deliver("openami/v1/f/g/session/s2", Grant("s2", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            Deliver(CommandTopic, Command("c-2", "relay_disconnect", 2));
            AssertRejected(CommandReason.OutOfScope);
            Assert.AreEqual(0, _actions.RelayCalls.Count);
        }

        [TestMethod]
        public void RelayInsideAGrantActsOnceEvenWhenDeliveredTwice()
        {
            Fresh();
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\",\"m7\"", "\"relay_connect\",\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            string command = Command("c-9", "relay_disconnect", 42);
            Deliver(CommandTopic, command);
            Deliver(CommandTopic, command);
            Assert.AreEqual(1, _actions.RelayCalls.Count);
            Assert.AreEqual("m1:disconnect", (string)_actions.RelayCalls[0]);
            Assert.IsTrue(LastResult().IndexOf("\"status\":\"accepted\",\"duplicate\":true") > 0, LastResult());
            Assert.AreEqual(1L, _processor.Duplicates);
        }

        [TestMethod]
        public void AGrantWithAHigherCounterRevokes()
        {
            Fresh();
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            Deliver(CommandTopic, Command("c-1", "relay_connect", 1));
            Assert.AreEqual(1, _actions.RelayCalls.Count);
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 2, Now - 60, Now + 3600, ",\"revoked\":true"));
            Deliver(CommandTopic, Command("c-2", "relay_connect", 2));
            AssertRejected(CommandReason.NoSession);
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            Assert.AreEqual(1L, _processor.GrantsRejected, "an old grant cannot come back");
        }

        [TestMethod]
        public void ExpiredGrantGivesNoSession()
        {
            Fresh();
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 7200, Now - 3600, string.Empty));
            Deliver(CommandTopic, Command("c-1", "relay_connect", 1));
            AssertRejected(CommandReason.NoSession);
        }

        [TestMethod]
        public void UnsupportedOperationsAndBoardsWithoutRelay()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-1", "self_destruct", 1));
            AssertRejected(CommandReason.Unsupported);
            _actions.HasRelay = false;
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            Deliver(CommandTopic, Command("c-2", "relay_connect", 2));
            AssertRejected(CommandReason.Unsupported);
        }

        [TestMethod]
        public void CommandForAnotherGatewayOrMeterIsOutOfScope()
        {
            Fresh();
            string payload = "{\"cmdId\":\"c\",\"feederId\":\"f\",\"gatewayId\":\"other\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":1,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}";
            Deliver(CommandTopic, MessageSigner.Sign(_hmac, "k1", Key, payload));
            AssertRejected(CommandReason.OutOfScope);
            Deliver(CommandTopic, Command("c-2", "read_now", 2, "m2", Now - 5, Now + 60, string.Empty));
            AssertRejected(CommandReason.OutOfScope);
        }

        [TestMethod]
        public void SetIntervalAndResyncAndRebootAct()
        {
            Fresh();
            Deliver(CommandTopic, Command("c-1", "set_interval", 1, "m1", Now - 5, Now + 60, ",\"args\":{\"seconds\":60}"));
            Assert.IsTrue(LastResult().IndexOf("\"status\":\"accepted\"") > 0);
            int statusBefore = _link.CountOn("/status");
            Deliver(CommandTopic, Command("c-2", "resync", 2));
            Assert.AreEqual(statusBefore + 1, _link.CountOn("/status"));
            Deliver(CommandTopic, Command("c-3", "reboot", 3));
            Assert.AreEqual(1, _actions.Reboots);
        }

        [TestMethod]
        public void StateSurvivesARestart()
        {
            Fresh();
            Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            string command = Command("c-1", "relay_connect", 5);
            Deliver(CommandTopic, command);
            Assert.AreEqual(1, _actions.RelayCalls.Count);

            Start(); // a reboot: same blob store, new processor
            Deliver(CommandTopic, command);
            Assert.AreEqual(1, _actions.RelayCalls.Count, "the delivery after the reboot does not act again");
            Deliver(CommandTopic, Command("c-2", "relay_connect", 6));
            Assert.AreEqual(2, _actions.RelayCalls.Count, "the grant was kept across the restart");
        }

        [TestMethod]
        public void AnySingleByteChangeToASignedCommandIsRejected()
        {
            Fresh();
            string token = Command("c-p", "read_now", 77);
            byte[] original = Bytes.Of(token);
            byte[] topic = Bytes.Of(CommandTopic);
            var random = new System.Random(5);
            for (int i = 0; i < original.Length; i++)
            {
                for (int variant = 0; variant < 2; variant++)
                {
                    byte[] changed = (byte[])original.Clone();
                    changed[i] = variant == 0 ? (byte)(changed[i] ^ 0x01) : (byte)(0x21 + random.Next(0x5E));
                    if (changed[i] == original[i])
                    {
                        changed[i] = (byte)(changed[i] == (byte)'A' ? 'B' : 'A');
                    }

                    _link.Listener.OnMessage(topic, topic.Length, changed, changed.Length);
                }
            }

            Assert.AreEqual(0L, _processor.Accepted, "no altered command may pass");
            Assert.IsTrue(_processor.Rejected >= original.Length * 2);
            Deliver(CommandTopic, token);
            Assert.AreEqual(1L, _processor.Accepted, "the untouched command still passes");
        }

        [TestMethod]
        public void AFloodOfRejectionsIsRateLimited()
        {
            Fresh();
            for (int i = 0; i < 50; i++)
            {
                Deliver(CommandTopic, "garbage-" + i);
            }

            Assert.AreEqual(50L, _processor.Rejected);
            Assert.AreEqual(40L, _processor.RejectionsSuppressed);
            Assert.AreEqual(10, _link.CountOn("/meter/m1/event"));
        }

        [TestMethod]
        public void OneStateWritePerCommand()
        {
            Fresh();
            int before = _blobs.Writes;
            Deliver(CommandTopic, Command("c-1", "read_now", 1));
            Assert.AreEqual(before + 1, _blobs.Writes);
            Deliver(CommandTopic, Command("c-2", "read_now", 1));
            Assert.AreEqual(before + 1, _blobs.Writes, "a replay is refused without a write");
        }
    }
}
