namespace OpenAmi.Commands
{
    /// <summary>
    /// Why a command or a grant was refused, as the signed result writes it. Inside the gateway a reason is a small
    /// code (persisted in the replay state, so the numbers never change); <see cref="Text"/> and
    /// <see cref="Encoded"/> give its wire text.
    /// </summary>
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
        public const string UnknownMeter = "unknown_meter";
        public const string StateLost = "state_lost";
        public const string StoreFull = "store_full";
        public const string StorageFault = "storage_fault";

        /// <summary>The code of "no reason": accepted.</summary>
        public const int None = 0;

        public const int BadSignatureCode = 1;
        public const int ReplayCode = 2;
        public const int ExpiredCode = 3;
        public const int UntrustedClockCode = 4;
        public const int NoSessionCode = 5;
        public const int OutOfScopeCode = 6;
        public const int UnsupportedCode = 7;
        public const int MalformedCode = 8;
        public const int UnknownMeterCode = 9;
        public const int StateLostCode = 10;
        public const int StoreFullCode = 11;
        public const int StorageFaultCode = 12;

        // One past the last code this version knows.
        private const int Count = StorageFaultCode + 1;

        /// <summary>True for a code this version knows.</summary>
        public static bool IsKnown(int code)
        {
            return code >= 0 && code < Count;
        }

        /// <summary>The wire text of <paramref name="code"/>; null for <see cref="None"/> or an unknown code.</summary>
        /// <remarks>A switch, not a table: a static table would sit on the device heap from boot, and reasons are rare.</remarks>
        public static string Text(int code)
        {
            switch (code)
            {
                case BadSignatureCode: return BadSignature;
                case ReplayCode: return Replay;
                case ExpiredCode: return Expired;
                case UntrustedClockCode: return UntrustedClock;
                case NoSessionCode: return NoSession;
                case OutOfScopeCode: return OutOfScope;
                case UnsupportedCode: return Unsupported;
                case MalformedCode: return Malformed;
                case UnknownMeterCode: return UnknownMeter;
                case StateLostCode: return StateLost;
                case StoreFullCode: return StoreFull;
                case StorageFaultCode: return StorageFault;
                default: return null;
            }
        }

        /// <summary>
        /// The wire text of <paramref name="code"/> as ASCII, for the result writer (malformed for an unknown code). Encoded
        /// per answer, like the answer's buffer: answers are rare.
        /// </summary>
        public static byte[] Encoded(int code)
        {
            string text = Text(code);
            return OpenAmi.Text.Ascii.GetBytes(text == null ? Malformed : text);
        }
    }
}
