using OpenAmi.P1.Obis;
using OpenAmi.P1.Parsing;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// Finds a meter's equipment id and turns it into the topic-safe meterSerial. Dialects put the id in
    /// different objects; a meter that sends none is named after its identification header.
    /// </summary>
    public static class MeterIdentity
    {
        // Each byte as it stands in a serial: letters, digits, '-', '_' and '.' as they are, anything else '_'.
        private static readonly byte[] TopicSafe = BuildTopicSafe();

        /// <summary>
        /// Where the id is looked for, first non-empty match wins: DSMR/eMUCS, Luxembourg, EasyMeter, Ireland,
        /// meter number (EasyMeter, Ireland), COSEM device id (Sagemcom XT211), Kamstrup's GS1 number (HAN), the
        /// serial of IEC 62056-21 readouts (C.1.0 is 1-0:96.1.0). TelegramIndex keeps the same order.
        /// </summary>
        private static readonly long[] IdSources =
        {
            new ObisCode(0, 0, 96, 1, 1).Key,
            new ObisCode(0, 0, 42, 0, 0).Key,
            new ObisCode(0, 0, 96, 1, 255).Key,
            new ObisCode(0, 0, 96, 1, 0).Key,
            new ObisCode(1, 0, 0, 0, 0).Key,
            new ObisCode(0, 0, 0, 0, 0).Key,
            new ObisCode(1, 1, 0, 0, 5).Key,
            new ObisCode(1, 0, 96, 1, 0).Key,
        };

        /// <summary>
        /// Writes the equipment id of <paramref name="telegram"/> into <paramref name="output"/> (decoded from hex
        /// where it is hex of printable ASCII) and returns its length; 0 when the meter sends no id.
        /// </summary>
        public static int ReadEquipmentId(Telegram telegram, byte[] output)
        {
            for (int s = 0; s < IdSources.Length; s++)
            {
                int n = ReadIdFrom(telegram, telegram.Find(IdSources[s]), output);
                if (n > 0)
                {
                    return n;
                }
            }

            return 0;
        }

        /// <summary>
        /// Writes the id held by object <paramref name="index"/> (-1: none) into <paramref name="output"/>, decoded
        /// from hex where it is hex of printable ASCII, blanks trimmed; returns its length, 0 when it holds none.
        /// </summary>
        public static int ReadIdFrom(Telegram telegram, int index, byte[] output)
        {
            if (index < 0 || telegram.GetGroupCount(index) == 0)
            {
                return 0;
            }

            int group = telegram.GetFirstGroup(index);
            int length = telegram.GetGroupLength(group);
            if (length == 0)
            {
                return 0;
            }

            int decoded = telegram.DecodeHexText(group, output, 0);
            if (decoded > 0)
            {
                return Trim(output, decoded);
            }

            int n = length < output.Length ? length : output.Length;
            System.Array.Copy(telegram.Source, telegram.GetGroupStart(group), output, 0, n);
            return Trim(output, n);
        }

        /// <summary>
        /// Rewrites bytes [0, length) in place into a topic-safe serial: letters, digits, '-', '_' and '.' are kept,
        /// anything else becomes '_', and it is cut to <paramref name="maxLength"/>. Returns the new length.
        /// </summary>
        public static int MakeTopicSafe(byte[] text, int length, int maxLength)
        {
            int n = length < maxLength ? length : maxLength;
            byte[] safe = TopicSafe;
            for (int i = 0; i < n; i++)
            {
                text[i] = safe[text[i]];
            }

            return n;
        }

        /// <summary>
        /// The name of a meter that sends no id: its identification header without the '/', e.g. "KAM5" or
        /// "XMX5LGBBFFB231216240" (many headers carry a serial). Written into <paramref name="output"/>.
        /// </summary>
        public static int NameFromHeader(Telegram telegram, byte[] output)
        {
            int length = telegram.HeaderLength - 1;
            if (length <= 0)
            {
                return 0;
            }

            int n = length < output.Length ? length : output.Length;
            System.Array.Copy(telegram.Source, 1, output, 0, n);
            return Trim(output, n);
        }

        // Drops leading and trailing blanks, which some meters pad ids with.
        private static int Trim(byte[] text, int length)
        {
            int start = 0;
            while (start < length && text[start] == (byte)' ')
            {
                start++;
            }

            int end = length;
            while (end > start && text[end - 1] == (byte)' ')
            {
                end--;
            }

            if (start > 0)
            {
                System.Array.Copy(text, start, text, 0, end - start);
            }

            return end - start;
        }

        private static byte[] BuildTopicSafe()
        {
            byte[] safe = new byte[256];
            for (int b = 0; b < 256; b++)
            {
                bool keep = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || b == '.';
                safe[b] = keep ? (byte)b : (byte)'_';
            }

            return safe;
        }
    }
}
