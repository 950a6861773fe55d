using OpenAmi.Text;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The wire words of <see cref="Quality"/>, pre-encoded as JSON string literals: on the device Enum.ToString gives
    /// a number, and a string literal on the publish path would allocate every time.
    /// </summary>
    public static class QualityText
    {
        /// <summary>Longest word with its quotes ("comms_lost").</summary>
        public const int MaxJsonLength = 12;

        private static readonly string[] Names = { "good", "suspect", "comms_lost" };

        private static readonly byte[][] Json = Ascii.GetQuotedBytes(Names);

        /// <summary>The word, e.g. "comms_lost"; for tools and tests.</summary>
        public static string NameOf(Quality quality)
        {
            return Names[(int)quality];
        }

        /// <summary>The word as a quoted JSON string, e.g. <c>"good"</c> with its quotes.</summary>
        public static byte[] JsonOf(Quality quality)
        {
            return Json[(int)quality];
        }
    }
}
