namespace OpenAmi.Gateway
{
    /// <summary>
    /// The runtime's bookkeeping of its ports: frames refused before they are data, the sources a host reports
    /// (watched, ended, a problem), the line settings for the status, and each port's state made on its first frame.
    /// </summary>
    public sealed partial class GatewayRuntime
    {
        /// <summary><see cref="ReportLine"/>: the line's settings come from the configuration.</summary>
        public const int LineFixed = 0;

        /// <summary><see cref="ReportLine"/>: the line's settings are being searched; the one named is being tried.</summary>
        public const int LineSearching = 1;

        /// <summary><see cref="ReportLine"/>: the search locked the settings named.</summary>
        public const int LineLocked = 2;

        /// <summary>
        /// A frame from port <paramref name="port"/> that is not data: refused by the port's acceptance rule (bad or
        /// missing CRC, plaintext on a keyed port, noise), or an encrypted frame that failed its tag or key.
        /// </summary>
        public void OnBadFrame(int port)
        {
            OnEncryptedFrameRejected(port);
        }

        /// <summary>An encrypted frame from port <paramref name="port"/> was rejected (tag, key).</summary>
        public void OnEncryptedFrameRejected(int port)
        {
            lock (_sync)
            {
                FramesBad++;
                _crcBursts.OnBadFrame(Port(port), _clock.TickMs);
            }
        }

        // ---- sources (reported by a host that has them: the Linux gateway) ----

        /// <summary>
        /// A source feeds port <paramref name="port"/> from now on: its silence counts even before a first frame, so a
        /// cable that is not there shows as comms_lost in the status after the comms timeout.
        /// </summary>
        public void WatchPort(int port)
        {
            lock (_sync)
            {
                PortSources s = Sources();
                s.Watched[port] = true;
                s.WatchedSinceTickMs[port] = _clock.TickMs;
            }
        }

        /// <summary>The source of <paramref name="port"/> ended for good (a capture file): its silence is no lost meter.</summary>
        public void EndPort(int port)
        {
            lock (_sync)
            {
                Sources().Ended[port] = true;
            }
        }

        /// <summary>What keeps the source of <paramref name="port"/> from delivering, or null once it is open again.</summary>
        public void SetPortProblem(int port, string problem)
        {
            lock (_sync)
            {
                Sources().SetProblem(port, problem);
            }
        }

        /// <summary>
        /// The settings the line of <paramref name="port"/> runs with, for the status: <paramref name="lineJson"/> a JSON
        /// string such as "115200-8N1-inverted" (pre-encoded by the host), <paramref name="state"/> one of
        /// <see cref="LineFixed"/>, <see cref="LineSearching"/>, <see cref="LineLocked"/>. A change goes out at the next tick.
        /// </summary>
        public void ReportLine(int port, byte[] lineJson, int state)
        {
            lock (_sync)
            {
                Lines().Set(port, lineJson, state);
            }
        }

        /// <summary>True while <paramref name="port"/> is comms_lost: its meter went silent, or it never delivered.</summary>
        public bool IsPortLost(int port)
        {
            lock (_sync)
            {
                return (_ports[port] != null && _ports[port].Lost) || (_sources != null && _sources.SilentLost[port]);
            }
        }

        /// <summary>The serial of the meter on <paramref name="port"/>, or null before its first frame. Allocates.</summary>
        public string MeterSerial(int port)
        {
            lock (_sync)
            {
                MeterPort p = port >= 0 && port < MaxPorts ? _ports[port] : null;
                return p == null || p.SerialLength == 0 ? null : OpenAmi.Text.Ascii.GetString(p.Serial, 0, p.SerialLength);
            }
        }

        private PortSources Sources()
        {
            if (_sources == null)
            {
                _sources = new PortSources();
            }

            return _sources;
        }

        // Made on the first line a host reports: hosts with fixed lines and no report never hold it.
        private PortLines Lines()
        {
            if (_lines == null)
            {
                _lines = new PortLines();
            }

            return _lines;
        }

        // A port's state is made on its first frame: only the ports in use cost heap.
        private MeterPort Port(int port)
        {
            MeterPort p = _ports[port];
            if (p == null)
            {
                p = new MeterPort();
                _ports[port] = p;
            }

            return p;
        }
    }
}
