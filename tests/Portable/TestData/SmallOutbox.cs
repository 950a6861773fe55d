using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// Outbox bounds of the device's size for the portable tests: the desktop defaults (a 1 MiB memory queue, 16,384
    /// records indexed) do not fit the interpreter's heap when every test builds a gateway of its own.
    /// </summary>
    public static class SmallOutbox
    {
        public static OutboxOptions Options()
        {
            var options = new OutboxOptions();
            options.SegmentBytes = 16 * 1024;
            options.MaxSegments = 12;
            options.MaxRecords = 256;
            options.MaxRecordBytes = 4096;
            options.MemoryQueueBytes = 8 * 1024;
            options.MemoryQueueRecords = 16;
            return options;
        }
    }
}
