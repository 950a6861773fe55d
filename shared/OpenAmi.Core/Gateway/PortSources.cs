using OpenAmi.Northbound;
using OpenAmi.Text;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// What a host tells the runtime about the sources behind its ports (the Linux gateway's files, serial ports and
    /// TCP servers): watched from their start, so a cable that is not there becomes comms_lost even before a first
    /// frame; ended for good (a capture), so its silence is no lost meter; and what keeps one from delivering, for the
    /// status. Made only when a host reports a source: the ESP32 firmware never pays for it.
    /// </summary>
    internal sealed class PortSources
    {
        /// <summary>Longest problem text kept for the status message.</summary>
        public const int MaxProblemLength = 160;

        private static readonly byte[] SourcesKey = Ascii.GetBytes("],\"sources\":[");
        private static readonly byte[] PortFirst = Ascii.GetBytes("{\"port\":");
        private static readonly byte[] PortNext = Ascii.GetBytes(",{\"port\":");
        private static readonly byte[] State = Ascii.GetBytes(",\"state\":");
        private static readonly byte[] StateOk = Ascii.GetQuotedBytes("ok");
        private static readonly byte[] StateWaiting = Ascii.GetQuotedBytes("waiting");
        private static readonly byte[] StateLost = Ascii.GetQuotedBytes("comms_lost");
        private static readonly byte[] ProblemKey = Ascii.GetBytes(",\"problem\":");

        public readonly bool[] Watched = new bool[GatewayRuntime.MaxPorts];
        public readonly long[] WatchedSinceTickMs = new long[GatewayRuntime.MaxPorts];
        public readonly bool[] Ended = new bool[GatewayRuntime.MaxPorts];

        /// <summary>Silent past the timeout without ever delivering: no meter is known, so no event, only the status.</summary>
        public readonly bool[] SilentLost = new bool[GatewayRuntime.MaxPorts];

        /// <summary>Each port's problem as a JSON string (quoted, escaped), or null.</summary>
        public readonly byte[][] Problem = new byte[GatewayRuntime.MaxPorts][];

        /// <summary>Set when something the status shows changed: publish it at the next tick.</summary>
        public bool StatusDue;

        public void SetProblem(int port, string problem)
        {
            if (problem != null && problem.Length > MaxProblemLength)
            {
                problem = problem.Substring(0, MaxProblemLength);
            }

            Problem[port] = problem == null ? null : JsonBuffer.Quote(problem);
            StatusDue = true;
        }

        /// <summary>Marks watched ports comms_lost that have been silent since their start for longer than the timeout.</summary>
        public void Check(long tick, long timeoutMs, MeterPort[] ports)
        {
            for (int i = 0; i < GatewayRuntime.MaxPorts; i++)
            {
                bool delivered = ports[i] != null && ports[i].SeenValidFrame;
                if (Watched[i] && !Ended[i] && !SilentLost[i] && !delivered && tick - WatchedSinceTickMs[i] > timeoutMs)
                {
                    SilentLost[i] = true;
                    StatusDue = true;
                }
            }
        }

        /// <summary>A valid frame arrived on <paramref name="port"/>: it is no longer silent.</summary>
        public void OnValidFrame(int port)
        {
            if (SilentLost[port])
            {
                SilentLost[port] = false;
                StatusDue = true;
            }
        }

        /// <summary>The status's "sources" array: every watched port with a problem or silent since its start.</summary>
        public void Write(JsonBuffer j, MeterPort[] ports)
        {
            j.Raw(SourcesKey);
            bool first = true;
            for (int i = 0; i < GatewayRuntime.MaxPorts; i++)
            {
                if (!Watched[i] || Ended[i] || (Problem[i] == null && !SilentLost[i]))
                {
                    continue;
                }

                j.Raw(first ? PortFirst : PortNext);
                j.Number(i);
                j.Raw(State);
                bool meterLost = ports[i] != null && ports[i].Lost;
                j.Raw(SilentLost[i] || meterLost ? StateLost : Problem[i] != null ? StateWaiting : StateOk);
                if (Problem[i] != null)
                {
                    j.Raw(ProblemKey);
                    j.Raw(Problem[i]);
                }

                j.Raw('}');
                first = false;
            }
        }
    }
}
