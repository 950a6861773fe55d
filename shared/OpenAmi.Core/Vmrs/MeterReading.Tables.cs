namespace OpenAmi.Vmrs
{
    /// <summary>The entry tables themselves, for the envelope writer.</summary>
    public sealed partial class MeterReading
    {
        // ---- the tables themselves, entries [0, Count), for the envelope writer ----
        // On the interpreter every getter below is a call (about 700 host instructions) and an entry took a dozen of them;
        // the writer fetches these once per envelope and reads the rows with plain array loads.

        internal long[] NameTable
        {
            get { return _name; }
        }

        internal long[] MantissaTable
        {
            get { return _mantissa; }
        }

        internal byte[] ScaleTable
        {
            get { return _scale; }
        }

        internal byte[] KindTable
        {
            get { return _kind; }
        }

        internal byte[] UnitTable
        {
            get { return _unit; }
        }

        internal byte[] QualityTable
        {
            get { return _quality; }
        }

        internal byte[] FlagTable
        {
            get { return _flags; }
        }
    }
}
