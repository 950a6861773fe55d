using OpenAmi.Commands;

namespace OpenAmi.Desktop.Gateway;

/// <summary>
/// Device actions on a Linux gateway: the relay is a line appended to a file (wire a real contactor by watching
/// it, or leave it out: then relay commands are unsupported), and a reboot asks the gateway to exit so its service
/// manager restarts it.
/// </summary>
public sealed class DesktopDeviceActions(string? relayFile, Action requestRestart) : IDeviceActions
{
    public bool HasRelay => relayFile != null;

    public int RelayOperations { get; private set; }

    public void SetRelay(string meterSerial, bool connected)
    {
        RelayOperations++;
        File.AppendAllText(relayFile!, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'} {meterSerial} {(connected ? "connect" : "disconnect")}\n");
    }

    public void Reboot() => requestRestart();
}
