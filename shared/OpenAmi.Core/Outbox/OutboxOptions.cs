namespace OpenAmi.Outbox
{
    /// <summary>The bounds of the persistent outbox (desktop defaults; the ESP32 firmware sets its own).</summary>
    public sealed class OutboxOptions
    {
        /// <summary>Bytes per segment, at most 64 KiB; a segment is deleted whole once all its records are acknowledged.</summary>
        public int SegmentBytes = 64 * 1024;

        /// <summary>
        /// Segments kept, at most 250; capacity is SegmentBytes × MaxSegments. The default, 4 MiB, holds 7 days of
        /// 15-minute telemetry for two meters (about 130 KB a day) many times over.
        /// </summary>
        public int MaxSegments = 64;

        /// <summary>
        /// Records indexed in memory at most (unacknowledged and acknowledged-but-not-yet-deleted), 10 bytes each; at
        /// least SegmentBytes / 128. The ring also counts as full when this many records are stored.
        /// </summary>
        public int MaxRecords = 16384;

        /// <summary>Longest record accepted (topic plus payload plus header), at most 65535; also the size of the record buffer.</summary>
        public int MaxRecordBytes = 16 * 1024;

        /// <summary>Messages handed to the link and not yet acknowledged, at most (at least the runtime's in-flight window).</summary>
        public int MaxInflight = 32;

        /// <summary>
        /// Bytes of messages held in memory while the store fails (full, read-only, broken). When they are full the
        /// oldest waiting telemetry is dropped first; events are kept longest.
        /// </summary>
        public int MemoryQueueBytes = 1024 * 1024;

        /// <summary>Messages held in memory at most while the store fails.</summary>
        public int MemoryQueueRecords = 4096;

        /// <summary>
        /// Acknowledgements between two checkpoints (one small metadata write). After a power cut at most this many
        /// minus one, plus the messages in flight, are sent again; a clean stop writes a checkpoint and re-sends none.
        /// </summary>
        public int CheckpointEveryAcks = 16;

        /// <summary>Seconds between two attempts to use a failing store again.</summary>
        public int StorageRetrySeconds = 5;
    }
}
