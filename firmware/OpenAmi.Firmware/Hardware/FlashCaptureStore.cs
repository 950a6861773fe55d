using System.IO;
using OpenAmi.Capture;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The console's support capture on internal flash: one small file per slot (I:\capture\pP-SS.cap), created when
    /// a telegram begins, appended while it arrives and closed after its trailer.
    /// </summary>
    /// <remarks>
    /// Wear: one file per slot rather than one ring file, because LittleFS rewrites everything after the point of a
    /// write in the middle of a file, while a truncated small file costs only its own blocks; the ring of files is
    /// fixed (20 slots of at most 4 KiB a port), so the space is bounded, and LittleFS spreads the rewrites over the
    /// partition. Writes happen only while a capture is on, and a capture stops by itself after a day
    /// (<see cref="App.FirmwareHost.CaptureMaxMs"/>). Heap: the paths are made once here; a telegram costs one
    /// FileStream (opened at its start, closed after its trailer), which nanoFramework cannot reuse.
    /// </remarks>
    public sealed class FlashCaptureStore : ICaptureStore
    {
        private const int Ports = 2;

        private readonly string[] _paths;
        private readonly FileStream[] _open = new FileStream[Ports];
        private readonly int[] _openSlot = new int[Ports];

        public FlashCaptureStore(string folder, int slots)
        {
            Slots = slots;
            FlashFiles.EnsureDirectory(folder);
            _paths = new string[Ports * slots];
            for (int port = 0; port < Ports; port++)
            {
                for (int slot = 0; slot < slots; slot++)
                {
                    _paths[(port * slots) + slot] = folder + "\\p" + (port + 1) + "-" + slot + ".cap";
                }
            }
        }

        public int Slots { get; private set; }

        public void Begin(int port, int slot)
        {
            Close(port);
            _open[port] = new FileStream(PathOf(port, slot), FileMode.Create, FileAccess.Write);
            _openSlot[port] = slot;
        }

        public void Append(int port, int slot, byte[] data, int offset, int count)
        {
            FileStream stream = _open[port];
            if (stream != null && _openSlot[port] == slot)
            {
                stream.Write(data, offset, count);
            }
        }

        public void End(int port, int slot)
        {
            if (_openSlot[port] == slot)
            {
                Close(port);
            }
        }

        public int ReadTail(int port, int slot, byte[] buffer, int count)
        {
            string path = PathOf(port, slot);
            if ((_open[port] != null && _openSlot[port] == slot) || !File.Exists(path))
            {
                return 0; // being written: no trailer yet
            }

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                int n = stream.Length < count ? (int)stream.Length : count;
                stream.Seek(stream.Length - n, SeekOrigin.Begin);
                return ReadFully(stream, buffer, n);
            }
        }

        public int Read(int port, int slot, byte[] buffer)
        {
            string path = PathOf(port, slot);
            if ((_open[port] != null && _openSlot[port] == slot) || !File.Exists(path))
            {
                return 0;
            }

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return stream.Length > buffer.Length ? 0 : ReadFully(stream, buffer, (int)stream.Length);
            }
        }

        private void Close(int port)
        {
            FileStream stream = _open[port];
            _open[port] = null;
            if (stream != null)
            {
                stream.Dispose();
            }
        }

        private static int ReadFully(FileStream stream, byte[] buffer, int count)
        {
            int total = 0;
            int n;
            while (total < count && (n = stream.Read(buffer, total, count - total)) > 0)
            {
                total += n;
            }

            return total;
        }

        private string PathOf(int port, int slot)
        {
            return _paths[(port * Slots) + slot];
        }
    }
}
