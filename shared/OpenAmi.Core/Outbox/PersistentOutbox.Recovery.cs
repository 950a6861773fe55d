namespace OpenAmi.Outbox
{
    /// <summary>
    /// Opening the outbox: the checkpoint says which records were acknowledged and the last seq; the segments,
    /// scanned oldest first, give back every record whose checksum holds. Appends then go to a fresh segment, so
    /// nothing new follows a record a power cut may have left torn.
    /// </summary>
    public sealed partial class PersistentOutbox
    {
        // The index numbers segments modulo 256: with at most 250 alive and one head, 256 tell them apart.
        private const int SegmentSpan = 250;

        private void Recover()
        {
            _checkpoint.Load(_store);
            _lastSeq = _checkpoint.LastSeq;
            _persistedLastSeq = _lastSeq;
            int[] segments = _store.ListSegments();
            SortAscending(segments);
            int highest = segments.Length > 0 ? segments[segments.Length - 1] : -1;

            // Segments further back than the index can number are left untouched (only a foreign copy makes them).
            int first = 0;
            while (first < segments.Length && segments[first] < highest - SegmentSpan)
            {
                first++;
            }

            _headSegment = highest + 1;
            int next = _checkpoint.NextSegment;
            if (next > _headSegment && (segments.Length == 0 || next - segments[first] <= SegmentSpan))
            {
                _headSegment = next; // numbers keep growing even when every segment was deleted
            }

            _oldestSegment = first < segments.Length ? segments[first] : _headSegment;
            var scanner = new SegmentScanner(_store, _record);
            int droppedThrough = -1;
            for (int i = first; i < segments.Length; i++)
            {
                int segment = segments[i];
                scanner.Begin(segment);
                StoredBytes += scanner.Length;
                while (scanner.Next())
                {
                    if (_index.Count == _index.Capacity)
                    {
                        if (SegmentOf(_index.First) == segment)
                        {
                            // One segment holds more records than the index: the rest of it is counted as dropped
                            // and goes with the segment.
                            CountDrop(RecordFormat.KindOf(_record, scanner.Offset));
                            continue;
                        }

                        droppedThrough = DropOldestRecovered();
                    }

                    long seq = RecordFormat.SeqOf(_record, scanner.Offset);
                    if (seq > _lastSeq)
                    {
                        _lastSeq = seq;
                    }

                    bool acked = _checkpoint.IsAcked(seq);
                    _index.Add(seq, segment, scanner.Position, scanner.Total, RecordFormat.KindOf(_record, scanner.Offset), acked ? StateAcked : StatePending, false);
                    if (!acked)
                    {
                        RecoveredRecords++;
                    }
                }
            }

            DamagedRecords = scanner.Damaged;
            if (droppedThrough >= 0 && MayForgetSeqs())
            {
                DeleteThrough(droppedThrough);
            }

            if (_fault == StorageFault.None)
            {
                DeleteAcknowledgedSegments();
            }
        }

        // More records than MaxRecords were stored (by a version with larger bounds): as when the ring is full, the
        // oldest segment goes, its waiting records counted as dropped. Returns its number.
        private int DropOldestRecovered()
        {
            int segment = SegmentOf(_index.First);
            while (_index.Count > 0 && SegmentOf(_index.First) == segment)
            {
                int slot = _index.First;
                if (_index.StateOf(slot) == StatePending)
                {
                    CountDrop(_index.KindOf(slot));
                    RecoveredRecords--;
                }

                _index.RemoveFirst();
            }

            return segment;
        }

        private static void SortAscending(int[] values)
        {
            for (int i = 1; i < values.Length; i++)
            {
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > v)
                {
                    values[j + 1] = values[j];
                    j--;
                }

                values[j + 1] = v;
            }
        }
    }
}
