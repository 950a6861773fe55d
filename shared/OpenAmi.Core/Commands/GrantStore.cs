namespace OpenAmi.Commands
{
    /// <summary>
    /// The session grants the gateway holds, kept (as their signed messages) in one blob until they expire. A grant
    /// with the same session id and a higher counter replaces one, which is how a head end revokes.
    /// </summary>
    public sealed class GrantStore
    {
        public const int Capacity = 8;

        public const int Covered = 0;
        public const int NoneActive = 1;
        public const int NotCovered = 2;

        private const string BlobName = "grants";

        private readonly IBlobStore _store;
        private readonly SessionGrant[] _grants = new SessionGrant[Capacity];
        private readonly byte[] _buffer = new byte[Capacity * (SignedMessage.MaxLength + 2) + 4];

        public GrantStore(IBlobStore store)
        {
            _store = store;
        }

        /// <summary>Grants held (active or not yet valid).</summary>
        public int Count
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Capacity; i++)
                {
                    if (_grants[i] != null)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>The signed messages of the stored grants, for the owner to verify again at start.</summary>
        public string[] LoadTokens()
        {
            int n = _store.Read(BlobName, _buffer);
            if (n < 2)
            {
                return new string[0];
            }

            int count = _buffer[0];
            string[] tokens = new string[count];
            int p = 1;
            for (int i = 0; i < count && p + 2 <= n; i++)
            {
                int length = _buffer[p] | (_buffer[p + 1] << 8);
                p += 2;
                if (p + length > n)
                {
                    return new string[0];
                }

                tokens[i] = OpenAmi.Text.Ascii.GetString(_buffer, p, length);
                p += length;
            }

            return tokens;
        }

        /// <summary>
        /// Takes a verified grant: false when a grant with the same session id and an equal or higher counter is
        /// held (a replay). Expired grants make room; the oldest-ending one goes when still full.
        /// </summary>
        public bool Accept(SessionGrant grant, long now)
        {
            int slot = -1;
            for (int i = 0; i < Capacity; i++)
            {
                SessionGrant held = _grants[i];
                if (held != null && held.SessionId == grant.SessionId)
                {
                    if (held.Counter >= grant.Counter)
                    {
                        return false;
                    }

                    slot = i;
                }
            }

            Purge(now);
            if (slot < 0)
            {
                for (int i = 0; i < Capacity && slot < 0; i++)
                {
                    if (_grants[i] == null)
                    {
                        slot = i;
                    }
                }
            }

            if (slot < 0)
            {
                slot = 0;
                for (int i = 1; i < Capacity; i++)
                {
                    if (_grants[i].ValidTo < _grants[slot].ValidTo)
                    {
                        slot = i;
                    }
                }
            }

            _grants[slot] = grant;
            return true;
        }

        /// <summary>Whether an active grant covers <paramref name="meterSerial"/> for <paramref name="operation"/>.</summary>
        public int Check(string meterSerial, string operation, long now, out string sessionId)
        {
            sessionId = null;
            bool anyActive = false;
            for (int i = 0; i < Capacity; i++)
            {
                SessionGrant g = _grants[i];
                if (g == null || !g.IsActive(now))
                {
                    continue;
                }

                anyActive = true;
                if (g.CoversMeter(meterSerial) && g.Allows(operation))
                {
                    sessionId = g.SessionId;
                    return Covered;
                }
            }

            return anyActive ? NotCovered : NoneActive;
        }

        /// <summary>Forgets grants past their validTo.</summary>
        public void Purge(long now)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_grants[i] != null && _grants[i].ValidTo <= now)
                {
                    _grants[i] = null;
                }
            }
        }

        /// <summary>Writes the held grants (one blob write).</summary>
        public void Persist()
        {
            int count = 0;
            int p = 1;
            for (int i = 0; i < Capacity; i++)
            {
                SessionGrant g = _grants[i];
                if (g == null || g.Token == null || g.Token.Length > SignedMessage.MaxLength)
                {
                    continue;
                }

                _buffer[p++] = (byte)g.Token.Length;
                _buffer[p++] = (byte)(g.Token.Length >> 8);
                for (int k = 0; k < g.Token.Length; k++)
                {
                    _buffer[p++] = (byte)g.Token[k];
                }

                count++;
            }

            _buffer[0] = (byte)count;
            _store.Write(BlobName, _buffer, p);
        }
    }
}
