using OpenAmi.Desktop.Crypto;
using OpenAmi.Gateway;

namespace OpenAmi.Desktop.Gateway;

/// <summary>
/// One P1 port on Linux: the core's <see cref="PortDecoder"/> behind a lock, because each source reads on its own
/// thread while the main loop ticks the runtime.
/// </summary>
public sealed class PortPipeline(GatewayRuntime runtime, int port, byte[]? key, byte[]? aad, bool allowPlaintext = false)
{
    private readonly PortDecoder _decoder = new(runtime, port, key != null ? new BclAesGcm(key) : null, aad, allowPlaintext);
    private readonly object _sync = new();

    public void Write(byte[] data, int count)
    {
        lock (_sync)
        {
            _decoder.Write(data, 0, count);
        }
    }

    public void End()
    {
        lock (_sync)
        {
            _decoder.End();
        }
    }

    /// <summary>How many frames of this port got <paramref name="verdict"/> (a <c>FrameVerdict</c> code).</summary>
    public int CountOf(int verdict)
    {
        lock (_sync)
        {
            return _decoder.Acceptance.CountOf(verdict);
        }
    }
}
