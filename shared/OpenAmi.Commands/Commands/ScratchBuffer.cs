namespace OpenAmi.Commands
{
    /// <summary>
    /// A buffer lent for the handling of one command or grant. The replay state and the grant records (about 2 KB)
    /// are read and written only then, and commands are rare: between them the device's heap does not hold it.
    /// </summary>
    public sealed class ScratchBuffer
    {
        private readonly int _length;
        private byte[] _bytes;

        public ScratchBuffer(int length)
        {
            _length = length;
        }

        /// <summary>Lends <paramref name="bytes"/> until the first <see cref="Release"/>, then buffers of its length.</summary>
        public ScratchBuffer(byte[] bytes)
        {
            _length = bytes.Length;
            _bytes = bytes;
        }

        /// <summary>The buffer, allocated on first use after a release.</summary>
        public byte[] Bytes
        {
            get
            {
                if (_bytes == null)
                {
                    _bytes = new byte[_length];
                }

                return _bytes;
            }
        }

        /// <summary>Lets the garbage collector take the buffer back; its contents are not needed any more.</summary>
        public void Release()
        {
            _bytes = null;
        }
    }
}
