using OpenAmi.Northbound;
using OpenAmi.P1.Values;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Writes the gateway's own messages into a reused buffer: events on a meter's event topic (the envelope
    /// header plus "event"), and the retained status birth and will on {topicRoot}/status.
    /// </summary>
    public sealed class MessageWriter
    {
        private readonly JsonBuffer _json;

        public MessageWriter(int capacity)
        {
            _json = new JsonBuffer(capacity);
        }

        public JsonBuffer Json
        {
            get { return _json; }
        }

        /// <summary>
        /// Starts an event: {"schemaVersion":"0.1","ts":…,"feederId":…,"gatewayId":…,"meterSerial":…,"event":{"type":…
        /// The caller adds detail fields with the Field methods, then calls <see cref="EndEvent"/>.
        /// </summary>
        public void BeginEvent(long tsUnix, string feederId, string gatewayId, byte[] serial, int serialLength, string type)
        {
            JsonBuffer j = _json;
            j.Clear();
            j.Raw("{\"schemaVersion\":\"");
            j.Raw(EnvelopeWriter.SchemaVersion);
            j.Raw("\",\"ts\":");
            j.IsoTime(tsUnix);
            j.Raw(",\"feederId\":");
            j.String(feederId);
            j.Raw(",\"gatewayId\":");
            j.String(gatewayId);
            j.Raw(",\"meterSerial\":");
            j.String(serial, 0, serialLength);
            j.Raw(",\"event\":{\"type\":");
            j.String(type);
        }

        /// <summary>Adds "name":"text".</summary>
        public void Field(string name, string text)
        {
            Name(name);
            _json.String(text);
        }

        /// <summary>Adds "name":number.</summary>
        public void Field(string name, long value)
        {
            Name(name);
            _json.Number(value);
        }

        /// <summary>Adds "name":decimal.</summary>
        public void Field(string name, P1Decimal value)
        {
            Name(name);
            _json.Number(value);
        }

        /// <summary>Adds "name":"ISO time".</summary>
        public void TimeField(string name, long unixSeconds)
        {
            Name(name);
            _json.IsoTime(unixSeconds);
        }

        /// <summary>Opens "name":[ for a list of objects.</summary>
        public void BeginList(string name)
        {
            Name(name);
            _json.Raw('[');
        }

        public void EndList()
        {
            _json.Raw(']');
        }

        /// <summary>Closes the event object and the message, adding the sequence number.</summary>
        public bool EndEvent(long seq)
        {
            _json.Raw("},\"seq\":");
            _json.Number(seq);
            _json.Raw('}');
            return !_json.Overflowed;
        }

        /// <summary>The retained will: {"status":"offline","feederId":…,"gatewayId":…}.</summary>
        public void Will(string feederId, string gatewayId)
        {
            JsonBuffer j = _json;
            j.Clear();
            j.Raw("{\"status\":\"offline\",\"feederId\":");
            j.String(feederId);
            j.Raw(",\"gatewayId\":");
            j.String(gatewayId);
            j.Raw('}');
        }

        private void Name(string name)
        {
            _json.Raw(",\"");
            _json.Raw(name);
            _json.Raw("\":");
        }
    }
}
