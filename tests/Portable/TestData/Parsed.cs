using OpenAmi.P1.Framing;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Frames and parses test text the way the gateway does.</summary>
    public static class Parsed
    {
        /// <summary>The first frame of <paramref name="text"/>, parsed; null when none was framed.</summary>
        public static Telegram First(string text)
        {
            byte[] data = Bytes.Of(text);
            var sink = new CollectingSink();
            var decoder = new P1StreamDecoder(sink);
            decoder.Write(data, 0, data.Length);
            decoder.EndOfStream();
            if (sink.Count == 0)
            {
                return null;
            }

            byte[] frame = sink.Frame(0);
            var telegram = new Telegram();
            TelegramParser.Parse(frame, frame.Length, sink.Crc(0), sink.WasEncrypted(0), telegram);
            return telegram;
        }

        /// <summary>Parses a body made of lines, wrapped in a header and '!' with no CRC.</summary>
        public static Telegram Lines(string lines)
        {
            return First(Telegrams.Wrap(lines));
        }

        /// <summary>The raw text of group <paramref name="g"/> of the object with OBIS key <paramref name="code"/>.</summary>
        public static string Raw(Telegram telegram, OpenAmi.P1.Obis.ObisCode code, int g)
        {
            int index = telegram.Find(code);
            return index < 0 ? null : telegram.GetGroupText(telegram.GetFirstGroup(index) + g);
        }
    }
}
