using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// A ser2net-style TCP server that plays a DSMR 5 meter: the test decides when each telegram goes out, so it can
/// fall silent, and the gateway under test connects to it with --source tcp:127.0.0.1:PORT.
/// </summary>
public sealed class TelegramServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly object _gate = new();
    private TcpClient? _client;
    private long _clock = 1_780_000_000;
    private long _importWh = 5_000_000;

    public TelegramServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _listener.BeginAcceptTcpClient(Accept, null);
    }

    public int Port { get; }

    public string Source => $"tcp:127.0.0.1:{Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>
    /// Waits until the gateway has connected: the <paramref name="accepted"/>-th connection, so a restarted gateway
    /// is not mistaken for the killed one whose socket still looks open. A killed gateway's connection never counts.
    /// </summary>
    public bool WaitForClient(TimeSpan timeout, int accepted = 1)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < end)
        {
            lock (_gate)
            {
                if (Accepted >= accepted && LiveClient() != null)
                {
                    return true;
                }
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>Sends the next telegram (clock one second later, import a little higher); false when nobody listens.</summary>
    public bool Send()
    {
        _clock++;
        _importWh += 7;
        byte[] telegram = Telegram(_clock, _importWh);
        lock (_gate)
        {
            TcpClient? client = LiveClient();
            try
            {
                client?.GetStream().Write(telegram);
                return client != null;
            }
            catch (IOException)
            {
                _client = null;
                return false;
            }
        }
    }

    // The connected gateway, or null. A gateway that was killed closed its end: the socket then reads as
    // readable with nothing to read. Writing to it would seem to work once and lose the telegram.
    private TcpClient? LiveClient()
    {
        if (_client == null)
        {
            return null;
        }

        Socket socket = _client.Client;
        if (!_client.Connected || (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0))
        {
            _client.Dispose();
            _client = null;
        }

        return _client;
    }

    public static byte[] Telegram(long clockUnix, long importWh)
    {
        DateTime local = DateTimeOffset.FromUnixTimeSeconds(clockUnix).UtcDateTime.AddHours(1);
        string body = "/ISK5\\2M550T-1012\r\n\r\n"
            + "1-3:0.2.8(50)\r\n"
            + $"0-0:1.0.0({local:yyMMddHHmmss}W)\r\n"
            + "0-0:96.1.1(4530303434303037313331363530363138)\r\n"
            + $"1-0:1.8.1({importWh / 1000:D6}.{importWh % 1000:D3}*kWh)\r\n"
            + "1-0:1.8.2(003224.632*kWh)\r\n"
            + "1-0:1.7.0(00.433*kW)\r\n"
            + "1-0:32.7.0(231.0*V)\r\n"
            + "0-0:96.3.10(1)\r\n"
            + "!";
        byte[] bytes = Encoding.ASCII.GetBytes(body);
        return Encoding.ASCII.GetBytes(body + Crc16Arc.Compute(bytes, 0, bytes.Length).ToString("X4") + "\r\n");
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_gate)
        {
            _client?.Dispose();
        }
    }

    private void Accept(IAsyncResult result)
    {
        try
        {
            TcpClient client = _listener.EndAcceptTcpClient(result);
            lock (_gate)
            {
                _client?.Dispose();
                _client = client;
                Accepted++;
            }

            _listener.BeginAcceptTcpClient(Accept, null);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }
}
