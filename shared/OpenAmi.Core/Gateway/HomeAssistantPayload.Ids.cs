using OpenAmi.Northbound;
using OpenAmi.P1.Obis;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The ids and names in Home Assistant discovery: openami_&lt;serial&gt;_&lt;register&gt;[_time] as unique id and
    /// object id, and a register named as the envelope keys it; characters Home Assistant refuses in ids become '_'.
    /// </summary>
    internal sealed partial class HomeAssistantPayload
    {
        // openami_<serial>_<register>[_time]: the unique id, and the object id of the topic.
        private void ObjectId(JsonBuffer j, HomeAssistantMeter meter, int i)
        {
            MeterId(j, meter);
            j.Raw('_');
            RegisterName(j, meter.Keys[i], true);
            if (meter.Units[i] == NorthboundUnits.DateTime && meter.Keys[i] >= 0)
            {
                Word(j, Words, VTime);
            }
        }

        private static void MeterId(JsonBuffer j, HomeAssistantMeter meter)
        {
            Word(j, Words, VIdPrefix);
            for (int k = 0; k < meter.SerialLength; k++)
            {
                j.Raw((char)IdByte(meter.Serial[k]));
            }
        }

        // A register as the envelope keys it ("1.8.0", "21.7.0", "0.0.96.14.0.255"), or with '_' for ids.
        private static void RegisterName(JsonBuffer j, long key, bool forId)
        {
            if (key < 0)
            {
                byte[] quoted = key > -1000 ? VmrsCatalog.KeyJsonOf((int)(-1 - key)) : SubMeterKeys.JsonOf((int)(-1000 - key));
                for (int k = 1; k < quoted.Length - 1; k++)
                {
                    j.Raw(forId ? (char)IdByte(quoted[k]) : (char)quoted[k]);
                }

                return;
            }

            ObisCode code = new ObisCode(key);
            char separator = forId ? '_' : '.';
            if (!(code.A == 1 && code.B == 0 && code.F == ObisCode.DefaultF))
            {
                j.Number(code.A);
                j.Raw(separator);
                j.Number(code.B);
                j.Raw(separator);
            }

            j.Number(code.C);
            j.Raw(separator);
            j.Number(code.D);
            j.Raw(separator);
            j.Number(code.E);
            if (!(code.A == 1 && code.B == 0 && code.F == ObisCode.DefaultF))
            {
                j.Raw(separator);
                j.Number(code.F);
            }
        }

        // Home Assistant's ids take [a-zA-Z0-9_-]: everything else becomes '_'.
        private static byte IdByte(byte b)
        {
            bool ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-';
            return ok ? b : (byte)'_';
        }
    }
}
