using System.Text;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>MQTT 3.1.1 packet types and the encoding helpers (OASIS MQTT 3.1.1, section 2 and 3).</summary>
internal static class MqttPackets
{
    public const byte Connect = 1;
    public const byte ConnAck = 2;
    public const byte Publish = 3;
    public const byte PubAck = 4;
    public const byte PubRec = 5;
    public const byte PubRel = 6;
    public const byte PubComp = 7;
    public const byte Subscribe = 8;
    public const byte SubAck = 9;
    public const byte Unsubscribe = 10;
    public const byte UnsubAck = 11;
    public const byte PingReq = 12;
    public const byte PingResp = 13;
    public const byte Disconnect = 14;

    /// <summary>Longest remaining length the protocol can express (four length bytes).</summary>
    public const int MaxRemainingLength = 268_435_455;

    public static byte[] BuildConnect(MqttClientOptions o, string clientId, string? willTopic, byte[]? willPayload)
    {
        var body = new MemoryStream();
        WriteString(body, "MQTT");
        body.WriteByte(4); // protocol level 3.1.1
        byte flags = 0;
        if (o.CleanSession)
        {
            flags |= 0x02;
        }

        if (willTopic != null)
        {
            flags |= 0x04 | (1 << 3) | 0x20; // will flag, will QoS 1, will retain
        }

        if (o.UserName != null)
        {
            flags |= 0x80;
        }

        if (o.Password != null)
        {
            flags |= 0x40;
        }

        body.WriteByte(flags);
        body.WriteByte((byte)(o.KeepAliveSeconds >> 8));
        body.WriteByte((byte)o.KeepAliveSeconds);
        WriteString(body, clientId);
        if (willTopic != null)
        {
            WriteString(body, willTopic);
            WriteBinary(body, willPayload ?? []);
        }

        if (o.UserName != null)
        {
            WriteString(body, o.UserName);
        }

        if (o.Password != null)
        {
            WriteBinary(body, Encoding.UTF8.GetBytes(o.Password));
        }

        return Frame(Connect << 4, body.ToArray());
    }

    public static byte[] BuildPublish(ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, int qos, bool retain, bool dup, ushort packetId)
    {
        int remaining = 2 + topic.Length + (qos > 0 ? 2 : 0) + payload.Length;
        int header = (Publish << 4) | (dup ? 0x08 : 0) | (qos << 1) | (retain ? 1 : 0);
        byte[] packet = new byte[1 + LengthBytes(remaining) + remaining];
        int p = 0;
        packet[p++] = (byte)header;
        p = WriteLength(packet, p, remaining);
        packet[p++] = (byte)(topic.Length >> 8);
        packet[p++] = (byte)topic.Length;
        topic.CopyTo(packet.AsSpan(p));
        p += topic.Length;
        if (qos > 0)
        {
            packet[p++] = (byte)(packetId >> 8);
            packet[p++] = (byte)packetId;
        }

        payload.CopyTo(packet.AsSpan(p));
        return packet;
    }

    /// <summary>Sets the DUP flag of an already built PUBLISH, for retransmission after a reconnect.</summary>
    public static void MarkDuplicate(byte[] publish)
    {
        publish[0] |= 0x08;
    }

    public static byte[] BuildSubscribe(ushort packetId, string filter, int qos)
    {
        var body = new MemoryStream();
        body.WriteByte((byte)(packetId >> 8));
        body.WriteByte((byte)packetId);
        WriteString(body, filter);
        body.WriteByte((byte)qos);
        return Frame((Subscribe << 4) | 0x02, body.ToArray());
    }

    public static byte[] BuildAck(byte type, ushort packetId)
    {
        return [(byte)(type << 4), 2, (byte)(packetId >> 8), (byte)packetId];
    }

    public static byte[] BuildPingReq() => [PingReq << 4, 0];

    public static byte[] BuildDisconnect() => [Disconnect << 4, 0];

    public static byte[] Frame(int header, byte[] body)
    {
        byte[] packet = new byte[1 + LengthBytes(body.Length) + body.Length];
        packet[0] = (byte)header;
        int p = WriteLength(packet, 1, body.Length);
        body.CopyTo(packet, p);
        return packet;
    }

    /// <summary>Reads one packet: the fixed-header byte and the body. Returns false at end of stream.</summary>
    public static bool TryRead(Stream stream, out byte header, out byte[] body)
    {
        body = [];
        int first = stream.ReadByte();
        header = (byte)first;
        if (first < 0)
        {
            return false;
        }

        int length = 0;
        int multiplier = 1;
        for (int i = 0; ; i++)
        {
            int b = stream.ReadByte();
            if (b < 0)
            {
                return false;
            }

            length += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0)
            {
                break;
            }

            multiplier *= 128;
            if (i == 3)
            {
                throw new InvalidDataException("malformed MQTT remaining length");
            }
        }

        body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = stream.Read(body, read, length - read);
            if (n <= 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static void WriteString(Stream s, string text) => WriteBinary(s, Encoding.UTF8.GetBytes(text));

    private static void WriteBinary(Stream s, byte[] data)
    {
        s.WriteByte((byte)(data.Length >> 8));
        s.WriteByte((byte)data.Length);
        s.Write(data, 0, data.Length);
    }

    private static int LengthBytes(int length) => length < 128 ? 1 : length < 16384 ? 2 : length < 2_097_152 ? 3 : 4;

    private static int WriteLength(byte[] packet, int p, int length)
    {
        do
        {
            byte b = (byte)(length % 128);
            length /= 128;
            if (length > 0)
            {
                b |= 0x80;
            }

            packet[p++] = b;
        }
        while (length > 0);
        return p;
    }
}
