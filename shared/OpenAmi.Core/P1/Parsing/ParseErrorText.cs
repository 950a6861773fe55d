namespace OpenAmi.P1.Parsing
{
    /// <summary>Words for <see cref="ParseError"/> in tools and logs (Enum.ToString gives a number on the device).</summary>
    public static class ParseErrorText
    {
        public static string Describe(ParseError error)
        {
            switch (error)
            {
                case ParseError.MalformedObis: return "malformed OBIS code";
                case ParseError.UnclosedGroup: return "unclosed value group";
                case ParseError.UnexpectedText: return "unexpected text outside value groups";
                case ParseError.NoValue: return "OBIS code without a value";
                case ParseError.OrphanContinuation: return "continuation line without an object";
                case ParseError.TooManyObjects: return "too many objects in telegram";
                case ParseError.TooManyGroups: return "too many value groups in telegram";
                default: return "unknown error";
            }
        }
    }
}
