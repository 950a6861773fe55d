namespace OpenAmi.P1.Dlms
{
    /// <summary>Words for <see cref="DlmsStatus"/> in tools and logs (Enum.ToString gives a number on the device).</summary>
    public static class DlmsStatusText
    {
        /// <summary>A short English description, for logs and tools.</summary>
        public static string Describe(DlmsStatus status)
        {
            switch (status)
            {
                case DlmsStatus.Decrypted: return "decrypted";
                case DlmsStatus.NoKey: return "encrypted frame but no key configured";
                case DlmsStatus.TagMismatch: return "GCM tag mismatch (wrong key or AAD, or corrupted frame)";
                case DlmsStatus.Unauthenticated: return "frame not authenticated (no GCM tag to verify)";
                case DlmsStatus.Malformed: return "malformed DLMS header";
                case DlmsStatus.TooLong: return "encrypted frame longer than the buffer";
                default: return "unknown";
            }
        }
    }
}
