using OpenAmi.Northbound;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The command handler and what it asks of the runtime: report now, a new interval, and its own messages stored and
    /// published through the outbox with the runtime's sequence numbers.
    /// </summary>
    public sealed partial class GatewayRuntime
    {
        /// <summary>Installs the handler of command and session messages (the authenticated-commands feature).</summary>
        public void SetCommandHandler(ICommandHandler handler)
        {
            lock (_sync)
            {
                _commands = handler;
            }
        }

        /// <summary>
        /// The "read now" and "resync" commands: every meter that talks is reported with its next telegram, whatever the
        /// schedule (a fresh reading, within a telegram interval); a meter that went silent has its last VMRS values
        /// published now, with quality comms_lost.
        /// </summary>
        public void ReportAllNow()
        {
            lock (_sync)
            {
                for (int i = 0; i < MaxPorts; i++)
                {
                    MeterPort p = _ports[i];
                    if (p == null || !p.HasReading)
                    {
                        continue;
                    }

                    if (p.Lost)
                    {
                        _store.StoreTelemetry(p.Last, _clock.UtcNowUnix, true);
                    }
                    else
                    {
                        p.ReportNext = true;
                    }
                }

                _pump.Pump();
            }
        }

        /// <summary>Changes the reporting interval at run time (the "set interval" command).</summary>
        public void SetInterval(int seconds)
        {
            lock (_sync)
            {
                _options.IntervalSeconds = seconds;
                for (int i = 0; i < MaxPorts; i++)
                {
                    if (_ports[i] != null)
                    {
                        _ports[i].LastReportSlot = -1;
                    }
                }
            }
        }

        /// <summary>
        /// Stores and publishes a message the command handler made (a command result) on a meter's event topic;
        /// <paramref name="seq"/> comes from <see cref="NextSeq"/> and is already inside the payload.
        /// </summary>
        public void PublishEvent(string meterSerial, long seq, byte[] payload, int length)
        {
            lock (_sync)
            {
                byte[] topic = OpenAmi.Text.Ascii.GetBytes(Topics.Event(_options.FeederId, _options.GatewayId, meterSerial));
                _store.StoreEvent(seq, topic, topic.Length, payload, length);
                _pump.Pump();
            }
        }

        /// <summary>Stores and publishes a message of the command handler on its own topic (a grant result).</summary>
        public void PublishMessage(byte[] topic, long seq, byte[] payload, int length)
        {
            lock (_sync)
            {
                _store.StoreEvent(seq, topic, topic.Length, payload, length);
                _pump.Pump();
            }
        }

        /// <summary>Hands out a sequence number for a message the command handler writes itself.</summary>
        public long NextSeq()
        {
            lock (_sync)
            {
                return _store.NextSeq();
            }
        }
    }
}
