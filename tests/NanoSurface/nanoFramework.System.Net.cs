// nanoFramework.System.Net 1.11.60 (assembly System.Net): network helper, interfaces, X.509.
// Source: nanoframework/System.Net nanoFramework.System.Net/NetworkHelper/NetworkHelper.cs,
// NetworkInformation/NetworkInterface.cs, X509Certificates/X509Certificate.cs; ../shared/notes/nanoframework.md
// sections 4 and 8; NetworkInterface use as in nanoframework.m2mqtt Tests/MemoryLeakTestApp/Program.cs.
namespace nanoFramework.Networking
{
    public static class NetworkHelper
    {
        public static bool SetupAndConnectNetwork(System.Threading.CancellationToken token = default, bool requiresDateTime = false) { throw null; }
    }
}

namespace System.Net.NetworkInformation
{
    public class NetworkInterface
    {
        public static NetworkInterface[] GetAllNetworkInterfaces() { throw null; }
        public string IPv4Address { get { throw null; } }
        public void EnableDhcp() { }
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) { }
        public X509Certificate(string certificate) { }
    }
}
