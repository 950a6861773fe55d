using System.Diagnostics;
using System.Text;
using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>`openami gateway` as a real child process, so a test can kill it like a power cut would.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    public GatewayProcess(params string[] args)
        : this(new Dictionary<string, string>(), args)
    {
    }

    /// <summary>Starts the gateway with extra environment variables (systemd's NOTIFY_SOCKET, for one).</summary>
    public GatewayProcess(IDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(CliDll);
        info.ArgumentList.Add("gateway");
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>The CLI built beside the tests (same configuration).</summary>
    public static string CliDll
    {
        get
        {
            string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            string path = Path.Combine(RepoPaths.Root, "tools", "OpenAmi.Cli", "bin", configuration, "net10.0", "openami.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build the CLI first", path);
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException("the gateway did not exit; its stderr:\n" + Stderr);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the process without warning: no DISCONNECT, no checkpoint.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks the process to stop (SIGTERM), as a service manager would.</summary>
    public int Terminate(TimeSpan timeout)
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
        return WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
