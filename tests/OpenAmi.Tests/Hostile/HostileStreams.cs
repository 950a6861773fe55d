using OpenAmi.P1.Framing;
using OpenAmi.Tests.Fixtures;
using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.Hostile;

/// <summary>
/// Deterministic hostile byte streams (a seed each): noise of several kinds, and real captures damaged the ways a
/// line or an attacker damages them. Each knows what a correct reader may take from it.
/// </summary>
public static class HostileStreams
{
    public const string LuxembourgKeyHex = "0123456789abcdef0123456789abcdef";
    public const string LuxembourgAadHex = "30ffeeddccbbaa99887766554433221100";

    private const string Punctuation = "/!()*:.-\r\n0123456789";

    private static readonly HashSet<string> StreamNegatives =
    [
        "basjes-negative-iskra-am550t-truncated-then-full.txt",
        "dsmrreader-negative-incomplete-telegram.txt",
        "dsmr5rs-negative-overflow-2485-bytes.txt",
    ];

    /// <summary>Every telegram file of the corpus that holds exactly one telegram, as sent.</summary>
    public static IReadOnlyList<byte[]> Telegrams { get; } = FixtureIndex.Rows
        .Where(r => !StreamNegatives.Contains(r.File))
        .Select(r => File.ReadAllBytes(RepoPaths.Fixture(r.File)))
        .ToList();

    /// <summary>The telegrams whose CRC verifies: the corpus rows marked VERIFIED and the crc-fixed copies.</summary>
    public static IReadOnlyList<byte[]> CrcTelegrams { get; } = FixtureIndex.Rows
        .Where(r => !StreamNegatives.Contains(r.File) && r.Crc.Contains("VERIFIED"))
        .Select(r => File.ReadAllBytes(RepoPaths.Fixture(r.File)))
        .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "crc-fixed")).Order().Select(File.ReadAllBytes))
        .ToList();

    /// <summary>The Luxembourg spec example, encrypted (samples/bench; key and AAD above); it decrypts to a good telegram.</summary>
    public static byte[] EncryptedFrame { get; } = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", "luxembourg-smarty-encrypted.bin"));

    /// <summary>Uniformly random bytes.</summary>
    public static byte[] RandomBytes(int seed, int length)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Random bytes, mostly P1 punctuation and digits, so frames, groups and OBIS-like runs are frequent.</summary>
    public static byte[] PunctuationNoise(int seed, int length)
    {
        var random = new Random(seed);
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = random.Next(100) < 85 ? (byte)Punctuation[random.Next(Punctuation.Length)] : (byte)random.Next(256);
        }

        return data;
    }

    /// <summary>Runs of '/' and '!', line ends, printable words and hex-looking digits.</summary>
    public static byte[] Bursts(int seed, int length)
    {
        var random = new Random(seed);
        var data = new List<byte>(length);
        string[] pieces = ["/", "!", "//////", "!!!!!!", "\r\n", "\n", "/KMP5 ZABF", "1F28", "!\r\n", "(1)", "/!", "!/", "ABCD"];
        while (data.Count < length)
        {
            string piece = pieces[random.Next(pieces.Length)];
            int repeat = 1 + random.Next(8);
            for (int r = 0; r < repeat; r++)
            {
                data.AddRange(piece.Select(c => (byte)c));
            }
        }

        return [.. data.Take(length)];
    }

    /// <summary>A real binary file: the core library itself.</summary>
    public static byte[] BinaryFile() => File.ReadAllBytes(typeof(FrameAcceptance).Assembly.Location);

    /// <summary>
    /// CRC-checked telegrams, three in four with one to three bits flipped inside the frame ('/' through the CRC
    /// digits). <paramref name="intact"/> counts the copies left whole: only those may be read as data.
    /// </summary>
    public static byte[] BitFlips(int seed, int copies, out int intact)
    {
        var random = new Random(seed);
        var stream = new MemoryStream();
        intact = 0;
        for (int i = 0; i < copies; i++)
        {
            byte[] telegram = (byte[])CrcTelegrams[random.Next(CrcTelegrams.Count)].Clone();
            if (random.Next(4) == 0)
            {
                intact++;
            }
            else
            {
                int frameEnd = Array.IndexOf(telegram, (byte)'!') + 5;
                int flips = 1 + random.Next(3);
                for (int f = 0; f < flips; f++)
                {
                    telegram[random.Next(frameEnd)] ^= (byte)(1 << random.Next(8));
                }
            }

            stream.Write(telegram);
        }

        return stream.ToArray();
    }

    /// <summary>Telegrams of every dialect, many cut off at a random point, some followed by a line end.</summary>
    public static byte[] Truncations(int seed, int copies)
    {
        var random = new Random(seed);
        var stream = new MemoryStream();
        for (int i = 0; i < copies; i++)
        {
            byte[] telegram = Telegrams[random.Next(Telegrams.Count)];
            int length = random.Next(5) < 2 ? telegram.Length : 1 + random.Next(telegram.Length - 1);
            stream.Write(telegram, 0, length);
            if (random.Next(2) == 0)
            {
                stream.Write("\r\n"u8);
            }
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Encrypted frames, one in four intact; the others with flipped bits, random ciphertext and tag behind a
    /// valid header, or cut off. <paramref name="intact"/> counts the whole ones.
    /// </summary>
    public static byte[] ForgedEncrypted(int seed, int copies, out int intact)
    {
        var random = new Random(seed);
        var stream = new MemoryStream();
        intact = 0;
        for (int i = 0; i < copies; i++)
        {
            byte[] frame = (byte[])EncryptedFrame.Clone();
            switch (random.Next(4))
            {
                case 0:
                    intact++;
                    break;
                case 1:
                    for (int f = 1 + random.Next(3); f > 0; f--)
                    {
                        frame[random.Next(frame.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 2:
                    random.NextBytes(frame.AsSpan(18)); // system title, length and counter kept: a forged body
                    break;
                default:
                    frame = frame[..random.Next(1, frame.Length)];
                    break;
            }

            stream.Write(frame);
        }

        return stream.ToArray();
    }

    /// <summary>Encrypted frames of one meter with good plaintext telegrams of another meter between them.</summary>
    public static byte[] PlaintextInjection(int copies)
    {
        byte[] plaintext = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "dsmr5-iskra-am550.p1"));
        var stream = new MemoryStream();
        for (int i = 0; i < copies; i++)
        {
            stream.Write(EncryptedFrame);
            stream.Write(plaintext);
        }

        return stream.ToArray();
    }
}
