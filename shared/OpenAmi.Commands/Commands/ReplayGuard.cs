using OpenAmi.Outbox;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Replay protection for commands: a monotonic counter with a 64-wide window (a command may arrive a little
    /// out of order, never twice), the outcomes of the last command ids, so a QoS 1 redelivery is answered again
    /// without acting again, and a floor: commands issued at or before it are refused. Persisted, in one small
    /// blob write of a fixed size, before the gateway acts.
    /// </summary>
    /// <remarks>
    /// A state that cannot be read (first start, blob missing or damaged) is not "all counters zero": the gateway
    /// cannot know which commands it already ran. It stays <see cref="IsEstablished"/> false until the owner sets a
    /// floor (<see cref="Establish"/>) that no command seen before the loss can pass.
    /// </remarks>
    public sealed class ReplayGuard
    {
        public const int Window = 64;
        public const int RecentIds = 16;

        /// <summary>Longest command id remembered; longer ones are malformed.</summary>
        public const int MaxIdLength = 64;

        // 'R' '2', highest, seen, floor, next; per recent id: length, MaxIdLength bytes, outcome; CRC-32.
        private const int HeaderLength = 2 + 8 + 8 + 8 + 1;
        private const int EntryLength = 1 + MaxIdLength + 1;

        /// <summary>Bytes of the persisted state, always the same.</summary>
        public const int StateLength = HeaderLength + (RecentIds * EntryLength) + 4;

        private const string BlobName = "replay";

        private readonly IBlobStore _store;
        private readonly byte[] _buffer;
        private readonly byte[] _ids = new byte[RecentIds * MaxIdLength];
        private readonly byte[] _idLengths = new byte[RecentIds];
        private readonly byte[] _outcomes = new byte[RecentIds];
        private long _highest;
        private ulong _seen; // bit k: counter (highest - k) was used
        private long _floor;
        private int _next;

        /// <summary>
        /// Loads the state. <paramref name="scratch"/> (at least <see cref="StateLength"/> bytes) is the caller's,
        /// shared with others; it is used only during a call.
        /// </summary>
        public ReplayGuard(IBlobStore store, byte[] scratch)
        {
            _store = store;
            _buffer = scratch;
            Load();
        }

        /// <summary>False until the state was read intact or re-established: then no command may pass.</summary>
        public bool IsEstablished { get; private set; }

        /// <summary>The highest counter accepted so far.</summary>
        public long Highest
        {
            get { return _highest; }
        }

        /// <summary>Commands issued (iat) at or before this time, seconds since 1970, are refused.</summary>
        public long Floor
        {
            get { return _floor; }
        }

        /// <summary>
        /// Starts a new state after a loss: counters empty, and every command issued at or before
        /// <paramref name="floor"/> refused from now on, because it may have been run before the loss.
        /// </summary>
        public void Establish(long floor)
        {
            _highest = 0;
            _seen = 0;
            _next = 0;
            for (int i = 0; i < RecentIds; i++)
            {
                _idLengths[i] = 0;
            }

            _floor = floor;
            IsEstablished = true;
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
            int length = commandId.Length;
            for (int i = 0; i < RecentIds; i++)
            {
                if (_idLengths[i] != length || length == 0)
                {
                    continue;
                }

                int at = i * MaxIdLength;
                int k = 0;
                while (k < length && _ids[at + k] == commandId[k])
                {
                    k++;
                }

                if (k == length)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The outcome of a recent command: <see cref="CommandReason.None"/> when it was accepted, else its reason code.</summary>
        public int RecentOutcome(int index)
        {
            return _outcomes[index];
        }

        /// <summary>
        /// Remembers the outcome of a command id. Ids the gateway would refuse as malformed (empty, longer than
        /// <see cref="MaxIdLength"/>, not printable ASCII) are not remembered.
        /// </summary>
        public void Remember(string commandId, int outcome)
        {
            if (!IsValidId(commandId))
            {
                return;
            }

            int at = _next * MaxIdLength;
            for (int k = 0; k < commandId.Length; k++)
            {
                _ids[at + k] = (byte)commandId[k];
            }

            _idLengths[_next] = (byte)commandId.Length;
            _outcomes[_next] = (byte)outcome;
            _next = (_next + 1) % RecentIds;
        }

        /// <summary>Changes the outcome remembered last (the command could not be saved, so it was refused after all).</summary>
        public void Amend(int outcome)
        {
            _outcomes[(_next + RecentIds - 1) % RecentIds] = (byte)outcome;
        }

        /// <summary>True for a command id the gateway takes: 1 to 64 printable ASCII characters.</summary>
        public static bool IsValidId(string commandId)
        {
            if (commandId == null || commandId.Length == 0 || commandId.Length > MaxIdLength)
            {
                return false;
            }

            for (int k = 0; k < commandId.Length; k++)
            {
                char c = commandId[k];
                if (c < (char)0x20 || c > (char)0x7E)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Writes the state (one blob write of <see cref="StateLength"/> bytes); false when the store failed.</summary>
        public bool Persist()
        {
            byte[] b = _buffer;
            int p = 0;
            b[p++] = (byte)'R';
            b[p++] = (byte)'2';
            LittleEndian.WriteInt64(b, p, _highest);
            LittleEndian.WriteInt64(b, p + 8, (long)_seen);
            LittleEndian.WriteInt64(b, p + 16, _floor);
            p += 24;
            b[p++] = (byte)_next;
            for (int i = 0; i < RecentIds; i++)
            {
                b[p++] = _idLengths[i];
                System.Array.Copy(_ids, i * MaxIdLength, b, p, MaxIdLength);
                p += MaxIdLength;
                b[p++] = _outcomes[i];
            }

            LittleEndian.WriteInt32(b, p, (int)Crc32.Compute(b, 0, p));
            p += 4;
            try
            {
                _store.Write(BlobName, b, p);
                return true;
            }
            catch (System.Exception)
            {
                return false; // the caller refuses the command: acting on an unsaved counter could run it twice
            }
        }

        private void Load()
        {
            byte[] b = _buffer;
            int n;
            try
            {
                n = _store.Read(BlobName, b);
            }
            catch (System.Exception)
            {
                return; // unreadable: not established
            }

            if (n != StateLength || b[0] != (byte)'R' || b[1] != (byte)'2' || (uint)LittleEndian.ReadInt32(b, n - 4) != Crc32.Compute(b, 0, n - 4))
            {
                return; // first start, or a missing or damaged state: not established
            }

            int p = 2;
            long highest = LittleEndian.ReadInt64(b, p);
            ulong seen = (ulong)LittleEndian.ReadInt64(b, p + 8);
            long floor = LittleEndian.ReadInt64(b, p + 16);
            p += 24;
            int next = b[p++];
            if (highest < 0 || next >= RecentIds)
            {
                return;
            }

            for (int i = 0; i < RecentIds; i++)
            {
                int length = b[p];
                if (length > MaxIdLength)
                {
                    return;
                }

                _idLengths[i] = (byte)length;
                System.Array.Copy(b, p + 1, _ids, i * MaxIdLength, MaxIdLength);
                _outcomes[i] = CommandReason.IsKnown(b[p + 1 + MaxIdLength]) ? b[p + 1 + MaxIdLength] : (byte)CommandReason.MalformedCode;
                p += EntryLength;
            }

            _highest = highest;
            _seen = seen;
            _floor = floor;
            _next = next;
            IsEstablished = true;
        }
    }
}
