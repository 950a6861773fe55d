namespace OpenAmi.Outbox
{
    /// <summary>
    /// How an <see cref="IRecordStore"/> reports a failed operation: a <see cref="StorageFault"/> code and the
    /// platform's own words for the operator. The outbox catches it (and, as <see cref="StorageFault.Io"/>, any other
    /// exception a store lets through), so a failing store never stops the gateway.
    /// </summary>
    public sealed class RecordStoreException : System.Exception
    {
        public RecordStoreException(int fault, string message)
            : base(message)
        {
            Fault = fault;
        }

        public RecordStoreException(int fault, string message, System.Exception inner)
            : base(message, inner)
        {
            Fault = fault;
        }

        /// <summary>One of the <see cref="StorageFault"/> codes.</summary>
        public int Fault { get; private set; }
    }
}
