// nanoFramework.System.IO.FileSystem 1.1.93 (assembly System.IO.FileSystem): files on the internal drive I:\.
// Source: nanoframework/System.IO.FileSystem System.IO.FileSystem/File.cs, Directory.cs, FileStream.cs,
// FileMode.cs, FileAccess.cs (File.Copy builds new FileStream(path, FileMode, FileAccess); File.Move refuses an
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
        public override void Flush() { }
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

    public static class Directory
    {
        public static bool Exists(string path) { throw null; }
        public static void CreateDirectory(string path) { }
        public static string[] GetFiles(string path) { throw null; }
        public static void Delete(string path, bool recursive = false) { }
    }
}
