using OpenAmi.Mqtt;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// What the MQTT link tells the runtime (<see cref="IMqttLinkListener"/>): the session up and down, publishes
    /// acknowledged or lost, and messages in (Home Assistant's birth, else the command handler's).
    /// </summary>
    public sealed partial class GatewayRuntime
    {
        public void OnConnected()
        {
            lock (_sync)
            {
                _pump.OnConnected();
                PublishStatus();
                if (_discovery != null)
                {
                    _discovery.OnConnected();
                    _discovery.Pump(_ports);
                }

                if (_commands != null)
                {
                    _commands.OnConnected(_link);
                }

                _pump.Pump();
            }
        }

        public void OnDisconnected()
        {
            lock (_sync)
            {
                _pump.OnDisconnected();
            }
        }

        public void OnPublishAcknowledged(int packetId)
        {
            lock (_sync)
            {
                _pump.OnAcknowledged(packetId);
                _pump.Pump();
            }
        }

        public void OnPublishLost(int packetId)
        {
            lock (_sync)
            {
                _pump.OnLost(packetId);
            }
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            ICommandHandler handler;
            lock (_sync)
            {
                if (_discovery != null && _discovery.OnMessage(topic, topicLength, payload, payloadLength))
                {
                    return; // Home Assistant's birth: its configs go out at the next tick
                }

                handler = _commands;
            }

            if (handler != null)
            {
                handler.OnMessage(topic, topicLength, payload, payloadLength);
            }
        }
    }
}
