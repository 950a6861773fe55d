namespace OpenAmi.Outbox
{
    /// <summary>
    /// Why the record store refused a write or a read. The outbox keeps working without it (messages wait in
    /// memory), reports the fault in the status message and retries.
    /// </summary>
    public static class StorageFault
    {
        public const int None = 0;

        /// <summary>The disk or flash is full (ENOSPC, a quota, a file size limit).</summary>
        public const int NoSpace = 1;

        /// <summary>Writing is not allowed: a read-only file system or missing permission.</summary>
        public const int Denied = 2;

        /// <summary>Any other failure of the medium or the driver.</summary>
        public const int Io = 3;

        private static readonly byte[][] Names =
        {
            new byte[] { (byte)'n', (byte)'o', (byte)'n', (byte)'e' },
            new byte[] { (byte)'n', (byte)'o', (byte)'_', (byte)'s', (byte)'p', (byte)'a', (byte)'c', (byte)'e' },
            new byte[] { (byte)'d', (byte)'e', (byte)'n', (byte)'i', (byte)'e', (byte)'d' },
            new byte[] { (byte)'i', (byte)'o', (byte)'_', (byte)'e', (byte)'r', (byte)'r', (byte)'o', (byte)'r' },
        };

        /// <summary>The fault's name as it goes on the wire (status counters), pre-encoded.</summary>
        public static byte[] NameOf(int fault)
        {
            return fault >= 0 && fault < Names.Length ? Names[fault] : Names[Io];
        }
    }
}
