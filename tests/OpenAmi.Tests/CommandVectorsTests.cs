using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using OpenAmi.Cli.Commands;
using OpenAmi.Commands;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Tests.Portable;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>docs/command-test-vectors.json (computed with Python's hmac) against the core, the BCL and the CLI.</summary>
public class CommandVectorsTests
{
    private static JsonElement Vectors => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "command-test-vectors.json"))).RootElement;

    public static IEnumerable<object[]> Names() => Vectors.GetProperty("vectors").EnumerateArray().Select(v => new object[] { v.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(Names))]
    public void SignerAndVerifierAgreeWithTheVector(string name)
    {
        JsonElement v = Vectors.GetProperty("vectors").EnumerateArray().Single(x => x.GetProperty("name").GetString() == name);
        byte[] key = Convert.FromHexString(Vectors.GetProperty("key").GetString()!);
        string token = v.GetProperty("token").GetString()!;
        string payload = v.GetProperty("payload").GetString()!;
        Assert.Equal(token, MessageSigner.Sign(new BclHmacSha256(), "k1", key, payload));
        Assert.Equal(token, MessageSigner.Sign(new SoftwareHmacSha256(), "k1", key, payload));

        byte[] signingInput = Encoding.ASCII.GetBytes(v.GetProperty("signingInput").GetString()!);
        Assert.Equal(v.GetProperty("macHex").GetString(), Convert.ToHexString(HMACSHA256.HashData(key, signingInput)).ToLowerInvariant());

        var opener = new SignedMessage(new BclHmacSha256());
        byte[] bytes = Encoding.ASCII.GetBytes(token);
        Assert.Equal(SignedMessage.Opened, opener.Open(bytes, 0, bytes.Length, new CommandKeys("k1", key, null!, null!)));
        Assert.Equal(payload.Contains("cmdId") ? payload.Split('"')[3] : null, opener.Payload!.StringMember("cmdId"));
    }

    [Fact]
    public void ResultSignatureMatchesTheVector()
    {
        JsonElement r = Vectors.GetProperty("result");
        byte[] key = Convert.FromHexString(Vectors.GetProperty("key").GetString()!);
        byte[] signed = Encoding.ASCII.GetBytes(r.GetProperty("signedPart").GetString()!);
        byte[] mac = new byte[32];
        new SoftwareHmacSha256().Compute(key, signed, 0, signed.Length, mac);
        byte[] text = new byte[43];
        Base64Url.Encode(mac, 0, 32, text, 0);
        Assert.Equal(r.GetProperty("sig").GetString(), Encoding.ASCII.GetString(text));
    }

    [Fact]
    public void KeyDerivationMatchesTheVector()
    {
        JsonElement d = Vectors.GetProperty("deriveKey");
        byte[] key = SignCommand.DeriveKey(Convert.FromHexString(d.GetProperty("master").GetString()!),
            d.GetProperty("feederId").GetString()!, d.GetProperty("gatewayId").GetString()!, d.GetProperty("kid").GetString()!);
        Assert.Equal(d.GetProperty("key").GetString(), Convert.ToHexString(key).ToLowerInvariant());
    }

    [Fact]
    public void SoftwareHmacUsedOnNanoClrMatchesTheBcl()
    {
        var random = new Random(3);
        byte[] mac = new byte[32];
        for (int run = 0; run < 200; run++)
        {
            byte[] key = new byte[random.Next(1, 100)];
            byte[] data = new byte[random.Next(0, 300)];
            random.NextBytes(key);
            random.NextBytes(data);
            new SoftwareHmacSha256().Compute(key, data, 0, data.Length, mac);
            Assert.Equal(HMACSHA256.HashData(key, data), mac);
        }
    }

    [Fact]
    public void Base64UrlRoundTripsAndRefusesNonCanonicalText()
    {
        var random = new Random(4);
        for (int n = 0; n < 100; n++)
        {
            byte[] data = new byte[n];
            random.NextBytes(data);
            byte[] text = new byte[Base64Url.EncodedLength(n)];
            Assert.Equal(text.Length, Base64Url.Encode(data, 0, n, text, 0));
            Assert.Equal(Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_'), Encoding.ASCII.GetString(text));
            byte[] back = new byte[n + 3];
            Assert.Equal(n, Base64Url.Decode(text, 0, text.Length, back, 0));
            Assert.Equal(data, back[..n]);
        }

        byte[] padded = "QQ=="u8.ToArray();
        Assert.Equal(-1, Base64Url.Decode(padded, 0, padded.Length, new byte[4], 0));
        byte[] nonCanonical = "QR"u8.ToArray(); // 'A' is "QQ"; "QR" has stray low bits
        Assert.Equal(-1, Base64Url.Decode(nonCanonical, 0, nonCanonical.Length, new byte[4], 0));
    }
}
