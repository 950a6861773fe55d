using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// A real mosquitto broker on a free loopback port, with persistence in a temporary directory, that a test can
/// stop and start again on the same port. scripts/test.sh installs mosquitto when it is missing.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    private readonly string _directory;
    private readonly string _config;
    private Process? _process;

    public Mosquitto(string extraConfig = "", bool tls = false)
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("openami-mosquitto-").FullName;

        // Started as root, mosquitto drops to its own user: it must still be able to write its database and log.
        File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF);
        Port = FreePort();
        _config = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllText(_config,
            $"listener {Port} 127.0.0.1\n"
            + (extraConfig.Contains("password_file") || extraConfig.Contains("require_certificate") ? "" : "allow_anonymous true\n")
            + "persistence true\n"
            + $"persistence_location {_directory}/\n"
            + "autosave_interval 1\n"
            + $"log_dest file {_directory}/mosquitto.log\n"
            + "log_type all\n"
            + extraConfig);
        Start();
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public string Directory => _directory;

    public static string Binary
    {
        get
        {
            foreach (string candidate in new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto" })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException("mosquitto is not installed: run scripts/test.sh, which installs it, or apt-get install -y mosquitto");
        }
    }

    /// <summary>The broker's log, for failure messages.</summary>
    public string Log => File.Exists(Path.Combine(_directory, "mosquitto.log")) ? File.ReadAllText(Path.Combine(_directory, "mosquitto.log")) : "";

    /// <summary>Waits until <paramref name="pattern"/> occurs at least <paramref name="times"/> times in the log.</summary>
    public bool WaitForLog(string pattern, int times, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (System.Text.RegularExpressions.Regex.Matches(Log, pattern).Count < times)
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }

    public void Start()
    {
        _process = Process.Start(new ProcessStartInfo(Binary, ["-c", _config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"mosquitto exited at start (code {_process.ExitCode}); config:\n{File.ReadAllText(_config)}");
                }

                Thread.Sleep(20);
            }
        }

        throw new TimeoutException("mosquitto did not start listening");
    }

    /// <summary>Stops the broker gracefully (it saves its persistent sessions).</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Kills the broker without warning (SIGKILL): what it had not saved is gone, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(_directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
