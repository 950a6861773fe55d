namespace OpenAmi.Firmware.App.Cellular
{
    /// <summary>
    /// What may go inside an AT command's string parameter. SIM7070_SIM7080_SIM7090 Series AT Command Manual V1.07
    /// §1.4 says the command set follows V.25ter (ITU-T V.250) and 3GPP TS 27.007; a string parameter is bounded by
    /// double quotes and a command line ends at &lt;CR&gt;, and §1.4.4 lets several commands share a line. So a
    /// quote or a control character in a configured value could end the string early and smuggle in a command of
    /// its own: such values are refused when the configuration is read, never sent.
    /// </summary>
    public static class AtText
    {
        /// <summary>
        /// Null when <paramref name="value"/> can go inside an AT string: printable ASCII without '"' and '\' (the
        /// V.250 escape character), at most <paramref name="maxLength"/> characters. Else a one-line problem naming
        /// <paramref name="key"/>.
        /// </summary>
        public static string Check(string key, string value, int maxLength)
        {
            if (value == null)
            {
                return null;
            }

            if (value.Length > maxLength)
            {
                return key + " is longer than the " + maxLength + " characters the SIM7080 takes";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '"' || c == '\\' || c < ' ' || c > '~')
                {
                    return key + " holds a character the SIM7080's AT commands cannot carry safely (a quote, a backslash, a control or non-ASCII character, at position " + (i + 1) + "): choose a value without it";
                }
            }

            return null;
        }

        /// <summary>The characters as bytes (the caller has checked they are ASCII).</summary>
        public static byte[] Bytes(string value)
        {
            if (value == null)
            {
                return null;
            }

            byte[] bytes = new byte[value.Length];
            for (int i = 0; i < value.Length; i++)
            {
                bytes[i] = (byte)value[i];
            }

            return bytes;
        }

        /// <summary>True when the bytes can go inside an AT string as they are.</summary>
        public static bool IsSafe(byte[] value, int offset, int length)
        {
            for (int i = offset; i < offset + length; i++)
            {
                byte b = value[i];
                if (b == '"' || b == '\\' || b < ' ' || b > '~')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Writes <paramref name="value"/> into <paramref name="into"/> at <paramref name="at"/> with every quote,
        /// backslash and control character as a V.250 escape (a backslash and two hex digits: '"' is \22), so the
        /// string cannot end early. Returns the new end, or -1 when it does not fit.
        /// </summary>
        public static int Escape(byte[] value, int length, byte[] into, int at)
        {
            for (int i = 0; i < length; i++)
            {
                byte b = value[i];
                if (b == '"' || b == '\\' || b < ' ' || b > '~')
                {
                    if (at + 3 > into.Length)
                    {
                        return -1;
                    }

                    into[at++] = (byte)'\\';
                    into[at++] = Hex(b >> 4);
                    into[at++] = Hex(b & 0xF);
                }
                else
                {
                    if (at >= into.Length)
                    {
                        return -1;
                    }

                    into[at++] = b;
                }
            }

            return at;
        }

        private static byte Hex(int nibble)
        {
            return (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
        }
    }
}
