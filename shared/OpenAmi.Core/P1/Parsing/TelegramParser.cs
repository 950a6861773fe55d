using OpenAmi.P1.Framing;
using OpenAmi.P1.Obis;
using OpenAmi.P1.Values;

namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// Parses a framed P1 telegram in place, one forward pass over the bytes, into a reused <see cref="Telegram"/>.
    /// Each line stands alone: a malformed line is recorded as an error and skipped, the rest is kept.
    /// Unknown OBIS codes are kept like known ones; knowing them is the catalog's job, not the parser's.
    /// </summary>
    /// <remarks>
    /// Written for an interpreter, where every IL operation costs: each byte is looked at about once (a group is
    /// classified while its closing parenthesis is sought), a line's end is found only when a line goes wrong, and
    /// values are not converted here at all (the telegram reads them from the text when asked).
    /// </remarks>
    public static class TelegramParser
    {
        private const byte Cr = 13;
        private const byte Lf = 10;

        /// <summary>
        /// Parses frame bytes [0, <paramref name="length"/>) of <paramref name="frame"/> into <paramref name="telegram"/>.
        /// The frame starts with '/' and ends with '!' as <see cref="P1Framer"/> delivers it; a trailing '!' is
        /// optional. Never throws on content.
        /// </summary>
        public static void Parse(byte[] frame, int length, CrcStatus crc, bool wasEncrypted, Telegram telegram)
        {
            telegram.Begin(frame, length, crc, wasEncrypted);

            int end = length;
            if (end > 0 && frame[end - 1] == (byte)'!')
            {
                end--;
            }

            // Identification line: '/' up to the first line end.
            int pos = 0;
            while (pos < end)
            {
                byte h = frame[pos];
                if (h == Cr || h == Lf)
                {
                    break;
                }

                pos++;
            }

            telegram.SetHeaderLength(pos);

            while (pos < end)
            {
                byte b = frame[pos];
                if (b == Cr || b == Lf || b == (byte)' ' || b == (byte)'\t')
                {
                    pos++;
                    continue;
                }

                pos = b == (byte)'(' ? ParseContinuation(frame, pos, end, telegram) : ParseObject(frame, pos, end, telegram);
            }
        }

        // "A-B:C.D.E(...)(...)": returns where the next line starts.
        private static int ParseObject(byte[] frame, int start, int end, Telegram telegram)
        {
            long key;
            int codeEnd = ObisText.ReadLineKey(frame, start, end, out key);
            if (key < 0)
            {
                return Fail(frame, start, codeEnd, end, ParseError.MalformedObis, telegram);
            }

            if (!telegram.AddObject(key, start))
            {
                return Fail(frame, start, codeEnd, end, ParseError.TooManyObjects, telegram);
            }

            int groupsBefore = telegram.GroupCountTotal;
            int next;
            ParseError error = ParseGroups(frame, codeEnd, end, telegram, out next);
            if (error == ParseError.None && telegram.GroupCountTotal == groupsBefore)
            {
                error = ParseError.NoValue;
            }

            if (error != ParseError.None)
            {
                telegram.TruncateGroups(groupsBefore, 0);
                telegram.RemoveLastObject();
                return Fail(frame, start, error == ParseError.NoValue ? codeEnd : next, end, error, telegram);
            }

            return next;
        }

        // DSMR 2.2/3 put the gas reading on its own line after 0-n:24.3.0: a "(...)" line continues the last object.
        private static int ParseContinuation(byte[] frame, int start, int end, Telegram telegram)
        {
            if (telegram.ObjectCount == 0)
            {
                return Fail(frame, start, start, end, ParseError.OrphanContinuation, telegram);
            }

            int groupsBefore = telegram.GroupTotal;
            int countBefore = telegram.GetGroupCount(telegram.ObjectCount - 1);
            int next;
            ParseError error = ParseGroups(frame, start, end, telegram, out next);
            if (error != ParseError.None)
            {
                telegram.TruncateGroups(groupsBefore, countBefore);
                return Fail(frame, start, next, end, error, telegram);
            }

            return next;
        }

        /// <summary>
        /// Reads "(..)(..)" groups, blanks allowed between them, to the end of the line; <paramref name="next"/> is
        /// where the next line starts (or, on an error, where reading stopped).
        /// </summary>
        private static ParseError ParseGroups(byte[] frame, int pos, int end, Telegram telegram, out int next)
        {
            while (pos < end)
            {
                byte b = frame[pos];
                if (b == (byte)' ' || b == (byte)'\t' || b == Cr)
                {
                    pos++;
                    continue;
                }

                if (b == Lf)
                {
                    next = pos + 1;
                    return ParseError.None;
                }

                if (b != (byte)'(')
                {
                    next = pos;
                    return ParseError.UnexpectedText;
                }

                int close = ReadGroup(frame, pos + 1, end, telegram);
                if (close == int.MinValue)
                {
                    next = pos;
                    return ParseError.TooManyGroups;
                }

                if (close < 0)
                {
                    next = -close - 1;
                    return ParseError.UnclosedGroup;
                }

                pos = close + 1;
            }

            next = end;
            return ParseError.None;
        }

        /// <summary>
        /// Classifies the group starting at <paramref name="start"/> by its shape while seeking its ')', and adds it.
        /// Returns the position of the ')'; -(position + 1) when the line ends first; int.MinValue when the store is full.
        /// </summary>
        private static int ReadGroup(byte[] frame, int start, int end, Telegram telegram)
        {
            int i = start;
            byte c = i < end ? frame[i] : Lf;
            bool negative = c == (byte)'-';
            if (negative)
            {
                i++;
            }

            // The number part: digits with at most one point (digits are counted from the positions afterwards).
            int first = i;
            int dot = -1;
            while (i < end)
            {
                c = frame[i];
                if (c < (byte)'0' || c > (byte)'9')
                {
                    if (c != (byte)'.' || dot >= 0)
                    {
                        break;
                    }

                    dot = i;
                }

                i++;
            }

            int digits = i - first - (dot < 0 ? 0 : 1);
            bool number = digits > 0 && digits <= P1NumberText.MaxDigits && (dot < 0 || i - dot - 1 <= P1Decimal.MaxScale);
            P1ValueKind kind;
            if (i >= end)
            {
                return -end - 1;
            }

            if (c == (byte)')')
            {
                kind = number ? P1ValueKind.Number : (i == start ? P1ValueKind.Empty : P1ValueKind.Text);
            }
            else if (c == (byte)'*' && number)
            {
                kind = P1ValueKind.Number;
            }
            else if (digits == 12 && i - start == 12 && i + 1 < end && frame[i + 1] == (byte)')' && IsSeasonLetter(c))
            {
                kind = P1ValueKind.Timestamp;
            }
            else if (c == (byte)'-' && digits > 0 && !negative)
            {
                kind = P1ValueKind.ObisReference; // confirmed below, once the group's end is known
            }
            else
            {
                kind = P1ValueKind.Text;
            }

            // The rest of the group up to its ')'; a group never spans lines.
            while (c != (byte)')')
            {
                if (c == Lf || ++i >= end)
                {
                    return -i - 1;
                }

                c = frame[i];
            }

            long reference;
            if (kind == P1ValueKind.ObisReference && !ObisText.TryReadKey(frame, start, i - start, out reference))
            {
                kind = P1ValueKind.Text;
            }

            return telegram.AddGroup(start, i - start, kind) ? i : int.MinValue;
        }

        // Records the bad line from start to its end and returns where the next line starts.
        private static int Fail(byte[] frame, int start, int from, int end, ParseError error, Telegram telegram)
        {
            int lineEnd = from < start ? start : from;
            while (lineEnd < end && frame[lineEnd] != Lf)
            {
                lineEnd++;
            }

            int contentEnd = lineEnd;
            while (contentEnd > start && (frame[contentEnd - 1] == Cr || frame[contentEnd - 1] == (byte)' ' || frame[contentEnd - 1] == (byte)'\t'))
            {
                contentEnd--;
            }

            telegram.AddError(error, start, contentEnd - start);
            return lineEnd < end ? lineEnd + 1 : end;
        }

        private static bool IsSeasonLetter(byte b)
        {
            return b == (byte)'S' || b == (byte)'W' || b == (byte)'s' || b == (byte)'w';
        }
    }
}
