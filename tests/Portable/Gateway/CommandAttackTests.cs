using OpenAmi.Commands;
using nanoFramework.TestFramework;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// The attacker suite of the trust issue, items 10 to 17: each test is an attack (or an accident) that got
    /// through before, played against the gateway as a head end or an attacker would over MQTT.
    /// </summary>
    [TestClass]
    public class CommandAttackTests
    {
        private const long Now = CommandRig.Now;
        private const string CommandTopic = CommandRig.CommandTopic;

        // A command for m1 issued 5 s before the clock's present time, valid 2 minutes.
        private static string CommandAt(CommandRig r, string cmdId, string op, long ctr)
        {
            long now = r.Clock.UtcNowUnix;
            return CommandRig.Command(cmdId, op, ctr, CommandRig.Meter, now - 5, now + 120, string.Empty);
        }

        private static string RelayGrant(string session, string meter, long ctr, long from, long to, string extra)
        {
            return CommandRig.Grant(session, "\"" + meter + "\"", "\"relay_connect\",\"relay_disconnect\"", ctr, from, to, extra);
        }

        private static string GrantResult(CommandRig r, string session)
        {
            return r.Last(CommandRig.SessionTopic(session) + "/result");
        }

        // ---- item 10: a revoked grant comes back ----

        [TestMethod]
        public void ARevocationHoldsAfterItsOwnValidToWhileTheRevokedGrantCouldStillBeValid()
        {
            CommandRig r = CommandRig.Fresh();
            string original = RelayGrant("s1", "m1", 1, Now - 60, Now + 7200, string.Empty);
            r.Deliver(CommandRig.SessionTopic("s1"), original);
            r.Deliver(CommandTopic, CommandAt(r, "c-1", "relay_connect", 1));
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);

            r.Clock.Advance(1000);
            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 2, Now + 1000, Now + 1600, ",\"revoked\":true"));
            r.Clock.Advance(700); // the revocation's own validTo has passed; the grant's has not
            r.Deliver(CommandRig.SessionTopic("s2"), RelayGrant("s2", "m2", 1, Now + 1700, Now + 5000, string.Empty));
            long rejectedBefore = r.Processor.GrantsRejected;

            r.Deliver(CommandRig.SessionTopic("s1"), original); // the attacker re-publishes the revoked grant
            Assert.AreEqual(rejectedBefore + 1, r.Processor.GrantsRejected, "the revoked grant must not come back");
            r.Deliver(CommandTopic, CommandAt(r, "c-2", "relay_connect", 2));
            r.AssertRejected(CommandReason.OutOfScope); // s2 is for another meter
            Assert.AreEqual(1, r.Actions.RelayCalls.Count, "no relay action in a revoked session");
        }

        [TestMethod]
        public void ARevocationIsNeverEvictedAndAFullStoreRefusesWithAReason()
        {
            CommandRig r = CommandRig.Fresh();
            string original = RelayGrant("s1", "m1", 1, Now - 60, Now + 7200, string.Empty);
            r.Deliver(CommandRig.SessionTopic("s1"), original);
            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 2, Now - 60, Now + 100, ",\"revoked\":true"));
            for (int i = 2; i <= 8; i++)
            {
                r.Deliver(CommandRig.SessionTopic("s" + i), RelayGrant("s" + i, "m2", 1, Now - 60, Now + 3600, string.Empty));
            }

            Assert.AreEqual(9L, r.Processor.GrantsAccepted); // s1, its revocation, s2 to s8: eight sessions
            Assert.AreEqual(8, r.Processor.GrantCount);
            r.Deliver(CommandRig.SessionTopic("s9"), RelayGrant("s9", "m2", 1, Now - 60, Now + 3600, string.Empty));
            Assert.AreEqual(9L, r.Processor.GrantsAccepted, "no grant may be taken by evicting a revocation");
            string refusal = GrantResult(r, "s9");
            Assert.IsNotNull(refusal, "a full store says so");
            Assert.IsTrue(refusal.IndexOf("\"status\":\"rejected\",\"reason\":\"store_full\"") > 0, refusal);

            r.Deliver(CommandRig.SessionTopic("s1"), original);
            r.Deliver(CommandTopic, CommandAt(r, "c-1", "relay_connect", 1));
            r.AssertRejected(CommandReason.OutOfScope); // s2 to s8 are for another meter
            Assert.AreEqual(0, r.Actions.RelayCalls.Count);
        }

        [TestMethod]
        public void ARevocationSurvivesARestartForAsLongAsTheRevokedGrant()
        {
            CommandRig r = CommandRig.Fresh();
            string original = RelayGrant("s1", "m1", 1, Now - 60, Now + 7200, string.Empty);
            r.Deliver(CommandRig.SessionTopic("s1"), original);
            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 2, Now, Now + 600, ",\"revoked\":true"));
            r.Clock.Advance(1200);
            r.Start(); // a reboot after the revocation's validTo
            r.Deliver(CommandRig.SessionTopic("s2"), RelayGrant("s2", "m2", 1, Now, Now + 9000, string.Empty));

            r.Deliver(CommandRig.SessionTopic("s1"), original);
            r.Deliver(CommandTopic, CommandAt(r, "c-1", "relay_connect", 1));
            r.AssertRejected(CommandReason.OutOfScope); // s2 is for another meter
            Assert.AreEqual(0, r.Actions.RelayCalls.Count);
        }

        // ---- item 11: the replay state overflows ----

        [TestMethod]
        public void SixteenCommandIdsOfSixtyFourCharactersAreKeptAndTheGatewayKeepsAnswering()
        {
            CommandRig r = CommandRig.Fresh();
            string[] commands = new string[17];
            for (int i = 0; i < commands.Length; i++)
            {
                string id = "c" + (i < 10 ? "0" : string.Empty) + i + "-012345678901234567890123456789012345678901234567890123456789";
                Assert.AreEqual(64, id.Length);
                commands[i] = CommandAt(r, id, "read_now", i + 1);
                r.Deliver(CommandTopic, commands[i]);
                r.AssertAccepted();
            }

            Assert.AreEqual(17L, r.Processor.Accepted);
            r.Start(); // the state written with 16 long ids reads back
            r.Deliver(CommandTopic, commands[16]);
            Assert.IsTrue(r.LastResult().IndexOf("\"duplicate\":true") > 0, r.LastResult());
            Assert.AreEqual(0L, r.Processor.Accepted, "a redelivery after the restart is not run again");
            r.Deliver(CommandTopic, CommandAt(r, "next", "read_now", 18));
            r.AssertAccepted();
        }

        [TestMethod]
        public void ACommandIdOverSixtyFourCharactersIsMalformed()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, CommandAt(r, "x0123456789012345678901234567890123456789012345678901234567890123", "read_now", 1));
            r.AssertRejected(CommandReason.Malformed);
        }

        // ---- item 12: a cmdId with control or non-UTF-8 characters ----

        [TestMethod]
        public void ACommandIdWithControlOrNonUtf8BytesIsMalformedAndNotEchoed()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandTopic, CommandAt(r, "evil\\u0007\\u001b[2Jid", "read_now", 1));
            r.AssertRejected(CommandReason.Malformed);
            Assert.IsTrue(r.LastResult().IndexOf("cmdId") < 0, r.LastResult());

            r.Deliver(CommandTopic, CommandAt(r, "evil" + (char)0xFF + (char)0xFE + "id", "read_now", 2));
            r.AssertRejected(CommandReason.Malformed);
            Assert.IsTrue(r.LastResult().IndexOf("cmdId") < 0, r.LastResult());
            Assert.AreEqual(0L, r.Processor.Accepted);

            // Unsigned, the claimed id is not echoed either when it is not a sane one.
            string forged = MessageSigner.Sign(CommandRig.Hmac, "k1", new byte[32],
                "{\"cmdId\":\"x\\u0001y\",\"op\":\"read_now\",\"ctr\":3,\"iat\":" + Now + ",\"exp\":" + (Now + 60) + "}");
            r.Deliver(CommandTopic, forged);
            r.AssertRejected(CommandReason.BadSignature);
            Assert.IsTrue(r.LastResult().IndexOf("cmdId") < 0, r.LastResult());
        }

        // ---- item 13: read_now for a meter this gateway does not have ----

        [TestMethod]
        public void ReadNowForAMeterThisGatewayDoesNotHaveIsUnknownMeter()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver("openami/v1/f/g/meter/m2/command", CommandRig.Command("c-1", "read_now", 1, "m2", Now - 5, Now + 60, string.Empty));
            string result = r.Last("openami/v1/f/g/meter/m2/event");
            Assert.IsNotNull(result);
            Assert.IsTrue(result.IndexOf("\"status\":\"rejected\",\"reason\":\"unknown_meter\"") > 0, result);
            Assert.AreEqual(0L, r.Processor.Accepted);

            r.Deliver(CommandTopic, CommandAt(r, "c-2", "read_now", 2));
            r.AssertAccepted();
        }

        // ---- item 14: replies to redeliveries are not rate-limited ----

        [TestMethod]
        public void RedeliveriesOfAnAcceptedCommandAreRateLimited()
        {
            CommandRig r = CommandRig.Fresh();
            string command = CommandAt(r, "c-1", "resync", 1);
            long writesBefore = r.Runtime.EventsWritten;
            r.Deliver(CommandTopic, command);
            for (int i = 0; i < 500; i++)
            {
                r.Deliver(CommandTopic, command);
            }

            Assert.AreEqual(1L, r.Processor.Accepted);
            Assert.AreEqual(500L, r.Processor.Duplicates);
            CommandOptions defaults = new CommandOptions();
            Assert.AreEqual(1L + defaults.RejectionBurst, r.Runtime.EventsWritten - writesBefore, "one answer, then a burst of repeats, no more outbox writes");
            Assert.AreEqual(500L - defaults.RejectionBurst, r.Processor.RejectionsSuppressed);

            r.Clock.Advance(defaults.RejectionRefillSeconds);
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(2L + defaults.RejectionBurst, r.Runtime.EventsWritten - writesBefore, "the limit refills");
        }

        [TestMethod]
        public void RedeliveriesOfARejectedCommandShareTheLimit()
        {
            CommandRig r = CommandRig.Fresh();
            string command = CommandAt(r, "c-1", "relay_connect", 1); // no grant: rejected
            long writesBefore = r.Runtime.EventsWritten;
            for (int i = 0; i < 100; i++)
            {
                r.Deliver(CommandTopic, command);
            }

            Assert.AreEqual((long)new CommandOptions().RejectionBurst, r.Runtime.EventsWritten - writesBefore);
        }

        // ---- item 15: a refused grant is only counted on stderr ----

        [TestMethod]
        public void EveryNewGrantIsAnsweredWithASignedResultOnItsSessionTopic()
        {
            CommandRig r = CommandRig.Fresh();
            string otherGateway = MessageSigner.Sign(CommandRig.Hmac, "k1", CommandRig.Key,
                "{\"sessionId\":\"s1\",\"participants\":[\"hes\"],\"gatewayId\":\"other\",\"feederScope\":{\"feederId\":\"f\",\"meters\":[\"*\"]},"
                + "\"operations\":[\"relay_connect\"],\"validFrom\":\"2026-05-28T20:00:00Z\",\"validTo\":\"2026-05-28T22:00:00Z\",\"ctr\":4}");
            r.Deliver(CommandRig.SessionTopic("s1"), otherGateway);
            string result = GrantResult(r, "s1");
            Assert.IsNotNull(result, "a refused grant is reported on MQTT");
            Assert.IsTrue(result.IndexOf("\"event\":{\"type\":\"grant_result\",\"sessionId\":\"s1\",\"ctr\":4,\"status\":\"rejected\",\"reason\":\"out_of_scope\"},\"seq\":") > 0, result);
            Assert.IsTrue(CommandRig.SignatureHolds(result), result);

            string forged = MessageSigner.Sign(CommandRig.Hmac, "k1", new byte[32], "{\"sessionId\":\"s2\"}");
            r.Deliver(CommandRig.SessionTopic("s2"), forged);
            result = GrantResult(r, "s2");
            Assert.IsNotNull(result);
            Assert.IsTrue(result.IndexOf("\"status\":\"rejected\",\"reason\":\"bad_signature\"") > 0, result);
            Assert.IsTrue(CommandRig.SignatureHolds(result), result);

            r.Deliver(CommandRig.SessionTopic("s3"), RelayGrant("s3", "m1", 1, Now - 60, Now + 3600, string.Empty));
            result = GrantResult(r, "s3");
            Assert.IsNotNull(result);
            Assert.IsTrue(result.IndexOf("\"sessionId\":\"s3\",\"ctr\":1,\"status\":\"accepted\"") > 0, result);
            Assert.IsTrue(CommandRig.SignatureHolds(result), result);
            Assert.AreEqual(2L, r.Processor.GrantsRejected);
        }

        [TestMethod]
        public void AFloodOfForgedGrantsIsAnsweredAtTheRateLimit()
        {
            CommandRig r = CommandRig.Fresh();
            long writesBefore = r.Runtime.EventsWritten;
            for (int i = 0; i < 50; i++)
            {
                r.Deliver(CommandRig.SessionTopic("s" + i), "forged-" + i);
            }

            Assert.AreEqual(50L, r.Processor.GrantsRejected);
            Assert.AreEqual((long)new CommandOptions().RejectionBurst, r.Runtime.EventsWritten - writesBefore);
        }

        // ---- item 16 (the processor's half): a retained grant delivered again ----

        [TestMethod]
        public void ARetainedGrantDeliveredAgainIsNeitherAReplayNorAnsweredAgain()
        {
            CommandRig r = CommandRig.Fresh();
            string grant = RelayGrant("s1", "m1", 1, Now - 60, Now + 3600, string.Empty);
            r.Deliver(CommandRig.SessionTopic("s1"), grant);
            r.Deliver(CommandRig.SessionTopic("s1"), grant); // after a reconnect, the broker sends the retained grant again
            Assert.AreEqual(1L, r.Processor.GrantsAccepted);
            Assert.AreEqual(0L, r.Processor.GrantsRejected, "the grant held, delivered again, is no replay");
            Assert.AreEqual(1, r.Link.CountOn("/session/s1/result"));

            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 1, Now - 60, Now + 9999, string.Empty));
            Assert.AreEqual(1L, r.Processor.GrantsRejected, "another grant with the same counter is refused");
        }

        // ---- item 17: a missing or damaged replay state resets the counters ----

        [TestMethod]
        public void AMissingReplayStateDoesNotLetACommandRunTwice()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 1, Now - 60, Now + 7200, string.Empty));
            string command = CommandAt(r, "c-1", "relay_disconnect", 7);
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);

            r.Blobs.Write("replay", new byte[0], 0); // the state is gone (deleted, or a fresh outbox folder)
            r.Clock.Advance(10);
            r.Start();
            r.Deliver(CommandTopic, command); // captured and replayed while still valid
            r.AssertRejected("state_lost");
            Assert.AreEqual(1, r.Actions.RelayCalls.Count, "the command must not run twice");

            // Commands issued once the state is re-established (a minute after the start, the clock skew) run.
            r.Clock.Advance(70);
            r.Deliver(CommandTopic, CommandAt(r, "c-2", "relay_connect", 8));
            r.AssertAccepted();
            Assert.AreEqual(2, r.Actions.RelayCalls.Count);
            r.Start();
            r.Deliver(CommandTopic, command);
            Assert.AreEqual(2, r.Actions.RelayCalls.Count);
        }

        [TestMethod]
        public void ADamagedReplayStateIsNotTakenForZeroCounters()
        {
            CommandRig r = CommandRig.Fresh();
            string command = CommandRig.Command("c-1", "set_interval", 7, CommandRig.Meter, Now - 5, Now + 120, ",\"args\":{\"seconds\":86400}");
            r.Deliver(CommandTopic, command);
            r.AssertAccepted();

            byte[] state = new byte[4096];
            int n = r.Blobs.Read("replay", state);
            Assert.IsTrue(n > 20);
            state[n / 2] ^= 0x40;
            r.Blobs.Write("replay", state, n);
            r.Start();
            r.Deliver(CommandTopic, command);
            r.AssertRejected("state_lost");
            Assert.AreEqual(0L, r.Processor.Accepted);
        }

        [TestMethod]
        public void WithoutReplayStateAndWithoutATrustedClockNothingRuns()
        {
            CommandRig r = CommandRig.Fresh();
            r.Blobs = new MemoryBlobStore();
            r.Clock.IsTrusted = false;
            r.Start();
            r.Deliver(CommandTopic, CommandAt(r, "c-1", "read_now", 1));
            r.AssertRejected("state_lost");

            r.Clock.Advance(70); // past the start plus the clock skew: commands issued now cannot predate the start
            r.Clock.IsTrusted = true;
            r.Deliver(CommandTopic, CommandAt(r, "c-2", "read_now", 2));
            r.AssertAccepted();
        }

        [TestMethod]
        public void AStateStoreThatFailsRefusesTheCommandInsteadOfThrowing()
        {
            CommandRig r = CommandRig.Fresh();
            r.Deliver(CommandRig.SessionTopic("s1"), RelayGrant("s1", "m1", 1, Now - 60, Now + 7200, string.Empty));
            var failing = new FailingBlobStore(r.Blobs);
            r.Processor = new CommandProcessor(CommandRig.Options(), r.Runtime, r.Clock, CommandRig.Hmac, failing, r.Actions);
            r.Runtime.SetCommandHandler(r.Processor);
            failing.Fail = true;

            r.Deliver(CommandTopic, CommandAt(r, "c-1", "relay_disconnect", 1));
            r.AssertRejected("storage_fault");
            Assert.AreEqual(0, r.Actions.RelayCalls.Count, "a command whose counter cannot be saved does not run");

            failing.Fail = false;
            r.Deliver(CommandTopic, CommandAt(r, "c-2", "relay_disconnect", 2));
            r.AssertAccepted();
            Assert.AreEqual(1, r.Actions.RelayCalls.Count);
        }
    }
}
