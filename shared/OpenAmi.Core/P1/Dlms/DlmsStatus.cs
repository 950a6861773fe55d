namespace OpenAmi.P1.Dlms
{
    /// <summary>Outcome of one DLMS general-global-ciphering frame (words for it: <see cref="DlmsStatusText"/>).</summary>
    public enum DlmsStatus
    {
        /// <summary>Tag verified, plaintext handed to the P1 framer.</summary>
        Decrypted = 0,

        /// <summary>An encrypted frame arrived but no key is configured.</summary>
        NoKey = 1,

        /// <summary>The GCM tag did not match: wrong key, wrong AAD, or a corrupted frame. Nothing was parsed.</summary>
        TagMismatch = 2,

        /// <summary>The security control byte does not ask for authentication, so there is no tag to verify.</summary>
        Unauthenticated = 3,

        /// <summary>The header does not have the general-global-ciphering layout.</summary>
        Malformed = 4,

        /// <summary>The frame is longer than the buffer (dropped).</summary>
        TooLong = 5,
    }
}
