using OpenAmi.Crypto;
using OpenAmi.Desktop;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Meters;

namespace OpenAmi.Cli.Commands;

/// <summary>The --key and --aad options shared by every command that reads P1 streams.</summary>
public sealed class DecryptionOptions
{
    /// <summary>
    /// The AAD Luxembourg Smarty meters authenticate: security control byte 0x30 and the published default
    /// authentication key 00112233445566778899AABBCCDDEEFF.
    /// </summary>
    public const string DefaultAadHex = "3000112233445566778899AABBCCDDEEFF";

    public byte[]? Key { get; private set; }

    public byte[]? Aad { get; private set; } = Convert.FromHexString(DefaultAadHex);

    /// <summary>True when --aad was given: DLMS pushes then use it too; otherwise they get none (Austrian meters send no tag).</summary>
    public bool AadGiven { get; private set; }

    /// <summary>
    /// Consumes --key/--aad at <paramref name="i"/> if present. Returns null when the option is not one of
    /// these, "" when it was consumed, or an error message for a bad value.
    /// </summary>
    public string? TryConsume(string[] args, ref int i)
    {
        string option = args[i];
        if (option != "--key" && option != "--aad")
        {
            return null;
        }

        if (i + 1 >= args.Length)
        {
            return $"{option} needs a value";
        }

        string value = args[++i];
        if (option == "--key")
        {
            if (!Hex.TryParse(value, out byte[] key) || key.Length != 16)
            {
                return "--key takes the meter's AES-128 key as 32 hex digits, e.g. --key 0123456789abcdef0123456789abcdef";
            }

            Key = key;
            return "";
        }

        AadGiven = true;
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            Aad = null;
            return "";
        }

        if (!Hex.TryParse(value, out byte[] aad) || aad.Length == 0)
        {
            return $"--aad takes hex bytes (security control byte and authentication key, default {DefaultAadHex}) or 'none'";
        }

        Aad = aad;
        return "";
    }

    /// <summary>Arms a decoder with the key, if one was given.</summary>
    public void Apply(MeterStreamDecoder decoder)
    {
        if (Key != null)
        {
            decoder.SetDecryption(new BclAesGcm(Key), new BclAesBlockCipher(Key), Aad, AadGiven ? Aad : null);
        }
    }
}
