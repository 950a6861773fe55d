namespace OpenAmi.Han.Framing
{
    /// <summary>What a HAN link-layer framer found when its <c>Feed</c> returned early.</summary>
    public static class LinkResult
    {
        /// <summary>All bytes taken; nothing finished yet.</summary>
        public const int None = 0;

        /// <summary>A whole message (every segment, checks passed) is in the buffer.</summary>
        public const int Message = 1;

        /// <summary>A frame failed its check (see the framer's <c>BadReason</c>); the message it belonged to is dropped.</summary>
        public const int BadFrame = 2;

        /// <summary>Why a frame was bad.</summary>
        public const int BadCheck = 1;

        /// <summary>The HDLC header check (HCS) failed, so the length cannot be trusted.</summary>
        public const int BadHeader = 2;

        /// <summary>The HDLC closing flag or the M-Bus stop byte is missing.</summary>
        public const int MissingEnd = 3;

        /// <summary>The message is longer than the buffer.</summary>
        public const int Overflow = 4;

        /// <summary>A segment arrived out of order or a sequence was cut off: the message is incomplete.</summary>
        public const int Incomplete = 5;

        /// <summary>The stream ended inside a frame.</summary>
        public const int Truncated = 6;

        /// <summary>A short English description of a bad-frame reason, for logs and tools.</summary>
        public static string Describe(int reason)
        {
            switch (reason)
            {
                case BadCheck: return "frame check failed (FCS or checksum)";
                case BadHeader: return "header check (HCS) failed";
                case MissingEnd: return "closing flag or stop byte missing";
                case Overflow: return "message longer than the buffer";
                case Incomplete: return "segment missing or out of order";
                case Truncated: return "stream ended inside a frame";
                default: return "bad frame";
            }
        }
    }
}
