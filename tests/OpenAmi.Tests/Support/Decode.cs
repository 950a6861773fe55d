using OpenAmi.P1.Dlms;
using Xunit;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Support;

/// <summary>One frame a decoder delivered, copied out of the reused buffer and parsed into its own store.</summary>
public sealed record DecodedFrame(byte[] Bytes, CrcStatus Crc, bool WasEncrypted, Telegram Telegram)
{
    public string Raw(string obis, int group = 0)
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(obis);
        Assert.True(OpenAmi.P1.Obis.ObisCode.TryParse(text, 0, text.Length, out var code), obis);
        int index = Telegram.Find(code);
        return index < 0 ? "<absent>" : Telegram.GetGroupText(Telegram.GetFirstGroup(index) + group);
    }
}

/// <summary>Runs bytes through the real decoder in chosen chunk sizes and collects what comes out.</summary>
public sealed class Decode : IP1FrameSink
{
    public List<DecodedFrame> Frames { get; } = [];

    public List<DlmsStatus> Rejections { get; } = [];

    public P1StreamDecoder Decoder { get; }

    public Decode(int capacity = P1Framer.DefaultCapacity, byte[]? key = null, byte[]? aad = null)
    {
        Decoder = new P1StreamDecoder(this, capacity);
        if (key != null)
        {
            Decoder.SetDecryption(new AesGcm(new BclAesBlockCipher(key)), aad);
        }
    }

    public static Decode All(byte[] data, int chunk = int.MaxValue, int capacity = P1Framer.DefaultCapacity, byte[]? key = null, byte[]? aad = null)
    {
        var d = new Decode(capacity, key, aad);
        d.Feed(data, chunk);
        d.Decoder.EndOfStream();
        return d;
    }

    public void Feed(byte[] data, int chunk)
    {
        for (int i = 0; i < data.Length; i += chunk)
        {
            Decoder.Write(data, i, Math.Min(chunk, data.Length - i));
        }
    }

    public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
    {
        byte[] copy = frame[..length];
        var telegram = new Telegram();
        TelegramParser.Parse(copy, copy.Length, crc, wasEncrypted, telegram);
        Frames.Add(new DecodedFrame(copy, crc, wasEncrypted, telegram));
    }

    public void OnEncryptedFrameRejected(DlmsStatus status) => Rejections.Add(status);
}
