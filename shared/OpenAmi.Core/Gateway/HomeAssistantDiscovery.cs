using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.P1.Parsing;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// Home Assistant MQTT discovery (opt-in, <see cref="GatewayOptions.HaDiscovery"/>): retained config messages
    /// under <see cref="GatewayOptions.HaPrefix"/> for the gateway and for every meter, one entity per register the
    /// meter really sends, read from the telemetry the gateway publishes anyway (no second data stream). Configs go
    /// out on every connection and when a meter's register set changes; an entity whose register stopped is removed
    /// with an empty retained config. When Home Assistant says it is online again (its birth on {prefix}/status),
    /// everything is sent again.
    /// </summary>
    /// <remarks>
    /// Per telegram this costs a hash of the reading's register names (<see cref="HomeAssistantMeter.OnReading"/>);
    /// messages are written into the gateway's shared buffer only when something is due, a few per
    /// <see cref="Pump"/>, as the link takes them. Its state is a small table per meter, made on the meter's first
    /// reading; nothing allocates afterwards.
    /// </remarks>
    internal sealed class HomeAssistantDiscovery
    {
        /// <summary>Meters (ports and their sub-meters) followed at most; further ones are not announced.</summary>
        public const int MaxMeters = 12;

        /// <summary>Entities of a port's own meter at most (a 3-phase Belgian meter in full mode has about 30).</summary>
        public const int MainCapacity = 40;

        /// <summary>Entities of a sub-meter at most (its reading).</summary>
        public const int SubCapacity = 1;

        /// <summary>Messages handed to the link per pump at most, so a connection does not stall the loop.</summary>
        public const int MessagesPerPump = 8;

        private static readonly byte[] Online = Ascii.GetBytes("online");

        private readonly IMqttLink _link;
        private readonly JsonBuffer _json;
        private readonly HomeAssistantPayload _payload;
        private readonly HomeAssistantMeter[] _meters = new HomeAssistantMeter[MaxMeters];
        private readonly byte[] _gatewayStates = new byte[HomeAssistantPayload.GatewayEntities];
        private readonly byte[] _birthTopic;
        private int _meterCount;

        /// <summary>Discovery for a gateway with <paramref name="options"/>; <paramref name="json"/> is the buffer messages are
        /// written into, shared with the gateway's other messages; availability follows <paramref name="statusTopic"/>.</summary>
        public HomeAssistantDiscovery(GatewayOptions options, IMqttLink link, GatewayIds ids, byte[] statusTopic, JsonBuffer json)
        {
            _link = link;
            _json = json;
            _payload = new HomeAssistantPayload(options.HaPrefix, ids, statusTopic, options.Software);
            BirthTopic = options.HaPrefix + "/status";
            _birthTopic = Ascii.GetBytes(BirthTopic);
        }

        /// <summary>Home Assistant's own birth and will topic, {prefix}/status.</summary>
        public string BirthTopic { get; private set; }

        /// <summary>Whether a config or a removal waits to be published.</summary>
        public bool HasDue
        {
            get
            {
                for (int g = 0; g < _gatewayStates.Length; g++)
                {
                    if (_gatewayStates[g] != HomeAssistantMeter.Published)
                    {
                        return true;
                    }
                }

                for (int m = 0; m < _meterCount; m++)
                {
                    if (_meters[m].HasDue)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>Config and removal messages handed to the link.</summary>
        public long Sent { get; private set; }

        /// <summary>Meters that found no free slot, and registers that found no free entry: not in Home Assistant.</summary>
        public int Dropped
        {
            get
            {
                int dropped = _meterTableFull ? 1 : 0;
                for (int i = 0; i < _meterCount; i++)
                {
                    dropped += _meters[i].Dropped;
                }

                return dropped;
            }
        }

        private bool _meterTableFull;

        /// <summary>The reading of the meter on <paramref name="port"/>, after each valid telegram.</summary>
        public void OnReading(int port, MeterReading reading, Telegram telegram)
        {
            HomeAssistantMeter meter = Meter(port, -1);
            if (meter != null)
            {
                meter.OnReading(reading, telegram);
            }
        }

        /// <summary>The reading of sub-meter <paramref name="index"/> of <paramref name="port"/> (full mode), when reported.</summary>
        public void OnSubMeterReading(int port, int index, MeterReading reading)
        {
            HomeAssistantMeter meter = Meter(port, index);
            if (meter != null)
            {
                meter.OnReading(reading, null);
            }
        }

        /// <summary>A new broker session: listen for Home Assistant's birth, and send every config again.</summary>
        public void OnConnected()
        {
            _link.Subscribe(BirthTopic);
            RepublishAll();
        }

        /// <summary>
        /// A message on a subscribed topic: true when it was Home Assistant's birth (then every config goes out again,
        /// and the meters report at their next telegram so entities get their values at once).
        /// </summary>
        public bool OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            if (!Ascii.SameBytes(topic, 0, topicLength, _birthTopic, 0, _birthTopic.Length))
            {
                return false;
            }

            if (Ascii.SameBytes(payload, 0, payloadLength, Online, 0, Online.Length))
            {
                RepublishAll();
            }

            return true;
        }

        /// <summary>
        /// Hands the link what is due, while it takes messages; a meter whose configs went out reports at its next
        /// telegram (<see cref="MeterPort.ReportNext"/>), so Home Assistant does not wait an interval for its values.
        /// </summary>
        public void Pump(MeterPort[] ports)
        {
            if (!_link.IsConnected)
            {
                return;
            }

            int budget = MessagesPerPump;
            for (int g = 0; g < _gatewayStates.Length && budget > 0; g++)
            {
                if (_gatewayStates[g] == HomeAssistantMeter.ConfigDue)
                {
                    _payload.GatewayConfig(g, _json);
                    int payloadLength = _json.Length;
                    if (!Publish(_payload.GatewayTopic(g, _json), payloadLength))
                    {
                        return;
                    }

                    _gatewayStates[g] = HomeAssistantMeter.Published;
                    budget--;
                }
            }

            for (int m = 0; m < _meterCount && budget > 0; m++)
            {
                HomeAssistantMeter meter = _meters[m];
                int i = 0;
                while (i < meter.Count && budget > 0)
                {
                    byte state = meter.States[i];
                    if (state == HomeAssistantMeter.Published)
                    {
                        i++;
                        continue;
                    }

                    if (state == HomeAssistantMeter.ConfigDue)
                    {
                        _payload.EntityConfig(meter, i, _json);
                    }
                    else
                    {
                        _json.Clear(); // an empty payload removes the entity
                    }

                    int payloadLength = _json.Length;
                    if (!Publish(_payload.EntityTopic(meter, i, _json), payloadLength))
                    {
                        return;
                    }

                    budget--;
                    int before = meter.Count;
                    meter.Sent(i);
                    if (meter.Count == before)
                    {
                        i++;
                    }
                }

                if (meter.ConfigsSent && !meter.HasDue)
                {
                    meter.ConfigsSent = false;
                    MeterPort port = ports[meter.Port];
                    if (port != null)
                    {
                        port.ReportNext = true;
                    }
                }
            }
        }

        private void RepublishAll()
        {
            for (int g = 0; g < _gatewayStates.Length; g++)
            {
                _gatewayStates[g] = HomeAssistantMeter.ConfigDue;
            }

            for (int m = 0; m < _meterCount; m++)
            {
                _meters[m].RepublishAll();
            }
        }

        // Retained, QoS 1: the buffer holds the payload (empty for a removal) and the topic after it. False when the link
        // cannot take it now (it is tried again at the next pump).
        private bool Publish(int topicStart, int payloadLength)
        {
            if (_json.Overflowed)
            {
                return true; // cannot be written whole: skipped rather than sent cut
            }

            byte[] buffer = _json.Buffer;
            if (_link.Publish(buffer, topicStart, _json.Length - topicStart, buffer, 0, payloadLength, 1, true) < 0)
            {
                return false;
            }

            Sent++;
            return true;
        }

        private HomeAssistantMeter Meter(int port, int subIndex)
        {
            for (int m = 0; m < _meterCount; m++)
            {
                HomeAssistantMeter meter = _meters[m];
                if (meter.Port == port && meter.SubIndex == subIndex)
                {
                    return meter;
                }
            }

            return NewMeter(port, subIndex);
        }

        // Once per meter: a port's own meter on its first reading, a sub-meter on its first report.
        private HomeAssistantMeter NewMeter(int port, int subIndex)
        {
            if (_meterCount == MaxMeters)
            {
                _meterTableFull = true;
                return null;
            }

            HomeAssistantMeter parent = subIndex < 0 ? null : Meter(port, -1);
            var meter = new HomeAssistantMeter(port, subIndex, parent, subIndex < 0 ? MainCapacity : SubCapacity);
            _meters[_meterCount++] = meter;
            return meter;
        }
    }
}
