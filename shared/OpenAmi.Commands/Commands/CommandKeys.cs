namespace OpenAmi.Commands
{
    /// <summary>
    /// The gateway's command keys: the current one and, during a rotation, the previous one, each named by a key
    /// id (the JWS "kid"). Results are signed with the current key.
    /// </summary>
    public sealed class CommandKeys
    {
        public CommandKeys(string currentId, byte[] current, string previousId, byte[] previous)
        {
            CurrentId = currentId;
            Current = current;
            PreviousId = previousId;
            Previous = previous;
        }

        public string CurrentId { get; private set; }

        public byte[] Current { get; private set; }

        public string PreviousId { get; private set; }

        public byte[] Previous { get; private set; }

        /// <summary>The key named <paramref name="keyId"/>, or null.</summary>
        public byte[] Find(string keyId)
        {
            if (keyId == null)
            {
                return null;
            }

            if (keyId == CurrentId)
            {
                return Current;
            }

            return PreviousId != null && keyId == PreviousId ? Previous : null;
        }
    }
}
