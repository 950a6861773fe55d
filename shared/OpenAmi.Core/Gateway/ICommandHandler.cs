using OpenAmi.Mqtt;

namespace OpenAmi.Gateway
{
    /// <summary>Receives what arrives on the command and session topics (the authenticated-commands feature).</summary>
    public interface ICommandHandler
    {
        /// <summary>The broker session is up: subscribe to the command and session topics.</summary>
        void OnConnected(IMqttLink link);

        /// <summary>A message on a subscribed topic. The buffers are reused after the call returns.</summary>
        void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength);
    }
}
