using OpenAmi.Text;

namespace OpenAmi.Vmrs
{
    /// <summary>
    /// The keys of an M-Bus sub-meter's registers in full mode (docs/vmrs-mapping.md): the documented codes of the
    /// channel-0 form, whatever channel the sub-meter sits on, pre-encoded for the envelope.
    /// </summary>
    public static class SubMeterKeys
    {
        public const int Reading = 0;
        public const int UncorrectedReading = 1;
        public const int DeviceType = 2;
        public const int Valve = 3;

        private static readonly string[] Names = { "0.0.24.2.1.255", "0.0.24.2.3.255", "0.0.24.1.0.255", "0.0.24.4.0.255" };

        private static readonly byte[][] Json = Ascii.GetQuotedBytes(Names);

        public static string NameOf(int key)
        {
            return Names[key];
        }

        public static byte[] JsonOf(int key)
        {
            return Json[key];
        }
    }
}
