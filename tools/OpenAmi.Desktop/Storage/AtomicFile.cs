namespace OpenAmi.Desktop.Storage;

/// <summary>Whole small files read into a caller's buffer, and replaced by write-fsync-rename.</summary>
internal static class AtomicFile
{
    /// <summary>Reads the file into <paramref name="buffer"/>; returns its length (capped), 0 when absent.</summary>
    public static int ReadInto(string path, byte[] buffer)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        byte[] data = File.ReadAllBytes(path);
        int n = Math.Min(data.Length, buffer.Length);
        Array.Copy(data, buffer, n);
        return n;
    }

    /// <summary>Replaces the file: after a power cut it holds the old or the new bytes, never a mix.</summary>
    public static void Replace(string path, byte[] buffer, int count)
    {
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(buffer, 0, count);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
