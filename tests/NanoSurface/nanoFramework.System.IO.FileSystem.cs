// nanoFramework.System.IO.FileSystem 1.1.93 (assembly System.IO.FileSystem): files on the internal drive I:\.
// Source: nanoframework/System.IO.FileSystem tag v1.1.93, System.IO.FileSystem/File.cs, Directory.cs,
// DirectoryInfo.cs, FileStream.cs, FileMode.cs, FileAccess.cs (Directory.CreateDirectory returns DirectoryInfo; File.Copy builds new FileStream(path, FileMode, FileAccess); File.Move refuses an
// existing target; Directory.CreateDirectory is not recursive).
namespace System.IO
{
    public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }

    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) { }
        public FileStream(string path, FileMode mode, FileAccess access) { }
        public override bool CanRead { get { throw null; } }
        public override bool CanWrite { get { throw null; } }
        public override bool CanSeek { get { throw null; } }
        public override long Length { get { throw null; } }
        public override long Position { get { throw null; } set { } }
        public string Name { get { throw null; } }
        public override void Flush() { }
        public override void SetLength(long value) { }
        public override int Read(SpanByte buffer) { throw null; }
        public override int Read(byte[] buffer, int offset, int count) { throw null; }
        public override long Seek(long offset, SeekOrigin origin) { throw null; }
        public override void Write(byte[] buffer, int offset, int count) { }
    }

    public static class File
    {
        public static bool Exists(string path) { throw null; }
        public static void Delete(string path) { }
        public static void Move(string sourceFileName, string destFileName) { }
        public static FileStream Create(string path) { throw null; }
    }

    public abstract class FileSystemInfo : MarshalByRefObject
    {
        public virtual string FullName { get { throw null; } }
        public abstract bool Exists { get; }
        public abstract string Name { get; }
        public abstract void Delete();
    }

    public sealed class DirectoryInfo : FileSystemInfo
    {
        public DirectoryInfo(string path) { }
        public override string Name { get { throw null; } }
        public override bool Exists { get { throw null; } }
        public void Create() { }
        public override void Delete() { }
    }

    public static class Directory
    {
        public static bool Exists(string path) { throw null; }
        public static DirectoryInfo CreateDirectory(string path) { throw null; }
        public static string[] GetFiles(string path) { throw null; }
        public static string[] GetDirectories(string path) { throw null; }
        public static void Delete(string path) { }
        public static void Delete(string path, bool recursive) { }
    }
}
