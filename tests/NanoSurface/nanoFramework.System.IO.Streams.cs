// nanoFramework.System.IO.Streams 1.1.96 (assembly System.IO.Streams): the Stream base class.
// Source: nanoframework/System.IO.Streams System.IO.Streams/Stream.cs, SeekOrigin.cs.
namespace System.IO
{
    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public abstract class Stream : IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanWrite { get; }
        public abstract bool CanSeek { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public abstract void Flush();
        public abstract int Read(byte[] buffer, int offset, int count);
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void Close() { }
        public void Dispose() { }
    }

    public class IOException : SystemException
    {
        public IOException() { }
        public IOException(string message) { }
    }
}
