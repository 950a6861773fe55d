using OpenAmi.Mqtt;
using OpenAmi.Northbound;
using OpenAmi.Outbox;
using OpenAmi.Text;
using OpenAmi.Vmrs;

namespace OpenAmi.Gateway
{
    /// <summary>
    /// The retained birth and status message on {topicRoot}/status, refreshed at every connection and every
    /// <see cref="GatewayOptions.StatusPeriodSeconds"/>: software, clock trust, the meters and their state, the
    /// VMRS registers present, the sources a host reported a problem with, and the counters an operator reads first. Keys are pre-encoded; writing it
    /// allocates nothing.
    /// </summary>
    internal sealed class StatusReport
    {
        private static readonly byte[] StatusSuffix = Ascii.GetBytes("/status");
        private static readonly byte[] Online = Ascii.GetBytes("{\"status\":\"online\",\"ts\":");
        private static readonly byte[] Software = Ascii.GetBytes(",\"software\":");
        private static readonly byte[] ConfigHash = Ascii.GetBytes(",\"configHash\":");
        private static readonly byte[] ClockTrusted = Ascii.GetBytes(",\"clockTrusted\":");
        private static readonly byte[] Meters = Ascii.GetBytes(",\"meters\":[");
        private static readonly byte[] PortFirst = Ascii.GetBytes("{\"port\":");
        private static readonly byte[] PortNext = Ascii.GetBytes(",{\"port\":");
        private static readonly byte[] State = Ascii.GetBytes(",\"state\":");
        private static readonly byte[] StateOk = Ascii.GetQuotedBytes("ok");
        private static readonly byte[] StateLost = Ascii.GetQuotedBytes("comms_lost");
        private static readonly byte[] Registers = Ascii.GetBytes("],\"registers\":[");
        private static readonly byte[] FramesOk = Ascii.GetBytes("],\"counters\":{\"framesOk\":");
        private static readonly byte[] FramesBad = Ascii.GetBytes(",\"framesBad\":");
        private static readonly byte[] Published = Ascii.GetBytes(",\"published\":");
        private static readonly byte[] Queued = Ascii.GetBytes(",\"queued\":");
        private static readonly byte[] DroppedTelemetry = Ascii.GetBytes(",\"droppedTelemetry\":");
        private static readonly byte[] DroppedEvents = Ascii.GetBytes(",\"droppedEvents\":");
        private static readonly byte[] DamagedRecords = Ascii.GetBytes(",\"damagedRecords\":");
        private static readonly byte[] LastSeq = Ascii.GetBytes(",\"lastSeq\":");
        private static readonly byte[] StorageFaultKey = Ascii.GetBytes(",\"storageFault\":");
        private static readonly byte[] HeldInMemory = Ascii.GetBytes(",\"heldInMemory\":");
        private static readonly byte[] StorageFailures = Ascii.GetBytes(",\"storageFailures\":");
        private static readonly byte[] FreeHeap = Ascii.GetBytes(",\"freeHeapBytes\":");

        private readonly IMqttLink _link;
        private readonly IGatewayClock _clock;
        private readonly GatewayIds _ids;
        private readonly byte[] _topic;
        private readonly byte[] _software;
        private readonly byte[] _configHash;

        public StatusReport(GatewayOptions options, IMqttLink link, IGatewayClock clock, GatewayIds ids)
        {
            _link = link;
            _clock = clock;
            _ids = ids;
            byte[] topic = new byte[GatewayIds.MaxTopicLength];
            _topic = new byte[ids.WriteGatewayTopic(StatusSuffix, topic)];
            System.Array.Copy(topic, _topic, _topic.Length);
            _software = JsonBuffer.Quote(options.Software);
            _configHash = JsonBuffer.Quote(options.ConfigHash);
            LastPublishedTickMs = long.MinValue;
        }

        /// <summary>openami/v1/{feederId}/{gatewayId}/status as bytes.</summary>
        public byte[] Topic
        {
            get { return _topic; }
        }

        /// <summary>When the status went out last (gateway monotonic time).</summary>
        public long LastPublishedTickMs { get; private set; }

        /// <summary>Writes the status into <paramref name="j"/> and publishes it retained.</summary>
        public void Publish(JsonBuffer j, MeterPort[] ports, PortSources sources, PortLines lines, long framesOk, long framesBad, long published, PersistentOutbox outbox, long freeHeapBytes, IStatusSection section)
        {
            LastPublishedTickMs = _clock.TickMs;
            j.Clear();
            j.Raw(Online);
            j.IsoTime(_clock.UtcNowUnix);
            j.Raw(JsonWords.FeederId);
            j.Raw(_ids.FeederJson);
            j.Raw(JsonWords.GatewayId);
            j.Raw(_ids.GatewayJson);
            j.Raw(Software);
            j.Raw(_software);
            j.Raw(ConfigHash);
            j.Raw(_configHash);
            j.Raw(ClockTrusted);
            j.Boolean(_clock.IsTrusted);
            j.Raw(Meters);
            bool first = true;
            for (int i = 0; i < ports.Length; i++)
            {
                MeterPort p = ports[i];
                if (p != null && p.SerialLength > 0)
                {
                    j.Raw(first ? PortFirst : PortNext);
                    j.Number(i);
                    j.Raw(JsonWords.MeterSerial);
                    j.String(p.Serial, 0, p.SerialLength);
                    j.Raw(State);
                    j.Raw(p.Lost ? StateLost : StateOk);
                    j.Raw('}');
                    first = false;
                }
            }

            if (sources != null)
            {
                sources.Write(j, ports);
            }

            if (lines != null)
            {
                lines.Write(j);
            }

            j.Raw(Registers);
            first = true;
            for (int r = 0; r < VmrsCatalog.Count; r++)
            {
                if (AnyMeterHas(ports, r))
                {
                    if (!first)
                    {
                        j.Raw(',');
                    }

                    j.Raw(VmrsCatalog.KeyJsonOf(r));
                    first = false;
                }
            }

            j.Raw(FramesOk);
            j.Number(framesOk);
            j.Raw(FramesBad);
            j.Number(framesBad);
            j.Raw(Published);
            j.Number(published);
            j.Raw(Queued);
            j.Number(outbox.Unacknowledged);
            j.Raw(DroppedTelemetry);
            j.Number(outbox.DroppedTelemetry);
            j.Raw(DroppedEvents);
            j.Number(outbox.DroppedEvents);
            j.Raw(DamagedRecords);
            j.Number(outbox.DamagedRecords);
            j.Raw(LastSeq);
            j.Number(outbox.LastSeq);
            j.Raw(StorageFaultKey);
            byte[] fault = StorageFault.NameOf(outbox.Fault);
            j.String(fault, 0, fault.Length);
            j.Raw(HeldInMemory);
            j.Number(outbox.HeldInMemory);
            j.Raw(StorageFailures);
            j.Number(outbox.StorageFailures);
            j.Raw('}');
            if (freeHeapBytes >= 0)
            {
                j.Raw(FreeHeap);
                j.Number(freeHeapBytes);
            }

            if (section != null)
            {
                section.Write(j);
            }

            j.Raw('}');
            if (!j.Overflowed)
            {
                _link.Publish(_topic, 0, _topic.Length, j.Buffer, 0, j.Length, 1, true);
            }
        }

        private static bool AnyMeterHas(MeterPort[] ports, int register)
        {
            for (int i = 0; i < ports.Length; i++)
            {
                if (ports[i] != null && ports[i].HasReading && ports[i].Last.FindVmrs(register) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
