using OpenAmi.P1.Dlms;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// 100,000 generated hostile inputs through one long-lived decoder and parser: random bytes, bit flips of real
/// telegrams, truncations, overlong lines, bursts of '/' and '!', mangled encrypted frames. Nothing may throw,
/// no forged encrypted frame may be parsed, and nothing is allocated along the way.
/// </summary>
public class RobustnessTests
{
    private const int Cases = 100_000;
    private const string Punctuation = "/!()*:.-\r\n0123456789";

    private sealed class ParsingSink : IP1FrameSink
    {
        private readonly Telegram _telegram = new();
        public long Frames;
        public long EncryptedFrames;
        public long Rejected;
        public long Checksum;

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Frames++;
            if (wasEncrypted)
            {
                EncryptedFrames++;
            }

            TelegramParser.Parse(frame, length, crc, wasEncrypted, _telegram);
            for (int g = 0; g < _telegram.GroupTotal; g++)
            {
                _telegram.TryGetNumber(g, out P1Decimal value);
                _telegram.TryGetTimestamp(g, out P1Timestamp stamp);
                Checksum += value.Mantissa + stamp.Second;
            }

            for (int o = 0; o < _telegram.ObjectCount; o++)
            {
                _telegram.TryGetProfile(o, out ProfileBuffer profile);
                Checksum += profile.Entries;
            }
        }

        public void OnEncryptedFrameRejected(DlmsStatus status) => Rejected++;
    }

    [Fact]
    public void HundredThousandHostileInputsNeverThrowAndNeverGrowMemory()
    {
        byte[][] seeds = Directory.GetFiles(RepoPaths.Fixtures, "*.txt").Select(File.ReadAllBytes).ToArray();
        byte[] encrypted = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin"));
        var random = new Random(1122);
        var sink = new ParsingSink();
        var decoder = new P1StreamDecoder(sink, 2048);
        decoder.SetDecryption(
            new AesGcm(new BclAesBlockCipher(Convert.FromHexString("0123456789abcdef0123456789abcdef"))),
            Convert.FromHexString("30ffeeddccbbaa99887766554433221100"));
        byte[] work = new byte[16384];

        long forgedEncryptedCases = 0;
        long forgedButParsed = 0;
        // Allocation on this thread is what could grow; GC.GetTotalMemory would also count parallel tests.
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Cases; i++)
        {
            int length;
            long encryptedBefore = sink.EncryptedFrames;
            int kind = i % 6;
            switch (kind)
            {
                case 0: // random bytes, biased towards P1 punctuation
                    length = random.Next(1, 3000);
                    for (int j = 0; j < length; j++)
                    {
                        work[j] = random.Next(4) == 0 ? (byte)Punctuation[random.Next(Punctuation.Length)] : (byte)random.Next(256);
                    }

                    break;
                case 1: // bit flips in a real telegram
                    length = Copy(seeds[random.Next(seeds.Length)], work);
                    for (int f = random.Next(1, 8); f > 0; f--)
                    {
                        work[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 2: // truncated telegram
                    length = Copy(seeds[random.Next(seeds.Length)], work);
                    length = random.Next(1, length);
                    break;
                case 3: // an overlong line inside a telegram
                    length = Copy(seeds[random.Next(seeds.Length)], work);
                    int at = random.Next(length);
                    int extra = Math.Min(random.Next(100, 6000), work.Length - length);
                    Array.Copy(work, at, work, at + extra, length - at);
                    for (int j = 0; j < extra; j++)
                    {
                        work[at + j] = (byte)(random.Next(2) == 0 ? '(' : '9');
                    }

                    length += extra;
                    break;
                case 4: // bursts of '/' and '!' and CRC-looking digits
                    length = random.Next(1, 400);
                    for (int j = 0; j < length; j++)
                    {
                        work[j] = (byte)"/!/!AB12\r\n"[random.Next(10)];
                    }

                    break;
                default: // an encrypted frame with one byte changed, or cut short
                    length = Copy(encrypted, work);
                    if (random.Next(4) == 0)
                    {
                        length = random.Next(1, length);
                    }
                    else
                    {
                        work[random.Next(18, length)] ^= (byte)random.Next(1, 256);
                        forgedEncryptedCases++;
                    }

                    break;
            }

            int pos = 0;
            while (pos < length)
            {
                int n = Math.Min(random.Next(1, 700), length - pos);
                decoder.Write(work, pos, n);
                pos += n;
            }

            if (kind == 5)
            {
                // A forged APDU must never come out as a telegram.
                if (sink.EncryptedFrames != encryptedBefore)
                {
                    forgedButParsed++;
                }

                decoder.Reset();
            }
        }

        decoder.EndOfStream();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(0, forgedButParsed);
        Assert.True(allocated < 64 * 1024, $"decoding hostile input allocated {allocated} bytes");
        Assert.True(sink.Frames > 1000, "hostile input still contains many frames to parse");
        Assert.True(forgedEncryptedCases > 10_000);
        Assert.True(sink.Rejected >= forgedEncryptedCases / 2);
    }

    private static int Copy(byte[] source, byte[] work)
    {
        Array.Copy(source, work, source.Length);
        return source.Length;
    }
}
