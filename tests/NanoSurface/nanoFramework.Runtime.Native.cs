// nanoFramework.Runtime.Native 1.7.11: GC report and reboot.
// Source: nanoframework/nanoFramework.Runtime.Native nanoFramework.Runtime.Native/GC.cs, Power.cs, Rtc.cs;
// ../shared/notes/nanoframework.md sections 10 and "Exact public API signatures".
namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) { throw null; }
        public static bool EnableGCMessages(bool enable) { throw null; }
    }

    public enum RebootOption
    {
        NormalReboot = 0,
        EnterBootloader = 1,
        ClrOnly = 2,
    }

    public static class Power
    {
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
    }

    public static class Rtc
    {
        public static bool SetSystemTime(System.DateTime time) { throw null; }
    }
}
