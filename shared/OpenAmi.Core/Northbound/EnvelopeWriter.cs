using OpenAmi.Vmrs;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// Writes the OpenAMI northbound profile v0.1 telemetry envelope for one <see cref="MeterReading"/> into a
    /// reused buffer: fields in the profile's order, no whitespace, numbers from the meter's own digits.
    /// </summary>
    /// <remarks>
    /// Shape: {"schemaVersion":"0.1","ts":…,"feederId":…,"gatewayId":…,"meterSerial":…,["sessionId":…,]
    /// "registers":[{"obis":…,"value":…,"unit":…,"quality":…[,"src":"derived"]}]}. Writing allocates nothing.
    /// </remarks>
    public sealed class EnvelopeWriter
    {
        /// <summary>The profile version written in schemaVersion.</summary>
        public const string SchemaVersion = "0.1";

        /// <summary>Default bound on one envelope; a full-mode 3-phase envelope is about 2.5 KB.</summary>
        public const int DefaultCapacity = 8192;

        private readonly JsonBuffer _json;

        public EnvelopeWriter() : this(DefaultCapacity)
        {
        }

        public EnvelopeWriter(int capacity)
        {
            _json = new JsonBuffer(capacity);
        }

        /// <summary>The envelope bytes after a Write: [0, Length).</summary>
        public byte[] Buffer
        {
            get { return _json.Buffer; }
        }

        public int Length
        {
            get { return _json.Length; }
        }

        /// <summary>
        /// Writes the envelope; returns false when it did not fit the buffer (nothing usable was written).
        /// <paramref name="sessionId"/> may be null.
        /// </summary>
        public bool Write(MeterReading reading, string feederId, string gatewayId, string sessionId)
        {
            return Write(reading, feederId, gatewayId, sessionId, -1);
        }

        /// <summary>
        /// Writes the envelope with the gateway's message sequence number <paramref name="seq"/> (an extension of
        /// profile v0.1, written last; -1 leaves it out).
        /// </summary>
        public bool Write(MeterReading reading, string feederId, string gatewayId, string sessionId, long seq)
        {
            JsonBuffer json = _json;
            json.Clear();
            json.Raw("{\"schemaVersion\":\"");
            json.Raw(SchemaVersion);
            json.Raw("\",\"ts\":");
            json.IsoTime(reading.TimestampUnix);
            json.Raw(",\"feederId\":");
            json.String(feederId);
            json.Raw(",\"gatewayId\":");
            json.String(gatewayId);
            json.Raw(",\"meterSerial\":");
            json.String(reading.Serial, 0, reading.SerialLength);
            if (sessionId != null)
            {
                json.Raw(",\"sessionId\":");
                json.String(sessionId);
            }

            json.Raw(",\"registers\":[");
            for (int i = 0; i < reading.Count; i++)
            {
                if (i > 0)
                {
                    json.Raw(',');
                }

                WriteRegister(reading, i, json);
            }

            json.Raw(']');
            if (seq >= 0)
            {
                json.Raw(",\"seq\":");
                json.Number(seq);
            }

            json.Raw('}');
            return !json.Overflowed;
        }

        /// <summary>The envelope as text; allocates, for tools and tests.</summary>
        public string ToText()
        {
            return _json.ToText();
        }

        private static void WriteRegister(MeterReading reading, int i, JsonBuffer json)
        {
            json.Raw("{\"obis\":");
            int vmrs = reading.GetVmrsRegister(i);
            string fixedKey = reading.GetFixedKey(i);
            if (vmrs >= 0)
            {
                json.String(VmrsCatalog.KeyOf(vmrs));
            }
            else if (fixedKey != null)
            {
                json.String(fixedKey);
            }
            else
            {
                NorthboundObis.Write(reading.GetObis(i), json);
            }

            json.Raw(",\"value\":");
            switch (reading.GetKind(i))
            {
                case RegisterValueKind.Number:
                    json.Number(reading.GetNumber(i));
                    break;
                case RegisterValueKind.Text:
                    json.String(reading.TextPool, reading.GetTextStart(i), reading.GetTextLength(i));
                    break;
                case RegisterValueKind.Enum:
                    json.String(reading.GetEnum(i));
                    break;
                default:
                    json.IsoTime(reading.GetDateTime(i));
                    break;
            }

            json.Raw(",\"unit\":");
            string unit = reading.GetUnit(i);
            if (unit != null)
            {
                json.String(unit);
            }
            else
            {
                json.String(reading.TextPool, reading.GetTextStart(i), reading.GetTextLength(i));
            }

            json.Raw(",\"quality\":\"");
            json.Raw(Quality.NameOf(reading.GetQuality(i)));
            json.Raw('"');
            if (reading.IsDerived(i))
            {
                json.Raw(",\"src\":\"derived\"");
            }

            json.Raw('}');
        }
    }
}
