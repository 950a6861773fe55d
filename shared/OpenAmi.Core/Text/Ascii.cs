namespace OpenAmi.Text
{
    /// <summary>
    /// Meter and wire text is ASCII; nanoFramework has no Encoding.ASCII, so bytes become chars one by one. This is
    /// the core's one converter between the two.
    /// </summary>
    public static class Ascii
    {
        /// <summary>Bytes [start, start+length) as a string. Allocates; for tools, logs, tests and cold paths.</summary>
        public static string GetString(byte[] bytes, int start, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[start + i];
            }

            return new string(chars);
        }

        /// <summary>
        /// The low byte of each char of <paramref name="text"/>. Allocates: used once at start-up to pre-encode
        /// constants and ids, so that no string is walked on a per-telegram path.
        /// </summary>
        /// <remarks>On the device indexing a string walks it from the start, so the chars are taken out once.</remarks>
        public static byte[] GetBytes(string text)
        {
            char[] chars = text.ToCharArray();
            byte[] bytes = new byte[chars.Length];
            for (int i = 0; i < chars.Length; i++)
            {
                bytes[i] = (byte)chars[i];
            }

            return bytes;
        }

        /// <summary>
        /// <paramref name="text"/> as a quoted JSON string, e.g. <c>"kWh"</c> with its quotes, for constants written on
        /// the publish path. The text must need no escaping (printable ASCII without quote or backslash).
        /// </summary>
        public static byte[] GetQuotedBytes(string text)
        {
            byte[] word = GetBytes(text);
            byte[] quoted = new byte[word.Length + 2];
            quoted[0] = (byte)'"';
            for (int i = 0; i < word.Length; i++)
            {
                byte b = word[i];
                if (b < 0x20 || b > 0x7E || b == (byte)'"' || b == (byte)'\\')
                {
                    throw new System.ArgumentException("a pre-encoded JSON word must need no escaping", "text");
                }

                quoted[i + 1] = b;
            }

            quoted[quoted.Length - 1] = (byte)'"';
            return quoted;
        }

        /// <summary>Each of <paramref name="texts"/> as <see cref="GetQuotedBytes(string)"/> gives it.</summary>
        public static byte[][] GetQuotedBytes(string[] texts)
        {
            byte[][] quoted = new byte[texts.Length][];
            for (int i = 0; i < texts.Length; i++)
            {
                quoted[i] = GetQuotedBytes(texts[i]);
            }

            return quoted;
        }

        /// <summary>True when bytes [aStart, aStart+aLength) of <paramref name="a"/> equal [bStart, bStart+bLength) of <paramref name="b"/>.</summary>
        public static bool SameBytes(byte[] a, int aStart, int aLength, byte[] b, int bStart, int bLength)
        {
            if (aLength != bLength)
            {
                return false;
            }

            for (int i = 0; i < aLength; i++)
            {
                if (a[aStart + i] != b[bStart + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
