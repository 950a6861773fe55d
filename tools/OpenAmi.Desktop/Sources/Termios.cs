using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// Raw serial ports and pseudo-terminals on Linux through libc: open, cfmakeraw, speed, data bits, parity and
/// stop bits with tcsetattr, and posix_openpt for a pseudo-terminal that stands in for a serial cable.
/// </summary>
public static class Termios
{
    // glibc's struct termios on Linux: four 32-bit flag words, c_line, c_cc[32], then the two speeds (60 bytes).
    private const int TermiosSize = 60;
    private const int CflagOffset = 8;

    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;
    private const uint CSIZE = 0x30;
    private const uint CS7 = 0x20;
    private const uint CS8 = 0x30;
    private const uint CSTOPB = 0x40;
    private const uint CREAD = 0x80;
    private const uint PARENB = 0x100;
    private const uint PARODD = 0x200;
    private const uint CLOCAL = 0x800;

    private static readonly Dictionary<int, uint> Speeds = new()
    {
        [300] = 0x7, [600] = 0x8, [1200] = 0x9, [2400] = 0xB, [4800] = 0xC, [9600] = 0xD, [19200] = 0xE, [38400] = 0xF,
        [57600] = 0x1001, [115200] = 0x1002, [230400] = 0x1003,
    };

    /// <summary>True for speeds this helper can set.</summary>
    public static bool IsSupportedBaud(int baud) => Speeds.ContainsKey(baud);

    /// <summary>Opens a serial device raw at <paramref name="baud"/> with the given framing ('N', 'E' or 'O' parity).</summary>
    public static FileStream OpenSerial(string device, int baud, int dataBits, char parity, int stopBits)
    {
        int fd = open(device, O_RDWR | O_NOCTTY);
        if (fd < 0)
        {
            throw new IOException($"cannot open {device}: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        Configure(fd, baud, dataBits, parity, stopBits, device);
        return new FileStream(handle, FileAccess.ReadWrite, 1);
    }

    /// <summary>Changes the speed and framing of an open serial port or pseudo-terminal (an IEC 62056-21 baud switch).</summary>
    public static void Reconfigure(SafeFileHandle handle, int baud, int dataBits, char parity, int stopBits, string device)
    {
        Configure((int)handle.DangerousGetHandle(), baud, dataBits, parity, stopBits, device);
    }

    /// <summary>The output speed (in baud) a terminal device is set to now, or -1 when it cannot be read.</summary>
    public static int CurrentBaud(SafeFileHandle handle)
    {
        var t = new byte[TermiosSize];
        if (tcgetattr((int)handle.DangerousGetHandle(), t) != 0)
        {
            return -1;
        }

        uint code = cfgetospeed(t);
        foreach (KeyValuePair<int, uint> speed in Speeds)
        {
            if (speed.Value == code)
            {
                return speed.Key;
            }
        }

        return -1;
    }

    /// <summary>
    /// Creates a pseudo-terminal: returns the master side to write to, and the path a reader opens. The slave
    /// side is held open (raw) as <paramref name="slaveHold"/>, so bytes written before the reader opens it wait
    /// in the line buffer instead of being lost.
    /// </summary>
    public static FileStream OpenPseudoTerminal(out string slavePath, out FileStream slaveHold)
    {
        int fd = posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0)
        {
            throw new IOException($"cannot create a pseudo-terminal: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        var name = new byte[128];
        if (ptsname_r(fd, name, (nuint)name.Length) != 0)
        {
            throw new IOException("cannot name the pseudo-terminal");
        }

        slavePath = System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
        var master = new byte[TermiosSize];
        if (tcgetattr(fd, master) == 0)
        {
            cfmakeraw(master);
            tcsetattr(fd, 0, master);
        }

        var masterStream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, 1);
        slaveHold = OpenSerial(slavePath, 115200, 8, 'N', 1);
        return masterStream;
    }

    private static void Configure(int fd, int baud, int dataBits, char parity, int stopBits, string device)
    {
        var t = new byte[TermiosSize];
        if (tcgetattr(fd, t) != 0)
        {
            throw new IOException($"{device} is not a terminal device: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        cfmakeraw(t);
        uint speed = Speeds[baud];
        cfsetispeed(t, speed);
        cfsetospeed(t, speed);
        uint cflag = BitConverter.ToUInt32(t, CflagOffset);
        cflag &= ~(CSIZE | PARENB | PARODD | CSTOPB);
        cflag |= (dataBits == 7 ? CS7 : CS8) | CREAD | CLOCAL;
        if (parity == 'E')
        {
            cflag |= PARENB;
        }
        else if (parity == 'O')
        {
            cflag |= PARENB | PARODD;
        }

        if (stopBits == 2)
        {
            cflag |= CSTOPB;
        }

        BitConverter.GetBytes(cflag).CopyTo(t, CflagOffset);
        if (tcsetattr(fd, 0, t) != 0)
        {
            throw new IOException($"cannot configure {device}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    private static extern void cfmakeraw(byte[] termios);

    [DllImport("libc")]
    private static extern int cfsetispeed(byte[] termios, uint speed);

    [DllImport("libc")]
    private static extern int cfsetospeed(byte[] termios, uint speed);

    [DllImport("libc")]
    private static extern uint cfgetospeed(byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int ptsname_r(int fd, byte[] buffer, nuint length);
}
