namespace OpenAmi.Gateway
{
    /// <summary>
    /// The gateway's clocks: wall time for timestamps and schedules, and a monotonic tick for timeouts, which
    /// must not jump when SNTP sets the wall clock.
    /// </summary>
    public interface IGatewayClock
    {
        /// <summary>Wall-clock time, seconds since 1970 UTC.</summary>
        long UtcNowUnix { get; }

        /// <summary>Whether the wall clock has been synchronised (SNTP); until then it is not trusted.</summary>
        bool IsTrusted { get; }

        /// <summary>Milliseconds from an arbitrary start; never goes backwards.</summary>
        long TickMs { get; }
    }
}
