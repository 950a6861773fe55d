using System.Collections;
using System.Threading;
using nanoFramework.TestFramework;
using OpenAmi.Firmware.App.Cellular;
using OpenAmi.Mqtt;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class Sim7080MqttLinkTests
    {
        [TestMethod]
        public void ConnectsPublishesWithAckReceivesAndRecoversFromAFailedPublish()
        {
            var modem = new FakeSim7080();
            var listener = new RecordingListener();
            var link = new Sim7080MqttLink(modem, new FakeClock(), "iot.example", "broker.example", 1883, "meter", "pw");
            link.Subscribe("openami/v1/f/g/meter/+/command");
            link.Start("g-f", "openami/v1/f/g/status", new byte[] { (byte)'{', (byte)'}' }, listener);
            Assert.IsTrue(WaitFor(listener, 1, 0), "connected");
            Assert.IsTrue(link.IsConnected);
            Assert.IsTrue(modem.Saw("AT+CNCFG=0,1,\"iot.example\""), modem.Log());
            Assert.IsTrue(modem.Saw("AT+SMCONF=\"URL\",\"broker.example\",1883"), modem.Log());
            Assert.IsTrue(modem.Saw("AT+SMCONF=\"CLIENTID\",\"g-f\""), modem.Log());
            Assert.IsTrue(modem.Saw("AT+SMCONF=\"USERNAME\",\"meter\""), modem.Log());
            Assert.IsTrue(modem.Saw("AT+SMCONN"), modem.Log());
            Assert.IsTrue(modem.Saw("AT+SMSUB=\"openami/v1/f/g/meter/+/command\",1"), modem.Log());

            byte[] topic = Bytes("openami/v1/f/g/meter/M1/telemetry");
            byte[] payload = Bytes("xx{\"seq\":1,\"q\":\"good\"}yy");
            int id = link.Publish(topic, 0, topic.Length, payload, 2, payload.Length - 4, 1, false);
            Assert.AreEqual(1, id);
            Assert.IsTrue(WaitFor(listener, 1, 1), "acknowledged");
            Assert.AreEqual(1, (int)listener.Acks[0]);
            Assert.IsTrue(modem.Saw("AT+SMPUB=\"openami/v1/f/g/meter/M1/telemetry\",20,1,0"), modem.Log());
            Assert.AreEqual("{\"seq\":1,\"q\":\"good\"}", modem.LastData);

            // A signed command arrives; its payload keeps its own quotes.
            modem.Inject("+SMSUB: \"openami/v1/f/g/meter/M1/command\",\"{\"op\":\"ping\"}\"\r\n");
            for (int i = 0; i < 200 && listener.Messages.Count == 0; i++)
            {
                Thread.Sleep(10);
            }

            Assert.AreEqual(1, listener.Messages.Count);
            Assert.AreEqual("openami/v1/f/g/meter/M1/command|{\"op\":\"ping\"}", (string)listener.Messages[0]);

            // The modem refuses a publish: the message is reported lost (the outbox re-sends it) and the link reconnects.
            modem.FailNextPublish = true;
            int second = link.Publish(topic, 0, topic.Length, payload, 0, 4, 1, true);
            Assert.AreEqual(2, second);
            Assert.IsTrue(WaitFor(listener, 2, 1), "reconnected after the failure");
            Assert.AreEqual(1, listener.Lost.Count);
            Assert.AreEqual(2, (int)listener.Lost[0]);
            Assert.AreEqual(1, listener.Disconnects);
            link.Stop();
        }

        [TestMethod]
        public void EveryConnectionSubscribesEachFilterOnce()
        {
            // Like the gateway: the command handler subscribes in OnConnected, on every connection.
            var modem = new FakeSim7080();
            var listener = new RecordingListener();
            var link = new Sim7080MqttLink(modem, new FakeClock(), "apn", "b", 1883, null, null);
            listener.Link = link;
            listener.SubscribeOnConnect = new string[] { "g/meter/+/command", "g/session/+" };
            link.Start("g-f", "s", new byte[0], listener);
            byte[] topic = Bytes("t");
            Assert.IsTrue(WaitFor(listener, 1, 0), "connected");

            // An acknowledged publish: the worker has sent whatever subscriptions were due before it.
            Assert.AreEqual(1, link.Publish(topic, 0, 1, topic, 0, 1, 1, false));
            Assert.IsTrue(WaitFor(listener, 1, 1), "first acknowledged");
            modem.FailNextPublish = true;
            link.Publish(topic, 0, 1, topic, 0, 1, 1, false);
            Assert.IsTrue(WaitFor(listener, 2, 1), "reconnected");
            Assert.AreEqual(3, link.Publish(topic, 0, 1, topic, 0, 1, 1, false));
            Assert.IsTrue(WaitFor(listener, 2, 2), "acknowledged after the reconnect");
            link.Stop();

            Assert.AreEqual(2, modem.Count("AT+SMSUB=\"g/meter/+/command\",1"), modem.Log());
            Assert.AreEqual(2, modem.Count("AT+SMSUB=\"g/session/+\",1"), modem.Log());
        }

        [TestMethod]
        public void RefusesWhatTheModemCannotTake()
        {
            var modem = new FakeSim7080();
            var link = new Sim7080MqttLink(modem, new FakeClock(), "apn", "b", 1883, null, null);
            byte[] topic = Bytes("t");
            Assert.AreEqual(-1, link.Publish(topic, 0, 1, new byte[10], 0, 10, 1, false), "not connected yet");
            var listener = new RecordingListener();
            link.Start("c", "s", new byte[0], listener);
            Assert.IsTrue(WaitFor(listener, 1, 0));
            Assert.IsFalse(modem.Saw("AT+SMCONF=\"USERNAME\""), "no credentials configured");
            Assert.AreEqual(-1, link.Publish(topic, 0, 1, new byte[Sim7080MqttLink.MaxPayload + 1], 0, Sim7080MqttLink.MaxPayload + 1, 1, false));
            link.Stop();
        }

        private static bool WaitFor(RecordingListener listener, int connects, int acks)
        {
            for (int i = 0; i < 500; i++)
            {
                if (listener.Connects >= connects && listener.Acks.Count >= acks)
                {
                    return true;
                }

                Thread.Sleep(10);
            }

            return false;
        }

        private static byte[] Bytes(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        private sealed class RecordingListener : IMqttLinkListener
        {
            public readonly ArrayList Acks = new ArrayList();
            public readonly ArrayList Lost = new ArrayList();
            public readonly ArrayList Messages = new ArrayList();
            public int Connects;
            public int Disconnects;
            public IMqttLink Link;
            public string[] SubscribeOnConnect;

            public void OnConnected()
            {
                if (SubscribeOnConnect != null)
                {
                    for (int i = 0; i < SubscribeOnConnect.Length; i++)
                    {
                        Link.Subscribe(SubscribeOnConnect[i]);
                    }
                }

                Connects++;
            }

            public void OnDisconnected()
            {
                Disconnects++;
            }

            public void OnPublishAcknowledged(int packetId)
            {
                Acks.Add(packetId);
            }

            public void OnPublishLost(int packetId)
            {
                Lost.Add(packetId);
            }

            public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
            {
                Messages.Add(Text(topic, topicLength) + "|" + Text(payload, payloadLength));
            }
        }

        private static string Text(byte[] bytes, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        /// <summary>
        /// A SIM7080 as far as the link uses it: answers OK to configuration, "+SMSTATE: 1" to the state query, the
        /// "&gt;" prompt then OK to AT+SMPUB once the announced bytes have arrived.
        /// </summary>
        private sealed class FakeSim7080 : IModemPort
        {
            private readonly object _sync = new object();
            private readonly byte[] _out = new byte[4096];
            private readonly ArrayList _commands = new ArrayList();
            private readonly char[] _line = new char[512];
            private int _outCount;
            private int _lineLength;
            private int _dataExpected;
            private int _dataLength;
            private readonly char[] _data = new char[2048];

            public bool FailNextPublish;

            public string LastData;

            public bool Saw(string prefix)
            {
                lock (_sync)
                {
                    for (int i = 0; i < _commands.Count; i++)
                    {
                        if (((string)_commands[i]).IndexOf(prefix) == 0)
                        {
                            return true;
                        }
                    }

                    return false;
                }
            }

            public int Count(string command)
            {
                lock (_sync)
                {
                    int count = 0;
                    for (int i = 0; i < _commands.Count; i++)
                    {
                        if ((string)_commands[i] == command)
                        {
                            count++;
                        }
                    }

                    return count;
                }
            }

            public string Log()
            {
                lock (_sync)
                {
                    string log = "";
                    for (int i = 0; i < _commands.Count; i++)
                    {
                        log = log + (string)_commands[i] + " | ";
                    }

                    return log;
                }
            }

            public void Inject(string text)
            {
                lock (_sync)
                {
                    Emit(text);
                }
            }

            public int Read(byte[] buffer, int offset, int count)
            {
                lock (_sync)
                {
                    int n = _outCount < count ? _outCount : count;
                    System.Array.Copy(_out, 0, buffer, offset, n);
                    System.Array.Copy(_out, n, _out, 0, _outCount - n);
                    _outCount -= n;
                    return n;
                }
            }

            public void Write(byte[] buffer, int offset, int count)
            {
                lock (_sync)
                {
                    for (int i = 0; i < count; i++)
                    {
                        Accept((char)buffer[offset + i]);
                    }
                }
            }

            private void Accept(char c)
            {
                if (_dataExpected > 0)
                {
                    _data[_dataLength++] = c;
                    if (_dataLength == _dataExpected)
                    {
                        _dataExpected = 0;
                        LastData = new string(_data, 0, _dataLength);
                        if (FailNextPublish)
                        {
                            FailNextPublish = false;
                            Emit("\r\nERROR\r\n");
                        }
                        else
                        {
                            Emit("\r\nOK\r\n");
                        }
                    }

                    return;
                }

                if (c != '\r')
                {
                    _line[_lineLength++] = c;
                    return;
                }

                string command = new string(_line, 0, _lineLength);
                _lineLength = 0;
                _commands.Add(command);
                if (command.IndexOf("AT+SMPUB=") == 0)
                {
                    // The length is the second field: AT+SMPUB="topic",len,qos,retain
                    string[] fields = command.Substring(command.LastIndexOf('"') + 2).Split(',');
                    _dataExpected = int.Parse(fields[0]);
                    _dataLength = 0;
                    Emit(">");
                    return;
                }

                if (command == "AT+SMSTATE?")
                {
                    Emit("\r\n+SMSTATE: 1\r\n\r\nOK\r\n");
                    return;
                }

                Emit("\r\nOK\r\n");
            }

            private void Emit(string text)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    _out[_outCount++] = (byte)text[i];
                }
            }
        }
    }
}
