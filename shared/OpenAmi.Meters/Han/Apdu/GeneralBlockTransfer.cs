namespace OpenAmi.Han.Apdu
{
    /// <summary>
    /// DLMS general-block-transfer (tag 0xE0), which L+G meters use to spread one push over several HDLC frames:
    /// <c>E0 | block-control (bit 7 last block) | block-number (2) | acknowledged block (2) | length (BER) | data</c>.
    /// Blocks are joined in place: each block's data is moved down to follow the data of the blocks before it.
    /// </summary>
    public sealed class GeneralBlockTransfer
    {
        public const byte Tag = 0xE0;

        /// <summary>The block was taken; more blocks follow.</summary>
        public const int More = 0;

        /// <summary>The last block was taken: the APDU is [0, <see cref="Length"/>).</summary>
        public const int Complete = 1;

        /// <summary>A block is malformed or out of order; everything collected so far was dropped.</summary>
        public const int Broken = 2;

        private int _nextBlock = 1;

        /// <summary>Bytes of the APDU collected so far, at the start of the buffer.</summary>
        public int Length { get; private set; }

        /// <summary>True while blocks of an unfinished APDU are held.</summary>
        public bool InProgress
        {
            get { return Length > 0 || _nextBlock > 1; }
        }

        /// <summary>Takes the block at [offset, offset+count) of <paramref name="buffer"/>; see the result constants.</summary>
        public int Take(byte[] buffer, int offset, int count)
        {
            int end = offset + count;
            if (count < 7 || buffer[offset] != Tag)
            {
                return Drop();
            }

            bool last = (buffer[offset + 1] & 0x80) != 0;
            int block = (buffer[offset + 2] << 8) | buffer[offset + 3];
            int pos = offset + 6;
            int length = Ber.ReadLength(buffer, ref pos, end);
            if (length < 0 || length > end - pos || block != _nextBlock || offset < Length)
            {
                return Drop();
            }

            System.Array.Copy(buffer, pos, buffer, Length, length);
            Length += length;
            _nextBlock++;
            if (!last)
            {
                return More;
            }

            _nextBlock = 1;
            return Complete;
        }

        /// <summary>Forgets the blocks held (after the APDU was used, or when the line broke).</summary>
        public void Reset()
        {
            Length = 0;
            _nextBlock = 1;
        }

        private int Drop()
        {
            Reset();
            return Broken;
        }
    }
}
