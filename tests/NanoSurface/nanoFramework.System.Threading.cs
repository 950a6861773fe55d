// nanoFramework.System.Threading 1.1.52 (assembly System.Threading): cancellation for the network helpers' timeouts.
// Source: nanoframework/System.Threading System.Threading/CancellationToken.cs, CancellationTokenSource.cs;
// ../shared/notes/nanoframework.md "Exact public API signatures" (CancellationTokenSource(int millisecondsDelay)).
namespace System.Threading
{
    public struct CancellationToken
    {
        public bool IsCancellationRequested { get { throw null; } }
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() { }
        public CancellationTokenSource(int millisecondsDelay) { }
        public CancellationToken Token { get { throw null; } }
        public void Cancel() { }
        public void Dispose() { }
    }
}
