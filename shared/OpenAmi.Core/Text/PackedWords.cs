namespace OpenAmi.Text
{
    /// <summary>
    /// A list of short ASCII words kept as one byte array and an offset table: on the device every array has a
    /// header and a byte[] per word would cost more in headers than in text. Built once from a '|'-separated list.
    /// </summary>
    public sealed class PackedWords
    {
        private readonly byte[] _bytes;
        private readonly short[] _start;

        /// <summary>Packs <paramref name="list"/>, words separated by '|' (an empty word is allowed).</summary>
        public PackedWords(string list)
        {
            byte[] all = Ascii.GetBytes(list);
            int count = 1;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i] == (byte)'|')
                {
                    count++;
                }
            }

            _bytes = new byte[all.Length - (count - 1)];
            _start = new short[count + 1];
            int n = 0;
            int word = 0;
            for (int i = 0; i < all.Length; i++)
            {
                if (all[i] == (byte)'|')
                {
                    _start[++word] = (short)n;
                }
                else
                {
                    _bytes[n++] = all[i];
                }
            }

            _start[count] = (short)n;
        }

        /// <summary>Number of words.</summary>
        public int Count
        {
            get { return _start.Length - 1; }
        }

        /// <summary>The bytes of every word, back to back; word <c>i</c> is [<see cref="StartOf"/>, + <see cref="LengthOf"/>).</summary>
        public byte[] Bytes
        {
            get { return _bytes; }
        }

        public int StartOf(int word)
        {
            return _start[word];
        }

        public int LengthOf(int word)
        {
            return _start[word + 1] - _start[word];
        }
    }
}
