// nanoFramework.Networking.Sntp 1.6.42: the SNTP client of the ESP32 (lwIP).
// Source: nanoframework/nanoFramework.Networking.Sntp nanoFramework.Networking.Sntp/Sntp.cs;
// ../shared/notes/nanoframework.md section 8.
namespace nanoFramework.Networking
{
    public static class Sntp
    {
        public static void Start() { }
        public static void Stop() { }
        public static void UpdateNow() { }
        public static bool IsStarted { get { throw null; } }
        public static string Server1 { get { throw null; } set { } }
        public static string Server2 { get { throw null; } set { } }
    }
}
