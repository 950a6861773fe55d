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

    public int Read(string name, byte[] buffer) => AtomicFile.ReadInto(Path.Combine(_directory, name + ".bin"), buffer);

    public void Write(string name, byte[] buffer, int count)
    {
        AtomicFile.Replace(Path.Combine(_directory, name + ".bin"), buffer, count);
        Writes++;
    }
}
