using OpenAmi.Outbox;

namespace OpenAmi.Config
{
    /// <summary>
    /// The gateway's configuration file: one "key = value" per line, '#' starts a comment, a key may repeat
    /// (source). The same file configures the Linux gateway (--config) and the ESP32 (I:\openami.conf), so it is
    /// parsed here, in the portable core, without allocation-heavy parsers. Errors name the line.
    /// </summary>
    public sealed class ConfigFile
    {
        public const int MaxEntries = 96;

        private readonly string[] _keys = new string[MaxEntries];
        private readonly string[] _values = new string[MaxEntries];
        private readonly int[] _lines = new int[MaxEntries];
        private int _count;

        /// <summary>Number of settings read.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>
        /// Parses <paramref name="text"/>. Returns null when it is well formed, else a message naming the line.
        /// </summary>
        public string Parse(string text)
        {
            _count = 0;
            int lineNumber = 0;
            int start = 0;
            while (start <= text.Length)
            {
                int end = text.IndexOf('\n', start);
                if (end < 0)
                {
                    end = text.Length;
                }

                lineNumber++;
                string line = text.Substring(start, end - start);
                int hash = line.IndexOf('#');
                if (hash >= 0)
                {
                    line = line.Substring(0, hash);
                }

                line = line.Trim();
                if (line.Length > 0)
                {
                    int equals = line.IndexOf('=');
                    if (equals <= 0)
                    {
                        return "line " + lineNumber + ": expected 'key = value', found '" + line + "'";
                    }

                    if (_count == MaxEntries)
                    {
                        return "line " + lineNumber + ": more than " + MaxEntries + " settings";
                    }

                    _keys[_count] = line.Substring(0, equals).Trim().ToLower();
                    _values[_count] = line.Substring(equals + 1).Trim();
                    _lines[_count] = lineNumber;
                    _count++;
                }

                start = end + 1;
            }

            return null;
        }

        public string KeyAt(int index)
        {
            return _keys[index];
        }

        public string ValueAt(int index)
        {
            return _values[index];
        }

        public int LineAt(int index)
        {
            return _lines[index];
        }

        /// <summary>The last value of <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
        public string Get(string key, string fallback)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    return _values[i];
                }
            }

            return fallback;
        }

        public bool Has(string key)
        {
            return Get(key, null) != null;
        }

        /// <summary>Every value of a repeated key, in file order.</summary>
        public string[] GetAll(string key)
        {
            int n = 0;
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    n++;
                }
            }

            string[] values = new string[n];
            n = 0;
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    values[n++] = _values[i];
                }
            }

            return values;
        }

        /// <summary>
        /// Reads an integer setting into <paramref name="value"/>; returns null, or a message when the value is not a
        /// whole number within [min, max].
        /// </summary>
        public string GetInt(string key, int min, int max, ref int value)
        {
            string text = Get(key, null);
            if (text == null)
            {
                return null;
            }

            int parsed;
            if (!int.TryParse(text, out parsed) || parsed < min || parsed > max)
            {
                return "line " + LineOf(key) + ": " + key + " must be a whole number from " + min + " to " + max + ", not '" + text + "'";
            }

            value = parsed;
            return null;
        }

        /// <summary>The first key not in <paramref name="known"/>, as a message, or null.</summary>
        public string CheckKnown(string[] known)
        {
            for (int i = 0; i < _count; i++)
            {
                bool found = false;
                for (int k = 0; k < known.Length && !found; k++)
                {
                    found = known[k] != null && _keys[i] != null && known[k] == _keys[i];
                }

                if (!found)
                {
                    return "line " + _lines[i] + ": unknown setting '" + _keys[i] + "'";
                }
            }

            return null;
        }

        /// <summary>
        /// A short hash of the settings (CRC-32 of their "key=value" lines), for the status message. Secrets
        /// (passwords and keys) are left out: a CRC of a short password could be searched for.
        /// </summary>
        public string Hash()
        {
            uint crc = 0xFFFFFFFFu;
            for (int i = 0; i < _count; i++)
            {
                if (IsSecret(_keys[i]))
                {
                    continue;
                }

                byte[] line = Ascii(_keys[i] + "=" + _values[i] + "\n");
                crc = Crc32.Update(crc, line, 0, line.Length);
            }

            return (crc ^ 0xFFFFFFFFu).ToString("x8");
        }

        /// <summary>True for settings that hold secrets.</summary>
        public static bool IsSecret(string key)
        {
            return key.IndexOf("password") >= 0 || key == "key" || key.EndsWith("_key");
        }

        private int LineOf(string key)
        {
            for (int i = _count - 1; i >= 0; i--)
            {
                if (_keys[i] != null && _keys[i] == key)
                {
                    return _lines[i];
                }
            }

            return 0;
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }
    }
}
