using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Gateway;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Desktop.Gateway;

/// <summary>One P1 port: bytes in, frames decoded, decrypted and parsed, handed to the runtime.</summary>
public sealed class PortPipeline : IP1FrameSink
{
    private readonly GatewayRuntime _runtime;
    private readonly int _port;
    private readonly Telegram _telegram = new();
    private readonly P1StreamDecoder _decoder;
    private readonly object _sync = new();

    public PortPipeline(GatewayRuntime runtime, int port, byte[]? key, byte[]? aad)
    {
        _runtime = runtime;
        _port = port;
        _decoder = new P1StreamDecoder(this);
        if (key != null)
        {
            _decoder.SetDecryption(new AesGcm(new BclAesBlockCipher(key)), aad);
        }
    }

    public P1StreamDecoder Decoder => _decoder;

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
            _decoder.EndOfStream();
        }
    }

    public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
    {
        TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
        _runtime.OnFrame(_port, _telegram);
    }

    public void OnEncryptedFrameRejected(int status) => _runtime.OnEncryptedFrameRejected(_port);
}
