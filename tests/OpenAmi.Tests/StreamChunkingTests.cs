using OpenAmi.P1.Framing;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>Whatever the chunking of the byte stream, the same frames come out.</summary>
public class StreamChunkingTests
{
    private static readonly byte[] Key = Convert.FromHexString("0123456789abcdef0123456789abcdef");
    private static readonly byte[] Aad = Convert.FromHexString("30ffeeddccbbaa99887766554433221100");

    /// <summary>Noise, a DSMR 5, a DSMR 2.2 without CRC, an encrypted Luxembourg frame, a Belgian one, a bad CRC.</summary>
    private static byte[] MixedStream()
    {
        var parts = new List<byte[]>
        {
            "\0\0noise!\r\n"u8.ToArray(),
            File.ReadAllBytes(RepoPaths.Fixture("athom-dsmr50-iskra-am550-isk5-2m550t-1011.txt")),
            File.ReadAllBytes(RepoPaths.Fixture("athom-dsmr22-kamstrup-kmp5-zabf.txt")),
            File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin")),
            File.ReadAllBytes(RepoPaths.Fixture("arduinodsmr-fork-fluvius-3phase-13month-gas.txt")),
            File.ReadAllBytes(RepoPaths.Fixture("dsmrreader-negative-kaifa-dsmr42-bad-crc-ABCD.txt")),
            File.ReadAllBytes(RepoPaths.Fixture("ndokter-q3d-easymeter-esy5q3da1004.txt")),
        };
        return parts.SelectMany(p => p).ToArray();
    }

    private static List<string> Signature(Decode d) =>
        d.Frames.Select(f => $"{f.Crc}/{f.WasEncrypted}/{Convert.ToHexString(f.Bytes)}").ToList();

    [Fact]
    public void ReferenceDecodingFindsEveryFrame()
    {
        Decode whole = Decode.All(MixedStream(), key: Key, aad: Aad);
        Assert.Equal(
            [CrcStatus.Ok, CrcStatus.None, CrcStatus.Ok, CrcStatus.Ok, CrcStatus.Bad, CrcStatus.None],
            whole.Frames.Select(f => f.Crc));
        Assert.True(whole.Frames[2].WasEncrypted);
    }

    [Fact]
    public void SplitAtEveryBoundaryGivesTheSameFrames()
    {
        byte[] stream = MixedStream();
        List<string> expected = Signature(Decode.All(stream, key: Key, aad: Aad));
        for (int split = 1; split < stream.Length; split++)
        {
            var d = new Decode(key: Key, aad: Aad);
            d.Decoder.Write(stream, 0, split);
            d.Decoder.Write(stream, split, stream.Length - split);
            d.Decoder.EndOfStream();
            Assert.True(expected.SequenceEqual(Signature(d)), $"split at {split} changed the frames");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    [InlineData(4096)]
    public void FixedChunkSizesGiveTheSameFrames(int chunk)
    {
        byte[] stream = MixedStream();
        Assert.Equal(Signature(Decode.All(stream, key: Key, aad: Aad)), Signature(Decode.All(stream, chunk, key: Key, aad: Aad)));
    }

    [Fact]
    public void RandomChunkSizesGiveTheSameFrames()
    {
        byte[] stream = MixedStream();
        List<string> expected = Signature(Decode.All(stream, key: Key, aad: Aad));
        var random = new Random(20261122);
        for (int run = 0; run < 300; run++)
        {
            var d = new Decode(key: Key, aad: Aad);
            int pos = 0;
            while (pos < stream.Length)
            {
                int n = Math.Min(random.Next(1, 300), stream.Length - pos);
                d.Decoder.Write(stream, pos, n);
                pos += n;
            }

            d.Decoder.EndOfStream();
            Assert.Equal(expected, Signature(d));
        }
    }
}
