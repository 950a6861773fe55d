namespace OpenAmi.Outbox
{
    /// <summary>What an outbox record carries; decides which goes first when the ring is full.</summary>
    public static class MessageKind
    {
        /// <summary>A telemetry envelope: dropped first when the ring is full.</summary>
        public const int Telemetry = 1;

        /// <summary>An event (including command results): kept longest.</summary>
        public const int Event = 2;
    }
}
