namespace OpenAmi.Han.Apdu
{
    /// <summary>
    /// The header of a DLMS data-notification APDU (tag 0x0F), what meters push on their customer interface:
    /// <c>0F | long-invoke-id-and-priority (4) | date-time (00 = none, 0C + 12 bytes, or 09 0C + 12 bytes) | body</c>.
    /// The body is one A-XDR value, usually a structure or an array of the pushed objects.
    /// </summary>
    public sealed class DataNotification
    {
        public const byte Tag = 0x0F;

        /// <summary>Length of a DLMS date-time.</summary>
        public const int DateTimeLength = 12;

        /// <summary>The long-invoke-id-and-priority field.</summary>
        public long InvokeId { get; private set; }

        /// <summary>Offset of the 12-byte date-time in the buffer, or -1 when the meter sent none.</summary>
        public int DateTimeOffset { get; private set; }

        /// <summary>Offset of the A-XDR body.</summary>
        public int BodyOffset { get; private set; }

        /// <summary>Reads the header at [offset, offset+count); false when it is not a data-notification.</summary>
        public bool Read(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            DateTimeOffset = -1;
            if (count < 7 || buffer[offset] != Tag)
            {
                return false;
            }

            InvokeId = ((long)buffer[offset + 1] << 24) | ((long)buffer[offset + 2] << 16)
                | ((long)buffer[offset + 3] << 8) | buffer[offset + 4];
            int pos = offset + 5;
            int marker = buffer[pos];
            if (marker == 0x00)
            {
                pos++;
            }
            else if (marker == DateTimeLength || (marker == 0x09 && buffer[pos + 1] == DateTimeLength))
            {
                pos += marker == DateTimeLength ? 1 : 2;
                if (end - pos < DateTimeLength)
                {
                    return false;
                }

                DateTimeOffset = pos;
                pos += DateTimeLength;
            }
            else
            {
                return false;
            }

            if (pos >= end)
            {
                return false;
            }

            BodyOffset = pos;
            return true;
        }
    }
}
