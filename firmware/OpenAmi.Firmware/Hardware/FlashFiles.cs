using System.IO;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// Small file helpers over the internal flash drive (LittleFS, I:\). Replacement is write-new-then-rename, so
    /// a power cut leaves the old or the new file, and LittleFS wears the flash evenly underneath.
    /// </summary>
    internal static class FlashFiles
    {
        public static void EnsureDirectory(string path)
        {
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path);
            }
        }

        /// <summary>Reads a whole file into <paramref name="buffer"/>; 0 when it does not exist.</summary>
        public static int ReadAll(string path, byte[] buffer)
        {
            string source = File.Exists(path) ? path : (File.Exists(path + ".new") ? path + ".new" : null);
            if (source == null)
            {
                return 0;
            }

            using (var stream = new FileStream(source, FileMode.Open, FileAccess.Read))
            {
                int total = 0;
                int n;
                while (total < buffer.Length && (n = stream.Read(buffer, total, buffer.Length - total)) > 0)
                {
                    total += n;
                }

                return total;
            }
        }

        /// <summary>Length of a file, 0 when it does not exist.</summary>
        public static int Length(string path)
        {
            if (!File.Exists(path))
            {
                return 0;
            }

            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)stream.Length;
            }
        }

        /// <summary>Replaces a file: the ".new" copy is complete before the old file goes.</summary>
        public static void Replace(string path, byte[] buffer, int count)
        {
            string fresh = path + ".new";
            using (var stream = new FileStream(fresh, FileMode.Create, FileAccess.Write))
            {
                stream.Write(buffer, 0, count);
                stream.Flush();
            }

            // File.Move refuses an existing target. Between these two calls only the ".new" file exists, and
            // ReadAll falls back to it.
            File.Delete(path);
            File.Move(fresh, path);
        }
    }
}
