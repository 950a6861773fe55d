namespace OpenAmi.Outbox
{
    /// <summary>
    /// Room in the ring: appends go to the head segment; acknowledged segments are deleted from the oldest end;
    /// when the ring is full (<see cref="OutboxOptions.MaxSegments"/> or <see cref="OutboxOptions.MaxRecords"/>) the
    /// oldest segment is evicted: its waiting telemetry is dropped and counted, its waiting events are copied
    /// forward while there is telemetry anywhere else to drop instead; only a ring full of events drops events.
    /// </summary>
    public sealed partial class PersistentOutbox
    {
        // Makes room for a record of 'total' bytes; false when the store failed on the way (fault noted).
        // A plain loop, one oldest segment per turn, and not a recursion through the append: copying an evicted
        // segment's events forward takes room itself, so every turn checks again from the start. It ends because
        // each turn deletes a segment and copies forward only events, and only while telemetry elsewhere can go
        // instead; after MaxSegments turns events are no longer copied at all.
        private bool MakeRoom(int total)
        {
            for (int turn = 0; ; turn++)
            {
                if (_headLength + total > _options.SegmentBytes)
                {
                    RollHead();
                }

                if (_index.Count < _index.Capacity && _headSegment - _oldestSegment + 1 <= _options.MaxSegments)
                {
                    return true;
                }

                if (!EvictOldestSegment(turn < _options.MaxSegments))
                {
                    return false;
                }
            }
        }

        // Appends a whole record to the head segment and indexes it; the slot, or -1 when the store failed.
        private int Store(byte[] bytes, int offset, int total, MessageKind kind, long seq, int state, bool live)
        {
            int position = _headLength;
            try
            {
                _store.Append(_headSegment, bytes, offset, total);
                _store.Flush(_headSegment);
            }
            catch (System.Exception e)
            {
                OnAppendFailed(e, position);
                return -1;
            }

            NoteSuccess(OpAppend);
            _headLength += total;
            StoredBytes += total;
            return _index.Add(seq, _headSegment, position, total, kind, state, live);
        }

        // Later appends go to a new segment (the head is full, or may end in bytes that are not a record).
        private void RollHead()
        {
            _headSegment++;
            _headLength = 0;
        }

        private bool EvictOldestSegment(bool mayKeepEvents)
        {
            int victim = _oldestSegment;
            if (victim == _headSegment)
            {
                RollHead(); // never evict the segment being written
            }

            if (!MayForgetSeqs())
            {
                return false;
            }

            bool keepEvents = mayKeepEvents && PendingTelemetryOutside(victim);
            while (_index.Count > 0 && SegmentOf(_index.First) == victim)
            {
                int slot = _index.First;
                int state = _index.StateOf(slot);
                MessageKind kind = _index.KindOf(slot);
                if (state == StatePending && kind == MessageKind.Event && keepEvents)
                {
                    if (!CopyForward(victim, slot))
                    {
                        return false; // the event stays where it is, indexed
                    }

                    continue;
                }

                if (state == StatePending)
                {
                    CountDrop(kind);
                }
                else if (state == StateInflight)
                {
                    _inflight.Forget(slot);
                }

                _index.RemoveFirst();
            }

            return DeleteThrough(victim);
        }

        // Moves the oldest record (an event waiting in the victim segment) to the head: appended first, so a
        // failure leaves it where it was. It goes through a small chunk buffer, not the record buffer: a message may be
        // waiting there to be appended (the gateway writes its messages straight into it, see RecordBuffer).
        private bool CopyForward(int victim, int slot)
        {
            int length = _index.LengthOf(slot);
            if (!CheckStored(slot))
            {
                return !_readBlocked; // damaged and dropped: go on; unreadable: stop
            }

            if (_headLength + length > _options.SegmentBytes)
            {
                RollHead();
            }

            long seq = _index.SeqOf(slot);
            bool live = _index.IsLive(slot);
            int position = _headLength;
            int from = _index.PositionOf(slot);
            int segment = SegmentOf(slot);
            try
            {
                for (int done = 0; done < length; done += _chunk.Length)
                {
                    int n = length - done < _chunk.Length ? length - done : _chunk.Length;
                    if (_store.Read(segment, from + done, _chunk, 0, n) != n)
                    {
                        throw new RecordStoreException(StorageFault.Io, null); // it read whole a moment ago: the store is failing
                    }

                    _store.Append(_headSegment, _chunk, 0, n);
                }

                _store.Flush(_headSegment);
            }
            catch (System.Exception e)
            {
                OnAppendFailed(e, position);
                return false;
            }

            NoteSuccess(OpAppend);
            _headLength += length;
            StoredBytes += length;
            _index.RemoveFirst();
            _index.Add(seq, _headSegment, position, length, MessageKind.Event, StatePending, live);
            return true;
        }

        private bool PendingTelemetryOutside(int segment)
        {
            for (int k = 0; k < _index.Count; k++)
            {
                int slot = _index.Slot(k);
                if (_index.KindOf(slot) == MessageKind.Telemetry && _index.StateOf(slot) == StatePending && SegmentOf(slot) != segment)
                {
                    return true;
                }
            }

            return false;
        }

        // Deletes leading segments whose records are all acknowledged (never the head, which is being written).
        private void DeleteAcknowledgedSegments()
        {
            while (_index.Count > 0)
            {
                int segment = SegmentOf(_index.First);
                if (segment == _headSegment)
                {
                    return;
                }

                int k = 0;
                while (k < _index.Count && SegmentOf(_index.Slot(k)) == segment)
                {
                    if (_index.StateOf(_index.Slot(k)) != StateAcked)
                    {
                        return; // an unacknowledged record remains in it
                    }

                    k++;
                }

                if (!MayForgetSeqs() || !DeleteThrough(segment))
                {
                    return;
                }

                for (int j = 0; j < k; j++)
                {
                    _index.RemoveFirst();
                }
            }
        }

        // Deleting a segment may delete the only record of the highest seq given out: the checkpoint must hold it
        // first, or a restart would hand the same numbers out again.
        private bool MayForgetSeqs()
        {
            return _persistedLastSeq >= _lastSeq || WriteCheckpoint(_lastSeq);
        }

        // Deletes every segment from the oldest through 'segment' (numbers without a file included).
        private bool DeleteThrough(int segment)
        {
            for (int s = _oldestSegment; s <= segment; s++)
            {
                int length;
                try
                {
                    length = _store.SegmentLength(s);
                    _store.Delete(s);
                }
                catch (System.Exception e)
                {
                    NoteFault(e, OpDelete);
                    return false;
                }

                NoteSuccess(OpDelete);
                StoredBytes -= length;
                _oldestSegment = s + 1;
            }

            return true;
        }

        private void CountDrop(MessageKind kind)
        {
            if (kind == MessageKind.Event)
            {
                _droppedEvents++;
            }
            else
            {
                _droppedTelemetry++;
            }
        }
    }
}
