namespace OpenAmi.P1.Parsing
{
    /// <summary>
    /// Where the rows of a profile-generic buffer sit among a telegram's value groups. Row r, column c is group
    /// <c>FirstEntryGroup + r * Columns + c</c>; column 0 is the row's timestamp.
    /// </summary>
    public struct ProfileBuffer
    {
        /// <summary>The count the meter wrote first.</summary>
        public int DeclaredEntries;

        /// <summary>Rows actually present (never more than declared, nor than the groups allow).</summary>
        public int Entries;

        /// <summary>How many OBIS codes the buffer names as captured objects.</summary>
        public int CapturedObjects;

        /// <summary>Groups per row: a timestamp plus one value per captured object.</summary>
        public int Columns;

        /// <summary>Group index of the first captured OBIS code.</summary>
        public int FirstCapturedGroup;

        /// <summary>Group index of row 0, column 0.</summary>
        public int FirstEntryGroup;

        /// <summary>Group index of row <paramref name="row"/>, column <paramref name="column"/>.</summary>
        public int GroupOf(int row, int column)
        {
            return FirstEntryGroup + (row * Columns) + column;
        }
    }
}
