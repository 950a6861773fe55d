// nanoFramework.Runtime.Native 1.7.11: GC report, reboot, RTC and the monotonic tick counter.
// Source: nanoframework/nanoFramework.Runtime.Native tag v1.7.11, nanoFramework.Runtime.Native/GC.cs, Power.cs,
// RebootOption.cs, RTC.cs and System/Environment.cs (Environment.TickCount64 is declared in this package, in
// namespace System, not in mscorlib).
namespace nanoFramework.Runtime.Native
{
    public static class GC
    {
        public static uint Run(bool compactHeap) { throw null; }
        public static void EnableGCMessages(bool enable) { }
    }

    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public delegate void RebootEventHandler();

    public class Power
    {
        public static event RebootEventHandler OnRebootEvent { add { } remove { } }
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) { }
    }

    public static class Rtc
    {
        public static bool SetSystemTime(System.DateTime time) { throw null; }
    }
}

namespace System
{
    public static class Environment
    {
        public static long TickCount64 { get { throw null; } }
    }
}
