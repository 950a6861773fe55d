using OpenAmi.Northbound;
using OpenAmi.P1.Values;
using OpenAmi.Text;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Writes the gateway's own messages into a reused buffer: events on a meter's event topic (the envelope header
    /// plus "event"), and the retained will on {topicRoot}/status. Field names are pre-encoded
    /// (<see cref="Field(byte[], long)"/> takes one of the keys below), so an event allocates nothing.
    /// </summary>
    public sealed class MessageWriter
    {
        // Detail keys, each written as ,"key": after the event type.
        public static readonly byte[] From = Key("from");
        public static readonly byte[] To = Key("to");
        public static readonly byte[] Counter = Key("counter");
        public static readonly byte[] Log = Key("log");
        public static readonly byte[] Phase = Key("phase");
        public static readonly byte[] Obis = Key("obis");
        public static readonly byte[] Expected = Key("expected");
        public static readonly byte[] Meter = Key("meter");
        public static readonly byte[] JumpSeconds = Key("jumpS");
        public static readonly byte[] LastFrameTs = Key("lastFrameTs");
        public static readonly byte[] SilentSeconds = Key("silentS");
        public static readonly byte[] DownSeconds = Key("downS");
        public static readonly byte[] Count = Key("count");
        public static readonly byte[] WindowSeconds = Key("windowS");

        private static readonly byte[] EventType = Ascii.GetBytes(",\"event\":{\"type\":");
        private static readonly byte[] EventEnd = Ascii.GetBytes("},\"seq\":");
        private static readonly byte[] LogEntryFirst = Ascii.GetBytes("{\"end\":");
        private static readonly byte[] LogEntryNext = Ascii.GetBytes(",{\"end\":");
        private static readonly byte[] Duration = Ascii.GetBytes(",\"durationS\":");
        private static readonly byte[] WillStart = Ascii.GetBytes("{\"status\":\"offline\"");

        private readonly JsonBuffer _json;
        private bool _firstInList;

        public MessageWriter(int capacity) : this(new JsonBuffer(capacity))
        {
        }

        /// <summary>Writes into <paramref name="json"/>, which the caller may share with other writers.</summary>
        public MessageWriter(JsonBuffer json)
        {
            _json = json;
        }

        public JsonBuffer Json
        {
            get { return _json; }
        }

        /// <summary>
        /// Starts an event: {"schemaVersion":"0.1","ts":…,"feederId":…,"gatewayId":…,"meterSerial":…,"event":{"type":…
        /// The caller adds detail fields, then calls <see cref="EndEvent"/>.
        /// </summary>
        public void BeginEvent(long tsUnix, GatewayIds ids, byte[] serial, int serialLength, int eventType)
        {
            JsonWords.WriteHeader(_json, tsUnix, ids, serial, serialLength);
            _json.Raw(EventType);
            _json.Raw(EventTypes.JsonOf(eventType));
        }

        /// <summary>Adds "key":number.</summary>
        public void Field(byte[] key, long value)
        {
            _json.Raw(key);
            _json.Number(value);
        }

        /// <summary>Adds "key":decimal.</summary>
        public void Field(byte[] key, P1Decimal value)
        {
            _json.Raw(key);
            _json.Number(value);
        }

        /// <summary>Adds "key": then pre-encoded JSON (a quoted word or label).</summary>
        public void FieldJson(byte[] key, byte[] json)
        {
            _json.Raw(key);
            _json.Raw(json);
        }

        /// <summary>Adds "key":"ISO time".</summary>
        public void TimeField(byte[] key, long unixSeconds)
        {
            _json.Raw(key);
            _json.IsoTime(unixSeconds);
        }

        /// <summary>Opens "key":[ for a list of log entries.</summary>
        public void BeginList(byte[] key)
        {
            _json.Raw(key);
            _json.Raw('[');
            _firstInList = true;
        }

        /// <summary>Adds {"end":ISO,"durationS":N} to the open list.</summary>
        public void LogEntry(long endUnix, P1Decimal durationSeconds)
        {
            _json.Raw(_firstInList ? LogEntryFirst : LogEntryNext);
            _json.IsoTime(endUnix);
            _json.Raw(Duration);
            _json.Number(durationSeconds);
            _json.Raw('}');
            _firstInList = false;
        }

        public void EndList()
        {
            _json.Raw(']');
        }

        /// <summary>Closes the event object and the message, adding the sequence number; false when it did not fit.</summary>
        public bool EndEvent(long seq)
        {
            _json.Raw(EventEnd);
            _json.Number(seq);
            _json.Raw('}');
            return !_json.Overflowed;
        }

        /// <summary>The retained will: {"status":"offline","feederId":…,"gatewayId":…}.</summary>
        public void Will(GatewayIds ids)
        {
            JsonBuffer j = _json;
            j.Clear();
            j.Raw(WillStart);
            j.Raw(JsonWords.FeederId);
            j.Raw(ids.FeederJson);
            j.Raw(JsonWords.GatewayId);
            j.Raw(ids.GatewayJson);
            j.Raw('}');
        }

        private static byte[] Key(string name)
        {
            return Ascii.GetBytes(",\"" + name + "\":");
        }
    }
}
