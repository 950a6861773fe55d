using OpenAmi.Commands;

namespace OpenAmi.Tests.Portable
{
    /// <summary>A blob store whose writes fail on demand, as a full or broken flash does; reads pass through.</summary>
    public sealed class FailingBlobStore : IBlobStore
    {
        private readonly IBlobStore _inner;

        public FailingBlobStore(IBlobStore inner)
        {
            _inner = inner;
        }

        public bool Fail { get; set; }

        public int Read(string name, byte[] buffer)
        {
            return _inner.Read(name, buffer);
        }

        public void Write(string name, byte[] buffer, int count)
        {
            if (Fail)
            {
                throw new System.InvalidOperationException("no space left on device");
            }

            _inner.Write(name, buffer, count);
        }
    }
}
