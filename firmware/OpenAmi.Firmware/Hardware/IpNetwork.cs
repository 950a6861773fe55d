using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>
    /// Wi-Fi (any ESP32) or Ethernet (Olimex ESP32-POE) through nanoFramework's network helpers. Wi-Fi rejoins by
    /// itself (automatic reconnection); "up" means the first interface has an IPv4 address.
    /// </summary>
    public sealed class IpNetwork : INetworkMonitor
    {
        public const int ConnectTimeoutMs = 60000;

        /// <summary>How long an answer is reused: the main loop asks every turn, and each look allocates.</summary>
        public const long CheckEveryMs = 2000;

        private bool _up;
        private long _checkedAtMs = long.MinValue;

        public bool IsUp
        {
            get
            {
                long now = System.Environment.TickCount64;
                if (_checkedAtMs == long.MinValue || now - _checkedAtMs >= CheckEveryMs)
                {
                    _checkedAtMs = now;
                    _up = HasAddress();
                }

                return _up;
            }
        }

        private static bool HasAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            if (interfaces.Length == 0)
            {
                return false;
            }

            string address = interfaces[0].IPv4Address;
            return address != null && address.Length > 0 && address != "0.0.0.0";
        }

        /// <summary>Joins the Wi-Fi network; false after the timeout (the caller retries).</summary>
        public bool ConnectWifi(string ssid, string password)
        {
            var timeout = new CancellationTokenSource(ConnectTimeoutMs);
            return WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, false, 0, timeout.Token);
        }

        /// <summary>Brings up Ethernet with DHCP; false after the timeout (the caller retries).</summary>
        public bool ConnectEthernet()
        {
            var timeout = new CancellationTokenSource(ConnectTimeoutMs);
            return NetworkHelper.SetupAndConnectNetwork(timeout.Token, false);
        }
    }
}
