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

        /// <summary>Publish Home Assistant MQTT discovery configs for the gateway and its meters (ha_discovery, --ha-discovery).</summary>
        public bool HaDiscovery;

        /// <summary>Readings a meter's new register set must hold before Home Assistant entities are added or removed.</summary>
        public const int HaRegisterChangeReadings = 3;

        /// <summary>Home Assistant's discovery prefix (ha_prefix): the topic root it listens on.</summary>
        public string HaPrefix = "homeassistant";

        /// <summary>A short hash of the configuration, for the status message.</summary>
        public string ConfigHash = "none";

        /// <summary>
        /// Null when <paramref name="prefix"/> can root discovery topics, else a one-line message naming
        /// <paramref name="what"/> (the option or key it came from).
        /// </summary>
        public static string CheckHaPrefix(string prefix, string what)
        {
            bool ok = prefix != null && prefix.Length > 0 && prefix.Length <= 64;
            char[] chars = ok ? prefix.ToCharArray() : new char[0];
            for (int i = 0; i < chars.Length && ok; i++)
            {
                char c = chars[i];
                ok = c != '+' && c != '#' && c > ' ' && c <= '~' && (c != '/' || (i > 0 && i < chars.Length - 1));
            }

            return ok ? null : what + " '" + prefix + "' is not a discovery prefix: give Home Assistant's (homeassistant by default), "
                + "a topic of at most 64 characters without '+', '#', spaces or a leading or trailing '/'";
        }
    }
}
