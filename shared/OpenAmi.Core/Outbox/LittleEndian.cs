namespace OpenAmi.Outbox
{
    /// <summary>
    /// Integers in persisted records and blobs, least significant byte first, so a state written on one platform
    /// reads the same on the other.
    /// </summary>
    public static class LittleEndian
    {
        public static void WriteUInt16(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
        }

        public static int ReadUInt16(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8);
        }

        public static void WriteInt32(byte[] b, int at, int v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        public static int ReadInt32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        public static void WriteInt64(byte[] b, int at, long v)
        {
            WriteInt32(b, at, (int)v);
            WriteInt32(b, at + 4, (int)(v >> 32));
        }

        public static long ReadInt64(byte[] b, int at)
        {
            return (uint)ReadInt32(b, at) | ((long)ReadInt32(b, at + 4) << 32);
        }
    }
}
