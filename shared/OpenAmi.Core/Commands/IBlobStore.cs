namespace OpenAmi.Commands
{
    /// <summary>
    /// Small named blobs that survive a restart, replaced atomically (the replay window, the session grants):
    /// files on I:\ on the device, files on desktop.
    /// </summary>
    public interface IBlobStore
    {
        /// <summary>Reads blob <paramref name="name"/> into <paramref name="buffer"/>; returns its length, 0 when absent.</summary>
        int Read(string name, byte[] buffer);

        /// <summary>Replaces blob <paramref name="name"/>: after a power cut it is the old or the new one.</summary>
        void Write(string name, byte[] buffer, int count);
    }

    /// <summary>An <see cref="IBlobStore"/> in memory, counting writes (flash writes per command).</summary>
    public sealed class MemoryBlobStore : IBlobStore
    {
        private readonly string[] _names = new string[8];
        private readonly byte[][] _blobs = new byte[8][];

        public int Writes { get; private set; }

        public int Read(string name, byte[] buffer)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                if (_names[i] != null && _names[i] == name)
                {
                    System.Array.Copy(_blobs[i], buffer, _blobs[i].Length);
                    return _blobs[i].Length;
                }
            }

            return 0;
        }

        public void Write(string name, byte[] buffer, int count)
        {
            int slot = -1;
            for (int i = 0; i < _names.Length && slot < 0; i++)
            {
                if (_names[i] == null || _names[i] == name)
                {
                    slot = i;
                }
            }

            byte[] copy = new byte[count];
            System.Array.Copy(buffer, copy, count);
            _names[slot] = name;
            _blobs[slot] = copy;
            Writes++;
        }
    }
}
