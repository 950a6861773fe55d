namespace OpenAmi.Desktop;

/// <summary>Hex text to bytes for keys and AAD given on the command line or in config files.</summary>
public static class Hex
{
    /// <summary>Parses an even number of hex digits in either case; spaces, colons and a leading 0x are ignored.</summary>
    public static bool TryParse(string text, out byte[] bytes)
    {
        string t = text.Trim().Replace(" ", "").Replace(":", "");
        if (t.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            t = t[2..];
        }

        try
        {
            bytes = Convert.FromHexString(t);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
