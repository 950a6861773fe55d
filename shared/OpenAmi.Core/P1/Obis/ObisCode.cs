namespace OpenAmi.P1.Obis
{
    /// <summary>
    /// An OBIS code A-B:C.D.E*F packed into one long (8 bits a group), so codes compare and hash as integers and
    /// a telegram can hold them without an object per line. F is 255 when the meter leaves it out.
    /// </summary>
    public struct ObisCode
    {
        /// <summary>The F group meters mean when they omit it.</summary>
        public const int DefaultF = 255;

        /// <summary>The packed value: A in bits 40-47 down to F in bits 0-7.</summary>
        public long Key;

        /// <summary>Wraps an already packed key.</summary>
        public ObisCode(long key)
        {
            Key = key;
        }

        /// <summary>Builds A-B:C.D.E with F = 255.</summary>
        public ObisCode(int a, int b, int c, int d, int e) : this(Pack(a, b, c, d, e, DefaultF))
        {
        }

        /// <summary>Builds A-B:C.D.E*F.</summary>
        public ObisCode(int a, int b, int c, int d, int e, int f) : this(Pack(a, b, c, d, e, f))
        {
        }

        public int A
        {
            get { return (int)((Key >> 40) & 0xFF); }
        }

        public int B
        {
            get { return (int)((Key >> 32) & 0xFF); }
        }

        public int C
        {
            get { return (int)((Key >> 24) & 0xFF); }
        }

        public int D
        {
            get { return (int)((Key >> 16) & 0xFF); }
        }

        public int E
        {
            get { return (int)((Key >> 8) & 0xFF); }
        }

        public int F
        {
            get { return (int)(Key & 0xFF); }
        }

        /// <summary>The code with its B group (the channel) replaced: M-Bus objects differ only there.</summary>
        public ObisCode WithChannel(int b)
        {
            return new ObisCode((Key & ~(0xFFL << 32)) | ((long)(b & 0xFF) << 32));
        }

        /// <summary>Packs six groups into a key.</summary>
        public static long Pack(int a, int b, int c, int d, int e, int f)
        {
            return ((long)(a & 0xFF) << 40) | ((long)(b & 0xFF) << 32) | ((long)(c & 0xFF) << 24)
                | ((long)(d & 0xFF) << 16) | ((long)(e & 0xFF) << 8) | (long)(f & 0xFF);
        }

        /// <summary>
        /// Writes "A-B:C.D.E", plus ".F" only when F is not 255, as ASCII; returns the bytes written (at most 23).
        /// </summary>
        public int WriteAscii(byte[] output, int offset)
        {
            int pos = offset;
            pos += WriteNumber(A, output, pos);
            output[pos++] = (byte)'-';
            pos += WriteNumber(B, output, pos);
            output[pos++] = (byte)':';
            pos += WriteNumber(C, output, pos);
            output[pos++] = (byte)'.';
            pos += WriteNumber(D, output, pos);
            output[pos++] = (byte)'.';
            pos += WriteNumber(E, output, pos);
            if (F != DefaultF)
            {
                output[pos++] = (byte)'.';
                pos += WriteNumber(F, output, pos);
            }

            return pos - offset;
        }

        /// <summary>"A-B:C.D.E[.F]". Allocates; for tools and logs.</summary>
        public override string ToString()
        {
            byte[] text = new byte[24];
            return OpenAmi.Text.Ascii.GetString(text, 0, WriteAscii(text, 0));
        }

        /// <summary>
        /// Reads "A-B:C.D.E" with an optional ".F" or "*F" from [start, start+length), or a short form of IEC 62056-21
        /// readouts (see <see cref="ObisShortForm"/>). Returns false on any other shape or a group above 255
        /// (see <see cref="ObisText.TryReadKey"/>).
        /// </summary>
        public static bool TryParse(byte[] text, int start, int length, out ObisCode code)
        {
            long key;
            bool read = ObisText.TryReadKey(text, start, length, out key)
                || ObisShortForm.TryRead(text, start, start + length, out key);
            code = new ObisCode(read ? key : 0);
            return read;
        }

        private static int WriteNumber(int value, byte[] output, int offset)
        {
            if (value >= 100)
            {
                output[offset] = (byte)('0' + (value / 100));
                output[offset + 1] = (byte)('0' + ((value / 10) % 10));
                output[offset + 2] = (byte)('0' + (value % 10));
                return 3;
            }

            if (value >= 10)
            {
                output[offset] = (byte)('0' + (value / 10));
                output[offset + 1] = (byte)('0' + (value % 10));
                return 2;
            }

            output[offset] = (byte)('0' + value);
            return 1;
        }
    }
}
