using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace OpenAmi.Desktop.Mqtt;

/// <summary>
/// Says in words why the broker's certificate was refused: a chain that does not reach the CA, a certificate out of
/// its validity period and a name that does not match each get their own sentence, so a user knows what to fix.
/// </summary>
internal static class TlsVerdict
{
    /// <summary>Null when the certificate is good; otherwise one line naming every problem found.</summary>
    public static string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string host, string? caFile)
    {
        if (errors == SslPolicyErrors.None)
        {
            return null;
        }

        if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the broker sent no certificate";
        }

        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var problems = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            problems.AddRange(ChainProblems(leaf, chain, caFile));
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            problems.Add($"the broker's certificate is for {Names(leaf)}, not {host}: connect by a name it holds");
        }

        return problems.Count > 0 ? string.Join("; ", problems) : $"the broker's certificate was refused ({errors})";
    }

    private static IEnumerable<string> ChainProblems(X509Certificate2 leaf, X509Chain? chain, string? caFile)
    {
        X509ChainStatusFlags flags = 0;
        foreach (X509ChainStatus status in chain?.ChainStatus ?? [])
        {
            flags |= status.Status;
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0 || chain == null)
        {
            DateTime now = DateTime.Now;
            foreach (X509Certificate2 c in chain?.ChainElements.Select(e => e.Certificate) ?? [leaf])
            {
                if (now > c.NotAfter)
                {
                    yield return $"the certificate '{c.Subject}' expired on {c.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
                }
                else if (now < c.NotBefore)
                {
                    yield return $"the certificate '{c.Subject}' is not valid before {c.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (check this machine's clock)";
                }
            }
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            yield return caFile != null
                ? $"the broker's certificate ('{leaf.Subject}', issued by '{leaf.Issuer}') does not chain to a CA in {caFile}"
                    + " (wrong CA file, or the broker does not send its intermediate CA)"
                : $"the broker's certificate ('{leaf.Subject}', issued by '{leaf.Issuer}') is not trusted by this system; name its CA with --ca";
        }

        X509ChainStatusFlags other = flags & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain);
        if (other != 0)
        {
            yield return $"the broker's certificate chain is not valid ({other})";
        }
    }

    private static string Names(X509Certificate2 leaf)
    {
        var names = new List<string>();
        foreach (X509Extension extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                names.AddRange(san.EnumerateDnsNames());
                names.AddRange(san.EnumerateIPAddresses().Select(ip => ip.ToString()));
            }
        }

        if (names.Count == 0)
        {
            names.Add(leaf.GetNameInfo(X509NameType.SimpleName, false));
        }

        return string.Join(", ", names);
    }
}
