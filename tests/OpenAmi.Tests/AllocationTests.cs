using OpenAmi.P1.Dlms;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>After warm-up, framing, CRC, decryption and parsing allocate nothing: a count, not a timing.</summary>
public class AllocationTests
{
    private sealed class ParseSink : IP1FrameSink
    {
        public readonly Telegram Telegram = new();
        public int Frames;

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Frames++;
            TelegramParser.Parse(frame, length, crc, wasEncrypted, Telegram);
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
        }
    }

    [Theory]
    [InlineData("dsmr5-1phase-sagemcom-xs210.p1", false)]
    [InlineData("belgium-3phase-13month-fluvius.p1", false)]
    [InlineData("luxembourg-smarty-encrypted.bin", true)]
    public void DecodingATelegramAllocatesNothingAfterWarmUp(string input, bool encrypted)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", input));
        var sink = new ParseSink();
        var decoder = new P1StreamDecoder(sink);
        if (encrypted)
        {
            decoder.SetDecryption(
                new AesGcm(new BclAesBlockCipher(Convert.FromHexString("0123456789abcdef0123456789abcdef"))),
                Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        }

        for (int i = 0; i < 50; i++)
        {
            decoder.Write(data, 0, data.Length);
        }

        // Steady state: a window of 200 telegrams that allocates nothing. On a loaded machine the runtime's tiered
        // compilation can land inside the first window (once, not per telegram); a leak would show in every window.
        long allocated = -1;
        int windows = 0;
        while (allocated != 0 && windows < 3)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                decoder.Write(data, 0, data.Length);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            windows++;
        }

        Assert.Equal(50 + (200 * windows), sink.Frames);
        Assert.Equal(CrcStatus.Ok, sink.Telegram.Crc);
        Assert.Equal(0, allocated);
    }
}
