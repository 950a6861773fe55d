using OpenAmi.Meters;

namespace OpenAmi.Cli.Commands;

/// <summary>Opens the FILE|- arguments of a command and pumps each through a decoder as one byte stream.</summary>
public static class StreamInputs
{
    private const int ChunkSize = 4096;

    /// <summary>Feeds one input through <paramref name="decoder"/> in serial-sized chunks, then ends the stream.</summary>
    public static void Pump(string input, Func<Stream> stdin, MeterStreamDecoder decoder)
    {
        using Stream stream = input == "-" ? stdin() : File.OpenRead(input);
        byte[] chunk = new byte[ChunkSize];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            decoder.Write(chunk, 0, n);
        }

        decoder.EndOfStream();
    }
}
