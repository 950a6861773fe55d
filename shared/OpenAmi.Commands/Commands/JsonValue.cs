using System.Collections;

namespace OpenAmi.Commands
{
    /// <summary>
    /// A small JSON reader for command and grant payloads (a few hundred bytes, rare): objects, arrays, strings
    /// with escapes, integers, true/false/null. Depth and size are bounded; anything else is refused, never guessed.
    /// </summary>
    public sealed class JsonValue
    {
        public const int KindNull = 0;
        public const int KindBool = 1;
        public const int KindNumber = 2;
        public const int KindString = 3;
        public const int KindArray = 4;
        public const int KindObject = 5;

        private const int MaxDepth = 6;

        private readonly ArrayList _keys = new ArrayList();
        private readonly ArrayList _values = new ArrayList();

        private JsonValue(int kind)
        {
            Kind = kind;
        }

        public int Kind { get; private set; }

        /// <summary>The text of a string value.</summary>
        public string Text { get; private set; }

        /// <summary>An integer value (JSON numbers with a fraction or exponent are refused).</summary>
        public long Number { get; private set; }

        public bool Bool { get; private set; }

        /// <summary>Items of an array, or values of an object, in order.</summary>
        public int Count
        {
            get { return _values.Count; }
        }

        public JsonValue Item(int index)
        {
            return (JsonValue)_values[index];
        }

        /// <summary>A member of an object, or null.</summary>
        public JsonValue Member(string key)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                if ((string)_keys[i] == key)
                {
                    return (JsonValue)_values[i];
                }
            }

            return null;
        }

        /// <summary>The string member <paramref name="key"/>, or null when absent or not a string.</summary>
        public string StringMember(string key)
        {
            JsonValue v = Member(key);
            return v != null && v.Kind == KindString ? v.Text : null;
        }

        /// <summary>Reads the integer member <paramref name="key"/>; false when absent or not an integer.</summary>
        public bool TryNumberMember(string key, out long value)
        {
            JsonValue v = Member(key);
            value = v != null && v.Kind == KindNumber ? v.Number : 0;
            return v != null && v.Kind == KindNumber;
        }

        /// <summary>The member as an array of strings, or null when it is anything else.</summary>
        public string[] StringArrayMember(string key)
        {
            JsonValue v = Member(key);
            if (v == null || v.Kind != KindArray)
            {
                return null;
            }

            string[] items = new string[v.Count];
            for (int i = 0; i < items.Length; i++)
            {
                if (v.Item(i).Kind != KindString)
                {
                    return null;
                }

                items[i] = v.Item(i).Text;
            }

            return items;
        }

        /// <summary>Parses a whole JSON document; null when it is not well formed.</summary>
        public static JsonValue Parse(byte[] json, int offset, int count)
        {
            int pos = offset;
            int end = offset + count;
            JsonValue value = ParseValue(json, ref pos, end, 0);
            SkipSpace(json, ref pos, end);
            return value != null && pos == end ? value : null;
        }

        private static JsonValue ParseValue(byte[] s, ref int pos, int end, int depth)
        {
            SkipSpace(s, ref pos, end);
            if (pos >= end || depth > MaxDepth)
            {
                return null;
            }

            byte c = s[pos];
            if (c == (byte)'{')
            {
                return ParseObject(s, ref pos, end, depth);
            }

            if (c == (byte)'[')
            {
                return ParseArray(s, ref pos, end, depth);
            }

            if (c == (byte)'"')
            {
                string text = ParseString(s, ref pos, end);
                if (text == null)
                {
                    return null;
                }

                JsonValue v = new JsonValue(KindString);
                v.Text = text;
                return v;
            }

            if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9'))
            {
                return ParseNumber(s, ref pos, end);
            }

            if (Literal(s, ref pos, end, "true"))
            {
                JsonValue v = new JsonValue(KindBool);
                v.Bool = true;
                return v;
            }

            if (Literal(s, ref pos, end, "false"))
            {
                return new JsonValue(KindBool);
            }

            return Literal(s, ref pos, end, "null") ? new JsonValue(KindNull) : null;
        }

        private static JsonValue ParseObject(byte[] s, ref int pos, int end, int depth)
        {
            JsonValue obj = new JsonValue(KindObject);
            pos++;
            SkipSpace(s, ref pos, end);
            if (pos < end && s[pos] == (byte)'}')
            {
                pos++;
                return obj;
            }

            while (true)
            {
                SkipSpace(s, ref pos, end);
                if (pos >= end || s[pos] != (byte)'"')
                {
                    return null;
                }

                string key = ParseString(s, ref pos, end);
                SkipSpace(s, ref pos, end);
                if (key == null || pos >= end || s[pos] != (byte)':' || obj.Member(key) != null)
                {
                    return null; // duplicate keys are refused: two readers could disagree on which one counts
                }

                pos++;
                JsonValue value = ParseValue(s, ref pos, end, depth + 1);
                if (value == null)
                {
                    return null;
                }

                obj._keys.Add(key);
                obj._values.Add(value);
                SkipSpace(s, ref pos, end);
                if (pos < end && s[pos] == (byte)',')
                {
                    pos++;
                    continue;
                }

                if (pos < end && s[pos] == (byte)'}')
                {
                    pos++;
                    return obj;
                }

                return null;
            }
        }

        private static JsonValue ParseArray(byte[] s, ref int pos, int end, int depth)
        {
            JsonValue array = new JsonValue(KindArray);
            pos++;
            SkipSpace(s, ref pos, end);
            if (pos < end && s[pos] == (byte)']')
            {
                pos++;
                return array;
            }

            while (true)
            {
                JsonValue item = ParseValue(s, ref pos, end, depth + 1);
                if (item == null)
                {
                    return null;
                }

                array._values.Add(item);
                SkipSpace(s, ref pos, end);
                if (pos < end && s[pos] == (byte)',')
                {
                    pos++;
                    continue;
                }

                if (pos < end && s[pos] == (byte)']')
                {
                    pos++;
                    return array;
                }

                return null;
            }
        }

        private static JsonValue ParseNumber(byte[] s, ref int pos, int end)
        {
            bool negative = s[pos] == (byte)'-';
            if (negative)
            {
                pos++;
            }

            long value = 0;
            int digits = 0;
            while (pos < end && s[pos] >= (byte)'0' && s[pos] <= (byte)'9')
            {
                if (digits == 18)
                {
                    return null;
                }

                value = (value * 10) + (s[pos] - '0');
                digits++;
                pos++;
            }

            if (digits == 0 || (pos < end && (s[pos] == (byte)'.' || s[pos] == (byte)'e' || s[pos] == (byte)'E')))
            {
                return null;
            }

            JsonValue v = new JsonValue(KindNumber);
            v.Number = negative ? -value : value;
            return v;
        }

        private static string ParseString(byte[] s, ref int pos, int end)
        {
            pos++;
            char[] chars = new char[end - pos];
            int n = 0;
            while (pos < end)
            {
                byte c = s[pos++];
                if (c == (byte)'"')
                {
                    return new string(chars, 0, n);
                }

                if (c < 0x20)
                {
                    return null;
                }

                if (c != (byte)'\\')
                {
                    chars[n++] = (char)c;
                    continue;
                }

                if (pos >= end)
                {
                    return null;
                }

                byte e = s[pos++];
                if (e == (byte)'u')
                {
                    if (pos + 4 > end)
                    {
                        return null;
                    }

                    int code = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        int d = OpenAmi.P1.Values.HexText.Digit(s[pos++]);
                        if (d < 0)
                        {
                            return null;
                        }

                        code = (code << 4) | d;
                    }

                    chars[n++] = (char)code;
                    continue;
                }

                switch ((char)e)
                {
                    case '"': chars[n++] = '"'; break;
                    case '\\': chars[n++] = '\\'; break;
                    case '/': chars[n++] = '/'; break;
                    case 'b': chars[n++] = '\b'; break;
                    case 'f': chars[n++] = '\f'; break;
                    case 'n': chars[n++] = '\n'; break;
                    case 'r': chars[n++] = '\r'; break;
                    case 't': chars[n++] = '\t'; break;
                    default: return null;
                }
            }

            return null;
        }

        private static bool Literal(byte[] s, ref int pos, int end, string word)
        {
            if (pos + word.Length > end)
            {
                return false;
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (s[pos + i] != (byte)word[i])
                {
                    return false;
                }
            }

            pos += word.Length;
            return true;
        }

        private static void SkipSpace(byte[] s, ref int pos, int end)
        {
            while (pos < end && (s[pos] == (byte)' ' || s[pos] == (byte)'\t' || s[pos] == (byte)'\r' || s[pos] == (byte)'\n'))
            {
                pos++;
            }
        }
    }
}
