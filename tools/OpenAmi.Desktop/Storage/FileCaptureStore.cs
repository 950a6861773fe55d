using System.Security.Cryptography;
using OpenAmi.Capture;

namespace OpenAmi.Desktop.Storage;

/// <summary>
/// A support capture in a directory: <c>port-N/slot-K.cap</c>, one file a telegram (its bytes, then the trailer that
/// makes it valid), and <c>capture.key</c>, the installation's redaction key (32 random bytes, readable by its owner
/// only), made on first use. A slot being written while an export reads it has no trailer yet and is skipped.
/// </summary>
public sealed class FileCaptureStore : ICaptureStore, IDisposable
{
    private readonly string _directory;
    private readonly Dictionary<int, (int Slot, FileStream Stream)> _open = [];
    private readonly object _sync = new();

    /// <summary>A store of <paramref name="slots"/> telegrams per port; slots beyond that from an earlier, larger capture are removed.</summary>
    public FileCaptureStore(string directory, int slots)
    {
        _directory = directory;
        Slots = slots;
        Directory.CreateDirectory(directory);
        foreach (string file in Directory.EnumerateFiles(directory, "slot-*.cap", SearchOption.AllDirectories))
        {
            if (SlotNumber(file) >= slots)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Opens an existing capture for export: as many ports and slots as it holds.</summary>
    public static FileCaptureStore? Open(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        string[] files = Directory.GetFiles(directory, "slot-*.cap", SearchOption.AllDirectories).Where(f => SlotNumber(f) >= 0).ToArray();
        if (files.Length == 0)
        {
            return null;
        }

        var store = new FileCaptureStore(directory, files.Max(SlotNumber) + 1);
        store.Ports = files.Select(f => PortNumber(Path.GetDirectoryName(f)!)).Max() + 1;
        return store;
    }

    public int Slots { get; }

    /// <summary>Ports found by <see cref="Open"/>.</summary>
    public int Ports { get; private set; }

    /// <summary>The last write failure (a full or read-only disk), or null: a capture never stops the gateway.</summary>
    public string? LastError { get; private set; }

    public void Begin(int port, int slot)
    {
        lock (_sync)
        {
            try
            {
                if (_open.Remove(port, out var previous))
                {
                    previous.Stream.Dispose();
                }

                string folder = Path.Combine(_directory, $"port-{port + 1}");
                Directory.CreateDirectory(folder);
                _open[port] = (slot, new FileStream(Path.Combine(folder, $"slot-{slot:D3}.cap"), FileMode.Create, FileAccess.Write, FileShare.Read));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
            }
        }
    }

    public void Append(int port, int slot, byte[] data, int offset, int count)
    {
        lock (_sync)
        {
            try
            {
                if (_open.TryGetValue(port, out var open) && open.Slot == slot)
                {
                    open.Stream.Write(data, offset, count);
                    open.Stream.Flush();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
            }
        }
    }

    public void End(int port, int slot)
    {
        lock (_sync)
        {
            if (_open.TryGetValue(port, out var open) && open.Slot == slot)
            {
                _open.Remove(port);
                try
                {
                    open.Stream.Dispose();
                }
                catch (IOException e)
                {
                    LastError = e.Message;
                }
            }
        }
    }

    public int ReadTail(int port, int slot, byte[] buffer, int count)
    {
        string path = PathOf(port, slot);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int n = (int)Math.Min(count, stream.Length);
        stream.Seek(-n, SeekOrigin.End);
        stream.ReadExactly(buffer, 0, n);
        return n;
    }

    public int Read(int port, int slot, byte[] buffer)
    {
        string path = PathOf(port, slot);
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length > buffer.Length)
        {
            return 0; // not one of ours
        }

        int n = (int)stream.Length;
        stream.ReadExactly(buffer, 0, n);
        return n;
    }

    /// <summary>The redaction key of this capture, made (random, owner-only) when there is none yet.</summary>
    public byte[] Key()
    {
        string path = Path.Combine(_directory, "capture.key");
        if (File.Exists(path) && new FileInfo(path).Length == 32)
        {
            return File.ReadAllBytes(path);
        }

        byte[] key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(key);
        }

        return key;
    }

    public void Dispose()
    {
        lock (_sync)
        {
            foreach (var open in _open.Values)
            {
                open.Stream.Dispose();
            }

            _open.Clear();
        }
    }

    private string PathOf(int port, int slot) => Path.Combine(_directory, $"port-{port + 1}", $"slot-{slot:D3}.cap");

    private static int SlotNumber(string file) =>
        int.TryParse(Path.GetFileNameWithoutExtension(file).AsSpan("slot-".Length), out int n) && n >= 0 ? n : -1;

    private static int PortNumber(string folder) =>
        int.TryParse(Path.GetFileName(folder).AsSpan("port-".Length), out int n) && n > 0 ? n - 1 : 0;
}
