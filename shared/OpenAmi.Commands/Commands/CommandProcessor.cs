using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Northbound;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Accepts only commands a head end signed for this gateway (HS256 JWS with the gateway's key), refuses replays
    /// and stale commands, performs relay actions only inside an active session grant that covers the meter, and
    /// answers every command on the meter's event topic, and every new grant on its session's result topic, with a
    /// signed result.
    /// </summary>
    /// <remarks>
    /// Order of checks: the signature over the exact bytes received; the payload's fields; the binding of feeder,
    /// gateway and meter to the topic and the configuration; a known replay state; a redelivered command id
    /// (answered again, never run again); the counter window and the replay floor; the validity window (with a
    /// trusted clock; without one only non-destructive operations pass); the operation and its meter; the session
    /// grant. The replay state is persisted before anything is done. Refusals and repeated answers are
    /// rate-limited so a flood cannot saturate the uplink or wear the flash. Whether a command may run, and what it
    /// does, is in CommandProcessor.Decisions.
    /// </remarks>
    public sealed partial class CommandProcessor : ICommandHandler
    {
        private static readonly byte[] CommandSuffix = OpenAmi.Text.Ascii.GetBytes("/command");

        private readonly object _sync = new object();
        private readonly CommandOptions _options;
        private readonly GatewayRuntime _runtime;
        private readonly IGatewayClock _clock;
        private readonly IDeviceActions _actions;
        private readonly SignedMessage _signed;
        private readonly ReplayGuard _replay;
        private readonly GrantStore _grants;
        private readonly GrantHandler _grantHandler;
        private readonly ResultWriter _result;
        private readonly ScratchBuffer _scratch;
        private readonly AnswerLimiter _limiter;
        private readonly byte[] _commandPrefix;
        private readonly byte[] _sessionPrefix;
        private readonly long _startTickMs;
        private long _storageFaults;

        public CommandProcessor(CommandOptions options, GatewayRuntime runtime, IGatewayClock clock, IHmacSha256 hmac, IBlobStore store, IDeviceActions actions)
        {
            _options = options;
            _runtime = runtime;
            _clock = clock;
            _actions = actions;
            _startTickMs = clock.TickMs;
            _signed = new SignedMessage(hmac);

            // The replay state and the grant records are read and written one at a time: they share one buffer, lent
            // for each message handled and released after it (see ScratchBuffer).
            _scratch = new ScratchBuffer(GrantStore.BlobLength > ReplayGuard.BufferLength ? GrantStore.BlobLength : ReplayGuard.BufferLength);
            ScratchBuffer scratch = _scratch;
            _replay = new ReplayGuard(store, scratch);
            StartedWithoutReplayState = !_replay.IsEstablished;
            _grants = new GrantStore(store, scratch);
            _result = new ResultWriter(hmac, options.Keys, options.FeederId, options.GatewayId);
            _limiter = new AnswerLimiter(clock, options.RejectionBurst, options.RejectionRefillSeconds);
            string root = Topics.GatewayRoot(options.FeederId, options.GatewayId);
            _commandPrefix = OpenAmi.Text.Ascii.GetBytes(root + "/meter/");
            _sessionPrefix = OpenAmi.Text.Ascii.GetBytes(root + "/session/");
            _grantHandler = new GrantHandler(options, runtime, clock, _signed, _grants, _result, _limiter, _sessionPrefix);
            _grantHandler.Load();
            EstablishReplayState();
            ReleaseBuffers();
        }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        public long Duplicates { get; private set; }

        /// <summary>Refusals (of commands and grants) and repeated answers not given because of the rate limit.</summary>
        public long RejectionsSuppressed
        {
            get { return _limiter.Suppressed; }
        }

        public long GrantsAccepted
        {
            get { return _grantHandler.Accepted; }
        }

        public long GrantsRejected
        {
            get { return _grantHandler.Rejected; }
        }

        /// <summary>Why the last grant was refused, for logs.</summary>
        public string LastGrantProblem
        {
            get { return _grantHandler.LastProblem; }
        }

        /// <summary>Writes of the replay state or of a grant record that failed (the store is full or broken).</summary>
        public long StorageFaults
        {
            get { return _storageFaults + _grantHandler.StorageFaults; }
        }

        /// <summary>True when the replay state could not be read at start (first start, or missing or damaged).</summary>
        public bool StartedWithoutReplayState { get; private set; }

        /// <summary>Commands issued at or before this time (seconds since 1970) are refused as state_lost.</summary>
        public long ReplayFloorUnix
        {
            get
            {
                lock (_sync)
                {
                    return _replay.Floor;
                }
            }
        }

        /// <summary>False while the replay state is lost (first start, or missing or damaged) and not yet re-established.</summary>
        public bool ReplayStateKnown
        {
            get
            {
                lock (_sync)
                {
                    return _replay.IsEstablished;
                }
            }
        }

        /// <summary>Session records held now (grants, and revoked or replaced sessions kept until they cannot come back).</summary>
        public int GrantCount
        {
            get
            {
                lock (_sync)
                {
                    return _grants.Count;
                }
            }
        }

        public void OnConnected(IMqttLink link)
        {
            link.Subscribe(OpenAmi.Text.Ascii.GetString(_commandPrefix, 0, _commandPrefix.Length) + "+/command");
            link.Subscribe(OpenAmi.Text.Ascii.GetString(_sessionPrefix, 0, _sessionPrefix.Length) + "+");
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            lock (_sync)
            {
                try
                {
                    Dispatch(topic, topicLength, payload, payloadLength);
                }
                finally
                {
                    ReleaseBuffers();
                }
            }
        }

        private void Dispatch(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            int start = _commandPrefix.Length;
            int end = topicLength - CommandSuffix.Length;
            if (end > start && Matches(topic, 0, _commandPrefix) && Matches(topic, end, CommandSuffix))
            {
                if (IndexOfSlash(topic, start, end) < 0)
                {
                    HandleCommand(OpenAmi.Text.Ascii.GetString(topic, start, end - start), payload, payloadLength);
                }

                return;
            }

            start = _sessionPrefix.Length;
            if (topicLength > start && Matches(topic, 0, _sessionPrefix) && IndexOfSlash(topic, start, topicLength) < 0 && payloadLength > 0)
            {
                // An empty payload clears a retained grant at the broker: it carries no signature and is no grant.
                _grantHandler.Handle(OpenAmi.Text.Ascii.GetString(topic, start, topicLength - start), payload, payloadLength);
            }
        }

        // Commands are rare: the buffers one needs are lent for its handling and given back to the heap after it.
        private void ReleaseBuffers()
        {
            _scratch.Release();
            _signed.Release();
            _result.Release();
        }

        // ---- commands ----

        private void HandleCommand(string meter, byte[] payload, int length)
        {
            if (Topics.CheckSegment(meter, "meterSerial") != null)
            {
                Rejected++; // no topic to answer on
                return;
            }

            int opened = _signed.Open(payload, 0, length, _options.Keys);
            if (opened != SignedMessage.Opened)
            {
                // The claimed id lets the head end match the refusal; it is echoed only when it is a sane id.
                string claimed = _signed.UnverifiedPayload != null ? _signed.UnverifiedPayload.StringMember("cmdId") : null;
                Reject(meter, Echo(claimed), null, opened == SignedMessage.BadSignature ? CommandReason.BadSignatureCode : CommandReason.MalformedCode, false);
                return;
            }

            JsonValue p = _signed.Payload;
            string commandId = p.StringMember("cmdId");
            string op = p.StringMember("op");
            long counter;
            long issuedAt;
            long expires;
            if (!ReplayGuard.IsValidId(commandId) || op == null
                || !p.TryNumberMember("ctr", out counter) || !p.TryNumberMember("iat", out issuedAt) || !p.TryNumberMember("exp", out expires))
            {
                Reject(meter, Echo(commandId), Echo(op), CommandReason.MalformedCode, false);
                return;
            }

            op = Echo(op);
            if (p.StringMember("feederId") != _options.FeederId || p.StringMember("gatewayId") != _options.GatewayId
                || p.StringMember("meterSerial") != meter)
            {
                Reject(meter, commandId, op, CommandReason.OutOfScopeCode, false);
                return;
            }

            EstablishReplayState();
            if (!_replay.IsEstablished)
            {
                Reject(meter, commandId, op, CommandReason.StateLostCode, false);
                return;
            }

            int recent = _replay.FindRecent(commandId);
            if (recent >= 0 && (!_clock.IsTrusted || _clock.UtcNowUnix < expires))
            {
                // A QoS 1 redelivery (or the head end asking again) while the command is still valid: the same
                // answer, and nothing done twice. After it expired, the same bytes are a replay, refused below.
                Duplicates++;
                int earlier = _replay.RecentOutcome(recent);
                if (earlier != CommandReason.None)
                {
                    Reject(meter, commandId, op, earlier, true);
                }
                else if (_limiter.Take())
                {
                    Answer(meter, commandId, op, CommandReason.None, true);
                }

                return;
            }

            if (!_replay.IsFresh(counter))
            {
                Reject(meter, commandId, op, CommandReason.ReplayCode, false);
                return;
            }

            if (issuedAt <= _replay.Floor)
            {
                // Issued before the replay state was re-established: it may have run before the state was lost.
                Reject(meter, commandId, op, CommandReason.StateLostCode, false);
                return;
            }

            _replay.MarkUsed(counter);
            int reason = Decide(meter, op, issuedAt, expires, p);
            _replay.Remember(commandId, reason);
            if (!_replay.Persist()) // before acting: a power cut now cannot make the command run twice
            {
                _storageFaults++;
                reason = CommandReason.StorageFaultCode;
                _replay.Amend(reason); // a redelivery in this run gets this answer
            }

            if (reason != CommandReason.None)
            {
                Reject(meter, commandId, op, reason, false);
                return;
            }

            Accepted++;
            Answer(meter, commandId, op, CommandReason.None, false);
            Act(meter, op, p);
        }

        // After a first start or a lost state, and once the clock can be trusted: every command seen before this
        // start was issued at most ClockSkewSeconds after it, so a floor there refuses them all, and nothing later.
        private void EstablishReplayState()
        {
            if (_replay.IsEstablished || !_clock.IsTrusted)
            {
                return;
            }

            long startedUnix = _clock.UtcNowUnix - ((_clock.TickMs - _startTickMs) / 1000);
            _replay.Establish(startedUnix + _options.ClockSkewSeconds);
            if (!_replay.Persist())
            {
                _storageFaults++;
            }
        }

        private void Reject(string meter, string commandId, string op, int reason, bool duplicate)
        {
            Rejected++;
            if (_limiter.Take())
            {
                Answer(meter, commandId, op, reason, duplicate);
            }
        }

        private void Answer(string meter, string commandId, string op, int reason, bool duplicate)
        {
            long seq = _runtime.NextSeq();
            if (_result.Command(_clock.UtcNowUnix, meter, commandId, op, reason, duplicate, seq))
            {
                _runtime.PublishEvent(meter, seq, _result.Buffer, _result.Length);
            }
        }

        // Text from a message that goes back into a result: only a sane id (1–64 printable ASCII), else nothing.
        private static string Echo(string text)
        {
            return ReplayGuard.IsValidId(text) ? text : null;
        }

        // True when a port's meter has this serial: it has sent the gateway a frame. Allocates; commands are rare.
        private bool KnowsMeter(string meter)
        {
            for (int port = 0; port < GatewayRuntime.MaxPorts; port++)
            {
                string serial = _runtime.MeterSerial(port); // null until the port's first frame: test before comparing
                if (serial != null && serial == meter)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Matches(byte[] data, int at, byte[] expected)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                if (data[at + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int IndexOfSlash(byte[] data, int from, int end)
        {
            for (int i = from; i < end; i++)
            {
                if (data[i] == (byte)'/')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
