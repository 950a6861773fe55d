using System.IO;
using OpenAmi.Outbox;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// The outbox on internal flash: one append-only file per segment (I:\outbox\NNN.seg) and a metadata file.
    /// Appends and whole-file deletes only, the pattern flash and LittleFS handle best.
    /// </summary>
    public sealed class FlashRecordStore : IRecordStore
    {
        private const string Extension = ".seg";
        private readonly string _folder;

        public FlashRecordStore(string folder)
        {
            _folder = folder;
            FlashFiles.EnsureDirectory(folder);
        }

        public int[] ListSegments()
        {
            string[] files = Directory.GetFiles(_folder);
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
            return FlashFiles.Length(PathOf(segment));
        }

        public int Read(int segment, int position, byte[] buffer, int offset, int count)
        {
            string path = PathOf(segment);
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

        public void Append(int segment, byte[] buffer, int offset, int count)
        {
            using (var stream = new FileStream(PathOf(segment), FileMode.OpenOrCreate, FileAccess.Write))
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(buffer, offset, count);
                stream.Flush();
            }
        }

        public void Flush(int segment)
        {
            // Every append is flushed and closed: LittleFS commits on close.
        }

        public void Delete(int segment)
        {
            File.Delete(PathOf(segment));
        }

        public int ReadMeta(byte[] buffer)
        {
            return FlashFiles.ReadAll(_folder + "\\meta.bin", buffer);
        }

        public void WriteMeta(byte[] buffer, int count)
        {
            FlashFiles.Replace(_folder + "\\meta.bin", buffer, count);
        }

        private string PathOf(int segment)
        {
            return _folder + "\\" + segment.ToString("D6") + Extension;
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
