using OpenAmi.P1.Obis;

namespace OpenAmi.Northbound
{
    /// <summary>
    /// How a non-VMRS register is keyed in the envelope: electricity registers of the meter itself (A=1, B=0)
    /// in the short C.D.E form the VMRS uses ("21.7.0", "1.8.1"), everything else in the full six-group
    /// form ("0.0.96.7.21.255", "0.1.96.3.10.255").
    /// </summary>
    public static class NorthboundObis
    {
        public static void Write(ObisCode code, JsonBuffer json)
        {
            json.Raw('"');
            if (code.A == 1 && code.B == 0 && code.F == ObisCode.DefaultF)
            {
                Group(json, code.C);
                json.Raw('.');
                Group(json, code.D);
                json.Raw('.');
                Group(json, code.E);
            }
            else
            {
                Group(json, code.A);
                json.Raw('.');
                Group(json, code.B);
                json.Raw('.');
                Group(json, code.C);
                json.Raw('.');
                Group(json, code.D);
                json.Raw('.');
                Group(json, code.E);
                json.Raw('.');
                Group(json, code.F);
            }

            json.Raw('"');
        }

        private static void Group(JsonBuffer json, int value)
        {
            json.Number(value);
        }
    }
}
