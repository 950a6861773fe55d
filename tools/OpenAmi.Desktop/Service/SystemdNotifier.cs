using System.Net.Sockets;
using System.Text;

namespace OpenAmi.Desktop.Service;

/// <summary>
/// sd_notify without libsystemd: datagrams such as "READY=1" or "WATCHDOG=1" to the socket systemd names in
/// NOTIFY_SOCKET (a path, or an abstract name starting with '@'). Outside systemd every call does nothing.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private readonly Socket? _socket;
    private readonly UnixDomainSocketEndPoint? _endPoint;

    public SystemdNotifier(string? socketPath, string? watchdogMicroseconds, string? watchdogPid)
    {
        if (!string.IsNullOrEmpty(socketPath) && (socketPath[0] == '/' || socketPath[0] == '@'))
        {
            _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
            _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        }

        // The watchdog applies to this process only when WATCHDOG_PID is unset or names it.
        bool forUs = string.IsNullOrEmpty(watchdogPid) || watchdogPid == Environment.ProcessId.ToString();
        if (forUs && long.TryParse(watchdogMicroseconds, out long usec) && usec > 0)
        {
            WatchdogInterval = TimeSpan.FromTicks(usec * 10);
        }
    }

    /// <summary>The notifier systemd's environment asks for (NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID).</summary>
    public static SystemdNotifier FromEnvironment() => new(
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
        Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
        Environment.GetEnvironmentVariable("WATCHDOG_PID"));

    /// <summary>True when started by systemd with Type=notify.</summary>
    public bool Enabled => _socket != null;

    /// <summary>The watchdog period (WatchdogSec=), or null; a ping is due every half of it.</summary>
    public TimeSpan? WatchdogInterval { get; }

    public string? LastError { get; private set; }

    /// <summary>Sends one state update, e.g. "READY=1\nSTATUS=…". False (and <see cref="LastError"/>) when it failed.</summary>
    public bool Notify(string state)
    {
        if (_socket == null)
        {
            return false;
        }

        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint!);
            return true;
        }
        catch (SocketException e)
        {
            LastError = e.Message;
            return false;
        }
    }

    public void Dispose() => _socket?.Dispose();
}
