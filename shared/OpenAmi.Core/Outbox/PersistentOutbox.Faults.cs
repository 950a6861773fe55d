namespace OpenAmi.Outbox
{
    /// <summary>
    /// The store failing (disk or flash full, read-only, broken) never stops the gateway: what cannot be stored
    /// waits in the memory queue (and is still published when the broker is there), the fault is reported, and
    /// every <see cref="OutboxOptions.StorageRetrySeconds"/> the outbox tries again: deleting acknowledged segments
    /// (which frees room), then storing what waits in memory, in order, then the checkpoint. Nothing acknowledged
    /// is lost on the way, and nothing stored is dropped except by the ring's own rules.
    /// </summary>
    /// <remarks>
    /// A fault ends only when the kind of operation that failed works again (any stored record ends it, and a
    /// deleted segment ends a full store), so an idle retry does not make the reported state flicker; between
    /// retries the store is left alone.
    /// </remarks>
    public sealed partial class PersistentOutbox
    {
        // Seq numbers reserved in the checkpoint before a record held only in memory is published: should the power
        // fail, the next run starts above them instead of giving a delivered number to another message.
        private const int SeqReserve = 64;

        private const int OpAppend = 1;
        private const int OpRead = 2;
        private const int OpDelete = 3;
        private const int OpMeta = 4;

        private int _fault;
        private int _faultOp;
        private int _reportedFault;
        private bool _retryDue;
        private bool _readBlocked;
        private bool _checkpointDue;
        private long _nowMs;
        private long _retryAtMs;
        private System.Exception _lastFailure;

        /// <summary>The store's current fault, one of the <see cref="StorageFault"/> codes (None when it works).</summary>
        public int Fault
        {
            get { return _fault; }
        }

        /// <summary>Store operations that failed since start.</summary>
        public long StorageFailures { get; private set; }

        /// <summary>The store's own words for the last failure (for logs), or null.</summary>
        public string LastStorageError
        {
            get { return _lastFailure != null ? _lastFailure.Message : null; }
        }

        /// <summary>
        /// After <see cref="Checkpoint"/>: how many stored messages the next run will send, because they were not
        /// acknowledged (or, rarely, their acknowledgement did not fit the checkpoint).
        /// </summary>
        public int ResendOnRestart { get; private set; }

        /// <summary>True when the last checkpoint could not be written: the next run may send more again.</summary>
        public bool CheckpointFailed
        {
            get { return _checkpointDue; }
        }

        /// <summary>
        /// Retries a failed store when its time has come. Call every 100–1000 ms with a monotonic clock. Returns true
        /// when <see cref="Fault"/> changed since the previous call (to refresh the status message).
        /// </summary>
        public bool Tick(long nowMs)
        {
            _nowMs = nowMs;
            if ((_fault != StorageFault.None || _queue.Count > 0 || _checkpointDue) && nowMs >= _retryAtMs)
            {
                RetryStore();
            }

            bool changed = _fault != _reportedFault;
            _reportedFault = _fault;
            return changed;
        }

        // Tries again what failed: deletions first (they free room), then what waits in memory, in order, then the
        // checkpoint. Stops at the first new failure.
        private void RetryStore()
        {
            long failures = StorageFailures;
            _retryDue = true;
            _readBlocked = false;
            DeleteAcknowledgedSegments();
            for (int s = 0; s < _queue.SlotCount && StorageFailures == failures; s++)
            {
                if (!_queue.IsHeld(s))
                {
                    continue;
                }

                int total = _queue.LengthOf(s);
                if (!MakeRoom(total))
                {
                    break;
                }

                int state = _queue.StateOf(s);
                int slot = Store(_queue.Bytes, _queue.StartOf(s), total, _queue.KindOf(s), _queue.SeqOf(s), state, _queue.IsLive(s));
                if (slot < 0)
                {
                    break;
                }

                if (state == StateInflight)
                {
                    _inflight.Move(_index.Capacity + s, slot);
                }

                _queue.Remove(s);
            }

            if (_checkpointDue && StorageFailures == failures)
            {
                WriteCheckpoint(_lastSeq);
            }
        }

        // True when the store may be tried now: it works, or a retry is due.
        private bool StoreUsable
        {
            get { return _fault == StorageFault.None || _retryDue; }
        }

        // An entry held in memory, about to be published: its seq must be above what a restart would hand out again.
        private int FromMemory(int s)
        {
            if (_queue.SeqOf(s) > _persistedLastSeq && _nowMs >= _retryAtMs)
            {
                WriteCheckpoint(_lastSeq + SeqReserve);
            }

            return _index.Capacity + s;
        }

        // Reads a stored record into _record. False when it is damaged (dropped, counted) or unreadable now (fault).
        private bool ReadStored(int slot)
        {
            int length = _index.LengthOf(slot);
            int n;
            try
            {
                n = _store.Read(SegmentOf(slot), _index.PositionOf(slot), _record, 0, length);
            }
            catch (System.Exception e)
            {
                NoteFault(e, OpRead);
                _readBlocked = true;
                return false;
            }

            NoteSuccess(OpRead);

            if (n != length || !RecordFormat.IsValid(_record, 0, length))
            {
                DamagedRecords++;
                _index.SetState(slot, StateAcked); // gone: never sent, never sent again
                return false;
            }

            return true;
        }

        // Checks a stored record's checksum through the chunk buffer, leaving the record buffer alone. False when it is
        // damaged (dropped, counted) or unreadable now (fault).
        private bool CheckStored(int slot)
        {
            int length = _index.LengthOf(slot);
            int segment = SegmentOf(slot);
            int position = _index.PositionOf(slot);
            bool valid = length >= RecordFormat.Overhead;
            try
            {
                uint crc = 0xFFFFFFFFu;
                int body = length - RecordFormat.CrcBytes;
                for (int done = 0; valid && done < body; done += _chunk.Length)
                {
                    int n = body - done < _chunk.Length ? body - done : _chunk.Length;
                    valid = _store.Read(segment, position + done, _chunk, 0, n) == n
                        && (done > 0 || RecordFormat.SizeFromHeader(_chunk, 0, length) == length);
                    crc = Crc32.Update(crc, _chunk, 0, n);
                }

                valid = valid && _store.Read(segment, position + body, _chunk, 0, RecordFormat.CrcBytes) == RecordFormat.CrcBytes
                    && (uint)LittleEndian.ReadInt32(_chunk, 0) == (crc ^ 0xFFFFFFFFu);
            }
            catch (System.Exception e)
            {
                NoteFault(e, OpRead);
                _readBlocked = true;
                return false;
            }

            NoteSuccess(OpRead);
            if (!valid)
            {
                DamagedRecords++;
                _index.SetState(slot, StateAcked); // gone: never sent, never sent again
            }

            return valid;
        }

        private bool WriteCheckpoint(long lastSeq)
        {
            int length = _checkpoint.Encode(lastSeq, _headSegment, _index);
            try
            {
                _store.WriteMeta(_checkpoint.Buffer, length);
            }
            catch (System.Exception e)
            {
                NoteFault(e, OpMeta);
                _checkpointDue = true;
                return false;
            }

            NoteSuccess(OpMeta);
            _persistedLastSeq = lastSeq;
            _acksSinceCheckpoint = 0;
            _checkpointDue = false;
            ResendOnRestart = _index.Unacknowledged + _checkpoint.Uncovered;
            return true;
        }

        // An append failed. Later appends go to a fresh segment when the head holds anything: it may end in bytes
        // that are not a record (a scan would resync past them, but a clean start costs nothing), and a head full of
        // records that only waits for acknowledgements can then be deleted, which is how a full disk gets room back.
        private void OnAppendFailed(System.Exception e, int expectedLength)
        {
            NoteFault(e, OpAppend);
            int length = -1;
            try
            {
                length = _store.SegmentLength(_headSegment);
            }
            catch (System.Exception)
            {
            }

            if (length != expectedLength || expectedLength > 0)
            {
                RollHead();
            }
        }

        private void NoteFault(System.Exception e, int op)
        {
            RecordStoreException known = e as RecordStoreException;
            _fault = known != null ? known.Fault : StorageFault.Io;
            _faultOp = op;
            _retryDue = false;
            StorageFailures++;
            _lastFailure = e;
            _retryAtMs = _nowMs + _options.StorageRetrySeconds * 1000L;
        }

        private void NoteSuccess(int op)
        {
            // A deletion gives room back, which is what a full store waited for.
            if (_fault != StorageFault.None && (op == _faultOp || op == OpAppend || (op == OpDelete && _fault == StorageFault.NoSpace)))
            {
                _fault = StorageFault.None;
                _retryDue = false;
            }
        }
    }
}
