using OpenAmi.Text;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// The feeder and gateway ids, checked as topic segments and encoded once: as JSON strings for every message's
    /// header and as the topic root, so that publishing a message walks no string and allocates nothing.
    /// </summary>
    public sealed class GatewayIds
    {
        /// <summary>Longest meter topic: root, "/meter/", a serial and the longest suffix.</summary>
        public const int MaxTopicLength = 16 + (3 * Topics.MaxSegmentLength) + 16;

        private static readonly byte[] MeterLevel = Ascii.GetBytes("/meter/");
        private static readonly byte[] TelemetryLevel = Ascii.GetBytes("/telemetry");
        private static readonly byte[] EventLevel = Ascii.GetBytes("/event");

        private readonly byte[] _root;

        /// <summary>Checks both ids (<see cref="System.ArgumentException"/> when one is not a valid segment) and encodes them.</summary>
        public GatewayIds(string feederId, string gatewayId)
        {
            FeederId = feederId;
            GatewayId = gatewayId;
            _root = Ascii.GetBytes(Topics.GatewayRoot(feederId, gatewayId));
            FeederJson = JsonBuffer.Quote(feederId);
            GatewayJson = JsonBuffer.Quote(gatewayId);
        }

        public string FeederId { get; private set; }

        public string GatewayId { get; private set; }

        /// <summary>The feeder id as a JSON string literal.</summary>
        public byte[] FeederJson { get; private set; }

        /// <summary>The gateway id as a JSON string literal.</summary>
        public byte[] GatewayJson { get; private set; }

        /// <summary>Writes openami/v1/{feeder}/{gateway}/meter/{serial}/telemetry into <paramref name="output"/>; returns its length.</summary>
        public int WriteTelemetryTopic(byte[] serial, int serialLength, byte[] output)
        {
            return WriteMeterTopic(serial, serialLength, TelemetryLevel, output);
        }

        /// <summary>Writes openami/v1/{feeder}/{gateway}/meter/{serial}/event into <paramref name="output"/>; returns its length.</summary>
        public int WriteEventTopic(byte[] serial, int serialLength, byte[] output)
        {
            return WriteMeterTopic(serial, serialLength, EventLevel, output);
        }

        /// <summary>Writes openami/v1/{feeder}/{gateway}{suffix} into <paramref name="output"/>; returns its length.</summary>
        public int WriteGatewayTopic(byte[] suffix, byte[] output)
        {
            System.Array.Copy(_root, output, _root.Length);
            System.Array.Copy(suffix, 0, output, _root.Length, suffix.Length);
            return _root.Length + suffix.Length;
        }

        private int WriteMeterTopic(byte[] serial, int serialLength, byte[] level, byte[] output)
        {
            int n = _root.Length;
            System.Array.Copy(_root, output, n);
            System.Array.Copy(MeterLevel, 0, output, n, MeterLevel.Length);
            n += MeterLevel.Length;
            System.Array.Copy(serial, 0, output, n, serialLength);
            n += serialLength;
            System.Array.Copy(level, 0, output, n, level.Length);
            return n + level.Length;
        }
    }
}
