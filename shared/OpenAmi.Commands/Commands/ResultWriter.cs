using OpenAmi.Northbound;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Writes the gateway's signed answers into one reused buffer: the command_result event on a meter's event
    /// topic and the grant_result on a session's result topic. Each ends with the key id and
    /// <c>"sig":BASE64URL(HMAC-SHA256(current key, every byte before ,"sig"))</c>.
    /// </summary>
    /// <remarks>Keys and fixed texts are pre-encoded once: on nanoCLR every executed string literal allocates.</remarks>
    internal sealed class ResultWriter
    {
        // The largest answer: header and ids of 64 characters (each may double when escaped), a 64-character kid.
        private const int Capacity = 1024;

        private static readonly byte[] CommandEvent = OpenAmi.Text.Ascii.GetBytes(",\"event\":{\"type\":\"command_result\"");
        private static readonly byte[] GrantEvent = OpenAmi.Text.Ascii.GetBytes(",\"event\":{\"type\":\"grant_result\"");
        private static readonly byte[] CommandIdKey = OpenAmi.Text.Ascii.GetBytes(",\"cmdId\":");
        private static readonly byte[] OpKey = OpenAmi.Text.Ascii.GetBytes(",\"op\":");
        private static readonly byte[] SessionKey = OpenAmi.Text.Ascii.GetBytes(",\"sessionId\":");
        private static readonly byte[] CounterKey = OpenAmi.Text.Ascii.GetBytes(",\"ctr\":");
        private static readonly byte[] Accepted = OpenAmi.Text.Ascii.GetBytes(",\"status\":\"accepted\"");
        private static readonly byte[] RejectedBecause = OpenAmi.Text.Ascii.GetBytes(",\"status\":\"rejected\",\"reason\":\"");
        private static readonly byte[] Duplicate = OpenAmi.Text.Ascii.GetBytes(",\"duplicate\":true");
        private static readonly byte[] SeqKey = OpenAmi.Text.Ascii.GetBytes("},\"seq\":");
        private static readonly byte[] KidKey = OpenAmi.Text.Ascii.GetBytes(",\"kid\":");
        private static readonly byte[] SigKey = OpenAmi.Text.Ascii.GetBytes(",\"sig\":\"");
        private static readonly byte[] End = OpenAmi.Text.Ascii.GetBytes("\"}");

        private readonly JsonBuffer _json = new JsonBuffer(Capacity);
        private readonly byte[] _mac = new byte[32];
        private readonly byte[] _macText = new byte[43];
        private readonly IHmacSha256 _hmac;
        private readonly CommandKeys _keys;
        private readonly GatewayIds _ids;
        private readonly byte[] _kid;

        public ResultWriter(IHmacSha256 hmac, CommandKeys keys, string feederId, string gatewayId)
        {
            _hmac = hmac;
            _keys = keys;
            _ids = new GatewayIds(feederId, gatewayId);
            _kid = JsonBuffer.Quote(keys.CurrentId);
        }

        public byte[] Buffer
        {
            get { return _json.Buffer; }
        }

        public int Length
        {
            get { return _json.Length; }
        }

        /// <summary>A command_result; <paramref name="reason"/> is <see cref="CommandReason.None"/> when accepted. False when it did not fit.</summary>
        public bool Command(long tsUnix, string meter, string commandId, string op, int reason, bool duplicate, long seq)
        {
            JsonBuffer j = Begin(tsUnix);
            j.Raw(JsonWords.MeterSerial);
            j.String(meter);
            j.Raw(CommandEvent);
            if (commandId != null)
            {
                j.Raw(CommandIdKey);
                j.String(commandId);
            }

            if (op != null)
            {
                j.Raw(OpKey);
                j.String(op);
            }

            Status(reason);
            if (duplicate)
            {
                j.Raw(Duplicate);
            }

            return Finish(seq);
        }

        /// <summary>A grant_result for session <paramref name="sessionId"/>; <paramref name="counter"/> is written when above 0.</summary>
        public bool Grant(long tsUnix, string sessionId, long counter, int reason, long seq)
        {
            JsonBuffer j = Begin(tsUnix);
            j.Raw(GrantEvent);
            j.Raw(SessionKey);
            j.String(sessionId);
            if (counter > 0)
            {
                j.Raw(CounterKey);
                j.Number(counter);
            }

            Status(reason);
            return Finish(seq);
        }

        private JsonBuffer Begin(long tsUnix)
        {
            JsonBuffer j = _json;
            j.Clear();
            j.Raw(JsonWords.SchemaAndTs);
            j.IsoTime(tsUnix);
            j.Raw(JsonWords.FeederId);
            j.Raw(_ids.FeederJson);
            j.Raw(JsonWords.GatewayId);
            j.Raw(_ids.GatewayJson);
            return j;
        }

        private void Status(int reason)
        {
            if (reason == CommandReason.None)
            {
                _json.Raw(Accepted);
                return;
            }

            _json.Raw(RejectedBecause);
            _json.Raw(CommandReason.Encoded(reason));
            _json.Raw('"');
        }

        // Closes the event, adds seq and kid, then signs every byte written so far.
        private bool Finish(long seq)
        {
            JsonBuffer j = _json;
            j.Raw(SeqKey);
            j.Number(seq);
            j.Raw(KidKey);
            j.Raw(_kid);
            if (j.Overflowed)
            {
                return false;
            }

            _hmac.Compute(_keys.Current, j.Buffer, 0, j.Length, _mac);
            Base64Url.Encode(_mac, 0, 32, _macText, 0); // always 43 characters, none needing escape
            j.Raw(SigKey);
            j.Raw(_macText);
            j.Raw(End);
            return !j.Overflowed;
        }
    }
}
