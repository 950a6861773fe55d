namespace OpenAmi.Text
{
    /// <summary>Meter text is ASCII; nanoFramework has no Encoding.ASCII, so bytes become chars one by one.</summary>
    public static class Ascii
    {
        /// <summary>Bytes [start, start+length) as a string. Allocates; for tools, logs and tests.</summary>
        public static string GetString(byte[] bytes, int start, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[start + i];
            }

            return new string(chars);
        }
    }
}
