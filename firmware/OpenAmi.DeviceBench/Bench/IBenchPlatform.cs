// Shared with the desktop CLI, which compiles with nullable annotations on; the device code is written without them.
#nullable disable
namespace OpenAmi.DeviceBench
{
    /// <summary>What the bench needs from where it runs: the device (Program.cs) or the desktop CLI.</summary>
    public interface IBenchPlatform
    {
        /// <summary>Free managed heap in bytes after a collection, or -1 where it cannot be measured.</summary>
        long FreeHeap();

        /// <summary>A monotonic millisecond clock.</summary>
        long TickMs();

        void WriteLine(string line);

        /// <summary>
        /// Marks the start or end of a measured region. On the device and on the nanoCLR host it prints
        /// "@cost begin NAME" / "@cost end NAME", which an instruction-counting host turns into a cost per region.
        /// </summary>
        void Mark(bool begin, string region);
    }
}
