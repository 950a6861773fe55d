using System.Collections;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// The broker behind a <see cref="SimulatedSim7080"/> in the unit tests: it accepts a TLS connection only with the
    /// expected CA and server name (a wrong CA or host fails the handshake), records what is published and the will,
    /// and can refuse or drop.
    /// </summary>
    public sealed class MemorySimBroker : ISimBroker
    {
        public readonly ArrayList Topics = new ArrayList();
        public readonly ArrayList Payloads = new ArrayList();
        public readonly ArrayList Retained = new ArrayList();
        public readonly ArrayList Filters = new ArrayList();

        /// <summary>The CA the broker's certificate chains to, and the name it is for (null: plain MQTT only).</summary>
        public byte[] TrustedCa;
        public string ServerName;

        public bool Refuse;

        /// <summary>Refuses this many publishes (the modem answers ERROR), then accepts again.</summary>
        public int FailPublishes;

        public SimConnect Last;

        public bool IsConnected { get; private set; }

        public int Count
        {
            get { return Topics.Count; }
        }

        public string Topic(int i)
        {
            return (string)Topics[i];
        }

        public string Payload(int i)
        {
            return (string)Payloads[i];
        }

        public bool Connect(SimConnect request, SimulatedSim7080 modem)
        {
            Last = request;
            if (Refuse || (TrustedCa != null && !request.Tls))
            {
                return false;
            }

            if (request.Tls && (TrustedCa == null || !Same(request.CaPem, TrustedCa) || request.ServerName != ServerName || request.Host != ServerName))
            {
                return false; // the handshake fails: the broker's certificate is not from that CA, or not for that name
            }

            IsConnected = true;
            return true;
        }

        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return false;
            }

            if (FailPublishes > 0)
            {
                FailPublishes--;
                return false;
            }

            Topics.Add(topic);
            Payloads.Add(Text(payload));
            Retained.Add(retain);
            return true;
        }

        public bool Subscribe(string topicFilter)
        {
            Filters.Add(topicFilter);
            return IsConnected;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }

        /// <summary>Wills the broker published for dropped sessions.</summary>
        public int WillsSent;

        public void Drop()
        {
            if (IsConnected && Last != null && Last.WillTopic != null)
            {
                WillsSent++;
                Topics.Add(Last.WillTopic);
                Payloads.Add(Text(Last.WillMessage));
                Retained.Add(Last.WillRetain);
            }

            IsConnected = false;
        }

        public static string Text(byte[] bytes)
        {
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
