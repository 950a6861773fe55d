using nanoFramework.TestFramework;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class PersistentOutboxTests
    {
        private static readonly byte[] Topic = Bytes.Of("openami/v1/f/g/meter/m/telemetry");

        private static OutboxOptions Small()
        {
            var options = SmallOutbox.Options();
            options.SegmentBytes = 1024;
            options.MaxSegments = 4;
            options.MaxRecords = 256;
            options.MaxRecordBytes = 1024;
            return options;
        }

        private static void Add(PersistentOutbox outbox, MessageKind kind, int size)
        {
            long seq = outbox.NextSeq();
            byte[] payload = Bytes.Of("{\"seq\":" + seq + ",\"pad\":\"" + new string('x', size) + "\"}");
            Assert.IsTrue(outbox.Append(kind, seq, Topic, Topic.Length, payload, 0, payload.Length, 1));
        }

        private static string PayloadOf(PersistentOutbox outbox, int entry)
        {
            int topicLength;
            int offset;
            int length;
            Assert.IsTrue(outbox.Load(entry, out topicLength, out offset, out length));
            Assert.AreEqual(Topic.Length, topicLength);
            return Bytes.Text(outbox.RecordBuffer, offset, length);
        }

        [TestMethod]
        public void RecordsSurviveARestartWithTheirSequence()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            Add(outbox, MessageKind.Telemetry, 10);
            Add(outbox, MessageKind.Event, 10);
            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(2, reopened.Unacknowledged);
            Assert.AreEqual(2, reopened.RecoveredRecords);
            Assert.AreEqual(2L, reopened.LastSeq);
            Assert.AreEqual(3L, reopened.NextSeq());
            int first = reopened.NextToPublish(5, true);
            Assert.AreEqual(1L, reopened.SeqOf(first));
            Assert.IsTrue(reopened.IsBackfill(first, 5), "a recovered record is back-filled when it goes out");
            Assert.IsTrue(PayloadOf(reopened, first).IndexOf("\"seq\":1,") > 0);
        }

        [TestMethod]
        public void LiveRecordsGoBeforeTheBacklog()
        {
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            long old = outbox.NextSeq();
            byte[] payload = Bytes.Of("{}");
            outbox.Append(MessageKind.Telemetry, old, Topic, Topic.Length, payload, 0, 2, 1);
            long live = outbox.NextSeq();
            outbox.Append(MessageKind.Telemetry, live, Topic, Topic.Length, payload, 0, 2, 2);
            Assert.AreEqual(live, outbox.SeqOf(outbox.NextToPublish(2, true)));
            Assert.AreEqual(live, outbox.SeqOf(outbox.NextToPublish(2, false)));
            outbox.MarkInflight(outbox.NextToPublish(2, true), 7);
            Assert.AreEqual(-1, outbox.NextToPublish(2, false), "no backlog without replay budget");
            Assert.AreEqual(old, outbox.SeqOf(outbox.NextToPublish(2, true)));
        }

        [TestMethod]
        public void AcknowledgedRecordsLeaveAndTheirSegmentsAreDeleted()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 12; i++)
            {
                Add(outbox, MessageKind.Telemetry, 200);
            }

            Assert.IsTrue(store.ListSegments().Length >= 3);
            int id = 1;
            int entry;
            while ((entry = outbox.NextToPublish(1, true)) >= 0)
            {
                outbox.MarkInflight(entry, id);
                Assert.IsTrue(outbox.Acknowledge(id));
                id++;
            }

            Assert.AreEqual(0, outbox.Unacknowledged);
            Assert.AreEqual(1, store.ListSegments().Length, "only the segment being written remains");
            Assert.IsFalse(outbox.Acknowledge(999));
        }

        [TestMethod]
        public void ATornRecordIsSkippedAndNothingElseIsLost()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            Add(outbox, MessageKind.Telemetry, 10);
            Add(outbox, MessageKind.Telemetry, 10);
            Add(outbox, MessageKind.Event, 10);
            int[] segments = store.ListSegments();
            store.TearTail(segments[segments.Length - 1], 7);

            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(1, reopened.DamagedRecords);
            Assert.AreEqual(2, reopened.Unacknowledged);
            Add(reopened, MessageKind.Telemetry, 10);
            var again = new PersistentOutbox(store, Small());
            Assert.AreEqual(3, again.Unacknowledged, "records appended after the torn one are readable");
            // The torn record was never published (records are stored before they are sent), so its number is reused.
            Assert.AreEqual(3L, again.LastSeq);
        }

        [TestMethod]
        public void ACorruptedRecordFailsItsChecksum()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            Add(outbox, MessageKind.Telemetry, 10);
            store.Corrupt(store.ListSegments()[0], 25);
            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(1, reopened.DamagedRecords);
            Assert.AreEqual(0, reopened.Unacknowledged);
        }

        [TestMethod]
        public void FullRingDropsTheOldestTelemetryFirstAndKeepsEvents()
        {
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            Add(outbox, MessageKind.Event, 100);
            for (int i = 0; i < 40; i++)
            {
                Add(outbox, MessageKind.Telemetry, 200);
            }

            Assert.IsTrue(outbox.DroppedTelemetry > 0);
            Assert.AreEqual(0L, outbox.DroppedEvents);
            bool eventKept = false;
            int entry;
            int id = 1;
            while ((entry = outbox.NextToPublish(1, true)) >= 0)
            {
                if (outbox.SeqOf(entry) == 1)
                {
                    eventKept = true;
                    Assert.AreEqual((int)MessageKind.Event, (int)outbox.KindOf(entry));
                }

                outbox.MarkInflight(entry, id++);
            }

            Assert.IsTrue(eventKept, "the oldest message, an event, survived the ring filling up with telemetry");
            Assert.IsTrue(outbox.StoredBytes <= 4 * 1024);
        }

        [TestMethod]
        public void EventsAreDroppedOnlyWhenTheyFillTheRing()
        {
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            for (int i = 0; i < 60; i++)
            {
                Add(outbox, MessageKind.Event, 200);
            }

            Assert.IsTrue(outbox.DroppedEvents > 0);
            Assert.AreEqual(0L, outbox.DroppedTelemetry);
        }

        [TestMethod]
        public void SequenceKeepsCountingWhenEverythingWasAcknowledged()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Small());
            for (int i = 0; i < 10; i++)
            {
                Add(outbox, MessageKind.Telemetry, 300);
            }

            int entry;
            int id = 1;
            while ((entry = outbox.NextToPublish(1, true)) >= 0)
            {
                outbox.MarkInflight(entry, id);
                outbox.Acknowledge(id++);
            }

            outbox.Checkpoint();
            var reopened = new PersistentOutbox(store, Small());
            Assert.AreEqual(0, reopened.Unacknowledged);
            Assert.AreEqual(11L, reopened.NextSeq());
        }

        [TestMethod]
        public void LostPublishGoesBackToPending()
        {
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            Add(outbox, MessageKind.Telemetry, 10);
            int entry = outbox.NextToPublish(1, true);
            outbox.MarkInflight(entry, 42);
            Assert.AreEqual(1, outbox.Inflight);
            Assert.AreEqual(-1, outbox.NextToPublish(1, true));
            outbox.Requeue(42);
            Assert.AreEqual(0, outbox.Inflight);
            Assert.AreEqual(entry, outbox.NextToPublish(1, true));
        }

        [TestMethod]
        public void MessagesWrittenInTheRecordBufferAreStoredWholeWhileEvictionMovesEventsForward()
        {
            // The gateway writes each message straight into RecordBuffer. Filling the ring makes Append move the
            // oldest event forward before it frames the message: that move must not touch the message.
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            Add(outbox, MessageKind.Event, 100);
            for (int i = 0; i < 40; i++)
            {
                long seq = outbox.NextSeq();
                byte[] text = Bytes.Of("{\"seq\":" + seq + ",\"pad\":\"" + new string((char)('a' + (i % 26)), 200) + "\"}");
                System.Array.Copy(text, 0, outbox.RecordBuffer, 0, text.Length);
                Assert.IsTrue(outbox.Append(MessageKind.Telemetry, seq, Topic, Topic.Length, outbox.RecordBuffer, 0, text.Length, 1));
            }

            Assert.IsTrue(outbox.DroppedTelemetry > 0, "the ring filled up, so eviction ran");
            Assert.AreEqual(0L, outbox.DroppedEvents);
            int entry;
            int id = 1;
            int seen = 0;
            while ((entry = outbox.NextToPublish(1, true)) >= 0)
            {
                long seq = outbox.SeqOf(entry);
                string payload = PayloadOf(outbox, entry);
                if (seq == 1)
                {
                    Assert.AreEqual("{\"seq\":1,\"pad\":\"" + new string('x', 100) + "\"}", payload);
                }
                else
                {
                    int i = (int)seq - 2;
                    Assert.AreEqual("{\"seq\":" + seq + ",\"pad\":\"" + new string((char)('a' + (i % 26)), 200) + "\"}", payload);
                }

                seen++;
                outbox.MarkInflight(entry, id++);
            }

            Assert.IsTrue(seen > 2, "messages were stored and read back");
        }

        [TestMethod]
        public void OversizedRecordIsRefused()
        {
            var outbox = new PersistentOutbox(new MemoryRecordStore(), Small());
            byte[] big = new byte[2000];
            Assert.IsFalse(outbox.Append(MessageKind.Telemetry, outbox.NextSeq(), Topic, Topic.Length, big, 0, big.Length, 1));
        }
    }
}
