// nanoFramework.System.Device.Wifi 1.5.149 (assembly System.Device.Wifi).
// Source: nanoframework/System.Device.Wifi System.Device.Wifi/NetworkHelper/WifiNetworkHelper.cs and
// WifiReconnectionKind.cs; ../shared/notes/nanoframework.md section 8. WifiNetworkHelper lives in namespace
// nanoFramework.Networking, the enum in System.Device.Wifi (checked against a decompiled 1.5.71 in the library).
namespace System.Device.Wifi
{
    public enum WifiReconnectionKind { Automatic, Manual }
}

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static bool ConnectDhcp(string ssid, string password, System.Device.Wifi.WifiReconnectionKind reconnectionKind = System.Device.Wifi.WifiReconnectionKind.Automatic, bool requiresDateTime = false, int wifiAdapterId = 0, System.Threading.CancellationToken token = default) { throw null; }
        public static bool Reconnect(bool requiresDateTime = false, int wifiAdapterId = 0, System.Threading.CancellationToken token = default) { throw null; }
        public static void Disconnect() { }
        public static System.Exception HelperException { get { throw null; } }
    }
}
