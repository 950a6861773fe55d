using OpenAmi.Gateway;

namespace OpenAmi.Desktop.Gateway;

/// <summary>The desktop's clocks: the system wall clock (kept by the OS's NTP) and a monotonic tick.</summary>
public sealed class SystemGatewayClock : IGatewayClock
{
    public long UtcNowUnix => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public bool IsTrusted { get; set; } = true;

    public long TickMs => Environment.TickCount64;
}
