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
    /// <remarks>
    /// Name slots are tested for null before they are compared: comparing a never-assigned slot of a string array
    /// crashes nanoCLR.
    /// </remarks>
    public sealed class MemoryBlobStore : IBlobStore
    {
        public const int Capacity = 16;

        private readonly string[] _names = new string[Capacity];
        private readonly byte[][] _blobs = new byte[Capacity][];

        public int Writes { get; private set; }

        /// <summary>Reads like a file store: a blob longer than <paramref name="buffer"/> is cut to its length.</summary>
        public int Read(string name, byte[] buffer)
        {
            int slot = Find(name);
            if (slot < 0)
            {
                return 0;
            }

            int n = _blobs[slot].Length < buffer.Length ? _blobs[slot].Length : buffer.Length;
            System.Array.Copy(_blobs[slot], buffer, n);
            return n;
        }

        public void Write(string name, byte[] buffer, int count)
        {
            int slot = Find(name);
            for (int i = 0; i < Capacity && slot < 0; i++)
            {
                if (_names[i] == null)
                {
                    slot = i;
                }
            }

            if (slot < 0)
            {
                throw new System.InvalidOperationException("memory blob store full: " + Capacity + " names");
            }

            byte[] copy = new byte[count];
            System.Array.Copy(buffer, copy, count);
            _names[slot] = name;
            _blobs[slot] = copy;
            Writes++;
        }

        private int Find(string name)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_names[i] != null && _names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
