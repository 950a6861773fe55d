namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// Turns console bytes into command lines: CR or LF ends a line, backspace edits, a line longer than the
    /// buffer is dropped whole rather than run cut short.
    /// </summary>
    public sealed class ConsoleLineReader
    {
        private readonly char[] _line = new char[240];
        private int _length;
        private bool _overflow;

        /// <summary>Feeds one byte; returns the finished line, or null while a line is still being typed.</summary>
        public string Feed(byte b)
        {
            if (b == '\r' || b == '\n')
            {
                if (_length == 0 && !_overflow)
                {
                    return null;
                }

                string line = _overflow ? "" : new string(_line, 0, _length);
                _length = 0;
                _overflow = false;
                return line;
            }

            if (b == 8 || b == 127)
            {
                if (_length > 0)
                {
                    _length--;
                }

                return null;
            }

            if (b < 32 || b > 126)
            {
                return null;
            }

            if (_length == _line.Length)
            {
                _overflow = true;
            }
            else
            {
                _line[_length++] = (char)b;
            }

            return null;
        }
    }
}
