namespace OpenAmi.Outbox
{
    /// <summary>
    /// One outbox record as stored: <c>'O' 'A' | kind | 0 | seq (8) | topic length (2) | payload length (4) | topic |
    /// payload | CRC-32 (4)</c>, little endian. The CRC covers everything before it, so a record cut short by a
    /// power cut, or changed by a flash fault, is recognised. The same bytes live in the memory queue while the
    /// store cannot take them.
    /// </summary>
    public static class RecordFormat
    {
        public const int HeaderBytes = 18;
        public const int CrcBytes = 4;

        /// <summary>Header plus checksum: the smallest record (an empty topic and payload).</summary>
        public const int Overhead = HeaderBytes + CrcBytes;

        /// <summary>Bytes a record of this topic and payload takes.</summary>
        public static int Size(int topicLength, int payloadLength)
        {
            return Overhead + topicLength + payloadLength;
        }

        /// <summary>Writes a whole record at <paramref name="at"/>; returns its size.</summary>
        public static int Write(byte[] r, int at, MessageKind kind, long seq, byte[] topic, int topicLength, byte[] payload, int payloadOffset, int payloadLength)
        {
            r[at] = (byte)'O';
            r[at + 1] = (byte)'A';
            r[at + 2] = (byte)kind;
            r[at + 3] = 0;
            LittleEndian.WriteInt64(r, at + 4, seq);
            LittleEndian.WriteUInt16(r, at + 12, topicLength);
            LittleEndian.WriteInt32(r, at + 14, payloadLength);
            System.Array.Copy(topic, 0, r, at + HeaderBytes, topicLength);
            System.Array.Copy(payload, payloadOffset, r, at + HeaderBytes + topicLength, payloadLength);
            int body = HeaderBytes + topicLength + payloadLength;
            LittleEndian.WriteInt32(r, at + body, (int)Crc32.Compute(r, at, body));
            return body + CrcBytes;
        }

        /// <summary>
        /// The size the header at <paramref name="at"/> announces, or -1 when it cannot start a record (wrong
        /// magic, unknown kind, impossible lengths). Only the checksum proves the record.
        /// </summary>
        public static int SizeFromHeader(byte[] r, int at, int maxBytes)
        {
            if (r[at] != (byte)'O' || r[at + 1] != (byte)'A' || r[at + 3] != 0
                || (r[at + 2] != (int)MessageKind.Telemetry && r[at + 2] != (int)MessageKind.Event))
            {
                return -1;
            }

            int payloadLength = LittleEndian.ReadInt32(r, at + 14);
            if (payloadLength < 0 || payloadLength > maxBytes)
            {
                return -1;
            }

            int total = Size(LittleEndian.ReadUInt16(r, at + 12), payloadLength);
            return total > maxBytes ? -1 : total;
        }

        /// <summary>True when the <paramref name="total"/> bytes at <paramref name="at"/> are a record with a good checksum.</summary>
        public static bool IsValid(byte[] r, int at, int total)
        {
            return total >= Overhead && SizeFromHeader(r, at, total) == total
                && (uint)LittleEndian.ReadInt32(r, at + total - CrcBytes) == Crc32.Compute(r, at, total - CrcBytes);
        }

        public static MessageKind KindOf(byte[] r, int at)
        {
            return (MessageKind)r[at + 2];
        }

        public static long SeqOf(byte[] r, int at)
        {
            return LittleEndian.ReadInt64(r, at + 4);
        }

        public static int TopicLengthOf(byte[] r, int at)
        {
            return LittleEndian.ReadUInt16(r, at + 12);
        }

        public static int PayloadLengthOf(byte[] r, int at)
        {
            return LittleEndian.ReadInt32(r, at + 14);
        }
    }
}
