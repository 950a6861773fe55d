using System.CommandLine;
using OpenAmi.Cli.Options;
using OpenAmi.Config;
using OpenAmi.Crypto;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Meters;

namespace OpenAmi.Cli.Commands;

/// <summary>The meter key and AAD a command decrypts with (Luxembourg/Austria GCM frames, DLMS pushes).</summary>
public sealed class DecryptionOptions
{
    /// <summary>
    /// The AAD Luxembourg Smarty meters authenticate: security control byte 0x30 and the published default
    /// authentication key 00112233445566778899AABBCCDDEEFF.
    /// </summary>
    public const string DefaultAadHex = "3000112233445566778899AABBCCDDEEFF";

    public const string KeyMessage = "--key takes the meter's AES-128 key as 32 hex digits, e.g. --key 0123456789abcdef0123456789abcdef";

    public byte[]? Key { get; init; }

    public byte[]? Aad { get; init; } = Convert.FromHexString(DefaultAadHex);

    /// <summary>True when --aad (or the config's aad) was given: DLMS pushes then use it too.</summary>
    public bool AadGiven { get; init; }

    /// <summary>
    /// The AAD for DLMS pushes: only the one given, never Luxembourg's default (Austrian meters send no tag; with an
    /// AAD a push encrypted without one is refused).
    /// </summary>
    public byte[]? HanAad => AadGiven ? Aad : null;

    /// <summary>Arms a decoder with the key, if one was given.</summary>
    public void Apply(MeterStreamDecoder decoder)
    {
        if (Key != null)
        {
            decoder.SetDecryption(new BclAesGcm(Key), new BclAesBlockCipher(Key), Aad, HanAad);
        }
    }
}

/// <summary>The --key and --aad options of every command that reads meter streams.</summary>
public sealed class DecryptionArgs
{
    public Typed<byte[]?> Key { get; } = new("--key", "HEX",
        "The meter's AES-128 key (32 hex digits), for encrypted frames (Luxembourg, Austria) and DLMS pushes",
        Parsers.Hex(16, 16, DecryptionOptions.KeyMessage));

    public Typed<byte[]?> Aad { get; } = new("--aad", "HEX|none",
        $"GCM additional data: security control byte and authentication key [default: {DecryptionOptions.DefaultAadHex} for P1, none for DLMS pushes]",
        ParseAad, "none");

    public static DecryptionArgs AddTo(Command command)
    {
        var args = new DecryptionArgs();
        command.Add(args.Key.Option);
        command.Add(args.Aad.Option);
        return args;
    }

    /// <summary>The command line's values, else the config file's (keys <c>key</c> and <c>aad</c>).</summary>
    public string? Resolve(ParseResult result, ConfigFile? config, out DecryptionOptions options)
    {
        string? keyError = Key.Resolve(result, config, "key", null, out byte[]? key);
        string? aadError = Aad.Resolve(result, config, "aad", Convert.FromHexString(DecryptionOptions.DefaultAadHex), out byte[]? aad);
        string? error = keyError ?? aadError;
        options = new DecryptionOptions { Key = key, Aad = aad is { Length: 0 } ? null : aad, AadGiven = Aad.Given(result) || config?.Get("aad", null) != null };
        return error;
    }

    public DecryptionOptions Read(ParseResult result)
    {
        Resolve(result, null, out DecryptionOptions options);
        return options;
    }

    // "none" is an empty array here: no AAD at all.
    private static string? ParseAad(string name, string text, out byte[]? value)
    {
        value = null;
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            value = [];
            return null;
        }

        if (!Desktop.Hex.TryParse(text, out byte[] aad) || aad.Length == 0)
        {
            return $"{name} takes hex bytes (security control byte and authentication key, default {DecryptionOptions.DefaultAadHex}) or 'none'";
        }

        value = aad;
        return null;
    }
}
