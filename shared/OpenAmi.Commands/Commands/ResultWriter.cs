using OpenAmi.Northbound;
using OpenAmi.Text;

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

        // The fixed texts, as words of one packed table (W… index it). Built per answer and given back with the buffer
        // (see Release): answers are rare, and a static table would sit on the device heap from boot.
        private const int WCommandEvent = 0;
        private const int WGrantEvent = 1;
        private const int WCommandIdKey = 2;
        private const int WOpKey = 3;
        private const int WSessionKey = 4;
        private const int WCounterKey = 5;
        private const int WAccepted = 6;
        private const int WRejectedBecause = 7;
        private const int WDuplicate = 8;
        private const int WSeqKey = 9;
        private const int WKidKey = 10;
        private const int WSigKey = 11;
        private const int WEnd = 12;
        private const string WordList =
            ",\"event\":{\"type\":\"command_result\"|,\"event\":{\"type\":\"grant_result\"|,\"cmdId\":|,\"op\":|,\"sessionId\":|,\"ctr\":|,\"status\":\"accepted\"|,\"status\":\"rejected\",\"reason\":\"|,\"duplicate\":true|},\"seq\":|,\"kid\":|,\"sig\":\"|\"}";

        private PackedWords _words;
        private JsonBuffer _json; // lent per answer (see Release)
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
            Word(j, WCommandEvent);
            if (commandId != null)
            {
                Word(j, WCommandIdKey);
                j.String(commandId);
            }

            if (op != null)
            {
                Word(j, WOpKey);
                j.String(op);
            }

            Status(reason);
            if (duplicate)
            {
                Word(j, WDuplicate);
            }

            return Finish(seq);
        }

        /// <summary>A grant_result for session <paramref name="sessionId"/>; <paramref name="counter"/> is written when above 0.</summary>
        public bool Grant(long tsUnix, string sessionId, long counter, int reason, long seq)
        {
            JsonBuffer j = Begin(tsUnix);
            Word(j, WGrantEvent);
            Word(j, WSessionKey);
            j.String(sessionId);
            if (counter > 0)
            {
                Word(j, WCounterKey);
                j.Number(counter);
            }

            Status(reason);
            return Finish(seq);
        }

        /// <summary>Gives the answer's buffer back to the heap once it is stored: answers are rare.</summary>
        public void Release()
        {
            _json = null;
            _words = null;
        }

        private void Word(JsonBuffer j, int word)
        {
            j.Raw(_words.Bytes, _words.StartOf(word), _words.LengthOf(word));
        }

        private JsonBuffer Begin(long tsUnix)
        {
            if (_json == null)
            {
                _json = new JsonBuffer(Capacity);
                _words = new PackedWords(WordList);
            }

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
                Word(_json, WAccepted);
                return;
            }

            Word(_json, WRejectedBecause);
            _json.Raw(CommandReason.Encoded(reason));
            _json.Raw('"');
        }

        // Closes the event, adds seq and kid, then signs every byte written so far.
        private bool Finish(long seq)
        {
            JsonBuffer j = _json;
            Word(j, WSeqKey);
            j.Number(seq);
            Word(j, WKidKey);
            j.Raw(_kid);
            if (j.Overflowed)
            {
                return false;
            }

            _hmac.Compute(_keys.Current, j.Buffer, 0, j.Length, _mac);
            Base64Url.Encode(_mac, 0, 32, _macText, 0); // always 43 characters, none needing escape
            Word(j, WSigKey);
            j.Raw(_macText);
            Word(j, WEnd);
            return !j.Overflowed;
        }
    }
}
