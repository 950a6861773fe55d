using System.Security.Cryptography.X509Certificates;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>Where and how the desktop MQTT client connects.</summary>
public sealed class MqttClientOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>TLS (mqtts://).</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// PEM file of the CA (or CAs) that the broker's chain must end at; null trusts the system store. The broker may
    /// send intermediates: a file holding only the root is enough.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate (and <see cref="ClientKeyFile"/>), or a PKCS#12 file, for mutual TLS.</summary>
    public string? ClientCertificateFile { get; set; }

    public string? ClientKeyFile { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>3 for MQTT 3.1.1 (the default), 5 for MQTT 5.</summary>
    public int ProtocolVersion { get; set; } = 3;

    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>
    /// False (the default) keeps the broker session across reconnects, so QoS 1 messages in flight are
    /// retransmitted with DUP and subscriptions survive a broker restart with persistence.
    /// </summary>
    public bool CleanSession { get; set; }

    /// <summary>
    /// MQTT 5 only: how long the broker keeps a session that is not clean after the connection drops (MQTT 3.1.1
    /// brokers keep it until their own limit). Commands queued for the gateway wait this long.
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>QoS 1 messages awaiting PUBACK at most; Publish returns -1 beyond.</summary>
    public int MaxInflight { get; set; } = 64;

    /// <summary>The TCP connect, the TLS handshake and the CONNACK together must take no longer.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection events, refusals and reason codes, one line each (called from the client's threads).</summary>
    public Action<string>? Log { get; set; }

    /// <summary>
    /// Parses mqtt://[user[:password]@]host[:port] or mqtts://… into host, port, TLS and credentials (percent-escapes
    /// are decoded).
    /// </summary>
    public static bool TryParseUrl(string url, MqttClientOptions into, out string error)
    {
        error = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts") || uri.Host.Length == 0
            || uri.AbsolutePath is not ("" or "/"))
        {
            error = $"--broker takes mqtt://host:port or mqtts://host:port, not '{Redact(url)}'";
            return false;
        }

        into.Host = uri.Host;
        into.UseTls = uri.Scheme == "mqtts";
        into.Port = uri.IsDefaultPort || uri.Port < 0 ? (into.UseTls ? 8883 : 1883) : uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            into.UserName = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            into.Password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }

        return true;
    }

    /// <summary>The URL with any password in it replaced by ***, for logs and the startup line.</summary>
    public static string Redact(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int at = url.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return url;
        }

        int colon = url.IndexOf(':', scheme + 3);
        return colon < 0 || colon > at ? url : url[..(colon + 1)] + "***" + url[at..];
    }

    /// <summary>A setting that cannot work, as a usage message; null when the options are coherent.</summary>
    public string? Check()
    {
        if (Password != null && UserName == null)
        {
            // MQTT 3.1.1 sends a password only after a user name (section 3.1.2.9); MQTT 5 brokers refuse it too.
            return "--password needs --user: MQTT sends a password only with a user name";
        }

        if (ClientKeyFile != null && ClientCertificateFile == null)
        {
            return "--cert-key needs --cert";
        }

        if (ProtocolVersion is not (3 or 5))
        {
            return "the MQTT version is 3.1.1 or 5";
        }

        return null;
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

    internal X509Certificate2Collection? LoadTrustAnchors()
    {
        if (CaFile == null)
        {
            return null;
        }

        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(CaFile);
        if (anchors.Count == 0)
        {
            throw new InvalidDataException($"no PEM certificate in the CA file {CaFile}");
        }

        return anchors;
    }
}
