using System.IO.Ports;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// Keeps the native AOT build one file. On Linux, System.IO.Ports calls a small native helper
/// (libSystem.IO.Ports.Native.so). A JIT build finds it among its files; the AOT build carries it as a resource of
/// the executable instead, and this loads it from memory (memfd) the first time a serial port is opened.
/// </summary>
public static partial class SerialNative
{
    public const string LibraryName = "libSystem.IO.Ports.Native";
    public const string ResourceName = "native/libSystem.IO.Ports.Native.so";

    private static readonly object Gate = new();
    private static bool _installed;
    private static IntPtr _embedded;

    /// <summary>Installs the resolver once; call before the first <see cref="SerialPort"/> is opened.</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed || !OperatingSystem.IsLinux())
            {
                return;
            }

            _installed = true;
            NativeLibrary.SetDllImportResolver(typeof(SerialPort).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibraryName)
        {
            return IntPtr.Zero; // the runtime's usual search
        }

        if (NativeLibrary.TryLoad(name, assembly, path, out IntPtr beside))
        {
            return beside; // a JIT build, or an AOT build installed with the helper beside it
        }

        lock (Gate)
        {
            if (_embedded == IntPtr.Zero)
            {
                _embedded = LoadEmbedded();
            }

            return _embedded;
        }
    }

    private static IntPtr LoadEmbedded()
    {
        using Stream? resource = Assembly.GetEntryAssembly()?.GetManifestResourceStream(ResourceName);
        if (resource == null)
        {
            return IntPtr.Zero; // the runtime then reports the missing library
        }

        byte[] image = new byte[resource.Length];
        resource.ReadExactly(image);
        int fd = memfd_create("libSystem.IO.Ports.Native.so", 0);
        if (fd < 0)
        {
            return IntPtr.Zero;
        }

        // The descriptor stays open for the life of the process: the library is mapped from it.
        using (var file = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false), FileAccess.Write))
        {
            file.Write(image);
        }

        return NativeLibrary.TryLoad($"/proc/self/fd/{fd}", out IntPtr handle) ? handle : IntPtr.Zero;
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int memfd_create(string name, uint flags);
}
