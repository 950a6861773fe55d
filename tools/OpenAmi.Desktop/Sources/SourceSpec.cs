namespace OpenAmi.Desktop.Sources;

/// <summary>
/// A --source argument: FILE, serial:DEVICE[:BAUD[:FRAMING]] (FRAMING like 8N1 or 7E1; DEVICE is /dev/ttyUSB0 on
/// Linux, COM3 on Windows, /dev/cu.usbserial-… on macOS), serial:DEVICE:auto (the line's speed and framing are found
/// by trying 115200 8N1 and 9600 7E1), or tcp:HOST:PORT.
/// </summary>
public sealed record SourceSpec(string Kind, string Target, int Baud = 115200, int DataBits = 8, char Parity = 'N', int StopBits = 1, int Port = 0, bool Auto = false)
{
    public const string File = "file";
    public const string Serial = "serial";
    public const string Tcp = "tcp";

    public override string ToString() => Kind switch
    {
        Serial => Auto ? $"serial:{Target}:auto" : $"serial:{Target}:{Baud}:{DataBits}{Parity}{StopBits}",
        Tcp => $"tcp:{Target}:{Port}",
        _ => Target,
    };

    public static bool TryParse(string text, out SourceSpec spec, out string error)
    {
        spec = new SourceSpec(File, text);
        error = "";
        if (text.StartsWith("serial:", StringComparison.Ordinal))
        {
            string[] parts = text["serial:".Length..].Split(':');
            if (parts[0].Length == 0)
            {
                error = "serial sources are serial:/dev/ttyUSB0[:115200[:8N1]] or serial:/dev/ttyUSB0:auto";
                return false;
            }

            if (parts.Length > 1 && parts[1].Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                if (parts.Length > 2)
                {
                    error = $"'{text}': auto finds the speed and the framing; give serial:{parts[0]}:auto alone";
                    return false;
                }

                spec = new SourceSpec(Serial, parts[0], Auto: true);
                return true;
            }

            int baud = 115200;
            if (parts.Length > 1 && (!int.TryParse(parts[1], out baud) || !Termios.IsSupportedBaud(baud)))
            {
                error = $"unsupported baud rate in '{text}': use 115200 (DSMR 4/5, eMUCS), 9600 (DSMR 2.2/3) or auto";
                return false;
            }

            string framing = parts.Length > 2 ? parts[2].ToUpperInvariant() : (baud == 9600 ? "7E1" : "8N1");
            if (framing.Length != 3 || (framing[0] != '7' && framing[0] != '8') || "NEO".IndexOf(framing[1]) < 0 || (framing[2] != '1' && framing[2] != '2'))
            {
                error = $"framing in '{text}' must look like 8N1 or 7E1";
                return false;
            }

            spec = new SourceSpec(Serial, parts[0], baud, framing[0] - '0', framing[1], framing[2] - '0');
            return true;
        }

        if (text.StartsWith("tcp:", StringComparison.Ordinal))
        {
            string rest = text["tcp:".Length..];
            int colon = rest.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], out int port) || port is <= 0 or > 65535)
            {
                error = $"tcp sources are tcp:HOST:PORT (ser2net style), not '{text}'";
                return false;
            }

            spec = new SourceSpec(Tcp, rest[..colon], Port: port);
            return true;
        }

        if (text.Length == 0 || (text.StartsWith('-') && text.Length > 1))
        {
            error = $"'{text}' is not a source: give a capture FILE, serial:DEVICE or tcp:HOST:PORT";
            return false;
        }

        return true; // whether the file can be read is checked when the gateway starts (a failure, not a usage error)
    }
}
