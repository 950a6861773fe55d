namespace OpenAmi.Desktop.Sources;

/// <summary>Plain words for a serial device that is not there (System.IO.Ports says "access denied" for a missing one on Linux).</summary>
public static class SerialDevices
{
    /// <summary>Why <paramref name="device"/> cannot be a serial port on this machine, or null when it may be one.</summary>
    public static string? Problem(string device)
    {
        if (OperatingSystem.IsWindows() || !device.StartsWith('/'))
        {
            return null; // COM3 and friends: System.IO.Ports says what is wrong
        }

        if (Directory.Exists(device))
        {
            return $"{device} is a directory, not a serial device";
        }

        if (!File.Exists(device))
        {
            string hint = OperatingSystem.IsMacOS() ? "ls /dev/cu.*" : "ls /dev/ttyUSB* /dev/ttyACM* /dev/serial/by-id";
            return $"no such device: {device} (is the cable plugged in? {hint} lists the serial ports)";
        }

        return null;
    }
}
