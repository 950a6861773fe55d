using OpenAmi.Outbox;

namespace OpenAmi.Commands
{
    /// <summary>
    /// The session grants the gateway holds: one record per session id, with the newest signed grant of that
    /// session (which may be a revocation) and how long the record must be kept. Each record is its own small
    /// blob, so a grant costs one blob write and the buffer is one grant long.
    /// </summary>
    /// <remarks>
    /// A grant with the same session id and a higher counter replaces the one held; <c>"revoked":true</c> ends
    /// the session. The record of a session stays until the latest validTo of every grant of it the gateway has
    /// seen, whatever the replacing grant's own validTo: otherwise a revocation that expires first would let the
    /// revoked grant be accepted again. A record that must stay is never evicted for another session: a full store
    /// refuses (<see cref="Full"/>). Nothing is judged expired while the clock is untrusted.
    /// </remarks>
    public sealed class GrantStore
    {
        public const int Capacity = 8;

        // Check results.
        public const int Covered = 0;
        public const int NoneActive = 1;
        public const int NotCovered = 2;

        // Offer results.
        public const int Taken = 0;
        public const int AlreadyHeld = 1;
        public const int Stale = 2;
        public const int Full = 3;
        public const int Expired = 4;

        // Blob: 'G' '1', keep-until (8), token length (2), the signed message, CRC-32 of all before it (4).
        public const int TokenOffset = 12;

        /// <summary>Bytes of the largest record blob: the size of the scratch buffer the owner gives.</summary>
        public const int BlobLength = TokenOffset + SignedMessage.MaxLength + 4;

        private static readonly string[] BlobNames = { "grant0", "grant1", "grant2", "grant3", "grant4", "grant5", "grant6", "grant7" };

        private readonly IBlobStore _store;
        private readonly byte[] _buffer;
        private readonly SessionGrant[] _grants = new SessionGrant[Capacity];
        private readonly long[] _keepUntil = new long[Capacity];
        private readonly uint[] _tokenCrc = new uint[Capacity];
        private bool _writeFailed;

        /// <summary><paramref name="scratch"/> (at least <see cref="BlobLength"/> bytes) is the owner's, shared, used only during a call.</summary>
        public GrantStore(IBlobStore store, byte[] scratch)
        {
            _store = store;
            _buffer = scratch;
        }

        /// <summary>The shared buffer; after <see cref="Read"/> it holds the record's signed message at <see cref="TokenOffset"/>.</summary>
        public byte[] Scratch
        {
            get { return _buffer; }
        }

        /// <summary>Session records held: grants, and revoked or replaced sessions kept so they cannot come back.</summary>
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

        /// <summary>
        /// Takes a verified grant whose signed message is bytes [offset, offset+length) of <paramref name="token"/>.
        /// Returns <see cref="Taken"/>; <see cref="AlreadyHeld"/> for the very message held (a retained grant
        /// delivered again); <see cref="Stale"/> for an older (or a different, same-counter) grant of a session
        /// held; <see cref="Expired"/> for a new session already over; <see cref="Full"/> when every record must stay.
        /// </summary>
        public int Offer(SessionGrant grant, byte[] token, int offset, int length, long now, bool trusted)
        {
            uint crc = Crc32.Compute(token, offset, length);
            int slot = Find(grant.SessionId);
            if (slot >= 0)
            {
                SessionGrant held = _grants[slot];
                if (grant.Counter == held.Counter && crc == _tokenCrc[slot])
                {
                    return AlreadyHeld;
                }

                if (grant.Counter <= held.Counter)
                {
                    // Refused, yet genuine: it would be valid until its validTo, so the session's record stays as long.
                    if (grant.ValidTo > _keepUntil[slot])
                    {
                        _keepUntil[slot] = grant.ValidTo;
                        Rewrite(slot);
                    }

                    return Stale;
                }

                long keep = grant.ValidTo > _keepUntil[slot] ? grant.ValidTo : _keepUntil[slot];
                Put(slot, grant, keep, crc);
                Write(slot, token, offset, length);
                return Taken;
            }

            if (trusted && grant.ValidTo <= now)
            {
                return Expired;
            }

            if (trusted)
            {
                Purge(now);
            }

            for (int i = 0; i < Capacity; i++)
            {
                if (_grants[i] == null)
                {
                    Put(i, grant, grant.ValidTo, crc);
                    Write(i, token, offset, length);
                    return Taken;
                }
            }

            return Full;
        }

        /// <summary>Whether an active grant covers <paramref name="meterSerial"/> for <paramref name="operation"/>.</summary>
        public int Check(string meterSerial, string operation, long now)
        {
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
                    return Covered;
                }
            }

            return anyActive ? NotCovered : NoneActive;
        }

        /// <summary>Forgets the records that need not stay any longer (call with a trusted clock only).</summary>
        public void Purge(long now)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_grants[i] != null && _keepUntil[i] <= now)
                {
                    _grants[i] = null;
                }
            }
        }

        /// <summary>
        /// Reads record <paramref name="slot"/> at start: its signed message is then bytes [<see cref="TokenOffset"/>,
        /// +length) of the scratch buffer, for the owner to verify again. Returns the length, 0 when there is none
        /// or it is damaged.
        /// </summary>
        public int Read(int slot, out long keepUntil)
        {
            keepUntil = 0;
            byte[] b = _buffer;
            int n;
            try
            {
                n = _store.Read(BlobNames[slot], b);
            }
            catch (System.Exception)
            {
                return 0;
            }

            if (n < TokenOffset + 4 || b[0] != (byte)'G' || b[1] != (byte)'1')
            {
                return 0;
            }

            int length = b[10] | (b[11] << 8);
            if (length == 0 || TokenOffset + length + 4 != n || (uint)LittleEndian.ReadInt32(b, n - 4) != Crc32.Compute(b, 0, n - 4))
            {
                return 0;
            }

            keepUntil = LittleEndian.ReadInt64(b, 2);
            return length;
        }

        /// <summary>Holds the verified grant read by <see cref="Read"/> from <paramref name="slot"/>.</summary>
        public void Restore(int slot, SessionGrant grant, long keepUntil, int length)
        {
            long keep = keepUntil > grant.ValidTo ? keepUntil : grant.ValidTo;
            int other = Find(grant.SessionId);
            if (other >= 0)
            {
                // Two records of one session (one was forgotten, then the session came again): the newer grant
                // stays, kept as long as either had to be.
                keep = _keepUntil[other] > keep ? _keepUntil[other] : keep;
                if (_grants[other].Counter >= grant.Counter)
                {
                    _keepUntil[other] = keep;
                    return;
                }

                _grants[other] = null;
            }

            Put(slot, grant, keep, Crc32.Compute(_buffer, TokenOffset, length));
        }

        /// <summary>True when a blob write failed since the last call (the record then lives in memory only).</summary>
        public bool TakeWriteFailure()
        {
            bool failed = _writeFailed;
            _writeFailed = false;
            return failed;
        }

        private int Find(string sessionId)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (_grants[i] != null && _grants[i].SessionId == sessionId)
                {
                    return i;
                }
            }

            return -1;
        }

        private void Put(int slot, SessionGrant grant, long keepUntil, uint crc)
        {
            _grants[slot] = grant;
            _keepUntil[slot] = keepUntil;
            _tokenCrc[slot] = crc;
        }

        private void Write(int slot, byte[] token, int offset, int length)
        {
            System.Array.Copy(token, offset, _buffer, TokenOffset, length);
            Seal(slot, length);
        }

        // A longer keep-until for the message already stored: read it back, change the header, write it again.
        private void Rewrite(int slot)
        {
            long ignored;
            int length = Read(slot, out ignored);
            if (length > 0)
            {
                Seal(slot, length);
            }
            else
            {
                _writeFailed = true;
            }
        }

        private void Seal(int slot, int length)
        {
            byte[] b = _buffer;
            b[0] = (byte)'G';
            b[1] = (byte)'1';
            LittleEndian.WriteInt64(b, 2, _keepUntil[slot]);
            b[10] = (byte)length;
            b[11] = (byte)(length >> 8);
            int end = TokenOffset + length;
            LittleEndian.WriteInt32(b, end, (int)Crc32.Compute(b, 0, end));
            try
            {
                _store.Write(BlobNames[slot], b, end + 4);
            }
            catch (System.Exception)
            {
                _writeFailed = true;
            }
        }
    }
}
