using OpenAmi.Outbox;

namespace OpenAmi.Desktop.Storage;

/// <summary>
/// The outbox's record store as files in a directory: segment-000001.bin … and meta.bin. Appends are written
/// unbuffered and flushed to the disk (fsync) before the gateway publishes; the metadata is replaced by
/// write-then-rename, so a crash leaves either the old or the new one.
/// </summary>
/// <remarks>
/// Every failure is reported as a <see cref="RecordStoreException"/> naming the file and the cause (no space,
/// denied, I/O). A failed append is cut back to where it started, so no partial record stays behind.
/// A reserve file (8 KiB, more than the metadata takes) is kept beside it, made when the store opens: on a full disk
/// it is lent to the checkpoint, which must be written before the outbox may delete acknowledged segments and so
/// free room, and taken back right after.
/// </remarks>
public sealed class FileRecordStore : IRecordStore, IDisposable
{
    private const int ReserveBytes = 8192;
    private readonly string _directory;
    private readonly string _metaPath;
    private readonly string _reservePath;
    private readonly Dictionary<int, FileStream> _open = [];

    /// <exception cref="RecordStoreException">The directory cannot be created or is not a directory.</exception>
    public FileRecordStore(string directory)
    {
        _directory = directory;
        _metaPath = Path.Combine(directory, "meta.bin");
        _reservePath = Path.Combine(directory, "meta.reserve");
        if (File.Exists(directory))
        {
            throw new RecordStoreException(StorageFault.Denied, $"{directory} is a file, not a directory");
        }

        Guard(directory, () => Directory.CreateDirectory(directory));
        KeepReserve(); // now, before the segments can fill the disk
    }

    public string DirectoryPath => _directory;

    public int[] ListSegments() => Guard(_directory, () =>
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

        return list.ToArray();
    });

    public int SegmentLength(int segment)
    {
        if (_open.TryGetValue(segment, out FileStream? stream))
        {
            return (int)stream.Length;
        }

        var info = new FileInfo(PathOf(segment));
        return Guard(info.FullName, () => info.Exists ? (int)info.Length : 0);
    }

    public int Read(int segment, int position, byte[] buffer, int offset, int count)
    {
        string path = PathOf(segment);
        return Guard(path, () =>
        {
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
        });
    }

    public void Append(int segment, byte[] buffer, int offset, int count)
    {
        string path = PathOf(segment);
        if (!_open.TryGetValue(segment, out FileStream? stream))
        {
            // Only the newest segment is appended to; older ones are closed.
            CloseAll();
            stream = Guard(path, () => new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0));
            _open[segment] = stream;
        }

        long before = stream.Length;
        try
        {
            stream.Write(buffer, offset, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                stream.SetLength(before); // a full disk may have taken part of the record: no half record stays
            }
            catch (IOException)
            {
            }

            _open.Remove(segment);
            stream.Dispose();
            throw Translate(path, e);
        }
    }

    public void Flush(int segment)
    {
        if (_open.TryGetValue(segment, out FileStream? stream))
        {
            Guard(PathOf(segment), () => stream.Flush(flushToDisk: true));
        }
    }

    public void Delete(int segment)
    {
        if (_open.Remove(segment, out FileStream? stream))
        {
            stream.Dispose();
        }

        string path = PathOf(segment);
        Guard(path, () => File.Delete(path));
    }

    public int ReadMeta(byte[] buffer) => Guard(_metaPath, () => AtomicFile.ReadInto(_metaPath, buffer));

    public void WriteMeta(byte[] buffer, int count)
    {
        try
        {
            AtomicFile.Replace(_metaPath, buffer, count);
        }
        catch (IOException e) when (Fault(e) == StorageFault.NoSpace && File.Exists(_reservePath))
        {
            // The reserve is only lent for this write: the old metadata's room comes free, so it fits again at once.
            Guard(_reservePath, () => File.Delete(_reservePath));
            Guard(_metaPath, () => AtomicFile.Replace(_metaPath, buffer, count));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(_metaPath, e);
        }

        KeepReserve();
    }

    public void Dispose() => CloseAll();

    private void KeepReserve()
    {
        if (File.Exists(_reservePath))
        {
            return;
        }

        try
        {
            using var reserve = new FileStream(_reservePath, FileMode.CreateNew, FileAccess.Write);
            reserve.Write(new byte[ReserveBytes]);
            reserve.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(_reservePath); // no room for it now (or read-only); tried again after the next checkpoint
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void CloseAll()
    {
        foreach (FileStream stream in _open.Values)
        {
            stream.Dispose();
        }

        _open.Clear();
    }

    private string PathOf(int segment) => Path.Combine(_directory, $"segment-{segment:D6}.bin");

    private static void Guard(string path, Action action) => Guard(path, () =>
    {
        action();
        return 0;
    });

    private static T Guard<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Translate(path, e);
        }
    }

    private static RecordStoreException Translate(string path, Exception e)
    {
        int fault = Fault(e);
        string cause = fault switch
        {
            StorageFault.NoSpace => "no space left on the device",
            StorageFault.Denied => e is UnauthorizedAccessException ? "permission denied" : "read-only file system",
            _ => e.Message,
        };
        return new RecordStoreException(fault, $"{path}: {cause}", e);
    }

    // On Linux .NET puts the errno in HResult: ENOSPC 28, EDQUOT 122, EFBIG 27, EROFS 30, EACCES 13, EPERM 1.
    private static int Fault(Exception e) => e switch
    {
        UnauthorizedAccessException => StorageFault.Denied,
        IOException { HResult: 28 or 122 or 27 } => StorageFault.NoSpace,
        IOException { HResult: 30 or 13 or 1 } => StorageFault.Denied,
        _ => StorageFault.Io,
    };
}
