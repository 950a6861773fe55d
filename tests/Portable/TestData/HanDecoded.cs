using OpenAmi.Crypto;
using OpenAmi.Han;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;
using OpenAmi.P1.Values;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Runs bytes through a HAN decoder and parses what it delivers, the way a port does.</summary>
    public static class HanDecoded
    {
        public static CollectingSink Run(byte[] data, string keyHex, string aadHex)
        {
            var sink = new CollectingSink();
            HanStreamDecoder decoder = NewDecoder(sink, keyHex, aadHex);
            decoder.Write(data, 0, data.Length);
            decoder.EndOfStream();
            return sink;
        }

        public static HanStreamDecoder NewDecoder(IP1FrameSink sink, string keyHex, string aadHex)
        {
            var decoder = new HanStreamDecoder(sink);
            if (keyHex != null)
            {
                var cipher = new SoftwareAes128(Bytes.FromHex(keyHex));
                decoder.SetDecryption(new AesGcm(cipher), cipher, aadHex == null ? null : Bytes.FromHex(aadHex));
            }

            return decoder;
        }

        /// <summary>Frame <paramref name="index"/> of the sink, parsed.</summary>
        public static Telegram Parse(CollectingSink sink, int index)
        {
            byte[] frame = sink.Frame(index);
            var telegram = new Telegram();
            TelegramParser.Parse(frame, frame.Length, sink.Crc(index), sink.WasEncrypted(index), telegram);
            return telegram;
        }

        /// <summary>The exact number and unit of an object as text, e.g. "0.724 A"; null when absent.</summary>
        public static string Number(Telegram telegram, ObisCode code)
        {
            P1Decimal value;
            int unit;
            if (!telegram.TryGetNumber(code, out value, out unit))
            {
                return null;
            }

            return unit == P1Unit.None ? value.ToString() : value.ToString() + " " + P1Unit.NameOf(unit);
        }

        /// <summary>The hex-encoded string of an object, decoded.</summary>
        public static string Text(Telegram telegram, ObisCode code)
        {
            int index = telegram.Find(code);
            if (index < 0)
            {
                return null;
            }

            byte[] output = new byte[64];
            int n = telegram.DecodeHexText(telegram.GetFirstGroup(index), output, 0);
            return n < 0 ? null : Bytes.Text(output, 0, n);
        }
    }
}
