using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// The line speeds a serial source, a replay or a readout may use (DSMR 2.2/3 at 9600, DSMR 4/5 at 115200, HAN at
/// 2400, IEC 62056-21 sign-on at 300 and the speeds its baud switch offers).
/// </summary>
public static class Termios
{
    public static readonly int[] SupportedBauds = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

    /// <summary>True for speeds a serial source or a replay can set.</summary>
    public static bool IsSupportedBaud(int baud) => Array.IndexOf(SupportedBauds, baud) >= 0;
}

/// <summary>
/// A pseudo-terminal on Linux through libc (posix_openpt), standing in for a serial cable: the replay writes to the
/// master side, a reader (the gateway's serial source) opens the slave path like any serial port. The slave is made
/// raw once, which it stays while the master lives; bytes written before the reader opens would be lost with the
/// master, so the writer waits for a reader first (<see cref="WaitForReader"/>), and before it closes for the data to
/// be read (<see cref="WaitUntilRead"/>) and the reader to close its end (<see cref="WaitForReaderToLeave"/>).
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    // glibc's struct termios on Linux: four 32-bit flag words, c_line, c_cc[32], then the two speeds (60 bytes).
    private const int TermiosSize = 60;
    private const int O_RDWR = 0x2;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const short POLLHUP = 0x10;
    private const nuint FIONREAD = 0x541B;

    // Linux's Bnnn codes of Termios.SupportedBauds, in the same order.
    private static readonly uint[] SpeedCodes = [0x7, 0x8, 0x9, 0xB, 0xC, 0xD, 0xE, 0xF, 0x1001, 0x1002, 0x1003];

    private readonly int _fd;

    private PseudoTerminal(int fd, string slavePath)
    {
        _fd = fd;
        SlavePath = slavePath;
        Master = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, 1);
    }

    /// <summary>The side to write to.</summary>
    public FileStream Master { get; }

    /// <summary>The path a reader opens, e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    public static PseudoTerminal Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("replay --to pty needs Linux; use --to serial:PORT with a null-modem cable or a virtual serial pair");
        }

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

        var pty = new PseudoTerminal(fd, System.Text.Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)));
        MakeRaw(fd);
        int slave = open(pty.SlavePath, O_RDWR | O_NOCTTY);
        if (slave >= 0)
        {
            MakeRaw(slave); // no echo, no line editing: bytes pass as on a serial line
            close(slave);
        }

        return pty;
    }

    /// <summary>Waits until some process has the slave open (the master stops reporting a hang-up). False when cancelled.</summary>
    public bool WaitForReader(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            if (!HungUp(100))
            {
                return true;
            }

            // poll() answers at once while nobody has the slave open: wait on the token instead of spinning.
            cancel.WaitHandle.WaitOne(20);
        }

        return false;
    }

    /// <summary>Waits until the reader has taken every byte written, it went away, or <paramref name="timeout"/> passed.</summary>
    public void WaitUntilRead(TimeSpan timeout, CancellationToken cancel)
    {
        int slave = open(SlavePath, O_RDWR | O_NOCTTY | O_NONBLOCK);
        if (slave < 0)
        {
            return;
        }

        try
        {
            DateTime end = DateTime.UtcNow + timeout;
            int emptyChecks = 0;
            while (emptyChecks < 2 && DateTime.UtcNow < end && !cancel.IsCancellationRequested)
            {
                // Two empty looks in a row: the pty moves bytes to the slave's queue asynchronously.
                emptyChecks = ioctl(slave, FIONREAD, out int pending) == 0 && pending == 0 ? emptyChecks + 1 : 0;
                cancel.WaitHandle.WaitOne(50);
            }
        }
        finally
        {
            close(slave);
        }
    }

    /// <summary>
    /// Waits until no process has the slave open any more (the reader closed the "cable"), at most
    /// <paramref name="timeout"/>. A reader may still hold bytes in its own buffers after the pty's queue is empty:
    /// closing the master earlier would hang the line up under it and lose them.
    /// </summary>
    public bool WaitForReaderToLeave(TimeSpan timeout, CancellationToken cancel)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end && !cancel.IsCancellationRequested)
        {
            if (HungUp(100))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The speed the reader has set the line to, in baud (-1 when unknown): on Linux the master reads the slave's
    /// settings, so a simulated meter can tell whether the reader switched speed (an IEC 62056-21 baud switch).
    /// </summary>
    public int LineBaud()
    {
        var t = new byte[TermiosSize];
        if (tcgetattr(_fd, t) != 0)
        {
            return -1;
        }

        uint code = cfgetospeed(t);
        for (int i = 0; i < SpeedCodes.Length; i++)
        {
            if (SpeedCodes[i] == code)
            {
                return Termios.SupportedBauds[i];
            }
        }

        return -1;
    }

    public void Dispose() => Master.Dispose();

    private bool HungUp(int timeoutMs)
    {
        var fds = new PollFd { Fd = _fd, Events = POLLHUP };
        return poll(ref fds, 1, timeoutMs) > 0 && (fds.Revents & POLLHUP) != 0;
    }

    private static void MakeRaw(int fd)
    {
        var t = new byte[TermiosSize];
        if (tcgetattr(fd, t) == 0)
        {
            cfmakeraw(t);
            tcsetattr(fd, 0, t);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ioctl(int fd, nuint request, out int value);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc")]
    private static partial uint cfgetospeed(byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, [Out] byte[] buffer, nuint length);
}
