using OpenAmi.Commands;
using nanoFramework.TestFramework;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class CommandProcessorTests
    {
        private const long Now = CommandRig.Now;
        private const string CommandTopic = CommandRig.CommandTopic;
        private static readonly byte[] Key = CommandRig.Key;

        private static string Command(string cmdId, string op, long ctr, string meter, long iat, long exp, string extra)
        {
            return CommandRig.Command(cmdId, op, ctr, meter, iat, exp, extra);
        }

        private static string Command(string cmdId, string op, long ctr)
        {
            return CommandRig.Command(cmdId, op, ctr);
        }

        private static string Grant(string session, string meters, string ops, long ctr, long from, long to, string extra)
        {
            return CommandRig.Grant(session, meters, ops, ctr, from, to, extra);
        }

        [TestMethod]
        public void SubscribesToCommandAndSessionTopics()
        {
            CommandRig r = CommandRig.Fresh();
            Assert.IsTrue(r.Link.Subscriptions.Contains("openami/v1/f/g/meter/+/command"));
            Assert.IsTrue(r.Link.Subscriptions.Contains("openami/v1/f/g/session/+"));
        }

        [TestMethod]
        public void SignedReadNowIsAcceptedAndTheResultIsSigned()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-1", "read_now", 1));
            string result = r.LastResult();
            Assert.IsTrue(result.IndexOf("\"event\":{\"type\":\"command_result\",\"cmdId\":\"c-1\",\"op\":\"read_now\",\"status\":\"accepted\"},\"seq\":") > 0, result);

            // The head end checks: HMAC(gateway key, every byte before ,"sig") equals sig.
            int at = result.LastIndexOf(",\"sig\":\"");
            byte[] signed = Bytes.Of(result.Substring(0, at));
            byte[] mac = new byte[32];
            CommandRig.Hmac.Compute(Key, signed, 0, signed.Length, mac);
            byte[] text = new byte[43];
            Base64Url.Encode(mac, 0, 32, text, 0);
            Assert.AreEqual(Bytes.Text(text, 0, 43), result.Substring(at + 8, 43));
            Assert.IsTrue(result.IndexOf(",\"kid\":\"k1\",") > 0);
            Assert.AreEqual(1L, r.Processor.Accepted);
        }

        [TestMethod]
        public void ForgedSignatureIsRejected()
        {
            CommandRig r = CommandRig.Fresh();
            string forged = MessageSigner.Sign(CommandRig.Hmac, "k1", Bytes.FromHex("ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                "{\"cmdId\":\"x\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":5,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}");
            r.Deliver(CommandTopic, forged);
            r.AssertRejected(CommandReason.BadSignature);
            Assert.IsTrue(r.LastResult().IndexOf("\"cmdId\":\"x\"") > 0, "the claimed id lets the head end match the rejection");
        }

        [TestMethod]
        public void UnknownKeyIdIsABadSignatureAndThePreviousKeyStillWorks()
        {
            CommandRig r = CommandRig.Fresh();
            string payload = "{\"cmdId\":\"k\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":7,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}";
            r.Deliver(CommandTopic, MessageSigner.Sign(CommandRig.Hmac, "k9", Key, payload));
            r.AssertRejected(CommandReason.BadSignature);
            r.Deliver(CommandTopic, MessageSigner.Sign(CommandRig.Hmac, "k0", CommandRig.OldKey, payload));
            Assert.IsTrue(r.LastResult().IndexOf("\"status\":\"accepted\"") > 0, "during a rotation the previous key is accepted");
        }

        [TestMethod]
        public void MalformedMessagesAreRejected()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, "not a jws");
            r.AssertRejected(CommandReason.Malformed);
            r.Deliver(CommandTopic, MessageSigner.Sign(CommandRig.Hmac, "k1", Key, "{\"cmdId\":\"c\",\"op\":\"read_now\"}"));
            r.AssertRejected(CommandReason.Malformed);
            r.Deliver(CommandTopic, Command("c-long", "read_now", 3, "m1", Now - 5, Now + 3600, string.Empty));
            r.AssertRejected(CommandReason.Malformed);
            r.Deliver(CommandTopic, Command("c-args", "set_interval", 4, "m1", Now - 5, Now + 60, ",\"args\":{\"seconds\":-5}"));
            r.AssertRejected(CommandReason.Malformed);
        }

        [TestMethod]
        public void ReplayedCounterIsRejected()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-1", "read_now", 10));
            r.Deliver(CommandTopic, Command("c-2", "read_now", 10));
            r.AssertRejected(CommandReason.Replay);
            r.Deliver(CommandTopic, Command("c-3", "read_now", 100));
            r.Deliver(CommandTopic, Command("c-4", "read_now", 20));
            r.AssertRejected(CommandReason.Replay);
            r.Deliver(CommandTopic, Command("c-5", "read_now", 99));
            Assert.IsTrue(r.LastResult().IndexOf("\"status\":\"accepted\"") > 0, "inside the window, unused: accepted");
        }

        [TestMethod]
        public void ExpiredAndFutureCommandsAreRejected()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-old", "read_now", 1, "m1", Now - 400, Now - 200, string.Empty));
            r.AssertRejected(CommandReason.Expired);
            r.Deliver(CommandTopic, Command("c-new", "read_now", 2, "m1", Now + 600, Now + 700, string.Empty));
            r.AssertRejected(CommandReason.Expired);
        }

        [TestMethod]
        public void UntrustedClockAllowsOnlyNonDestructiveOperations()
        {
            CommandRig r = CommandRig.Fresh();
            r.Clock.IsTrusted = false;
            r.Deliver(CommandTopic, Grant("s1", "\"m1\"", "\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            r.Deliver(CommandTopic, Command("c-r", "relay_disconnect", 1));
            r.AssertRejected(CommandReason.UntrustedClock);
            r.Deliver(CommandTopic, Command("c-b", "reboot", 2));
            r.AssertRejected(CommandReason.UntrustedClock);
            r.Deliver(CommandTopic, Command("c-n", "read_now", 3, "m1", Now - 9000, Now - 8900, string.Empty));
            Assert.IsTrue(r.LastResult().IndexOf("\"status\":\"accepted\"") > 0, "read_now needs no trusted clock");
            Assert.AreEqual(0, r.Actions.RelayCalls.Count);
            Assert.AreEqual(0, r.Actions.Reboots);
        }

        [TestMethod]
        public void RelayWithoutAGrantIsNoSession()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-1", "relay_disconnect", 1));
            r.AssertRejected(CommandReason.NoSession);
            Assert.AreEqual(0, r.Actions.RelayCalls.Count);
        }

        [TestMethod]
        public void RelayWithAGrantForAnotherMeterIsOutOfScope()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m2\"", "\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            Assert.AreEqual(1L, r.Processor.GrantsAccepted);
            r.Deliver(CommandTopic, Command("c-1", "relay_disconnect", 1));
            r.AssertRejected(CommandReason.OutOfScope);
            r.Deliver("openami/v1/f/g/session/s2", Grant("s2", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            r.Deliver(CommandTopic, Command("c-2", "relay_disconnect", 2));
            r.AssertRejected(CommandReason.OutOfScope);
            Assert.AreEqual(0, r.Actions.RelayCalls.Count);
        }

        [TestMethod]
        public void RelayInsideAGrantActsOnceEvenWhenDeliveredTwice()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\",\"m7\"", "\"relay_connect\",\"relay_disconnect\"", 1, Now - 60, Now + 3600, string.Empty));
            string command = Command("c-9", "relay_disconnect", 42);
            r.Deliver(CommandTopic, command);
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);
            Assert.AreEqual("m1:disconnect", (string)r.Actions.RelayCalls[0]);
            Assert.IsTrue(r.LastResult().IndexOf("\"status\":\"accepted\",\"duplicate\":true") > 0, r.LastResult());
            Assert.AreEqual(1L, r.Processor.Duplicates);
        }

        [TestMethod]
        public void AGrantWithAHigherCounterRevokes()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            r.Deliver(CommandTopic, Command("c-1", "relay_connect", 1));
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 2, Now - 60, Now + 3600, ",\"revoked\":true"));
            r.Deliver(CommandTopic, Command("c-2", "relay_connect", 2));
            r.AssertRejected(CommandReason.NoSession);
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"*\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            Assert.AreEqual(1L, r.Processor.GrantsRejected, "an old grant cannot come back");
        }

        [TestMethod]
        public void ExpiredGrantGivesNoSession()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 7200, Now - 3600, string.Empty));
            r.Deliver(CommandTopic, Command("c-1", "relay_connect", 1));
            r.AssertRejected(CommandReason.NoSession);
        }

        [TestMethod]
        public void UnsupportedOperationsAndBoardsWithoutRelay()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-1", "self_destruct", 1));
            r.AssertRejected(CommandReason.Unsupported);
            r.Actions.HasRelay = false;
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            r.Deliver(CommandTopic, Command("c-2", "relay_connect", 2));
            r.AssertRejected(CommandReason.Unsupported);
        }

        [TestMethod]
        public void CommandForAnotherGatewayOrMeterIsOutOfScope()
        {
            CommandRig r = CommandRig.Fresh();
            string payload = "{\"cmdId\":\"c\",\"feederId\":\"f\",\"gatewayId\":\"other\",\"meterSerial\":\"m1\",\"op\":\"read_now\",\"ctr\":1,\"iat\":" + (Now - 1) + ",\"exp\":" + (Now + 60) + "}";
            r.Deliver(CommandTopic, MessageSigner.Sign(CommandRig.Hmac, "k1", Key, payload));
            r.AssertRejected(CommandReason.OutOfScope);
            r.Deliver(CommandTopic, Command("c-2", "read_now", 2, "m2", Now - 5, Now + 60, string.Empty));
            r.AssertRejected(CommandReason.OutOfScope);
        }

        [TestMethod]
        public void SetIntervalAndResyncAndRebootAct()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, Command("c-1", "set_interval", 1, "m1", Now - 5, Now + 60, ",\"args\":{\"seconds\":60}"));
            Assert.IsTrue(r.LastResult().IndexOf("\"status\":\"accepted\"") > 0);
            int statusBefore = r.Link.CountOn("/status");
            r.Deliver(CommandTopic, Command("c-2", "resync", 2));
            Assert.AreEqual(statusBefore + 1, r.Link.CountOn("/status"));
            r.Deliver(CommandTopic, Command("c-3", "reboot", 3));
            Assert.AreEqual(1, r.Actions.Reboots);
        }

        [TestMethod]
        public void StateSurvivesARestart()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/session/s1", Grant("s1", "\"m1\"", "\"relay_connect\"", 1, Now - 60, Now + 3600, string.Empty));
            string command = Command("c-1", "relay_connect", 5);
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);

            r.Start(); // a reboot: same blob store, new processor
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(1, r.Actions.RelayCalls.Count, "the delivery after the reboot does not act again");
            r.Deliver(CommandTopic, Command("c-2", "relay_connect", 6));
            Assert.AreEqual(2, r.Actions.RelayCalls.Count, "the grant was kept across the restart");
        }

        [TestMethod]
        public void AnySingleByteChangeToASignedCommandIsRejected()
        {
            CommandRig r = CommandRig.Fresh();
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

                    r.Link.Listener.OnMessage(topic, topic.Length, changed, changed.Length);
                }
            }

            Assert.AreEqual(0L, r.Processor.Accepted, "no altered command may pass");
            Assert.IsTrue(r.Processor.Rejected >= original.Length * 2);
            r.Deliver(CommandTopic, token);
            Assert.AreEqual(1L, r.Processor.Accepted, "the untouched command still passes");
        }

        [TestMethod]
        public void AFloodOfRejectionsIsRateLimited()
        {
            CommandRig r = CommandRig.Fresh();
            for (int i = 0; i < 50; i++)
            {
                r.Deliver(CommandTopic, "garbage-" + i);
            }

            Assert.AreEqual(50L, r.Processor.Rejected);
            Assert.AreEqual(40L, r.Processor.RejectionsSuppressed);
            Assert.AreEqual(10, r.Link.CountOn("/meter/m1/event"));
        }

        [TestMethod]
        public void OneStateWritePerCommand()
        {
            CommandRig r = CommandRig.Fresh();
            int before = r.Blobs.Writes;
            r.Deliver(CommandTopic, Command("c-1", "read_now", 1));
            Assert.AreEqual(before + 1, r.Blobs.Writes);
            r.Deliver(CommandTopic, Command("c-2", "read_now", 1));
            Assert.AreEqual(before + 1, r.Blobs.Writes, "a replay is refused without a write");
        }
    }
}
