using OpenAmi.Text;

namespace OpenAmi.Vmrs
{
    /// <summary>The fixed words a register's value can be (the breaker's state), as codes with pre-encoded text.</summary>
    public static class RegisterWords
    {
        public const int Connected = 0;
        public const int Disconnected = 1;

        private static readonly string[] Names = { "connected", "disconnected" };

        private static readonly byte[][] Json = Ascii.GetQuotedBytes(Names);

        /// <summary>The word, e.g. "connected"; for tools and tests.</summary>
        public static string NameOf(int word)
        {
            return Names[word];
        }

        /// <summary>The word as a quoted JSON string.</summary>
        public static byte[] JsonOf(int word)
        {
            return Json[word];
        }
    }
}
