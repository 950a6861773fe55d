using OpenAmi.Gateway;

namespace OpenAmi.Tests.Portable
{
    /// <summary>A gateway clock the test moves by hand.</summary>
    public sealed class FakeClock : IGatewayClock
    {
        public long UtcNowUnix { get; set; }

        public bool IsTrusted { get; set; }

        public long TickMs { get; set; }

        /// <summary>Moves both clocks forward.</summary>
        public void Advance(int seconds)
        {
            UtcNowUnix += seconds;
            TickMs += seconds * 1000L;
        }
    }
}
