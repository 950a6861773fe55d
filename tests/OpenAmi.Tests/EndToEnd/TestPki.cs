using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenAmi.Tests.EndToEnd;

/// <summary>
/// Throwaway certificates made by the tests themselves: CAs, intermediates, and leaves that are good, expired or for
/// another name, written as PEM files mosquitto and the client read.
/// </summary>
internal static class TestPki
{
    public sealed class Authority(X509Certificate2 certificate, RSA key)
    {
        public X509Certificate2 Certificate { get; } = certificate;

        public RSA Key { get; } = key;

        public string Pem => Certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>A temporary directory mosquitto (which drops to its own user) can read.</summary>
    public static string NewDirectory()
    {
        string dir = Directory.CreateTempSubdirectory("openami-tls-").FullName;
        File.SetUnixFileMode(dir, (UnixFileMode)0x1FF);
        return dir;
    }

    /// <summary>A CA for 127.0.0.1 with a server certificate (server.pem/key), a client certificate (client.pem/key) and ca.pem.</summary>
    public static void Write(string dir)
    {
        Authority ca = Root("openami test CA");
        WriteFile(dir, "ca.pem", ca.Pem);
        Leaf(dir, "server", ca, server: true);
        Leaf(dir, "client", ca, server: false);
    }

    /// <summary>other-ca.pem: a CA that signed nothing of ours.</summary>
    public static void WriteOtherCa(string dir) => WriteFile(dir, "other-ca.pem", Root("someone else").Pem);

    public static Authority Root(string name)
    {
        RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new Authority(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)), key);
    }

    /// <summary>An intermediate CA signed by <paramref name="parent"/>.</summary>
    public static Authority Intermediate(Authority parent, string name)
    {
        RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(parent.Certificate, true, false));
        X509Certificate2 certificate = request.Create(parent.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(parent.Key, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        return new Authority(certificate, key);
    }

    /// <summary>
    /// Writes NAME.pem (the leaf, then <paramref name="chain"/>'s certificates, as a broker sends them) and NAME.key.
    /// A server leaf holds 127.0.0.1 and localhost unless <paramref name="dnsNames"/> says otherwise.
    /// </summary>
    public static void Leaf(string dir, string name, Authority issuer, bool server, string[]? dnsNames = null,
        DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, params Authority[] chain)
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (dnsNames == null)
            {
                san.AddIpAddress(IPAddress.Loopback);
                san.AddDnsName("localhost");
            }
            else
            {
                foreach (string dns in dnsNames)
                {
                    san.AddDnsName(dns);
                }
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false));
        using X509Certificate2 certificate = request.Create(issuer.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(issuer.Key, RSASignaturePadding.Pkcs1),
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(8));
        WriteFile(dir, name + ".pem", certificate.ExportCertificatePem() + "\n" + string.Concat(chain.Select(c => c.Pem)));
        WriteFile(dir, name + ".key", key.ExportPkcs8PrivateKeyPem());
    }

    public static void WriteFile(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6);
    }
}
