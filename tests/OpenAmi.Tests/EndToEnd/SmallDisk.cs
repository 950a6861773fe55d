using System.Diagnostics;
using Xunit;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// A tiny tmpfs of its own, to fill up and to make read-only under a running gateway: a real ENOSPC and EROFS,
/// not a simulation. Mounting needs root (or CAP_SYS_ADMIN); elsewhere the tests that need it are skipped, and
/// the portable fault-injection tests (tests/Portable/OutboxFaultTests.cs) still cover the same logic.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public SmallDisk(int bytes)
    {
        Path = Directory.CreateTempSubdirectory("openami-disk-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", Path);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Directory.Delete(Path);
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Why small disks cannot be mounted here, or null when they can.</summary>
    public static string? Unavailable => Missing.Value;

    public string Path { get; }

    /// <summary>Takes all but about <paramref name="leaveBytes"/> of the free space.</summary>
    public void Fill(int leaveBytes)
    {
        var info = new DriveInfo(Path);
        long take = info.AvailableFreeSpace - leaveBytes;
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create);
        filler.Write(new byte[Math.Max(0, take)]);
    }

    /// <summary>Gives the space taken by <see cref="Fill"/> back.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    /// <summary>Remounts read-only, under whoever has files open on it.</summary>
    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, true);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux to mount a small tmpfs";
        }

        try
        {
            using var disk = new SmallDisk(16 * 1024);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return "needs root (or CAP_SYS_ADMIN) to mount a small tmpfs: " + e.Message;
        }
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)}: {error.Trim()}");
        }
    }
}

/// <summary>A fact that needs a <see cref="SmallDisk"/>: skipped, saying why, where none can be mounted.</summary>
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Unavailable is string reason)
        {
            Skip = reason;
        }
    }
}
