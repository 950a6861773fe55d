using nanoFramework.TestFramework;
using OpenAmi.Gateway;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// The outbox over a store that fails: full, partly full, read-only, I/O errors at chosen points. It never
    /// throws, holds what it cannot store in memory, reports the fault, and recovers by itself without losing a
    /// message it accepted.
    /// </summary>
    [TestClass]
    public class OutboxFaultTests
    {
        private static OutboxOptions Small()
        {
            var options = SmallOutbox.Options();
            options.SegmentBytes = 1024;
            options.MaxSegments = 8;
            options.MaxRecords = 256;
            options.MaxRecordBytes = 1024;
            options.MaxInflight = 256;
            options.MemoryQueueBytes = 4096;
            options.MemoryQueueRecords = 64;
            options.StorageRetrySeconds = 5;
            return options;
        }

        [TestMethod]
        public void AFullStoreHoldsMessagesInMemoryAndStoresThemWhenRoomReturns()
        {
            var store = new FaultyRecordStore();
            store.CapacityBytes = 600;
            store.PartialAppends = true;
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 12; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 60);
            }

            Assert.AreEqual(StorageFault.NoSpace, outbox.Fault);
            Assert.IsTrue(outbox.HeldInMemory > 0, "what did not fit waits in memory");
            Assert.AreEqual(12, outbox.Unacknowledged);
            Assert.IsTrue(outbox.Tick(0), "the fault is reported once");
            Assert.IsFalse(outbox.Tick(1000));

            store.Heal();
            Assert.IsFalse(outbox.Tick(4000), "no retry before its time");
            Assert.IsTrue(outbox.Tick(6000), "the retry stores the held messages and clears the fault");
            Assert.AreEqual(StorageFault.None, outbox.Fault);
            Assert.AreEqual(0, outbox.HeldInMemory);

            var reopened = new PersistentOutbox(store, Small());
            long[] seqs = OutboxDriver.PendingSeqs(reopened);
            Assert.AreEqual(12, seqs.Length);
            for (int i = 0; i < 12; i++)
            {
                Assert.AreEqual((long)(i + 1), seqs[i], "stored once each, in order");
            }

            Assert.AreEqual(1, reopened.DamagedRecords, "the half-written bytes are one damaged stretch, and cost no message");
        }

        [TestMethod]
        public void AHalfWrittenRecordIsNeverFollowedByGoodOnes()
        {
            var store = new FaultyRecordStore();
            store.CapacityBytes = 500;
            store.PartialAppends = true;
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 8; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 60);
            }

            store.Heal();
            outbox.Tick(10000);
            for (int i = 0; i < 3; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 60);
            }

            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(11, reopened.Unacknowledged, "the partial bytes cost no message");
            Assert.AreEqual(1, reopened.DamagedRecords, "the partial bytes are one damaged stretch");
        }

        [TestMethod]
        public void AReadOnlyStoreNeverThrowsAndMessagesStillGoOutFromMemory()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            store.Fail(FaultyRecordStore.OpAllWrites, StorageFault.Denied, 0);
            for (int i = 0; i < 5; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            }

            Assert.AreEqual(StorageFault.Denied, outbox.Fault);
            Assert.AreEqual(5, outbox.HeldInMemory);
            Assert.AreEqual(5, OutboxDriver.Drain(outbox, 1), "the broker still gets them");
            Assert.AreEqual(0, outbox.Unacknowledged);
            outbox.Tick(10000);
            Assert.AreEqual(StorageFault.Denied, outbox.Fault, "still read-only: still reported");
            outbox.Checkpoint(); // a clean stop on a read-only store does not throw either
        }

        [TestMethod]
        public void TheMemoryQueueDropsTheOldestTelemetryFirstAndKeepsEvents()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            store.Fail(FaultyRecordStore.OpAllWrites, StorageFault.NoSpace, 0);
            long firstEvent = OutboxDriver.Add(outbox, MessageKind.Event, 100);
            for (int i = 0; i < 60; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 100);
            }

            long lastEvent = OutboxDriver.Add(outbox, MessageKind.Event, 100);
            Assert.IsTrue(outbox.DroppedTelemetry > 0);
            Assert.AreEqual(0L, outbox.DroppedEvents);
            Assert.AreEqual(outbox.HeldInMemory, outbox.Unacknowledged);
            Assert.AreEqual(62L, outbox.DroppedTelemetry + outbox.Unacknowledged, "every message is held or counted");
            long[] held = OutboxDriver.PendingSeqs(outbox);
            Assert.IsTrue(OutboxDriver.Contains(held, firstEvent), "the oldest event outlived newer telemetry");
            Assert.IsTrue(OutboxDriver.Contains(held, lastEvent));
            Assert.IsTrue(OutboxDriver.Contains(held, lastEvent - 1), "the newest telemetry is kept");
            Assert.IsFalse(OutboxDriver.Contains(held, firstEvent + 1), "the oldest telemetry went first");
        }

        [TestMethod]
        public void AnIoErrorOnReadPausesStoredMessagesUntilTheRetry()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 4; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            }

            store.Fail(FaultyRecordStore.OpRead, StorageFault.Io, 1);
            int next = OutboxDriver.Publish(outbox, 10, 1);
            Assert.AreEqual(2, next, "one went out, then the read failed");
            Assert.AreEqual(StorageFault.Io, outbox.Fault);
            Assert.AreEqual(-1, outbox.NextToPublish(1, true), "publishing waits for the retry");
            Assert.AreEqual(0, outbox.DamagedRecords, "an unreadable record is not a damaged one");

            store.Heal();
            outbox.Tick(10000);
            Assert.AreEqual(next + 3, OutboxDriver.Publish(outbox, 10, next), "the other three go out after the retry");
            Assert.AreEqual(StorageFault.None, outbox.Fault, "a read that works again ends the fault");
        }

        [TestMethod]
        public void FailedDeletesAndCheckpointsLoseNothingAndAreRetried()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 20; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 150);
            }

            store.Fail(FaultyRecordStore.OpDelete | FaultyRecordStore.OpWriteMeta, StorageFault.Io, 0);
            int acked = OutboxDriver.Drain(outbox, 1);
            Assert.AreEqual(20, acked);
            Assert.AreEqual(StorageFault.Io, outbox.Fault);
            Assert.IsTrue(store.Inner.ListSegments().Length > 2, "nothing could be deleted");

            store.Heal();
            outbox.Tick(10000);
            Assert.AreEqual(StorageFault.None, outbox.Fault);
            Assert.AreEqual(1, store.Inner.ListSegments().Length, "the retry deleted what was acknowledged");
            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(0, reopened.Unacknowledged, "and the retried checkpoint holds every acknowledgement");
        }

        [TestMethod]
        public void MessagesMadeDuringTheFaultKeepTheirOrderAfterIt()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            store.Fail(FaultyRecordStore.OpAppend, StorageFault.NoSpace, 0);
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            OutboxDriver.Add(outbox, MessageKind.Event, 40);
            store.Heal();
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40); // before the retry: joins the queue behind the others
            Assert.AreEqual(3, outbox.HeldInMemory);
            outbox.Tick(10000);
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            long[] seqs = OutboxDriver.PendingSeqs(new PersistentOutbox(store, Small()));
            Assert.AreEqual(5, seqs.Length);
            for (int i = 0; i < seqs.Length; i++)
            {
                Assert.AreEqual((long)(i + 1), seqs[i]);
            }
        }

        [TestMethod]
        public void AMessageInFlightFromMemoryIsAcknowledgedAfterItWasStored()
        {
            var store = new FaultyRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            store.Fail(FaultyRecordStore.OpAppend, StorageFault.NoSpace, 0);
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            OutboxDriver.Add(outbox, MessageKind.Telemetry, 40);
            Assert.AreEqual(2, OutboxDriver.Publish(outbox, 1, 1), "packet 1 in flight from memory");
            store.Heal();
            outbox.Tick(10000);
            Assert.AreEqual(0, outbox.HeldInMemory);
            Assert.AreEqual(1, outbox.Inflight, "still in flight, now from the store");
            Assert.IsTrue(outbox.Acknowledge(1));
            Assert.AreEqual(1, outbox.Unacknowledged);
            outbox.Checkpoint();
            Assert.AreEqual(1, new PersistentOutbox(store, Small()).Unacknowledged);
        }

        [TestMethod]
        public void AGatewayOnAFullStoreKeepsMappingAndPublishingAndSaysSoInItsStatus()
        {
            var clock = new FakeClock();
            clock.UtcNowUnix = 1700000000L;
            clock.TickMs = 5000;
            var link = new FakeLink();
            var store = new FaultyRecordStore();
            var meter = new TelegramBuilder();
            var options = new GatewayOptions();
            options.IntervalSeconds = 0;
            var runtime = new GatewayRuntime(options, clock, new PersistentOutbox(store, Small()), link);
            runtime.Start();
            link.Connect();
            store.Fail(FaultyRecordStore.OpAppend, StorageFault.NoSpace, 0);
            for (int i = 0; i < 5; i++)
            {
                runtime.OnFrame(0, meter.Parse());
                meter.ClockUnix++;
                clock.Advance(1);
                runtime.Tick();
                link.AckAll(0);
            }

            Assert.AreEqual(5L, runtime.FramesOk);
            Assert.AreEqual(5, link.CountOn("/telemetry"), "published from memory while the store is full");
            Assert.AreEqual(0, runtime.Outbox.Unacknowledged);
            int fault = link.Find("/status", 1);
            Assert.IsTrue(fault > 0, "the fault is reported at once, not at the next status period");
            Assert.IsTrue(link.Payload(fault).IndexOf("\"storageFault\":\"no_space\",\"heldInMemory\":") > 0);

            store.Heal();
            for (int i = 0; i < 6; i++)
            {
                runtime.OnFrame(0, meter.Parse());
                meter.ClockUnix++;
                clock.Advance(1);
                runtime.Tick();
            }

            int cleared = link.Find("/status", fault + 1);
            Assert.IsTrue(cleared > fault, "and its end too");
            Assert.IsTrue(link.Payload(cleared).IndexOf("\"storageFault\":\"none\"") > 0);
            Assert.AreEqual(6, runtime.Outbox.StoredRecords, "stored again");
        }

        [TestMethod]
        public void AStoreThatCannotBeListedFailsTheOpeningWithTheStoresError()
        {
            var store = new FaultyRecordStore();
            store.Fail(FaultyRecordStore.OpList, StorageFault.Denied, 0);
            bool thrown = false;
            try
            {
                new PersistentOutbox(store, Small());
            }
            catch (RecordStoreException e)
            {
                thrown = e.Fault == StorageFault.Denied;
            }

            Assert.IsTrue(thrown);
        }
    }
}
