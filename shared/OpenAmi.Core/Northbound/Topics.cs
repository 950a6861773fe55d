namespace OpenAmi.Northbound
{
    /// <summary>
    /// The profile's topic tree, openami/v1/{feederId}/{gatewayId}/…, with every segment checked: not empty, at
    /// most <see cref="MaxSegmentLength"/> printable ASCII characters, and none of '+', '#', '/'.
    /// Topics are built once per meter and cached by callers; building allocates.
    /// </summary>
    public static class Topics
    {
        /// <summary>First two levels of every topic.</summary>
        public const string Root = "openami/v1";

        /// <summary>Longest segment accepted.</summary>
        public const int MaxSegmentLength = 64;

        /// <summary>Null when <paramref name="value"/> is a valid topic segment, else a message naming <paramref name="what"/>.</summary>
        public static string CheckSegment(string value, string what)
        {
            if (value == null || value.Length == 0)
            {
                return what + " is empty; give a non-empty name";
            }

            if (value.Length > MaxSegmentLength)
            {
                return what + " '" + value + "' is longer than " + MaxSegmentLength + " characters";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '+' || c == '#' || c == '/')
                {
                    return what + " '" + value + "' contains '" + c + "', which MQTT reserves; use letters, digits, '-', '_' or '.'";
                }

                if (c < (char)0x21 || c > (char)0x7E)
                {
                    return what + " '" + value + "' contains a space, control or non-ASCII character at position " + i;
                }
            }

            return null;
        }

        /// <summary>Throws <see cref="System.ArgumentException"/> with the message of <see cref="CheckSegment"/>.</summary>
        public static void RequireSegment(string value, string what)
        {
            string error = CheckSegment(value, what);
            if (error != null)
            {
                throw new System.ArgumentException(error);
            }
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}</summary>
        public static string GatewayRoot(string feederId, string gatewayId)
        {
            RequireSegment(feederId, "feederId");
            RequireSegment(gatewayId, "gatewayId");
            return Root + "/" + feederId + "/" + gatewayId;
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}/meter/{meterSerial}/telemetry</summary>
        public static string Telemetry(string feederId, string gatewayId, string meterSerial)
        {
            return Meter(feederId, gatewayId, meterSerial, "telemetry");
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}/meter/{meterSerial}/event</summary>
        public static string Event(string feederId, string gatewayId, string meterSerial)
        {
            return Meter(feederId, gatewayId, meterSerial, "event");
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}/meter/{meterSerial}/command</summary>
        public static string Command(string feederId, string gatewayId, string meterSerial)
        {
            return Meter(feederId, gatewayId, meterSerial, "command");
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}/session/{sessionId}</summary>
        public static string Session(string feederId, string gatewayId, string sessionId)
        {
            RequireSegment(sessionId, "sessionId");
            return GatewayRoot(feederId, gatewayId) + "/session/" + sessionId;
        }

        private static string Meter(string feederId, string gatewayId, string meterSerial, string kind)
        {
            RequireSegment(meterSerial, "meterSerial");
            return GatewayRoot(feederId, gatewayId) + "/meter/" + meterSerial + "/" + kind;
        }
    }
}
