namespace OpenAmi.Commands
{
    /// <summary>
    /// Opens a JWS compact message (RFC 7515, HS256): <c>BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(mac)</c>,
    /// where mac = HMAC-SHA256(key, the exact bytes of <c>header "." payload</c> as received). The header names the
    /// key: <c>{"alg":"HS256","kid":"k1"}</c>. The MAC comparison takes the same time wherever it differs.
    /// </summary>
    public sealed class SignedMessage
    {
        public const int Opened = 0;
        public const int Malformed = 1;
        public const int BadSignature = 2;

        /// <summary>Longest message accepted: a command is a few hundred bytes, a grant naming 40 meters about 2 KB.</summary>
        public const int MaxLength = 2048;

        private readonly IHmacSha256 _hmac;
        private readonly byte[] _mac = new byte[32];
        private readonly byte[] _given = new byte[48];
        private readonly byte[] _decoded = new byte[MaxLength * 3 / 4]; // base64url: 3 bytes per 4 characters

        public SignedMessage(IHmacSha256 hmac)
        {
            _hmac = hmac;
        }

        /// <summary>The decoded payload after <see cref="Open"/> returned <see cref="Opened"/>.</summary>
        public JsonValue Payload { get; private set; }

        /// <summary>The key id of the header (null when the header could not be read).</summary>
        public string KeyId { get; private set; }

        /// <summary>
        /// The payload decoded without checking the signature, for the command id of a rejection (never acted on);
        /// null when it cannot be read.
        /// </summary>
        public JsonValue UnverifiedPayload { get; private set; }

        /// <summary>Verifies and decodes bytes [offset, offset+count); returns Opened, Malformed or BadSignature.</summary>
        public int Open(byte[] message, int offset, int count, CommandKeys keys)
        {
            Payload = null;
            UnverifiedPayload = null;
            KeyId = null;
            if (count <= 0 || count > MaxLength)
            {
                return Malformed;
            }

            int end = offset + count;
            int firstDot = IndexOf(message, offset, end, (byte)'.');
            int secondDot = firstDot < 0 ? -1 : IndexOf(message, firstDot + 1, end, (byte)'.');
            if (firstDot <= offset || secondDot <= firstDot + 1 || secondDot >= end - 1 || IndexOf(message, secondDot + 1, end, (byte)'.') >= 0)
            {
                return Malformed;
            }

            int n = Base64Url.Decode(message, offset, firstDot - offset, _decoded, 0);
            JsonValue header = n > 0 ? JsonValue.Parse(_decoded, 0, n) : null;
            if (header == null || header.Kind != JsonValue.KindObject || header.StringMember("alg") != "HS256")
            {
                return Malformed;
            }

            KeyId = header.StringMember("kid");
            n = Base64Url.Decode(message, firstDot + 1, secondDot - firstDot - 1, _decoded, 0);
            JsonValue payload = n > 0 ? JsonValue.Parse(_decoded, 0, n) : null;
            if (payload == null || payload.Kind != JsonValue.KindObject)
            {
                return Malformed;
            }

            UnverifiedPayload = payload;
            byte[] key = keys.Find(KeyId);
            int macLength = Base64Url.Decode(message, secondDot + 1, end - secondDot - 1, _given, 0);
            if (key == null || macLength != 32)
            {
                return BadSignature;
            }

            _hmac.Compute(key, message, offset, secondDot - offset, _mac);
            int difference = 0;
            for (int i = 0; i < 32; i++)
            {
                difference |= _mac[i] ^ _given[i];
            }

            if (difference != 0)
            {
                return BadSignature;
            }

            Payload = payload;
            return Opened;
        }

        private static int IndexOf(byte[] data, int from, int end, byte value)
        {
            for (int i = from; i < end; i++)
            {
                if (data[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
