namespace OpenAmi.P1.Dlms
{
    /// <summary>Outcome of one DLMS general-global-ciphering frame.</summary>
    public static class DlmsStatus
    {
        /// <summary>Tag verified, plaintext handed to the P1 framer.</summary>
        public const int Decrypted = 0;

        /// <summary>An encrypted frame arrived but no key is configured.</summary>
        public const int NoKey = 1;

        /// <summary>The GCM tag did not match: wrong key, wrong AAD, or a corrupted frame. Nothing was parsed.</summary>
        public const int TagMismatch = 2;

        /// <summary>The security control byte does not ask for authentication, so there is no tag to verify.</summary>
        public const int Unauthenticated = 3;

        /// <summary>The header does not have the general-global-ciphering layout.</summary>
        public const int Malformed = 4;

        /// <summary>The frame is longer than the buffer (dropped).</summary>
        public const int TooLong = 5;

        /// <summary>A short English description, for logs and tools.</summary>
        public static string Describe(int status)
        {
            switch (status)
            {
                case Decrypted: return "decrypted";
                case NoKey: return "encrypted frame but no key configured";
                case TagMismatch: return "GCM tag mismatch (wrong key or AAD, or corrupted frame)";
                case Unauthenticated: return "frame not authenticated (no GCM tag to verify)";
                case Malformed: return "malformed DLMS header";
                case TooLong: return "encrypted frame longer than the buffer";
                default: return "unknown";
            }
        }
    }
}
