using OpenAmi.P1.Dlms;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Meters;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Han;

/// <summary>
/// After warm-up, framing, block joining, decryption, A-XDR reading, rendering and parsing a push or a readout
/// allocate nothing: a count, not a timing. Also bounds what hostile input can make the decoder hold.
/// </summary>
public class HanAllocationTests(ITestOutputHelper output)
{
    private sealed class ParseSink : IP1FrameSink
    {
        public readonly Telegram Telegram = new();
        public int Frames;
        public int Rejected;

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Frames++;
            TelegramParser.Parse(frame, length, crc, wasEncrypted, Telegram);
        }

        public void OnEncryptedFrameRejected(DlmsStatus status) => Rejected++;
    }

    [Theory]
    [InlineData("amsreader-aidon-no-gh1119-list3.bin", null, null)]
    [InlineData("hassams-kaifa-se-ma304h4d-kfm001-list3.bin", null, null)]
    [InlineData("sdc-lg-e450-ch-vse2026.bin", null, null)]
    [InlineData("sdc-iskra-am550-ch-vse2026.bin", null, null)]
    [InlineData("amsreader-lg-e450-at-burgenland-gh501-2-encrypted.bin", "34743677397a24432646294a404e6352", "30c0c1c2c3c4c5c6c7c8c9cacbcccdcecf")]
    [InlineData("amshan-netznoe-spec-example-mbus-encrypted.bin", "36c66639e48a8ca4d6bc8b282a793bbb", null)]
    [InlineData("weltenwort-logarex-lk13-modec-datamessage.txt", null, null)]
    public void DecodingAPushOrReadoutAllocatesNothingAfterWarmUp(string file, string? key, string? aad)
    {
        byte[] data = File.ReadAllBytes(Path.Combine(HanFixtureCorpusTests.Folder, file));
        var sink = new ParseSink();
        int format = FormatSniffer.Detect(data, 0, data.Length);
        var decoder = new MeterStreamDecoder(sink, format);
        if (key != null)
        {
            byte[] k = Convert.FromHexString(key);
            decoder.SetDecryption(new BclAesGcm(k), new BclAesBlockCipher(k), aad == null ? null : Convert.FromHexString(aad));
        }

        for (int i = 0; i < 20; i++)
        {
            decoder.Write(data, 0, data.Length);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            decoder.Write(data, 0, data.Length);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{file}: {allocated} B allocated over 200 frames after warm-up");
        Assert.Equal(220, sink.Frames);
        Assert.Equal(0, sink.Rejected);
        Assert.True(sink.Telegram.ObjectCount > 5);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void HostileBytesAllocateNothingAndThrowNothing()
    {
        var sink = new ParseSink();
        var han = new MeterStreamDecoder(sink, MeterFormat.Hdlc);
        var mbus = new MeterStreamDecoder(sink, MeterFormat.Mbus);
        var iec = new MeterStreamDecoder(sink, MeterFormat.Iec62056);
        var random = new Random(7);
        var data = new byte[4096];
        long before = 0;
        for (int round = 0; round < 320; round++)
        {
            if (round == 20)
            {
                // Warm-up done: every path has run once (static tables built, code tiered).
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            random.NextBytes(data);

            // Seed the noise with frame starts so the framers get deep into headers and bodies.
            for (int k = 0; k < 40; k++)
            {
                int at = random.Next(data.Length - 4);
                data[at] = (byte)(k % 3 == 0 ? 0x7E : (k % 3 == 1 ? 0x68 : (byte)'/'));
                data[at + 1] = (byte)(k % 3 == 0 ? 0xA0 | random.Next(8) : data[at + 1]);
            }

            han.Write(data, 0, data.Length);
            mbus.Write(data, 0, data.Length);
            iec.Write(data, 0, data.Length);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(0, sink.Rejected);
    }
}
