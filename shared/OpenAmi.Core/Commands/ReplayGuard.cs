using OpenAmi.Outbox;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Replay protection for commands: a monotonic counter with a 64-wide window (a command may arrive a little
    /// out of order, never twice), and the results of the last command ids, so a QoS 1 redelivery is answered again
    /// without acting again. Persisted, in one small blob write, before the gateway acts.
    /// </summary>
    public sealed class ReplayGuard
    {
        public const int Window = 64;
        public const int RecentIds = 16;
        private const string BlobName = "replay";

        private static readonly string[] Reasons =
        {
            null, CommandReason.BadSignature, CommandReason.Replay, CommandReason.Expired, CommandReason.UntrustedClock,
            CommandReason.NoSession, CommandReason.OutOfScope, CommandReason.Unsupported, CommandReason.Malformed,
        };

        private readonly IBlobStore _store;
        private readonly string[] _ids = new string[RecentIds];
        private readonly string[] _reasons = new string[RecentIds];
        private readonly byte[] _buffer = new byte[1024];
        private long _highest;
        private ulong _seen; // bit k: counter (highest - k) was used
        private int _next;

        public ReplayGuard(IBlobStore store)
        {
            _store = store;
            Load();
        }

        /// <summary>The highest counter accepted so far.</summary>
        public long Highest
        {
            get { return _highest; }
        }

        /// <summary>True when <paramref name="counter"/> is new: above the highest, or inside the window and unused.</summary>
        public bool IsFresh(long counter)
        {
            if (counter <= 0)
            {
                return false;
            }

            if (counter > _highest)
            {
                return true;
            }

            long age = _highest - counter;
            return age < Window && (_seen & (1UL << (int)age)) == 0;
        }

        /// <summary>Marks <paramref name="counter"/> used (call only when <see cref="IsFresh"/>).</summary>
        public void MarkUsed(long counter)
        {
            if (counter > _highest)
            {
                long shift = counter - _highest;
                _seen = shift >= Window ? 0 : _seen << (int)shift;
                _highest = counter;
                _seen |= 1;
            }
            else
            {
                _seen |= 1UL << (int)(_highest - counter);
            }
        }

        /// <summary>Index of a recent command id, or -1.</summary>
        public int FindRecent(string commandId)
        {
            for (int i = 0; i < RecentIds; i++)
            {
                if (_ids[i] != null && _ids[i] == commandId)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The reason a recent command was rejected, or null when it was accepted.</summary>
        public string RecentReason(int index)
        {
            return _reasons[index];
        }

        /// <summary>Remembers the outcome of a command id (accepted when <paramref name="reason"/> is null).</summary>
        public void Remember(string commandId, string reason)
        {
            _ids[_next] = commandId;
            _reasons[_next] = reason;
            _next = (_next + 1) % RecentIds;
        }

        /// <summary>Writes the state: one blob write.</summary>
        public void Persist()
        {
            byte[] b = _buffer;
            int p = 0;
            b[p++] = (byte)'R';
            b[p++] = (byte)'W';
            p = PutLong(b, p, _highest);
            p = PutLong(b, p, (long)_seen);
            b[p++] = (byte)_next;
            for (int i = 0; i < RecentIds; i++)
            {
                string id = _ids[i] ?? string.Empty;
                b[p++] = (byte)id.Length;
                for (int k = 0; k < id.Length; k++)
                {
                    b[p++] = (byte)id[k];
                }

                b[p++] = (byte)ReasonIndex(_reasons[i]);
            }

            uint crc = Crc32.Compute(b, 0, p);
            p = PutLong(b, p, crc);
            _store.Write(BlobName, b, p - 4);
        }

        private void Load()
        {
            int n = _store.Read(BlobName, _buffer);
            byte[] b = _buffer;
            if (n < 19 || b[0] != (byte)'R' || b[1] != (byte)'W' || (uint)GetLong(b, n - 4) != Crc32.Compute(b, 0, n - 4))
            {
                return; // a fresh gateway, or a damaged blob: counters start over and the head end's counter is higher anyway
            }

            int p = 2;
            _highest = GetLong(b, p);
            _seen = (ulong)GetLong(b, p + 8);
            p += 16;
            _next = b[p++] % RecentIds;
            for (int i = 0; i < RecentIds && p < n - 4; i++)
            {
                int length = b[p++];
                char[] chars = new char[length];
                for (int k = 0; k < length; k++)
                {
                    chars[k] = (char)b[p++];
                }

                _ids[i] = length == 0 ? null : new string(chars);
                int reason = b[p++];
                _reasons[i] = reason < Reasons.Length ? Reasons[reason] : CommandReason.Malformed;
            }
        }

        private static int ReasonIndex(string reason)
        {
            for (int i = 1; i < Reasons.Length; i++)
            {
                if (Reasons[i] == reason)
                {
                    return i;
                }
            }

            return 0;
        }

        // 8 bytes for counters, 4 for the CRC (the caller trims): little endian.
        private static int PutLong(byte[] b, int p, long v)
        {
            for (int i = 0; i < 8; i++)
            {
                b[p + i] = (byte)(v >> (8 * i));
            }

            return p + 8;
        }

        private static long GetLong(byte[] b, int p)
        {
            long v = 0;
            for (int i = 7; i >= 0; i--)
            {
                v = (v << 8) | (p + i < b.Length ? b[p + i] : (byte)0);
            }

            return v;
        }
    }
}
