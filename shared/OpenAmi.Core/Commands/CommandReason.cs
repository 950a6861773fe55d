namespace OpenAmi.Commands
{
    /// <summary>Why a command was rejected, as the result event writes it.</summary>
    public static class CommandReason
    {
        public const string BadSignature = "bad_signature";
        public const string Replay = "replay";
        public const string Expired = "expired";
        public const string UntrustedClock = "untrusted_clock";
        public const string NoSession = "no_session";
        public const string OutOfScope = "out_of_scope";
        public const string Unsupported = "unsupported";
        public const string Malformed = "malformed";
    }
}
