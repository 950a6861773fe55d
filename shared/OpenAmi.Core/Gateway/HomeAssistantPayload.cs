using OpenAmi.Northbound;
using OpenAmi.P1.Obis;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Writes Home Assistant's discovery topics and config payloads (single-component discovery, full key names):
    /// one sensor or binary sensor per register, its state read by a value_template from the meter's existing
    /// telemetry envelope, its availability from the gateway's status topic (birth online, will offline), grouped
    /// under one device per meter, read through the gateway's own device. Every text is pre-encoded: writing
    /// allocates nothing.
    /// </summary>
    /// <remarks>
    /// The template picks the register by its key and unit, so the Belgian month peak's value (W) and its time
    /// (datetime), which share the key 1.6.0, each get their own; a register absent from a message renders empty,
    /// which Home Assistant ignores for a numeric sensor. The ids and register names are in HomeAssistantPayload.Ids.
    /// </remarks>
    internal sealed partial class HomeAssistantPayload
    {
        // Words, by index.
        private const int KName = 0;
        private const int KUniqueId = 1;
        private const int KStateTopic = 2;
        private const int KValueTemplate = 3;
        private const int KDeviceClass = 4;
        private const int KStateClass = 5;
        private const int KUnit = 6;
        private const int KEntityCategory = 7;
        private const int KPayloadOn = 8;
        private const int KPayloadOff = 9;
        private const int KAvailabilityTopic = 10;
        private const int KAvailabilityTemplate = 11;
        private const int KPayloadAvailable = 12;
        private const int KPayloadNotAvailable = 13;
        private const int KQos = 14;
        private const int KDevice = 15;
        private const int KIdentifiers = 16;
        private const int KManufacturer = 17;
        private const int KModel = 18;
        private const int KSerialNumber = 19;
        private const int KViaDevice = 20;
        private const int KOrigin = 21;
        private const int KSwVersion = 22;
        private const int VDiagnostic = 23;
        private const int VConnected = 24;
        private const int VDisconnected = 25;
        private const int VOnline = 26;
        private const int VOffline = 27;
        private const int VStatusTemplate = 28;
        private const int VTemplateStart = 29;
        private const int VTemplateUnit = 30;
        private const int VTemplateEnd = 31;
        private const int VOriginName = 32;
        private const int VOpenAmi = 33;
        private const int VGatewayModel = 34;
        private const int VGatewayName = 35;
        private const int VElectricityMeter = 36;
        private const int VIdPrefix = 37;
        private const int VOnlineName = 38;
        private const int VOnlineId = 39;
        private const int VFramesBadName = 40;
        private const int VFramesBadId = 41;
        private const int VFramesBadTemplate = 42;
        private const int VConfig = 43;
        private const int VTime = 44;
        private const int VMeterLevel = 45;
        private const int VTelemetryLevel = 46;

        // Built on first use, not at boot: nanoCLR runs every static constructor when it loads the assembly, and these
        // words serve only a gateway with Home Assistant discovery on (StaticTablesBudgetTests).
        private static PackedWords _words;

        private static PackedWords Words
        {
            get
            {
                if (_words == null)
                {
                    _words = BuildWords();
                }

                return _words;
            }
        }

        private static PackedWords BuildWords()
        {
            return new PackedWords(
                "name|unique_id|state_topic|value_template|device_class|state_class|unit_of_measurement|entity_category|"
                + "payload_on|payload_off|availability_topic|availability_template|payload_available|payload_not_available|qos|"
                + "device|identifiers|manufacturer|model|serial_number|via_device|origin|sw_version|"
                + "diagnostic|connected|disconnected|online|offline|{{ value_json.status }}|"
                + "{% for r in value_json.registers if r.obis == '|' and r.unit == '|' %}{{ r.value }}{% endfor %}|"
                + "OpenAMI P1 Gateway|OpenAMI|P1 Gateway|OpenAMI gateway |Electricity meter |openami_|"
                + "Online|_online|Frames with a bad CRC|_frames_bad|"
                + "{% if value_json.counters is defined %}{{ value_json.counters.framesBad }}{% endif %}|/config|_time|/meter/|/telemetry");
        }

        private readonly byte[] _prefix;
        private readonly byte[] _gatewayDevice;
        private readonly byte[] _gatewayName;
        private readonly byte[] _statusTopic;
        private readonly byte[] _software;

        /// <summary>Payloads under discovery <paramref name="prefix"/> (homeassistant) for the gateway of <paramref name="ids"/>
        /// running <paramref name="software"/>, available while <paramref name="statusTopic"/> says online.</summary>
        public HomeAssistantPayload(string prefix, GatewayIds ids, byte[] statusTopic, string software)
        {
            _prefix = Ascii.GetBytes(prefix);
            _statusTopic = statusTopic;
            _software = JsonBuffer.Quote(software);
            _gatewayName = Ascii.GetBytes(ids.GatewayId);
            _gatewayDevice = Ascii.GetBytes("openami_gw_" + ids.FeederId + "_" + ids.GatewayId);
            for (int i = 0; i < _gatewayDevice.Length; i++)
            {
                _gatewayDevice[i] = IdByte(_gatewayDevice[i]);
            }
        }

        // "/status", after the gateway's topic root.
        private const int StatusLevelLength = 7;

        /// <summary>Entities of the gateway's own device: its connectivity and its count of frames with a bad CRC.</summary>
        public const int GatewayEntities = 2;

        /// <summary>
        /// Appends the discovery topic of entity <paramref name="i"/> of <paramref name="meter"/> to <paramref name="j"/>
        /// (after its config, so one buffer holds both); returns where it starts.
        /// </summary>
        public int EntityTopic(HomeAssistantMeter meter, int i, JsonBuffer j)
        {
            int start = j.Length;
            int row = HomeAssistantEntities.Find(meter.Keys[i], meter.Units[i]);
            j.Raw(_prefix);
            j.Raw('/');
            HomeAssistantEntities.Write(j, HomeAssistantEntities.PlatformBase + (row >= 0 ? HomeAssistantEntities.PlatformOf(row) : HomeAssistantEntities.Sensor));
            j.Raw('/');
            ObjectId(j, meter, i);
            Word(j, Words, VConfig);
            return start;
        }

        /// <summary>Writes the config of entity <paramref name="i"/> of <paramref name="meter"/>.</summary>
        public void EntityConfig(HomeAssistantMeter meter, int i, JsonBuffer j)
        {
            long key = meter.Keys[i];
            int unit = meter.Units[i];
            int row = HomeAssistantEntities.Find(key, unit);
            int platform = HomeAssistantEntities.Sensor;
            int deviceClass;
            int stateClass;
            int flags = 0;
            int subKind = -1;
            j.Clear();
            j.Raw('{');
            Key(j, KName, true);
            j.Raw('"');
            if (row == HomeAssistantEntities.SubMeterRow)
            {
                subKind = HomeAssistantEntities.SubMeterKind(meter.DeviceType, unit);
                HomeAssistantEntities.Write(j, HomeAssistantEntities.SubNameBase + subKind);
                deviceClass = HomeAssistantEntities.SubMeterClass(subKind);
                stateClass = HomeAssistantEntities.TotalIncreasing;
            }
            else if (row >= 0)
            {
                HomeAssistantEntities.WriteName(j, row);
                platform = HomeAssistantEntities.PlatformOf(row);
                deviceClass = HomeAssistantEntities.ClassOf(row);
                stateClass = HomeAssistantEntities.StateOf(row);
                flags = HomeAssistantEntities.FlagsOf(row);
            }
            else
            {
                HomeAssistantEntities.Write(j, HomeAssistantEntities.FallbackBase + unit);
                j.Raw(' ');
                RegisterName(j, key, false);
                deviceClass = HomeAssistantEntities.FallbackClassOf(unit);
                stateClass = HomeAssistantEntities.FallbackStateOf(unit);
            }

            j.Raw('"');
            Key(j, KUniqueId, false);
            j.Raw('"');
            ObjectId(j, meter, i);
            j.Raw('"');
            Key(j, KStateTopic, false);
            TelemetryTopic(j, meter);
            Key(j, KValueTemplate, false);
            j.Raw('"');
            Word(j, Words, VTemplateStart);
            RegisterName(j, key, false);
            Word(j, Words, VTemplateUnit);
            byte[] envelopeUnit = NorthboundUnits.JsonOf(unit);
            j.Raw(envelopeUnit, 1, envelopeUnit.Length - 2);
            Word(j, Words, VTemplateEnd);
            j.Raw('"');
            if (platform == HomeAssistantEntities.BinarySensor)
            {
                // The breaker: connected is power on the line.
                QuotedField(j, KPayloadOn, Words, VConnected);
                QuotedField(j, KPayloadOff, Words, VDisconnected);
            }

            if (deviceClass != HomeAssistantEntities.NoClass)
            {
                EntityField(j, KDeviceClass, HomeAssistantEntities.ClassBase + deviceClass);
            }

            if (stateClass != HomeAssistantEntities.NoState)
            {
                EntityField(j, KStateClass, HomeAssistantEntities.StateBase + stateClass);
            }

            if (platform == HomeAssistantEntities.Sensor && HomeAssistantEntities.HasUnit(unit))
            {
                EntityField(j, KUnit, HomeAssistantEntities.UnitBase + unit);
            }

            if ((flags & HomeAssistantEntities.Diagnostic) != 0)
            {
                QuotedField(j, KEntityCategory, Words, VDiagnostic);
            }

            Availability(j);
            Key(j, KQos, false);
            j.Raw('1');
            MeterDevice(j, meter, subKind);
            Origin(j);
            j.Raw('}');
        }

        /// <summary>Appends the discovery topic of the gateway's entity <paramref name="entity"/> (0 online, 1 bad frames); returns where it starts.</summary>
        public int GatewayTopic(int entity, JsonBuffer j)
        {
            int start = j.Length;
            j.Raw(_prefix);
            j.Raw('/');
            HomeAssistantEntities.Write(j, HomeAssistantEntities.PlatformBase + (entity == 0 ? HomeAssistantEntities.BinarySensor : HomeAssistantEntities.Sensor));
            j.Raw('/');
            j.Raw(_gatewayDevice);
            Word(j, Words, entity == 0 ? VOnlineId : VFramesBadId);
            Word(j, Words, VConfig);
            return start;
        }

        /// <summary>Writes the config of the gateway's entity <paramref name="entity"/>.</summary>
        public void GatewayConfig(int entity, JsonBuffer j)
        {
            j.Clear();
            j.Raw('{');
            QuotedFieldFirst(j, KName, Words, entity == 0 ? VOnlineName : VFramesBadName);
            Key(j, KUniqueId, false);
            j.Raw('"');
            j.Raw(_gatewayDevice);
            Word(j, Words, entity == 0 ? VOnlineId : VFramesBadId);
            j.Raw('"');
            Key(j, KStateTopic, false);
            j.String(_statusTopic, 0, _statusTopic.Length);
            if (entity == 0)
            {
                // The connectivity entity reads the status itself, so it shows offline instead of becoming unavailable.
                QuotedField(j, KValueTemplate, Words, VStatusTemplate);
                QuotedField(j, KPayloadOn, Words, VOnline);
                QuotedField(j, KPayloadOff, Words, VOffline);
                EntityField(j, KDeviceClass, HomeAssistantEntities.ClassBase + HomeAssistantEntities.Connectivity);
            }
            else
            {
                QuotedField(j, KValueTemplate, Words, VFramesBadTemplate);
                EntityField(j, KStateClass, HomeAssistantEntities.StateBase + HomeAssistantEntities.TotalIncreasing);
                Availability(j);
            }

            QuotedField(j, KEntityCategory, Words, VDiagnostic);
            Key(j, KQos, false);
            j.Raw('1');
            GatewayDevice(j);
            Origin(j);
            j.Raw('}');
        }

        private void Availability(JsonBuffer j)
        {
            Key(j, KAvailabilityTopic, false);
            j.String(_statusTopic, 0, _statusTopic.Length);
            QuotedField(j, KAvailabilityTemplate, Words, VStatusTemplate);
            QuotedField(j, KPayloadAvailable, Words, VOnline);
            QuotedField(j, KPayloadNotAvailable, Words, VOffline);
        }

        // openami/v1/{feeder}/{gateway}/meter/{serial}/telemetry, from the status topic's root: topic-safe, nothing to escape.
        private void TelemetryTopic(JsonBuffer j, HomeAssistantMeter meter)
        {
            j.Raw('"');
            j.Raw(_statusTopic, 0, _statusTopic.Length - StatusLevelLength);
            Word(j, Words, VMeterLevel);
            j.Raw(meter.Serial, 0, meter.SerialLength);
            Word(j, Words, VTelemetryLevel);
            j.Raw('"');
        }

        private void MeterDevice(JsonBuffer j, HomeAssistantMeter meter, int subKind)
        {
            Key(j, KDevice, false);
            j.Raw('{');
            Key(j, KIdentifiers, true);
            j.Raw('[');
            j.Raw('"');
            MeterId(j, meter);
            j.Raw('"');
            j.Raw(']');
            Key(j, KName, false);
            j.Raw('"');
            if (subKind >= 0)
            {
                HomeAssistantEntities.Write(j, HomeAssistantEntities.SubDeviceBase + subKind);
            }
            else
            {
                Word(j, Words, VElectricityMeter);
            }

            j.Raw(meter.Serial, 0, meter.SerialLength);
            j.Raw('"');
            int manufacturer = meter.Header == null ? -1 : HomeAssistantEntities.ManufacturerOf(meter.Header, 0, meter.HeaderLength);
            if (manufacturer >= 0)
            {
                EntityField(j, KManufacturer, manufacturer);
            }

            if (meter.Header != null && meter.HeaderLength > 0)
            {
                Key(j, KModel, false);
                j.String(meter.Header, 0, meter.HeaderLength);
            }

            Key(j, KSerialNumber, false);
            j.String(meter.Serial, 0, meter.SerialLength);
            Key(j, KViaDevice, false);
            j.Raw('"');
            if (meter.Parent != null && meter.Parent.SerialLength > 0)
            {
                MeterId(j, meter.Parent);
            }
            else
            {
                j.Raw(_gatewayDevice);
            }

            j.Raw('"');
            j.Raw('}');
        }

        private void GatewayDevice(JsonBuffer j)
        {
            Key(j, KDevice, false);
            j.Raw('{');
            Key(j, KIdentifiers, true);
            j.Raw('[');
            j.Raw('"');
            j.Raw(_gatewayDevice);
            j.Raw('"');
            j.Raw(']');
            Key(j, KName, false);
            j.Raw('"');
            Word(j, Words, VGatewayName);
            j.Raw(_gatewayName);
            j.Raw('"');
            QuotedField(j, KManufacturer, Words, VOpenAmi);
            QuotedField(j, KModel, Words, VGatewayModel);
            Key(j, KSwVersion, false);
            j.Raw(_software);
            j.Raw('}');
        }

        private void Origin(JsonBuffer j)
        {
            Key(j, KOrigin, false);
            j.Raw('{');
            QuotedFieldFirst(j, KName, Words, VOriginName);
            Key(j, KSwVersion, false);
            j.Raw(_software);
            j.Raw('}');
        }

        private static void Key(JsonBuffer j, int word, bool first)
        {
            j.Raw(first ? '"' : ',');
            if (!first)
            {
                j.Raw('"');
            }

            Word(j, Words, word);
            j.Raw('"');
            j.Raw(':');
        }

        private static void QuotedField(JsonBuffer j, int key, PackedWords words, int word)
        {
            Key(j, key, false);
            j.Raw('"');
            Word(j, words, word);
            j.Raw('"');
        }

        private static void EntityField(JsonBuffer j, int key, int word)
        {
            Key(j, key, false);
            j.Raw('"');
            HomeAssistantEntities.Write(j, word);
            j.Raw('"');
        }

        private static void QuotedFieldFirst(JsonBuffer j, int key, PackedWords words, int word)
        {
            Key(j, key, true);
            j.Raw('"');
            Word(j, words, word);
            j.Raw('"');
        }

        private static void Word(JsonBuffer j, PackedWords words, int word)
        {
            j.Raw(words.Bytes, words.StartOf(word), words.LengthOf(word));
        }
    }
}
