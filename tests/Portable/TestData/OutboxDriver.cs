using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Plays the gateway and the broker around an outbox: appends numbered messages, publishes, acknowledges.</summary>
    public static class OutboxDriver
    {
        public static readonly byte[] Topic = Bytes.Of("openami/v1/f/g/meter/m/telemetry");

        /// <summary>Appends a message whose payload names its seq, padded to about <paramref name="size"/> bytes.</summary>
        public static long Add(PersistentOutbox outbox, MessageKind kind, int size)
        {
            long seq = outbox.NextSeq();
            byte[] payload = Bytes.Of("{\"seq\":" + seq + ",\"pad\":\"" + new string('x', size) + "\"}");
            if (!outbox.Append(kind, seq, Topic, Topic.Length, payload, 0, payload.Length, 1))
            {
                throw new System.InvalidOperationException("append refused");
            }

            return seq;
        }

        /// <summary>Publishes up to <paramref name="max"/> messages (marks them in flight); returns the first packet id not used.</summary>
        public static int Publish(PersistentOutbox outbox, int max, int firstPacketId)
        {
            int id = firstPacketId;
            int entry;
            while (id - firstPacketId < max && (entry = outbox.NextToPublish(1, true)) >= 0)
            {
                int topicLength;
                int offset;
                int length;
                if (!outbox.Load(entry, out topicLength, out offset, out length))
                {
                    continue;
                }

                if (SeqIn(outbox.RecordBuffer, offset, length) != outbox.SeqOf(entry))
                {
                    throw new System.InvalidOperationException("payload and seq disagree");
                }

                outbox.MarkInflight(entry, id++);
            }

            return id;
        }

        /// <summary>Publishes and acknowledges everything; returns how many were acknowledged.</summary>
        public static int Drain(PersistentOutbox outbox, int firstPacketId)
        {
            int acked = 0;
            int id = firstPacketId;
            while (true)
            {
                int next = Publish(outbox, 1, id);
                if (next == id)
                {
                    return acked;
                }

                if (outbox.Acknowledge(id))
                {
                    acked++;
                }

                id = next;
            }
        }

        /// <summary>The seq of every unacknowledged message, by publishing them all (in flight afterwards).</summary>
        public static long[] PendingSeqs(PersistentOutbox outbox)
        {
            long[] seqs = new long[outbox.Unacknowledged];
            int n = 0;
            int id = 50000;
            int entry;
            while ((entry = outbox.NextToPublish(1, true)) >= 0)
            {
                seqs[n++] = outbox.SeqOf(entry);
                outbox.MarkInflight(entry, id++);
            }

            long[] result = new long[n];
            System.Array.Copy(seqs, result, n);
            return result;
        }

        public static bool Contains(long[] values, long value)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] == value)
                {
                    return true;
                }
            }

            return false;
        }

        // The number after "seq": in the payload.
        private static long SeqIn(byte[] b, int offset, int length)
        {
            long v = 0;
            for (int i = offset + 7; i < offset + length && b[i] >= (byte)'0' && b[i] <= (byte)'9'; i++)
            {
                v = (v * 10) + (b[i] - '0');
            }

            return v;
        }
    }
}
