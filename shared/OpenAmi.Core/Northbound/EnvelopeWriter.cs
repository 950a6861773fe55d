using OpenAmi.P1.Values;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// Writes the OpenAMI northbound profile v0.1 telemetry envelope for one <see cref="MeterReading"/> into a
    /// reused buffer: fields in the profile's order, no whitespace, numbers from the meter's own digits.
    /// </summary>
    /// <remarks>
    /// Shape: {"schemaVersion":"0.1","ts":…,"feederId":…,"gatewayId":…,"meterSerial":…,["sessionId":…,]
    /// "registers":[{"obis":…,"value":…,"unit":…,"quality":…[,"src":"derived"]}]}. Every key and word is
    /// pre-encoded, so writing allocates nothing and walks no string, on the desktop and on the device.
    /// </remarks>
    public sealed class EnvelopeWriter
    {
        /// <summary>The profile version written in schemaVersion.</summary>
        public const string SchemaVersion = "0.1";

        /// <summary>Default bound on one envelope; the largest full-mode envelope of the corpus is about 2.8 KB.</summary>
        public const int DefaultCapacity = 4096;

        private static readonly byte[] SessionId = Ascii.GetBytes(",\"sessionId\":");
        private static readonly byte[] Registers = Ascii.GetBytes(",\"registers\":[");
        private static readonly byte[] ObisKey = Ascii.GetBytes("{\"obis\":");
        private static readonly byte[] ValueKey = Ascii.GetBytes(",\"value\":");
        private static readonly byte[] UnitKey = Ascii.GetBytes(",\"unit\":");
        private static readonly byte[] QualityKey = Ascii.GetBytes(",\"quality\":");
        private static readonly byte[] Derived = Ascii.GetBytes(",\"src\":\"derived\"}");

        // Room a number register may need at most, its comma included: the longest key, number, unit and quality word,
        // and the derived mark. Registers are written with one bounds check when this much is left (see WriteRegisters).
        private const int MaxNumberRegisterLength = 1 + 8 + NorthboundObis.MaxJsonLength + 9 + JsonBuffer.MaxNumberLength
            + 8 + NorthboundUnits.MaxJsonLength + 11 + QualityText.MaxJsonLength + 17;

        private readonly JsonBuffer _json;
        // The key of a register outside the VMRS, composed here (see NorthboundObis.Compose).
        private readonly byte[] _obisText = new byte[NorthboundObis.MaxJsonLength];

        public EnvelopeWriter() : this(DefaultCapacity)
        {
        }

        public EnvelopeWriter(int capacity) : this(new JsonBuffer(capacity))
        {
        }

        /// <summary>Writes into <paramref name="json"/>, which the caller may share with other writers.</summary>
        public EnvelopeWriter(JsonBuffer json)
        {
            _json = json;
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
        /// <paramref name="sessionId"/> may be null. Encodes the ids on every call: for tools and tests.
        /// </summary>
        public bool Write(MeterReading reading, string feederId, string gatewayId, string sessionId)
        {
            return Write(reading, new GatewayIds(feederId, gatewayId), sessionId == null ? null : JsonBuffer.Quote(sessionId), -1, false);
        }

        /// <summary>As <see cref="Write(MeterReading, string, string, string)"/>, with the sequence number <paramref name="seq"/>.</summary>
        public bool Write(MeterReading reading, string feederId, string gatewayId, string sessionId, long seq)
        {
            return Write(reading, new GatewayIds(feederId, gatewayId), sessionId == null ? null : JsonBuffer.Quote(sessionId), seq, false);
        }

        /// <summary>
        /// Writes the envelope with the gateway's message sequence number <paramref name="seq"/> (an extension of
        /// profile v0.1, written last; -1 leaves it out). <paramref name="sessionIdJson"/> is the session id as a JSON
        /// string literal, or null. With <paramref name="commsLost"/> every register goes out with quality
        /// comms_lost: the last known values of a meter that stopped sending. Returns false when it did not fit.
        /// </summary>
        public bool Write(MeterReading reading, GatewayIds ids, byte[] sessionIdJson, long seq, bool commsLost)
        {
            return Write(reading, reading.TimestampUnix, ids, sessionIdJson, seq, commsLost);
        }

        /// <summary>As the other overload, with the envelope's ts given (the gateway's time for a comms_lost report).</summary>
        public bool Write(MeterReading reading, long tsUnix, GatewayIds ids, byte[] sessionIdJson, long seq, bool commsLost)
        {
            JsonBuffer json = _json;
            JsonWords.WriteHeader(json, tsUnix, ids, reading.Serial, reading.SerialLength);
            if (sessionIdJson != null)
            {
                json.Raw(SessionId);
                json.Raw(sessionIdJson);
            }

            json.Raw(Registers);
            WriteRegisters(reading, json, commsLost);
            json.Raw(']');
            if (seq >= 0)
            {
                json.Raw(JsonWords.Seq);
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

        // Number registers (nearly all of them) are written straight into the buffer from the reading's tables, with one
        // bounds check each: on the interpreter a call costs about 700 host instructions, and writing one piece by piece
        // took some thirty (getters, pieces, a decimal struct). Text, words, instants, raw units and the buffer's last
        // bytes go piece by piece (WriteRegister), each piece checked, so what fits is exactly what fitted before.
        private void WriteRegisters(MeterReading reading, JsonBuffer json, bool commsLost)
        {
            if (json.Overflowed)
            {
                return;
            }

            long[] names = reading.NameTable;
            long[] mantissas = reading.MantissaTable;
            byte[] scales = reading.ScaleTable;
            byte[] kinds = reading.KindTable;
            byte[] units = reading.UnitTable;
            byte[] qualities = reading.QualityTable;
            byte[] flags = reading.FlagTable;
            byte[] buffer = json.Buffer;
            int last = json.Capacity - MaxNumberRegisterLength; // the fast way while at ≤ last
            int at = json.Length;
            int count = reading.Count;

            // A register's tail (unit, quality, derived mark, closing brace) is mostly the one before it (a run of W, V, A
            // or kWh registers): then it is copied from there in one piece instead of five.
            int lastTail = -1;
            int lastTailStart = 0;
            int lastTailLength = 0;
            for (int i = 0; i < count; i++)
            {
                int unit = units[i];
                if (kinds[i] != (byte)RegisterValueKind.Number || unit == NorthboundUnits.Raw || at > last)
                {
                    json.Commit(at);
                    if (i > 0)
                    {
                        json.Raw(',');
                    }

                    WriteRegister(reading, i, json, commsLost, _obisText);
                    if (json.Overflowed)
                    {
                        return;
                    }

                    at = json.Length;
                    lastTail = -1;
                    continue;
                }

                if (i > 0)
                {
                    buffer[at++] = (byte)',';
                }

                System.Array.Copy(ObisKey, 0, buffer, at, ObisKey.Length);
                at += ObisKey.Length;
                long name = names[i];
                if (name >= 0)
                {
                    at = NorthboundObis.Compose(name, buffer, at);
                }
                else
                {
                    byte[] key = name > MeterReading.NameSubMeterBase
                        ? VmrsCatalog.KeyJsonOf((int)(MeterReading.NameVmrsBase - name))
                        : SubMeterKeys.JsonOf((int)(MeterReading.NameSubMeterBase - name));
                    System.Array.Copy(key, 0, buffer, at, key.Length);
                    at += key.Length;
                }

                System.Array.Copy(ValueKey, 0, buffer, at, ValueKey.Length);
                at += ValueKey.Length;
                at += P1Decimal.WriteAscii(mantissas[i], scales[i], buffer, at);
                int quality = commsLost ? (int)Quality.CommsLost : qualities[i];
                int derived = flags[i] & MeterReading.FlagDerived;
                int tail = unit | (quality << 8) | (derived << 16);
                if (tail == lastTail)
                {
                    System.Array.Copy(buffer, lastTailStart, buffer, at, lastTailLength);
                    at += lastTailLength;
                    continue;
                }

                lastTail = tail;
                lastTailStart = at;
                System.Array.Copy(UnitKey, 0, buffer, at, UnitKey.Length);
                at += UnitKey.Length;
                byte[] word = NorthboundUnits.JsonOf(unit);
                System.Array.Copy(word, 0, buffer, at, word.Length);
                at += word.Length;
                System.Array.Copy(QualityKey, 0, buffer, at, QualityKey.Length);
                at += QualityKey.Length;
                word = QualityText.JsonOf((Quality)quality);
                System.Array.Copy(word, 0, buffer, at, word.Length);
                at += word.Length;
                if (derived != 0)
                {
                    System.Array.Copy(Derived, 0, buffer, at, Derived.Length);
                    at += Derived.Length;
                }
                else
                {
                    buffer[at++] = (byte)'}';
                }

                lastTailLength = at - lastTailStart;
            }

            json.Commit(at);
        }

        private static void WriteRegister(MeterReading reading, int i, JsonBuffer json, bool commsLost, byte[] scratch)
        {
            int vmrs = reading.GetVmrsRegister(i);
            int subMeterKey = reading.GetSubMeterKey(i);
            if (vmrs >= 0 || subMeterKey >= 0)
            {
                byte[] key = vmrs >= 0 ? VmrsCatalog.KeyJsonOf(vmrs) : SubMeterKeys.JsonOf(subMeterKey);
                json.Raw(ObisKey, key, key.Length, ValueKey);
            }
            else
            {
                json.Raw(ObisKey, scratch, NorthboundObis.Compose(reading.GetObisKey(i), scratch, 0), ValueKey);
            }

            switch (reading.GetKind(i))
            {
                case RegisterValueKind.Number:
                    json.Number(reading.GetNumber(i));
                    break;
                case RegisterValueKind.Text:
                    json.String(reading.TextPool, reading.GetTextStart(i), reading.GetTextLength(i));
                    break;
                case RegisterValueKind.Enum:
                    json.Raw(RegisterWords.JsonOf(reading.GetWord(i)));
                    break;
                default:
                    json.IsoTime(reading.GetDateTime(i));
                    break;
            }

            int unit = reading.GetUnit(i);
            byte[] quality = QualityText.JsonOf(commsLost ? Quality.CommsLost : reading.GetQuality(i));
            if (unit == NorthboundUnits.Raw)
            {
                json.Raw(UnitKey);
                json.String(reading.TextPool, reading.GetTextStart(i), reading.GetTextLength(i));
                json.Raw(QualityKey);
                json.Raw(quality);
            }
            else
            {
                json.Raw(UnitKey, NorthboundUnits.JsonOf(unit), QualityKey, quality);
            }

            if (reading.IsDerived(i))
            {
                json.Raw(Derived);
            }
            else
            {
                json.Raw('}');
            }
        }
    }
}
