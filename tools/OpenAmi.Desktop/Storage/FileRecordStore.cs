using OpenAmi.Outbox;

namespace OpenAmi.Desktop.Storage;

/// <summary>
/// The outbox's record store as files in a directory: segment-000001.bin … and meta.bin. Appends are flushed to
/// the disk (fsync) before the gateway publishes; the metadata is replaced by write-then-rename, so a crash leaves
/// either the old or the new one.
/// </summary>
public sealed class FileRecordStore : IRecordStore, IDisposable
{
    private readonly string _directory;
    private readonly Dictionary<int, FileStream> _open = [];

    public FileRecordStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public string DirectoryPath => _directory;

    public int[] ListSegments()
    {
        var list = new List<int>();
        foreach (string file in Directory.EnumerateFiles(_directory, "segment-*.bin"))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (int.TryParse(name.AsSpan("segment-".Length), out int n))
            {
                list.Add(n);
            }
        }

        return [.. list];
    }

    public int SegmentLength(int segment)
    {
        if (_open.TryGetValue(segment, out FileStream? stream))
        {
            return (int)stream.Length;
        }

        var info = new FileInfo(PathOf(segment));
        return info.Exists ? (int)info.Length : 0;
    }

    public int Read(int segment, int position, byte[] buffer, int offset, int count)
    {
        if (_open.TryGetValue(segment, out FileStream? open))
        {
            open.Flush();
        }

        string path = PathOf(segment);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Position = position;
        int total = 0;
        int n;
        while (total < count && (n = stream.Read(buffer, offset + total, count - total)) > 0)
        {
            total += n;
        }

        return total;
    }

    public void Append(int segment, byte[] buffer, int offset, int count)
    {
        if (!_open.TryGetValue(segment, out FileStream? stream))
        {
            // Only the newest segment is appended to; older ones are closed.
            foreach (FileStream old in _open.Values)
            {
                old.Dispose();
            }

            _open.Clear();
            stream = new FileStream(PathOf(segment), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);
            _open[segment] = stream;
        }

        stream.Write(buffer, offset, count);
    }

    public void Flush(int segment)
    {
        if (_open.TryGetValue(segment, out FileStream? stream))
        {
            stream.Flush(flushToDisk: true);
        }
    }

    public void Delete(int segment)
    {
        if (_open.Remove(segment, out FileStream? stream))
        {
            stream.Dispose();
        }

        File.Delete(PathOf(segment));
    }

    public int ReadMeta(byte[] buffer) => AtomicFile.ReadInto(Path.Combine(_directory, "meta.bin"), buffer);

    public void WriteMeta(byte[] buffer, int count) => AtomicFile.Replace(Path.Combine(_directory, "meta.bin"), buffer, count);

    public void Dispose()
    {
        foreach (FileStream stream in _open.Values)
        {
            stream.Dispose();
        }

        _open.Clear();
    }

    private string PathOf(int segment) => Path.Combine(_directory, $"segment-{segment:D6}.bin");
}
