using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>How the gateway reports: ids, schedule, deadbands, timeouts, and the uplink pacing.</summary>
    public sealed class GatewayOptions
    {
        public string FeederId = "feeder";
        public string GatewayId = "gateway";

        /// <summary>Reporting interval in seconds, aligned to the wall clock (900 = the VMRS "15min"); 0 publishes every frame.</summary>
        public int IntervalSeconds = 900;

        /// <summary>Mapping mode and the choices of the mapping rules.</summary>
        public MappingOptions Mapping = new MappingOptions();

        /// <summary>Report 1.7.0 at once when it moved more than this many watts since the last report; 0 turns it off.</summary>
        public int PowerDeadbandWatts = 0;

        /// <summary>Report 32.7.0 at once when it moved more than this many volts since the last report; 0 turns it off.</summary>
        public int VoltageDeadbandVolts = 0;

        /// <summary>At most one deadband report per this many seconds of measurement time.</summary>
        public int DeadbandMinPeriodSeconds = 60;

        /// <summary>comms_lost after no valid frame for this many times the observed telegram interval…</summary>
        public int CommsTimeoutFactor = 3;

        /// <summary>…but never sooner than this many seconds.</summary>
        public int CommsTimeoutMinSeconds = 30;

        /// <summary>A crc_errors event when this many bad frames arrive from one port within <see cref="CrcBurstWindowSeconds"/>.</summary>
        public int CrcBurstCount = 5;

        public int CrcBurstWindowSeconds = 60;

        /// <summary>
        /// A clock_jump event when the meter clock moves this many seconds more or less than the gateway's
        /// monotonic clock between two frames; 0 turns it off (replays with --fast do, as they compress time).
        /// </summary>
        public int ClockJumpSeconds = 120;

        /// <summary>QoS 1 messages handed to the link and not yet acknowledged, at most.</summary>
        public int InflightWindow = 10;

        /// <summary>Back-filled messages replayed per second at most, so live data keeps flowing during a replay.</summary>
        public int ReplayPerSecond = 20;

        /// <summary>How often the retained birth/status message is refreshed, in seconds.</summary>
        public int StatusPeriodSeconds = 300;

        /// <summary>Software name and version for the status message.</summary>
        public string Software = "openami-p1-gateway/0.1.0";

        /// <summary>A short hash of the configuration, for the status message.</summary>
        public string ConfigHash = "none";
    }
}
