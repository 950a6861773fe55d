namespace OpenAmi.Outbox
{
    /// <summary>
    /// Where the outbox keeps its records: numbered append-only segments and one small metadata blob. On the
    /// device these are files on the internal flash drive I:\, on desktop files in a directory. Appends and
    /// whole-segment deletes are the only writes, which suits flash: no block is rewritten in place.
    /// </summary>
    /// <remarks>
    /// Failures are reported by exceptions: a store throws <see cref="RecordStoreException"/> with a
    /// <see cref="StorageFault"/> code (no space, denied, I/O) and the platform's message. The outbox catches it, and
    /// any other exception, on every call after opening, so a store may also just let its platform's exceptions
    /// through (they count as I/O faults). A failed <see cref="Append"/> should leave the segment as it was; when it
    /// cannot (a partial write), the outbox continues in a new segment and the scan skips the partial bytes.
    /// </remarks>
    public interface IRecordStore
    {
        /// <summary>The segment numbers present, in any order.</summary>
        int[] ListSegments();

        /// <summary>Current length of a segment in bytes (0 when it does not exist).</summary>
        int SegmentLength(int segment);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns how many were read.</summary>
        int Read(int segment, int position, byte[] buffer, int offset, int count);

        /// <summary>Appends bytes to a segment, creating it when needed.</summary>
        void Append(int segment, byte[] buffer, int offset, int count);

        /// <summary>Makes every append so far durable (fsync on desktop, file flush on the device).</summary>
        void Flush(int segment);

        /// <summary>Deletes a whole segment; nothing happens when it does not exist.</summary>
        void Delete(int segment);

        /// <summary>Reads the metadata blob into <paramref name="buffer"/>; returns its length, 0 when there is none.</summary>
        int ReadMeta(byte[] buffer);

        /// <summary>Replaces the metadata blob atomically: after a power cut it is either the old or the new one.</summary>
        void WriteMeta(byte[] buffer, int count);
    }
}
