using System.Security.Cryptography.X509Certificates;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>Where and how the desktop MQTT client connects.</summary>
public sealed class MqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>TLS through SslStream (mqtts://).</summary>
    public bool UseTls { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; null trusts the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate (and <see cref="ClientKeyFile"/>), or a PKCS#12 file, for mutual TLS.</summary>
    public string? ClientCertificateFile { get; set; }

    public string? ClientKeyFile { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>
    /// False (the default) keeps the broker session across reconnects, so QoS 1 messages in flight are
    /// retransmitted with DUP and subscriptions survive a broker restart with persistence.
    /// </summary>
    public bool CleanSession { get; set; }

    /// <summary>QoS 1 messages awaiting PUBACK at most; Publish returns -1 beyond.</summary>
    public int MaxInflight { get; set; } = 64;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Parses mqtt://host[:port] or mqtts://host[:port] into host, port and TLS.</summary>
    public static bool TryParseUrl(string url, MqttClientOptions into, out string error)
    {
        error = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts") || uri.Host.Length == 0)
        {
            error = $"--broker takes mqtt://host:port or mqtts://host:port, not '{url}'";
            return false;
        }

        into.Host = uri.Host;
        into.UseTls = uri.Scheme == "mqtts";
        into.Port = uri.IsDefaultPort || uri.Port < 0 ? (into.UseTls ? 8883 : 1883) : uri.Port;
        return true;
    }

    internal X509Certificate2Collection? LoadClientCertificate()
    {
        if (ClientCertificateFile == null)
        {
            return null;
        }

        X509Certificate2 certificate = ClientKeyFile != null
            ? X509Certificate2.CreateFromPemFile(ClientCertificateFile, ClientKeyFile)
            : X509CertificateLoader.LoadPkcs12FromFile(ClientCertificateFile, null);
        return [certificate];
    }
}
