namespace OpenAmi.Meters
{
    /// <summary>
    /// Finds a meter line's settings by trying them: the host names its candidates (speed, framing and, on the
    /// device, the signal's polarity) by number, feeds the port's counts of valid and refused frames, and reopens the
    /// line when told to. A candidate that gives no valid frame for <see cref="DwellMs"/> is left for the next; two
    /// consecutive valid frames lock one; a locked line that stays silent for <see cref="SilenceMs"/> is searched
    /// again, from the setting it had. The causes of "no data" it answers: an inverted signal, DSMR 2.2/3's 9600 7E1
    /// against later versions' 115200 8N1.
    /// </summary>
    /// <remarks>Primitive fields only and no allocation: it is polled every loop turn.</remarks>
    public sealed class LineSearch
    {
        /// <summary>How long a candidate is tried for a first valid frame: DSMR 2.2 to 4 meters send every 10 s.</summary>
        public const long DwellMs = 12000;

        /// <summary>Silence after which a locked line is searched again.</summary>
        public const long SilenceMs = 60000;

        /// <summary>Consecutive valid frames that lock a candidate.</summary>
        public const int FramesToLock = 2;

        /// <summary><see cref="Update"/>: nothing changed.</summary>
        public const int Unchanged = 0;

        /// <summary><see cref="Update"/>: the next candidate is to be tried: reopen the line with <see cref="Current"/>.</summary>
        public const int Switched = 1;

        /// <summary><see cref="Update"/>: <see cref="Current"/> is locked: store it for the next start.</summary>
        public const int LockedNow = 2;

        /// <summary><see cref="Update"/>: the locked line went silent; the search starts again from it.</summary>
        public const int Lost = 3;

        private readonly int _candidates;
        private long _sinceMs;
        private long _lastValidMs;
        private long _valid;
        private long _refused;
        private int _inRow;

        /// <param name="candidates">How many settings the host can try.</param>
        /// <param name="start">The one tried first (the one locked last time, or the likeliest).</param>
        /// <param name="nowMs">The host's monotonic time.</param>
        public LineSearch(int candidates, int start, long nowMs)
        {
            _candidates = candidates;
            Current = start >= 0 && start < candidates ? start : 0;
            _sinceMs = nowMs;
            _lastValidMs = long.MinValue;
        }

        /// <summary>The candidate the line is set to now.</summary>
        public int Current { get; private set; }

        /// <summary>True once two consecutive valid frames came in on <see cref="Current"/>, until a long silence.</summary>
        public bool Locked { get; private set; }

        /// <summary>Candidates tried since the search began (0 while the first one is tried).</summary>
        public int Switches { get; private set; }

        /// <summary>
        /// The port's counts so far (they only grow): frames taken as data, and frames refused (bad CRC, noise, a
        /// failed tag). Returns what the host must do: <see cref="Unchanged"/>, <see cref="Switched"/>,
        /// <see cref="LockedNow"/> or <see cref="Lost"/>.
        /// </summary>
        public int Update(long nowMs, long validFrames, long refusedFrames)
        {
            long newValid = validFrames - _valid;
            long newRefused = refusedFrames - _refused;
            _valid = validFrames;
            _refused = refusedFrames;
            if (newValid > 0)
            {
                _lastValidMs = nowMs;
            }

            // Within one poll the order is unknown: a refused frame beside a valid one counts against the run.
            if (newRefused > 0)
            {
                _inRow = newValid > 0 ? 1 : 0;
            }
            else if (newValid > 0)
            {
                _inRow += newValid > FramesToLock ? FramesToLock : (int)newValid;
            }

            if (Locked)
            {
                if (nowMs - _lastValidMs < SilenceMs)
                {
                    return Unchanged;
                }

                Locked = false;
                _inRow = 0;
                _sinceMs = nowMs;
                Switches = 0;
                return Lost;
            }

            if (_inRow >= FramesToLock)
            {
                Locked = true;
                return LockedNow;
            }

            // A valid frame on this candidate buys it another dwell to show the second one.
            long since = _lastValidMs > _sinceMs ? _lastValidMs : _sinceMs;
            if (_candidates < 2 || nowMs - since < DwellMs)
            {
                return Unchanged;
            }

            Current = (Current + 1) % _candidates;
            _sinceMs = nowMs;
            _inRow = 0;
            Switches++;
            return Switched;
        }
    }
}
