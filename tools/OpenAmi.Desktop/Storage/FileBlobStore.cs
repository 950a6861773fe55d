using OpenAmi.Commands;

namespace OpenAmi.Desktop.Storage;

/// <summary>Small named blobs as files in a directory, replaced by write-then-rename with fsync.</summary>
public sealed class FileBlobStore : IBlobStore
{
    private readonly string _directory;

    public FileBlobStore(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public int Writes { get; private set; }

    public int Read(string name, byte[] buffer)
    {
        string path = Path.Combine(_directory, name + ".bin");
        if (!File.Exists(path))
        {
            return 0;
        }

        byte[] data = File.ReadAllBytes(path);
        int n = Math.Min(data.Length, buffer.Length);
        Array.Copy(data, buffer, n);
        return n;
    }

    public void Write(string name, byte[] buffer, int count)
    {
        string path = Path.Combine(_directory, name + ".bin");
        string temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(buffer, 0, count);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        Writes++;
    }
}
