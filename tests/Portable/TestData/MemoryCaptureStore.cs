using OpenAmi.Capture;

namespace OpenAmi.Tests.Portable
{
    /// <summary>A capture ring in memory, counting writes (what the flash would see).</summary>
    public sealed class MemoryCaptureStore : ICaptureStore
    {
        private const int Ports = 2;
        private readonly byte[][] _slots;
        private readonly int[] _lengths;

        public MemoryCaptureStore(int slots)
        {
            Slots = slots;
            _slots = new byte[Ports * slots][];
            _lengths = new int[Ports * slots];
            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i] = new byte[TelegramCapture.MaxTelegramBytes + TelegramCapture.TrailerBytes];
            }
        }

        public int Slots { get; private set; }

        /// <summary>Slots begun (one file rewrite each on the device).</summary>
        public int Begins { get; private set; }

        public void Begin(int port, int slot)
        {
            _lengths[(port * Slots) + slot] = 0;
            Begins++;
        }

        public void Append(int port, int slot, byte[] data, int offset, int count)
        {
            int i = (port * Slots) + slot;
            System.Array.Copy(data, offset, _slots[i], _lengths[i], count);
            _lengths[i] += count;
        }

        public void End(int port, int slot)
        {
            Ends++;
        }

        /// <summary>Slots closed with their trailer.</summary>
        public int Ends { get; private set; }

        public int ReadTail(int port, int slot, byte[] buffer, int count)
        {
            int i = (port * Slots) + slot;
            int n = _lengths[i] < count ? _lengths[i] : count;
            System.Array.Copy(_slots[i], _lengths[i] - n, buffer, 0, n);
            return n;
        }

        public int Read(int port, int slot, byte[] buffer)
        {
            int i = (port * Slots) + slot;
            System.Array.Copy(_slots[i], buffer, _lengths[i]);
            return _lengths[i];
        }

        /// <summary>Cuts a slot short, as a power cut in the middle of a telegram would.</summary>
        public void Tear(int port, int slot, int bytes)
        {
            _lengths[(port * Slots) + slot] -= bytes;
        }
    }
}
