namespace OpenAmi.Commands
{
    /// <summary>
    /// Makes JWS compact HS256 messages: what a head end sends (commands, session grants), built the same way the
    /// gateway checks them. Used by <c>openami sign</c>, the tests and the published test vectors.
    /// </summary>
    public static class MessageSigner
    {
        /// <summary>The JWS of <paramref name="payloadJson"/> signed with <paramref name="key"/> named <paramref name="keyId"/>.</summary>
        public static string Sign(IHmacSha256 hmac, string keyId, byte[] key, string payloadJson)
        {
            byte[] header = OpenAmi.Text.Ascii.GetBytes("{\"alg\":\"HS256\",\"kid\":\"" + keyId + "\"}");
            byte[] payload = OpenAmi.Text.Ascii.GetBytes(payloadJson);
            int length = Base64Url.EncodedLength(header.Length) + 1 + Base64Url.EncodedLength(payload.Length) + 1 + Base64Url.EncodedLength(32);
            byte[] token = new byte[length];
            int n = Base64Url.Encode(header, 0, header.Length, token, 0);
            token[n++] = (byte)'.';
            n += Base64Url.Encode(payload, 0, payload.Length, token, n);
            byte[] mac = new byte[32];
            hmac.Compute(key, token, 0, n, mac);
            token[n++] = (byte)'.';
            n += Base64Url.Encode(mac, 0, 32, token, n);
            return OpenAmi.Text.Ascii.GetString(token, 0, n);
        }
    }
}
