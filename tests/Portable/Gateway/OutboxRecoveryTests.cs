using nanoFramework.TestFramework;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// Opening an outbox after a crash or a clean stop: one damaged record costs one record, acknowledged messages
    /// are not sent again (after a power cut, at most one checkpoint interval plus the in-flight window are), and a
    /// sequence number is never given out twice.
    /// </summary>
    [TestClass]
    public class OutboxRecoveryTests
    {
        private static OutboxOptions Options(int segmentBytes)
        {
            var options = SmallOutbox.Options();
            options.SegmentBytes = segmentBytes;
            options.MaxSegments = 64;
            options.MaxRecords = 1024;
            options.MaxRecordBytes = 1024;
            options.MaxInflight = 1024;
            options.CheckpointEveryAcks = 16;
            return options;
        }

        // Where record 'seq' starts in the segment (its payload begins with {"seq":N,).
        private static int RecordStart(MemoryRecordStore store, int segment, long seq)
        {
            byte[] data = new byte[store.SegmentLength(segment)];
            store.Read(segment, 0, data, 0, data.Length);
            byte[] needle = Bytes.Of("{\"seq\":" + seq + ",");
            for (int p = 0; p + needle.Length <= data.Length; p++)
            {
                int k = 0;
                while (k < needle.Length && data[p + k] == needle[k])
                {
                    k++;
                }

                if (k == needle.Length)
                {
                    return p - OutboxDriver.Topic.Length - RecordFormat.HeaderBytes;
                }
            }

            throw new System.InvalidOperationException("record not found");
        }

        [TestMethod]
        public void OneDamagedRecordCostsOnlyThatRecord()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(16384));
            for (int i = 0; i < 50; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 100);
            }

            int segment = store.ListSegments()[0];
            int start = RecordStart(store, segment, 20);
            for (int i = 0; i < 8; i++)
            {
                store.Corrupt(segment, start + 60 + i); // 8 bytes inside the payload
            }

            var reopened = new PersistentOutbox(store, Options(16384));
            Assert.AreEqual(1, reopened.DamagedRecords);
            long[] seqs = OutboxDriver.PendingSeqs(reopened);
            Assert.AreEqual(49, seqs.Length);
            Assert.IsFalse(OutboxDriver.Contains(seqs, 20));
            Assert.IsTrue(OutboxDriver.Contains(seqs, 21), "the scan found the next record");
            Assert.IsTrue(OutboxDriver.Contains(seqs, 50));
        }

        [TestMethod]
        public void ADamagedLengthOrMagicIsSkippedToTheNextRecord()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(16384));
            for (int i = 0; i < 30; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 100);
            }

            int segment = store.ListSegments()[0];
            store.Corrupt(segment, RecordStart(store, segment, 5) + 16);  // payload length far too big
            store.Corrupt(segment, RecordStart(store, segment, 10) + 14); // payload length off by 16
            store.Corrupt(segment, RecordStart(store, segment, 15));      // no magic

            var reopened = new PersistentOutbox(store, Options(16384));
            Assert.AreEqual(3, reopened.DamagedRecords);
            Assert.AreEqual(27, reopened.Unacknowledged);
        }

        [TestMethod]
        public void ACleanStopResendsNothingThatWasAcknowledged()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(1024));
            byte[] payload = Bytes.Of("{\"ok\":1}");
            for (int i = 0; i < 100; i++)
            {
                // 60 made while offline (back-fill later), then 40 live ones.
                outbox.Append(MessageKind.Telemetry, outbox.NextSeq(), OutboxDriver.Topic, OutboxDriver.Topic.Length, payload, 0, payload.Length, i < 60 ? -2 : 2);
            }

            // Live first, the backlog behind it: acknowledgements arrive out of seq order.
            int id = 1;
            for (int round = 0; round < 65; round++)
            {
                int entry = outbox.NextToPublish(2, round % 2 == 1);
                if (entry < 0)
                {
                    entry = outbox.NextToPublish(2, true);
                }

                outbox.MarkInflight(entry, id);
                outbox.Acknowledge(id++);
            }

            outbox.Checkpoint();
            Assert.AreEqual(35, outbox.ResendOnRestart, "the exit message counts exactly these");
            long[] seqs = OutboxDriver.PendingSeqs(new PersistentOutbox(store, Options(1024)));
            Assert.AreEqual(35, seqs.Length, "nothing acknowledged goes out again");
            for (int i = 0; i < seqs.Length; i++)
            {
                Assert.AreEqual((long)(26 + i), seqs[i]);
            }
        }

        [TestMethod]
        public void APowerCutResendsAtMostOneCheckpointIntervalPlusTheInflightWindow()
        {
            int[] cuts = { 7, 37, 100, 163 };
            for (int c = 0; c < cuts.Length; c++)
            {
                var store = new MemoryRecordStore();
                var outbox = new PersistentOutbox(store, Options(2048));
                for (int i = 0; i < 200; i++)
                {
                    OutboxDriver.Add(outbox, MessageKind.Telemetry, 30);
                }

                // Ten in flight at a time, acknowledged out of order, until the power fails.
                int[] window = new int[10];
                for (int i = 0; i < 10; i++)
                {
                    window[i] = i + 1;
                }

                int id = OutboxDriver.Publish(outbox, 10, 1);
                int n = 10;
                int acked = 0;
                while (acked < cuts[c])
                {
                    int k = (acked * 3) % n;
                    Assert.IsTrue(outbox.Acknowledge(window[k]));
                    acked++;
                    int next = OutboxDriver.Publish(outbox, 1, id);
                    if (next > id)
                    {
                        window[k] = id;
                        id = next;
                    }
                    else
                    {
                        window[k] = window[--n];
                    }
                }

                var reopened = new PersistentOutbox(store, Options(2048));
                int resent = reopened.Unacknowledged - (200 - acked);
                Assert.IsTrue(resent >= 0, "nothing lost");
                // Acknowledged since the last checkpoint: at most CheckpointEveryAcks - 1. (The ten in flight go out
                // again too, as they must: their acknowledgement never came.)
                Assert.IsTrue(resent <= 15, "cut after " + cuts[c] + " acknowledgements: " + resent + " sent again");
            }
        }

        [TestMethod]
        public void AcknowledgementsAreCheckpointedNotWrittenOneByOne()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(65536));
            for (int i = 0; i < 320; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 30);
            }

            int before = store.MetaWrites;
            Assert.AreEqual(320, OutboxDriver.Drain(outbox, 1));
            Assert.AreEqual(320 / 16, store.MetaWrites - before, "one metadata write per 16 acknowledgements");
        }

        [TestMethod]
        public void ASequenceNumberIsNeverGivenOutTwiceAfterAPowerCut()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(16384));
            for (int i = 0; i < 20; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 60);
            }

            OutboxDriver.Drain(outbox, 1); // a checkpoint after 16: last seq 20
            for (int i = 0; i < 3; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 60);
            }

            OutboxDriver.Drain(outbox, 100); // seq 21-23 acknowledged, no checkpoint: then the power fails

            var afterCut = new PersistentOutbox(store, Options(16384));
            Assert.AreEqual(7, afterCut.Unacknowledged, "17-23 go out again (acknowledged after the last checkpoint)");
            OutboxDriver.Drain(afterCut, 1); // the only segment holding 21-23 is deleted: the checkpoint must say 23 first
            Assert.AreEqual(0, store.ListSegments().Length);
            Assert.AreEqual(24L, new PersistentOutbox(store, Options(16384)).NextSeq());
        }

        [TestMethod]
        public void AnOutboxOfTheFirstFormatIsTakenOver()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(1024));
            for (int i = 0; i < 10; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 30);
            }

            byte[] meta = new byte[26];
            meta[0] = (byte)'O';
            meta[1] = (byte)'M';
            LittleEndian.WriteInt64(meta, 2, 10);
            LittleEndian.WriteInt64(meta, 10, 7); // seq 1-6 acknowledged
            LittleEndian.WriteInt32(meta, 18, store.ListSegments()[0]);
            LittleEndian.WriteInt32(meta, 22, (int)Crc32.Compute(meta, 0, 22));
            store.WriteMeta(meta, 26);
            var reopened = new PersistentOutbox(store, Options(1024));
            Assert.AreEqual(4, reopened.Unacknowledged);
            Assert.AreEqual(11L, reopened.NextSeq());
        }

        [TestMethod]
        public void AnOutboxLargerThanItsBoundsIsCutToThemOldestFirst()
        {
            var store = new MemoryRecordStore();
            var outbox = new PersistentOutbox(store, Options(1024));
            for (int i = 0; i < 100; i++)
            {
                OutboxDriver.Add(outbox, MessageKind.Telemetry, 30);
            }

            OutboxOptions smaller = Options(1024);
            smaller.MaxRecords = 40;
            var reopened = new PersistentOutbox(store, smaller);
            Assert.IsTrue(reopened.Unacknowledged <= 40);
            Assert.AreEqual(100L, reopened.Unacknowledged + reopened.DroppedTelemetry, "every record kept or counted");
            long[] seqs = OutboxDriver.PendingSeqs(reopened);
            Assert.AreEqual(100L, seqs[seqs.Length - 1], "the newest are kept");
            Assert.AreEqual(reopened.Unacknowledged, new PersistentOutbox(store, smaller).Unacknowledged, "the dropped ones are gone from the store too");
        }
    }
}
