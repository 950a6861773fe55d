namespace OpenAmi.Outbox
{
    /// <summary>What an outbox record carries; decides which goes first when the ring is full.</summary>
    /// <remarks>The numbers are stored in every record on flash (its third byte): never renumber them.</remarks>
    public enum MessageKind
    {
        /// <summary>A telemetry envelope: dropped first when the ring is full.</summary>
        Telemetry = 1,

        /// <summary>An event (including command results): kept longest.</summary>
        Event = 2,
    }
}
