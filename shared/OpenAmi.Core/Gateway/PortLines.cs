using OpenAmi.Northbound;
using OpenAmi.Text;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The line settings the host reports for its ports (speed, framing and polarity, e.g. "115200-8N1-inverted"),
    /// and whether each was fixed by the configuration, is being searched, or was locked by the search: the status
    /// message's "lines". Made only when a host reports a line.
    /// </summary>
    internal sealed class PortLines
    {
        private static readonly byte[] LinesKey = Ascii.GetBytes("],\"lines\":[");
        private static readonly byte[] PortFirst = Ascii.GetBytes("{\"port\":");
        private static readonly byte[] PortNext = Ascii.GetBytes(",{\"port\":");
        private static readonly byte[] LineKey = Ascii.GetBytes(",\"line\":");
        private static readonly byte[] StateKey = Ascii.GetBytes(",\"state\":");
        private static readonly byte[][] States = Ascii.GetQuotedBytes(new string[] { "fixed", "searching", "locked" });

        /// <summary>Each port's line as a JSON string, or null when the host reported none.</summary>
        private readonly byte[][] _line = new byte[GatewayRuntime.MaxPorts][];
        private readonly byte[] _state = new byte[GatewayRuntime.MaxPorts];

        /// <summary>Set when a line changed: the status goes out at the next tick.</summary>
        public bool StatusDue;

        public void Set(int port, byte[] lineJson, int state)
        {
            if (_line[port] != lineJson || _state[port] != state)
            {
                _line[port] = lineJson;
                _state[port] = (byte)state;
                StatusDue = true;
            }
        }

        /// <summary>The status's "lines" array (it closes the array before it).</summary>
        public void Write(JsonBuffer j)
        {
            j.Raw(LinesKey);
            bool first = true;
            for (int i = 0; i < GatewayRuntime.MaxPorts; i++)
            {
                if (_line[i] == null)
                {
                    continue;
                }

                j.Raw(first ? PortFirst : PortNext);
                j.Number(i);
                j.Raw(LineKey);
                j.Raw(_line[i]);
                j.Raw(StateKey);
                j.Raw(States[_state[i]]);
                j.Raw('}');
                first = false;
            }
        }
    }
}
