using System.Net.Sockets;
using System.Text;
using OpenAmi.Cli.Commands;
using OpenAmi.Config;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// The gateway as a systemd service: the unit file in deploy/systemd, and the sd_notify protocol (READY, WATCHDOG,
/// STATUS, STOPPING) and journald priorities, spoken to a notify socket of the test's own.
/// </summary>
[Collection("end-to-end")]
public class SystemdServiceTests
{
    private static readonly string Deploy = Path.Combine(RepoPaths.Root, "deploy", "systemd");

    private static Dictionary<string, List<string>> Unit(string path)
    {
        var settings = new Dictionary<string, List<string>>();
        string section = "";
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line.Trim('[', ']');
                continue;
            }

            int equals = line.IndexOf('=');
            string key = section + "." + line[..equals];
            settings.TryAdd(key, []);
            settings[key].Add(line[(equals + 1)..]);
        }

        return settings;
    }

    [Fact]
    public void TheUnitRunsTheGatewayAsAnUnprivilegedNotifyServiceWithAStateDirectory()
    {
        var unit = Unit(Path.Combine(Deploy, "openami-gateway.service"));
        string Get(string key) => Assert.Single(unit[key]);
        Assert.Equal("notify", Get("Service.Type"));
        Assert.Equal("/usr/local/bin/openami gateway --config /etc/openami/gateway.conf", Get("Service.ExecStart"));
        Assert.NotEqual("root", Get("Service.User"));
        Assert.False(string.IsNullOrEmpty(Get("Service.User")));
        Assert.Equal("openami", Get("Service.StateDirectory"));
        Assert.True(int.Parse(Get("Service.WatchdogSec")) > 0);
        Assert.Equal("main", Get("Service.NotifyAccess"));
        Assert.Equal("yes", Get("Service.NoNewPrivileges"));
        Assert.Contains("dialout", Get("Service.SupplementaryGroups"));
        Assert.Equal("multi-user.target", Get("Install.WantedBy"));

        // The user the unit names is the one sysusers creates.
        string sysusers = File.ReadAllText(Path.Combine(Deploy, "openami.sysusers.conf"));
        Assert.Contains($"u {Get("Service.User")} ", sysusers);
    }

    [Fact]
    public void TheExampleConfigIsValidAndKeepsSecretsInFiles()
    {
        string example = Path.Combine(Deploy, "gateway.conf.example");
        var config = new ConfigFile();
        Assert.Null(config.Parse(File.ReadAllText(example)) ?? config.CheckKnown(GatewayArgs.ConfigKeys));
        foreach (string secret in new[] { "password", "command_key", "command_key_previous", "key", "wifi_password" })
        {
            Assert.False(config.Has(secret), $"{secret} belongs in a file named by {secret}_file");
        }

        Assert.StartsWith("/etc/openami/", config.Get("password_file", null));
        Assert.StartsWith("/var/lib/openami/", config.Get("outbox", null));
    }

    [Fact]
    public void TheGatewaySpeaksSdNotifyAndLogsWithJournaldPriorities()
    {
        string directory = Directory.CreateTempSubdirectory("openami-notify-").FullName;
        string socketPath = Path.Combine(directory, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 20_000;
        var environment = new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = socketPath,
            ["WATCHDOG_USEC"] = "400000",
            ["JOURNAL_STREAM"] = "8:12345",
        };

        // A source that never opens: the gateway stays up, and warns.
        using var gateway = new GatewayProcess(environment, "--source", "tcp:127.0.0.1:1", "--outbox", Path.Combine(directory, "outbox"),
            "--feeder", "f", "--gateway", "g", "--status-every", "1");
        var received = new List<string>();
        string Next()
        {
            var buffer = new byte[4096];
            int n = socket.Receive(buffer);
            string message = Encoding.UTF8.GetString(buffer, 0, n);
            received.Add(message);
            return message;
        }

        string first = Next();
        Assert.StartsWith("READY=1\n", first);
        Assert.Contains("STATUS=frames ok 0", first);
        int watchdogs = 0;
        while (watchdogs < 3)
        {
            if (Next() == "WATCHDOG=1")
            {
                watchdogs++;
            }
        }

        Assert.Equal(0, gateway.Terminate(TimeSpan.FromSeconds(15)));
        while (Next() != "STOPPING=1")
        {
        }

        string[] lines = gateway.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.All(lines, l => Assert.Matches("^<[0-7]>", l));
        Assert.Contains(lines, l => l.StartsWith("<6>openami gateway f/g:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<4>openami gateway: cannot read tcp:127.0.0.1:1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("<6>status: ", StringComparison.Ordinal));
    }
}
