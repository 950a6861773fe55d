using System;
using System.Diagnostics;

namespace OpenAmi.DeviceBench
{
    /// <summary>
    /// The device bench as a nanoFramework application: deploy it to a board (README, "Device bench") and read its
    /// lines on the debug output. Heap is measured with nanoFramework.Runtime.Native.GC.Run(false), which returns
    /// the free bytes after a collection; time with the monotonic Environment.TickCount64.
    /// </summary>
    public static class Program
    {
        /// <summary>Telegrams per input and stage: enough for a stable time on a 240 MHz ESP32, short enough to wait for.</summary>
        private const int Telegrams = 20;

        public static void Main()
        {
            new BenchRunner(new DevicePlatform(), Telegrams).Run();
            Debug.WriteLine("openami device bench: done");
        }

        private sealed class DevicePlatform : IBenchPlatform
        {
            public long FreeHeap()
            {
                return nanoFramework.Runtime.Native.GC.Run(false);
            }

            public long TickMs()
            {
                return Environment.TickCount64;
            }

            public void WriteLine(string line)
            {
                Console.WriteLine(line);
                Debug.WriteLine(line);
            }

            public void Mark(bool begin, string region)
            {
                Console.WriteLine((begin ? "@cost begin " : "@cost end ") + region);
            }
        }
    }
}
