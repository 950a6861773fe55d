using System.IO;
using OpenAmi.Outbox;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The outbox on internal flash: one append-only file per segment (I:\outbox\NNN.seg) and a metadata file.
    /// Appends and whole-file deletes only, the pattern flash and LittleFS handle best.
    /// </summary>
    /// <remarks>
    /// Failures are thrown as <see cref="RecordStoreException"/> with <see cref="StorageFault.Io"/>: nanoFramework's
    /// IOException does not say whether the flash was full, so the status says io_error for a full flash too; the
    /// outbox's handling (memory queue, retry) is the same. A reserve file of one flash block (LittleFS frees whole
    /// blocks) is kept beside the metadata and lent to it on a full flash: the checkpoint must be written before the
    /// outbox may delete acknowledged segments and so free room.
    /// </remarks>
    public sealed class FlashRecordStore : IRecordStore
    {
        private const string Extension = ".seg";
        private const int ReserveBytes = 4096;
        private static readonly byte[] Zeros = new byte[64];
        private readonly string _folder;
        private readonly string _metaPath;
        private readonly string _reservePath;
        private int _cachedSegment = -1;
        private string _cachedPath;

        public FlashRecordStore(string folder)
        {
            _folder = folder;
            _metaPath = folder + "\\meta.bin";
            _reservePath = folder + "\\meta.reserve";
            try
            {
                FlashFiles.EnsureDirectory(folder);
            }
            catch (IOException e)
            {
                throw Failed(folder, e);
            }

            KeepReserve();
        }

        public int[] ListSegments()
        {
            string[] files;
            try
            {
                files = Directory.GetFiles(_folder);
            }
            catch (IOException e)
            {
                throw Failed(_folder, e);
            }

            int count = 0;
            int[] found = new int[files.Length];
            for (int i = 0; i < files.Length; i++)
            {
                int number = SegmentNumber(files[i]);
                if (number >= 0)
                {
                    found[count++] = number;
                }
            }

            int[] segments = new int[count];
            System.Array.Copy(found, segments, count);
            return segments;
        }

        public int SegmentLength(int segment)
        {
            string path = PathOf(segment);
            try
            {
                return FlashFiles.Length(path);
            }
            catch (IOException e)
            {
                throw Failed(path, e);
            }
        }

        public int Read(int segment, int position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(segment);
            try
            {
                if (!File.Exists(path))
                {
                    return 0;
                }

                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                {
                    stream.Seek(position, SeekOrigin.Begin);
                    int total = 0;
                    int n;
                    while (total < count && (n = stream.Read(buffer, offset + total, count - total)) > 0)
                    {
                        total += n;
                    }

                    return total;
                }
            }
            catch (IOException e)
            {
                throw Failed(path, e);
            }
        }

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            string path = PathOf(segment);
            try
            {
                using (var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write))
                {
                    stream.Seek(0, SeekOrigin.End);
                    stream.Write(buffer, offset, count);
                    stream.Flush();
                }
            }
            catch (IOException e)
            {
                throw Failed(path, e);
            }
        }

        public void Flush(int segment)
        {
            // Every append is flushed and closed: LittleFS commits on close.
        }

        public void Delete(int segment)
        {
            string path = PathOf(segment);
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }
            catch (IOException e)
            {
                throw Failed(path, e);
            }
        }

        public int ReadMeta(byte[] buffer)
        {
            try
            {
                return FlashFiles.ReadAll(_metaPath, buffer);
            }
            catch (IOException e)
            {
                throw Failed(_metaPath, e);
            }
        }

        public void WriteMeta(byte[] buffer, int count)
        {
            try
            {
                FlashFiles.Replace(_metaPath, buffer, count);
            }
            catch (IOException e)
            {
                if (!File.Exists(_reservePath))
                {
                    throw Failed(_metaPath, e);
                }

                // Perhaps a full flash: the reserve is lent for this write, and taken back below.
                try
                {
                    File.Delete(_reservePath);
                    FlashFiles.Replace(_metaPath, buffer, count);
                }
                catch (IOException again)
                {
                    throw Failed(_metaPath, again);
                }
            }

            KeepReserve();
        }

        private void KeepReserve()
        {
            try
            {
                if (File.Exists(_reservePath))
                {
                    return;
                }

                using (var stream = new FileStream(_reservePath, FileMode.Create, FileAccess.Write))
                {
                    for (int written = 0; written < ReserveBytes; written += Zeros.Length)
                    {
                        stream.Write(Zeros, 0, Zeros.Length);
                    }

                    stream.Flush();
                }
            }
            catch (IOException)
            {
                try
                {
                    File.Delete(_reservePath); // no room for it now: tried again after the next checkpoint
                }
                catch (IOException)
                {
                }
            }
        }

        // The head segment's path is asked for at every append: built once per segment, not once per message.
        private string PathOf(int segment)
        {
            if (segment != _cachedSegment)
            {
                _cachedPath = _folder + "\\" + segment.ToString("D6") + Extension;
                _cachedSegment = segment;
            }

            return _cachedPath;
        }

        private static RecordStoreException Failed(string path, IOException e)
        {
            return new RecordStoreException(StorageFault.Io, path + ": " + e.Message, e);
        }

        private static int SegmentNumber(string path)
        {
            if (!path.EndsWith(Extension))
            {
                return -1;
            }

            int slash = path.LastIndexOf('\\');
            string name = path.Substring(slash + 1, path.Length - slash - 1 - Extension.Length);
            int number;
            return int.TryParse(name, out number) ? number : -1;
        }
    }
}
