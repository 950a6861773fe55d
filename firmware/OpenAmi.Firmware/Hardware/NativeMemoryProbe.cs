using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>Free managed heap, as nanoFramework reports it after a collection (no compaction: it is slow).</summary>
    public sealed class NativeMemoryProbe : IMemoryProbe
    {
        public long FreeBytes()
        {
            return nanoFramework.Runtime.Native.GC.Run(false);
        }
    }
}
