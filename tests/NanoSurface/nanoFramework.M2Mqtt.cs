// nanoFramework.M2Mqtt 5.1.220 (assemblies nanoFramework.M2Mqtt and nanoFramework.M2Mqtt.Core).
// Source: nanoframework/nanoFramework.m2mqtt M2Mqtt/MqttClient.cs, M2Mqtt/MqttSettings.cs and the Core enums, as
// quoted in ../shared/notes/nanoframework.md section 4 and "Exact public API signatures"; the Publish overload
// with contentType and userProperties as used in Tests/MemoryLeakTestApp/Program.cs. Only MQTT 3.1.1 members.
namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte { AtMostOnce = 0x00, AtLeastOnce = 0x01, ExactlyOnce = 0x02, GrantedFailure = 0x80 }

    public enum MqttReasonCode : byte { Success = 0x00, UnspecifiedError = 0x80 }

    public class MqttMsgPublishEventArgs : System.EventArgs
    {
        public string Topic { get { throw null; } }
        public byte[] Message { get { throw null; } }
        public bool DupFlag { get { throw null; } }
        public MqttQoSLevel QosLevel { get { throw null; } }
        public bool Retain { get { throw null; } }
    }

    public class MqttMsgPublishedEventArgs : System.EventArgs
    {
        public ushort MessageId { get { throw null; } }
        public bool IsPublished { get { throw null; } }
    }
}

namespace nanoFramework.M2Mqtt
{
    using System.Collections;
    using System.Security.Cryptography.X509Certificates;
    using nanoFramework.M2Mqtt.Messages;

    public enum MqttSslProtocols { None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3 }

    public enum MqttProtocolVersion { Version_3_1 = 0x03, Version_3_1_1 = 0x04, Version_5 = 0x05 }

    public class MqttSettings
    {
        public int InflightQueueSize { get { throw null; } set { } }
        public bool ValidateServerCertificate { get { throw null; } set { } }
    }

    public class MqttClient : System.IDisposable
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);
        public delegate void ConnectionClosedEventHandler(object sender, System.EventArgs e);

        public MqttClient(string brokerHostName) { }
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) { }

        public bool IsConnected { get { throw null; } }
        public string ClientId { get { throw null; } }
        public MqttProtocolVersion ProtocolVersion { get { throw null; } set { } }
        public MqttSettings Settings { get { throw null; } }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived { add { } remove { } }
        public event MqttMsgPublishedEventHandler MqttMsgPublished { add { } remove { } }
        public event ConnectionClosedEventHandler ConnectionClosed { add { } remove { } }

        public MqttReasonCode Connect(string clientId) { throw null; }
        public MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod) { throw null; }
        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) { throw null; }
        public ushort Publish(string topic, byte[] message) { throw null; }
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) { throw null; }
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) { throw null; }
        public ushort Unsubscribe(string[] topics) { throw null; }
        public void Disconnect() { }
        public void Close() { }
        public void Dispose() { }
    }
}
