namespace OpenAmi.P1.Parsing
{
    /// <summary>Why a line of a telegram was skipped; the rest of the telegram is kept.</summary>
    public enum ParseError
    {
        /// <summary>Not a line error.</summary>
        None = 0,

        /// <summary>The line does not start with a readable OBIS code.</summary>
        MalformedObis = 1,

        /// <summary>A "(" without its ")".</summary>
        UnclosedGroup = 2,

        /// <summary>Text between or after the value groups.</summary>
        UnexpectedText = 3,

        /// <summary>An OBIS code with no value group.</summary>
        NoValue = 4,

        /// <summary>A continuation line "(...)" before any object.</summary>
        OrphanContinuation = 5,

        /// <summary>More objects than the telegram store holds.</summary>
        TooManyObjects = 6,

        /// <summary>More value groups than the telegram store (or one object) holds.</summary>
        TooManyGroups = 7,
    }
}
