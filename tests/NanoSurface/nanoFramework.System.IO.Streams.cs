// nanoFramework.System.IO.Streams 1.1.96 (assembly System.IO.Streams): the Stream base class.
// Source: nanoframework/System.IO.Streams tag v1.1.96, System.IO.Streams/Stream.cs, SeekOrigin.cs. IOException is
// mscorlib's (System.IO.IOException), not this package's.
namespace System.IO
{
    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanWrite { get; }
        public abstract bool CanSeek { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public abstract void Flush();
        public abstract int Read(byte[] buffer, int offset, int count);
        public abstract int Read(SpanByte buffer);
        public abstract void SetLength(long value);
        public virtual int ReadByte() { throw null; }
        public virtual void WriteByte(byte value) { }
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void Close() { }
        public void Dispose() { }
        protected virtual void Dispose(bool disposing) { }
    }
}
