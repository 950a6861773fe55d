using System.Security.Cryptography;
using System.Text;
using OpenAmi.Commands;
using OpenAmi.Desktop;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Northbound;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami sign</c>: signed commands and session grants for tests and operators' scripts, and the derivation
/// of a gateway's key from a head end's master key. Prints the topic on stderr and the message on stdout, so
/// <c>mosquitto_pub -t "$topic" -m "$(openami sign …)"</c> works.
/// </summary>
public static class SignCommand
{
    public const string UsageText = """
        usage: openami sign command --key HEX [--kid ID] --feeder F --gateway G --meter M --op OP --ctr N
                                    [--ttl SECONDS] [--cmd-id ID] [--seconds N] [--now UNIX]
               openami sign grant   --key HEX [--kid ID] --feeder F --gateway G --session S --ctr N
                                    --meters m1,m2|* --ops relay_connect,relay_disconnect [--participants a,b]
                                    [--valid-for SECONDS] [--revoke] [--now UNIX]
               openami sign derive-key --master HEX --feeder F --gateway G [--kid ID]
        OP is read_now, set_interval (with --seconds), resync, reboot, relay_connect or relay_disconnect.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is not ("command" or "grant" or "derive-key"))
        {
            stderr.WriteLine(UsageText);
            return ExitCodes.Usage;
        }

        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--revoke")
            {
                flags.Add(args[i]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i]] = args[++i];
            }
            else
            {
                return Usage(stderr, $"unexpected argument {args[i]}");
            }
        }

        string? Get(string name) => values.TryGetValue(name, out string? v) ? v : null;
        var hmac = new BclHmacSha256();
        string feeder = Get("--feeder") ?? "";
        string gateway = Get("--gateway") ?? "";
        string? segmentError = Topics.CheckSegment(feeder, "--feeder") ?? Topics.CheckSegment(gateway, "--gateway");
        if (segmentError != null)
        {
            return Usage(stderr, segmentError);
        }

        string kid = Get("--kid") ?? "k1";
        if (args[0] == "derive-key")
        {
            if (!Hex.TryParse(Get("--master") ?? "", out byte[] master) || master.Length < 16)
            {
                return Usage(stderr, "--master takes the head end's master key as hex (at least 16 bytes)");
            }

            stdout.WriteLine(Convert.ToHexString(DeriveKey(master, feeder, gateway, kid)).ToLowerInvariant());
            return ExitCodes.Ok;
        }

        if (!Hex.TryParse(Get("--key") ?? "", out byte[] key) || key.Length < 16)
        {
            return Usage(stderr, "--key takes the gateway's command key as hex (at least 16 bytes)");
        }

        if (!long.TryParse(Get("--ctr") ?? "", out long ctr) || ctr <= 0)
        {
            return Usage(stderr, "--ctr takes the next counter for this gateway (a whole number above the last one used)");
        }

        long now = long.TryParse(Get("--now") ?? "", out long n) ? n : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string payload;
        string topic;
        if (args[0] == "command")
        {
            string meter = Get("--meter") ?? "";
            string op = Get("--op") ?? "";
            if (Topics.CheckSegment(meter, "--meter") is string meterError)
            {
                return Usage(stderr, meterError);
            }

            if (!CommandOperation.IsKnown(op))
            {
                return Usage(stderr, $"--op '{op}' is not an operation: read_now, set_interval, resync, reboot, relay_connect, relay_disconnect");
            }

            int ttl = int.TryParse(Get("--ttl") ?? "120", out int t) && t is > 0 and <= 300 ? t : -1;
            if (ttl < 0)
            {
                return Usage(stderr, "--ttl takes seconds from 1 to 300 (commands are short-lived)");
            }

            string args2 = op == CommandOperation.SetInterval
                ? $",\"args\":{{\"seconds\":{(int.TryParse(Get("--seconds") ?? "", out int secs) ? secs : 900)}}}"
                : "";
            string id = Get("--cmd-id") ?? "cmd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            payload = $"{{\"cmdId\":{Json(id)},\"feederId\":{Json(feeder)},\"gatewayId\":{Json(gateway)},\"meterSerial\":{Json(meter)},"
                + $"\"op\":{Json(op)},\"ctr\":{ctr},\"iat\":{now},\"exp\":{now + ttl}{args2}}}";
            topic = Topics.Command(feeder, gateway, meter);
        }
        else
        {
            string session = Get("--session") ?? "";
            if (Topics.CheckSegment(session, "--session") is string sessionError)
            {
                return Usage(stderr, sessionError);
            }

            string[] meters = (Get("--meters") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            string[] ops = (Get("--ops") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (meters.Length == 0 || ops.Length == 0 || ops.Any(o => !CommandOperation.IsKnown(o)))
            {
                return Usage(stderr, "--meters (or *) and --ops (relay_connect, relay_disconnect, …) are required");
            }

            string[] participants = (Get("--participants") ?? "head-end," + gateway).Split(',', StringSplitOptions.RemoveEmptyEntries);
            int validFor = int.TryParse(Get("--valid-for") ?? "3600", out int v) && v > 0 ? v : 3600;
            payload = $"{{\"sessionId\":{Json(session)},\"participants\":[{string.Join(",", participants.Select(Json))}],\"gatewayId\":{Json(gateway)},"
                + $"\"feederScope\":{{\"feederId\":{Json(feeder)},\"meters\":[{string.Join(",", meters.Select(Json))}]}},"
                + $"\"operations\":[{string.Join(",", ops.Select(Json))}],\"validFrom\":\"{IsoTimeText.Format(now)}\",\"validTo\":\"{IsoTimeText.Format(now + validFor)}\","
                + $"\"ctr\":{ctr}{(flags.Contains("--revoke") ? ",\"revoked\":true" : "")}}}";
            topic = Topics.Session(feeder, gateway, session);
        }

        stderr.WriteLine(topic);
        stdout.WriteLine(MessageSigner.Sign(hmac, kid, key, payload));
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A gateway's command key: HMAC-SHA256(master, "openami-command-key/v1|" + feederId + "|" + gatewayId + "|" + kid).
    /// A head end keeps one master key and gives each gateway its own; a new kid rotates it.
    /// </summary>
    public static byte[] DeriveKey(byte[] master, string feeder, string gateway, string kid)
    {
        return HMACSHA256.HashData(master, Encoding.ASCII.GetBytes($"openami-command-key/v1|{feeder}|{gateway}|{kid}"));
    }

    private static string Json(string text)
    {
        var sb = new StringBuilder();
        Output.JsonText.AppendString(sb, text);
        return sb.ToString();
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"openami sign: {message}");
        stderr.WriteLine(UsageText);
        return ExitCodes.Usage;
    }
}
