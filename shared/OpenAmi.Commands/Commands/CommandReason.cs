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

        // Indexed by code; slot 0 (accepted) has no text ("", not string.Empty, which reads as null here on nanoCLR).
        private static readonly string[] Texts =
        {
            "", BadSignature, Replay, Expired, UntrustedClock, NoSession, OutOfScope, Unsupported, Malformed,
            UnknownMeter, StateLost, StoreFull, StorageFault,
        };

        private static readonly byte[][] Bytes = Encode();

        /// <summary>True for a code this version knows.</summary>
        public static bool IsKnown(int code)
        {
            return code >= 0 && code < Texts.Length;
        }

        /// <summary>The wire text of <paramref name="code"/>; null for <see cref="None"/> or an unknown code.</summary>
        public static string Text(int code)
        {
            return code > 0 && code < Texts.Length ? Texts[code] : null;
        }

        /// <summary>The wire text of <paramref name="code"/> as pre-encoded ASCII, for the result writer.</summary>
        public static byte[] Encoded(int code)
        {
            return Bytes[code > 0 && code < Texts.Length ? code : MalformedCode];
        }

        private static byte[][] Encode()
        {
            byte[][] bytes = new byte[Texts.Length][];
            for (int i = 0; i < Texts.Length; i++)
            {
                bytes[i] = OpenAmi.Text.Ascii.GetBytes(Texts[i]);
            }

            return bytes;
        }
    }
}
