using OpenAmi.Desktop.Crypto;
using OpenAmi.Gateway;

namespace OpenAmi.Desktop.Gateway;

/// <summary>
/// One meter port on Linux: the core's <see cref="PortDecoder"/> behind a lock, because each source reads on its own
/// thread while the main loop ticks the runtime. The meter speaks <c>format</c> (a <c>MeterFormat</c> code, Auto to
/// detect it); DLMS pushes use <c>hanAad</c>, so Luxembourg's default AAD is not imposed on a meter without tags.
/// </summary>
public sealed class PortPipeline
{
    private readonly PortDecoder _decoder;
    private readonly object _sync = new();

    public PortPipeline(GatewayRuntime runtime, int port, byte[]? key, byte[]? aad, bool allowPlaintext = false, int format = OpenAmi.Meters.MeterFormat.P1, byte[]? hanAad = null)
    {
        BclAesGcm? gcm = key != null ? new BclAesGcm(key) : null;
        BclAesBlockCipher? counterMode = key != null ? new BclAesBlockCipher(key) : null;
        _decoder = new PortDecoder(runtime, port, gcm, counterMode, aad, allowPlaintext, format);
        if (gcm != null)
        {
            _decoder.Stream.SetDecryption(gcm, counterMode, aad, hanAad);
        }
    }

    /// <summary>A support capture of this port's telegrams (--capture-last), or null.</summary>
    public OpenAmi.Capture.TelegramCapture? Capture { get; set; }

    public void Write(byte[] data, int count)
    {
        lock (_sync)
        {
            Capture?.Write(data, 0, count);
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

    /// <summary>Frames taken as data and frames refused (bad CRC, noise, a failed tag) so far: what a line search reads.</summary>
    public (long Valid, long Refused) Counts()
    {
        lock (_sync)
        {
            int valid = _decoder.Acceptance.CountOf(OpenAmi.P1.Framing.FrameVerdict.Accepted);
            return (valid, _decoder.Frames - valid);
        }
    }

    /// <summary>Drops a half-read frame: the line was reopened with other settings.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _decoder.Stream.Reset();
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
