using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Gateway;
using OpenAmi.Outbox;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// A gateway with the command feature, as a head end (or an attacker) sees it over MQTT: a runtime that has
    /// had a frame from meter "m1", a command processor, a blob store that outlives a restart, and signing helpers.
    /// One per test, held in a local: the nanoFramework launcher calls tests with no instance.
    /// </summary>
    public sealed class CommandRig
    {
        public const long Now = 1780000000L; // 2026-05-28T20:26:40Z
        public const string Meter = "m1";
        public const string CommandTopic = "openami/v1/f/g/meter/m1/command";
        public const string ResultTopic = "openami/v1/f/g/meter/m1/event";

        /// <summary>How long before <see cref="Now"/> the gateway first started, with a trusted clock.</summary>
        public const int StartedSecondsBefore = 86400;

        public static readonly byte[] Key = Bytes.FromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        public static readonly byte[] OldKey = Bytes.FromHex("1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100");
        public static readonly SoftwareHmacSha256 Hmac = new SoftwareHmacSha256();

        public readonly FakeClock Clock = new FakeClock();
        public readonly FakeLink Link = new FakeLink();
        public readonly FakeDeviceActions Actions = new FakeDeviceActions();
        public MemoryBlobStore Blobs = new MemoryBlobStore();
        public GatewayRuntime Runtime;
        public CommandProcessor Processor;

        /// <summary>
        /// A gateway that first started a day before <see cref="Now"/> (so its replay state was established then)
        /// and has had a frame from meter m1; the clock reads <see cref="Now"/>, trusted.
        /// </summary>
        public static CommandRig Fresh()
        {
            var rig = new CommandRig();
            rig.Clock.UtcNowUnix = Now - StartedSecondsBefore;
            rig.Clock.TickMs = 1000;
            rig.Clock.IsTrusted = true;
            rig.Start();
            rig.Clock.Advance(StartedSecondsBefore);
            return rig;
        }

        /// <summary>Starts (or restarts, as after a reboot) the runtime and the processor on the same blob store.</summary>
        public void Start()
        {
            var options = new GatewayOptions();
            options.FeederId = "f";
            options.GatewayId = "g";
            Runtime = new GatewayRuntime(options, Clock, new PersistentOutbox(new MemoryRecordStore(), SmallOutbox.Options()), Link);
            Processor = new CommandProcessor(Options(), Runtime, Clock, Hmac, Blobs, Actions);
            Runtime.SetCommandHandler(Processor);
            Runtime.Start();
            Link.Connect();
            var meter = new TelegramBuilder();
            meter.IdHex = "6D31"; // "m1"
            Runtime.OnFrame(0, meter.Parse());
            Link.AckAll(0); // the broker took everything so far: the in-flight window is free for what the test sends
        }

        public static CommandOptions Options()
        {
            var o = new CommandOptions();
            o.FeederId = "f";
            o.GatewayId = "g";
            o.Keys = new CommandKeys("k1", Key, "k0", OldKey);
            return o;
        }

        public static string Command(string cmdId, string op, long ctr, string meter, long iat, long exp, string extra)
        {
            string payload = "{\"cmdId\":\"" + cmdId + "\",\"feederId\":\"f\",\"gatewayId\":\"g\",\"meterSerial\":\"" + meter
                + "\",\"op\":\"" + op + "\",\"ctr\":" + ctr + ",\"iat\":" + iat + ",\"exp\":" + exp + extra + "}";
            return MessageSigner.Sign(Hmac, "k1", Key, payload);
        }

        /// <summary>A command for m1 issued 5 s before <see cref="Now"/>, valid 2 minutes.</summary>
        public static string Command(string cmdId, string op, long ctr)
        {
            return Command(cmdId, op, ctr, Meter, Now - 5, Now + 120, string.Empty);
        }

        public static string Grant(string session, string meters, string ops, long ctr, long from, long to, string extra)
        {
            string payload = "{\"sessionId\":\"" + session + "\",\"participants\":[\"hes-1\",\"g\"],\"gatewayId\":\"g\","
                + "\"feederScope\":{\"feederId\":\"f\",\"meters\":[" + meters + "]},\"operations\":[" + ops + "],"
                + "\"validFrom\":\"" + OpenAmi.Northbound.IsoTimeText.Format(from) + "\",\"validTo\":\"" + OpenAmi.Northbound.IsoTimeText.Format(to)
                + "\",\"ctr\":" + ctr + extra + "}";
            return MessageSigner.Sign(Hmac, "k1", Key, payload);
        }

        public static string SessionTopic(string session)
        {
            return "openami/v1/f/g/session/" + session;
        }

        /// <summary>Delivers a message as the broker would, and acknowledges what the gateway published meanwhile.</summary>
        public void Deliver(string topic, string message)
        {
            byte[] t = Bytes.Of(topic);
            byte[] m = Bytes.Of(message);
            int published = Link.Count;
            Link.Listener.OnMessage(t, t.Length, m, m.Length);
            Link.AckAll(published);
        }

        /// <summary>The last message published on <paramref name="topic"/>, or null.</summary>
        public string Last(string topic)
        {
            for (int i = Link.Count - 1; i >= 0; i--)
            {
                if (Link.Topic(i) == topic)
                {
                    return Link.Payload(i);
                }
            }

            return null;
        }

        /// <summary>The last command result on m1's event topic, or null.</summary>
        public string LastResult()
        {
            return Last(ResultTopic);
        }

        /// <summary>Asserts the last command result is a rejection for <paramref name="reason"/>.</summary>
        public void AssertRejected(string reason)
        {
            string result = LastResult();
            nanoFramework.TestFramework.Assert.IsNotNull(result);
            nanoFramework.TestFramework.Assert.IsTrue(result.IndexOf("\"status\":\"rejected\",\"reason\":\"" + reason + "\"") > 0, result);
        }

        public void AssertAccepted()
        {
            string result = LastResult();
            nanoFramework.TestFramework.Assert.IsNotNull(result);
            nanoFramework.TestFramework.Assert.IsTrue(result.IndexOf("\"status\":\"accepted\"") > 0, result);
        }

        /// <summary>True when the signed result ends with sig = BASE64URL(HMAC(key, every byte before ,"sig")).</summary>
        public static bool SignatureHolds(string result)
        {
            int at = result.LastIndexOf(",\"sig\":\"");
            if (at < 0 || result.Length != at + 8 + 43 + 2)
            {
                return false;
            }

            byte[] signed = Bytes.Of(result.Substring(0, at));
            byte[] mac = new byte[32];
            Hmac.Compute(Key, signed, 0, signed.Length, mac);
            byte[] text = new byte[43];
            Base64Url.Encode(mac, 0, 32, text, 0);
            return Bytes.Text(text, 0, 43) == result.Substring(at + 8, 43);
        }
    }
}
