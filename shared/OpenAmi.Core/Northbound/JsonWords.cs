using OpenAmi.Text;

namespace OpenAmi.Northbound
{
    /// <summary>Pieces of JSON every northbound message shares, pre-encoded (see <see cref="JsonBuffer"/>).</summary>
    public static class JsonWords
    {
        public static readonly byte[] True = Ascii.GetBytes("true");
        public static readonly byte[] False = Ascii.GetBytes("false");

        /// <summary>The header every telemetry and event message starts with, up to the value of ts.</summary>
        public static readonly byte[] SchemaAndTs = Ascii.GetBytes("{\"schemaVersion\":\"0.1\",\"ts\":");
        public static readonly byte[] FeederId = Ascii.GetBytes(",\"feederId\":");
        public static readonly byte[] GatewayId = Ascii.GetBytes(",\"gatewayId\":");
        public static readonly byte[] MeterSerial = Ascii.GetBytes(",\"meterSerial\":");
        public static readonly byte[] Seq = Ascii.GetBytes(",\"seq\":");

        /// <summary>
        /// Writes the shared header: {"schemaVersion":"0.1","ts":…,"feederId":…,"gatewayId":…,"meterSerial":…
        /// </summary>
        public static void WriteHeader(JsonBuffer json, long tsUnix, GatewayIds ids, byte[] serial, int serialLength)
        {
            json.Clear();
            json.Raw(SchemaAndTs);
            json.IsoTime(tsUnix);
            json.Raw(FeederId);
            json.Raw(ids.FeederJson);
            json.Raw(GatewayId);
            json.Raw(ids.GatewayJson);
            json.Raw(MeterSerial);
            json.String(serial, 0, serialLength);
        }
    }
}
