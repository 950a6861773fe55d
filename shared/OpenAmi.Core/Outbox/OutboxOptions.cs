namespace OpenAmi.Outbox
{
    /// <summary>The bounds of the persistent outbox.</summary>
    public sealed class OutboxOptions
    {
        /// <summary>Bytes per segment; a segment is deleted whole once all its records are acknowledged.</summary>
        public int SegmentBytes = 64 * 1024;

        /// <summary>
        /// Segments kept; capacity is SegmentBytes × MaxSegments. The default, 4 MiB, holds 7 days of 15-minute
        /// telemetry for two meters (about 130 KB a day) many times over; the ESP32 firmware sets its own.
        /// </summary>
        public int MaxSegments = 64;

        /// <summary>Records indexed in memory at most (unacknowledged and acknowledged-but-not-yet-deleted).</summary>
        public int MaxRecords = 16384;

        /// <summary>Longest record accepted (topic plus payload plus header).</summary>
        public int MaxRecordBytes = 16 * 1024;
    }
}
