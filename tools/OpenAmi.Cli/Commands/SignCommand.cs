using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using OpenAmi.Cli.Options;
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
    public const string Operations = "read_now, set_interval, resync, reboot, relay_connect, relay_disconnect";

    public static Command Create(CliIO io)
    {
        var sign = new Command("sign", "Signed commands and session grants (HS256 JWS) for tests and scripts; a gateway's key from a master key.");
        sign.Add(CreateCommand(io));
        sign.Add(CreateGrant(io));
        sign.Add(CreateDeriveKey(io));
        Help.Examples(
            sign,
            "openami sign command --key-file gw.key --feeder f --gateway g --meter E0044007131650618 --op read_now --ctr 7",
            "openami sign grant --key-file gw.key --feeder f --gateway g --session s1 --ctr 8 --meters '*' --ops relay_connect",
            "openami sign derive-key --master-file master.key --feeder f --gateway g");
        return sign;
    }

    /// <summary>The options every signed message shares: key (from argv, a file or the environment), kid, topic, counter, time.</summary>
    private sealed class Common
    {
        public readonly Typed<byte[]?> Key = new("--key", "HEX", "The gateway's command key as hex (visible in ps: prefer --key-file or OPENAMI_COMMAND_KEY)", KeyParser("--key"));
        public readonly Option<string?> KeyFile = SecretFiles.Option("--key-file", "A file holding the gateway's command key as hex");
        public readonly Option<string?> Kid = new("--kid") { Description = "Key id in the JWS header [default: k1]", HelpName = "ID" };
        public readonly Typed<string?> Feeder = EnvelopeCommand.Segment("--feeder", "F", "The gateway's feeder id (required)", "feeder-north-01");
        public readonly Typed<string?> Gateway = EnvelopeCommand.Segment("--gateway", "G", "The gateway id (required)", "pole-0042");
        public readonly Typed<long?> Ctr = new("--ctr", "N", "The next counter for this gateway, above the last one used (required)", CtrParser);
        public readonly Typed<long?> Now = new("--now", "UNIX", "Issue time in Unix seconds [default: now]", LongParser);

        public Common(Command command)
        {
            Feeder.Option.Required = true;
            Gateway.Option.Required = true;
            Ctr.Option.Required = true;
            foreach (Option o in new Option[] { Key.Option, KeyFile, Kid, Feeder.Option, Gateway.Option, Ctr.Option, Now.Option })
            {
                command.Add(o);
            }
        }

        public string? ReadKey(ParseResult r, out byte[] key)
        {
            key = [];
            string? text = SecretFiles.Read(r.ValueIfGiven(Key.Option) is { } k ? Convert.ToHexString(k) : null, r.ValueIfGiven(KeyFile), "OPENAMI_COMMAND_KEY", out string? source);
            if (text == null)
            {
                return source ?? "give the gateway's command key: --key-file FILE, OPENAMI_COMMAND_KEY in the environment, or --key HEX";
            }

            return KeyParser(source!)(source!, text, out byte[]? parsed) ?? Assign(parsed!, out key);
        }
    }

    private static Command CreateCommand(CliIO io)
    {
        var command = new Command("command", "A signed command for one meter (prints the topic on stderr and the message on stdout).");
        var common = new Common(command);
        Typed<string?> meter = EnvelopeCommand.Segment("--meter", "M", "The meter serial (required)", "E0044007131650618");
        meter.Option.Required = true;
        var op = new Typed<string?>("--op", "OP", $"The operation: {Operations} (required)",
            (string n, string t, out string? v) => { v = t; return CommandOperation.IsKnown(t) ? null : $"{n} '{t}' is not an operation: {Operations}"; },
            "read_now", "set_interval", "resync", "reboot", "relay_connect", "relay_disconnect") { Option = { Required = true } };
        var ttl = new Typed<int?>("--ttl", "SECONDS", "Lifetime from 1 to 300 s (commands are short-lived) [default: 120]", Parsers.Int(1, 300, " (commands are short-lived)"));
        var cmdId = new Option<string?>("--cmd-id") { Description = "The command id [default: random]", HelpName = "ID" };
        var seconds = new Typed<int?>("--seconds", "N", "The interval for set_interval [default: 900]", Parsers.Int(0, 86400));
        foreach (Option o in new Option[] { meter.Option, op.Option, ttl.Option, cmdId, seconds.Option })
        {
            command.Add(o);
        }

        command.SetAction(r =>
        {
            if (common.ReadKey(r, out byte[] key) is string keyError)
            {
                return Fail(io.Err, "openami sign command", keyError);
            }

            string feeder = r.ValueIfGiven(common.Feeder.Option)!;
            string gateway = r.ValueIfGiven(common.Gateway.Option)!;
            long now = r.ValueIfGiven(common.Now.Option) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            string opName = r.ValueIfGiven(op.Option)!;
            string args = opName == CommandOperation.SetInterval ? $",\"args\":{{\"seconds\":{r.ValueIfGiven(seconds.Option) ?? 900}}}" : "";
            string id = r.ValueIfGiven(cmdId) ?? "cmd-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
            string meterSerial = r.ValueIfGiven(meter.Option)!;
            string payload = $"{{\"cmdId\":{Json(id)},\"feederId\":{Json(feeder)},\"gatewayId\":{Json(gateway)},\"meterSerial\":{Json(meterSerial)},"
                + $"\"op\":{Json(opName)},\"ctr\":{r.ValueIfGiven(common.Ctr.Option)},\"iat\":{now},\"exp\":{now + (r.ValueIfGiven(ttl.Option) ?? 120)}{args}}}";
            io.Err.WriteLine(Topics.Command(feeder, gateway, meterSerial));
            io.Out.WriteLine(MessageSigner.Sign(new BclHmacSha256(), r.ValueIfGiven(common.Kid) ?? "k1", key, payload));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateGrant(CliIO io)
    {
        var command = new Command("grant", "A signed session grant (or its revocation) for relay operations.");
        var common = new Common(command);
        Typed<string?> session = EnvelopeCommand.Segment("--session", "S", "The session id (required)", "s1");
        session.Option.Required = true;
        var meters = new Typed<string[]?>("--meters", "m1,m2|*", "The meters the grant covers, or * for all (required)", List(null)) { Option = { Required = true } };
        var ops = new Typed<string[]?>("--ops", "OPS", "Granted operations, e.g. relay_connect,relay_disconnect (required)", List(CommandOperation.IsKnown)) { Option = { Required = true } };
        var participants = new Typed<string[]?>("--participants", "a,b", "The session's participants [default: head-end,GATEWAY]", List(null));
        var validFor = new Typed<int?>("--valid-for", "SECONDS", "Validity from now [default: 3600]", Parsers.Int(1, 366 * 86400));
        var revoke = new Option<bool>("--revoke") { Description = "Revoke the grant instead" };
        foreach (Option o in new Option[] { session.Option, meters.Option, ops.Option, participants.Option, validFor.Option, revoke })
        {
            command.Add(o);
        }

        command.SetAction(r =>
        {
            if (common.ReadKey(r, out byte[] key) is string keyError)
            {
                return Fail(io.Err, "openami sign grant", keyError);
            }

            string feeder = r.ValueIfGiven(common.Feeder.Option)!;
            string gateway = r.ValueIfGiven(common.Gateway.Option)!;
            string sessionId = r.ValueIfGiven(session.Option)!;
            long now = r.ValueIfGiven(common.Now.Option) ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            string[] who = r.ValueIfGiven(participants.Option) ?? ["head-end", gateway];
            string payload = $"{{\"sessionId\":{Json(sessionId)},\"participants\":[{string.Join(",", who.Select(Json))}],\"gatewayId\":{Json(gateway)},"
                + $"\"feederScope\":{{\"feederId\":{Json(feeder)},\"meters\":[{string.Join(",", r.ValueIfGiven(meters.Option)!.Select(Json))}]}},"
                + $"\"operations\":[{string.Join(",", r.ValueIfGiven(ops.Option)!.Select(Json))}],\"validFrom\":\"{IsoTimeText.Format(now)}\","
                + $"\"validTo\":\"{IsoTimeText.Format(now + (r.ValueIfGiven(validFor.Option) ?? 3600))}\","
                + $"\"ctr\":{r.ValueIfGiven(common.Ctr.Option)}{(r.ValueIfGiven(revoke) ? ",\"revoked\":true" : "")}}}";
            io.Err.WriteLine(Topics.Session(feeder, gateway, sessionId));
            io.Out.WriteLine(MessageSigner.Sign(new BclHmacSha256(), r.ValueIfGiven(common.Kid) ?? "k1", key, payload));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDeriveKey(CliIO io)
    {
        var command = new Command("derive-key", "A gateway's command key from the head end's master key (HMAC-SHA256).");
        var master = new Typed<byte[]?>("--master", "HEX", "The head end's master key as hex (visible in ps: prefer --master-file or OPENAMI_MASTER_KEY)", KeyParser("--master"));
        Option<string?> masterFile = SecretFiles.Option("--master-file", "A file holding the master key as hex");
        Typed<string?> feeder = EnvelopeCommand.Segment("--feeder", "F", "The gateway's feeder id (required)", "feeder-north-01");
        Typed<string?> gateway = EnvelopeCommand.Segment("--gateway", "G", "The gateway id (required)", "pole-0042");
        feeder.Option.Required = true;
        gateway.Option.Required = true;
        var kid = new Option<string?>("--kid") { Description = "Key id; a new one rotates the key [default: k1]", HelpName = "ID" };
        foreach (Option o in new Option[] { master.Option, masterFile, feeder.Option, gateway.Option, kid })
        {
            command.Add(o);
        }

        command.SetAction(r =>
        {
            string? text = SecretFiles.Read(r.ValueIfGiven(master.Option) is { } m ? Convert.ToHexString(m) : null, r.ValueIfGiven(masterFile), "OPENAMI_MASTER_KEY", out string? source);
            if (text == null)
            {
                return Fail(io.Err, "openami sign derive-key", source ?? "give the master key: --master-file FILE, OPENAMI_MASTER_KEY in the environment, or --master HEX");
            }

            if (KeyParser(source!)(source!, text, out byte[]? key) is string error)
            {
                return Fail(io.Err, "openami sign derive-key", error);
            }

            byte[] derived = DeriveKey(key!, r.ValueIfGiven(feeder.Option)!, r.ValueIfGiven(gateway.Option)!, r.ValueIfGiven(kid) ?? "k1");
            io.Out.WriteLine(Convert.ToHexString(derived).ToLowerInvariant());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static TextParser<byte[]?> KeyParser(string what) =>
        Parsers.Hex(16, 64, $"{what} takes the key as hex, 16 to 64 bytes (32 recommended); see docs/commands.md");

    private static string? CtrParser(string name, string text, out long? value)
    {
        value = long.TryParse(text, out long v) && v > 0 ? v : null;
        return value == null ? $"{name} takes the next counter for this gateway (a whole number above the last one used), not '{text}'" : null;
    }

    private static string? LongParser(string name, string text, out long? value)
    {
        value = long.TryParse(text, out long v) && v >= 0 ? v : null;
        return value == null ? $"{name} takes Unix seconds, not '{text}'" : null;
    }

    private static TextParser<string[]?> List(Func<string, bool>? known) => (string name, string text, out string[]? value) =>
    {
        value = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (value.Length == 0)
        {
            return $"{name} takes a comma-separated list, not '{text}'";
        }

        string? unknown = known == null ? null : value.FirstOrDefault(v => !known(v));
        return unknown != null ? $"{name}: '{unknown}' is not an operation: {Operations}" : null;
    };

    private static string? Assign(byte[] value, out byte[] into)
    {
        into = value;
        return null;
    }

    private static int Fail(TextWriter stderr, string verb, string message)
    {
        stderr.WriteLine($"{verb}: {message}");
        return ExitCodes.Usage;
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
}
