namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// Why a telegram line was set aside. A bad line is reported and skipped; the rest of the telegram is kept.
    /// </summary>
    public static class ParseError
    {
        /// <summary>The line does not start with an OBIS code A-B:C.D.E (or has a group above 255).</summary>
        public const int MalformedObis = 1;

        /// <summary>A "(" has no ")" on the same line.</summary>
        public const int UnclosedGroup = 2;

        /// <summary>Text after the OBIS code or between groups that is not a "(...)" group.</summary>
        public const int UnexpectedText = 3;

        /// <summary>An OBIS code with no value group at all.</summary>
        public const int NoValue = 4;

        /// <summary>A continuation line "(...)" with no object before it.</summary>
        public const int OrphanContinuation = 5;

        /// <summary>The telegram has more objects than the telegram store holds.</summary>
        public const int TooManyObjects = 6;

        /// <summary>The telegram has more value groups than the telegram store holds.</summary>
        public const int TooManyGroups = 7;

        /// <summary>A short English description of an error code, for logs and tools.</summary>
        public static string Describe(int code)
        {
            switch (code)
            {
                case MalformedObis: return "malformed OBIS code";
                case UnclosedGroup: return "unclosed value group";
                case UnexpectedText: return "unexpected text outside value groups";
                case NoValue: return "OBIS code without a value";
                case OrphanContinuation: return "continuation line without an object";
                case TooManyObjects: return "too many objects in telegram";
                case TooManyGroups: return "too many value groups in telegram";
                default: return "unknown error";
            }
        }
    }
}
