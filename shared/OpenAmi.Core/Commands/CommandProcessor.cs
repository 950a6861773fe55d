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
    /// rate-limited so a flood cannot saturate the uplink or wear the flash.
    /// </remarks>
    public sealed class CommandProcessor : ICommandHandler
    {
        private static readonly byte[] CommandSuffix = OpenAmi.Text.Ascii.GetBytes("/command");
        private static readonly byte[] ResultSuffix = OpenAmi.Text.Ascii.GetBytes("/result");

        private readonly object _sync = new object();
        private readonly CommandOptions _options;
        private readonly GatewayRuntime _runtime;
        private readonly IGatewayClock _clock;
        private readonly IDeviceActions _actions;
        private readonly SignedMessage _signed;
        private readonly ReplayGuard _replay;
        private readonly GrantStore _grants;
        private readonly ResultWriter _result;
        private readonly byte[] _commandPrefix;
        private readonly byte[] _sessionPrefix;
        private readonly long _startTickMs;
        private double _answerTokens;
        private long _answerTokensTickMs;

        public CommandProcessor(CommandOptions options, GatewayRuntime runtime, IGatewayClock clock, IHmacSha256 hmac, IBlobStore store, IDeviceActions actions)
        {
            _options = options;
            _runtime = runtime;
            _clock = clock;
            _actions = actions;
            _startTickMs = clock.TickMs;
            _signed = new SignedMessage(hmac);

            // The replay state and the grant records are read and written one at a time: they share one buffer.
            byte[] scratch = new byte[GrantStore.BlobLength > ReplayGuard.StateLength ? GrantStore.BlobLength : ReplayGuard.StateLength];
            _replay = new ReplayGuard(store, scratch);
            StartedWithoutReplayState = !_replay.IsEstablished;
            _grants = new GrantStore(store, scratch);
            _result = new ResultWriter(hmac, options.Keys, options.FeederId, options.GatewayId);
            string root = Topics.GatewayRoot(options.FeederId, options.GatewayId);
            _commandPrefix = OpenAmi.Text.Ascii.GetBytes(root + "/meter/");
            _sessionPrefix = OpenAmi.Text.Ascii.GetBytes(root + "/session/");
            _answerTokens = options.RejectionBurst;
            _answerTokensTickMs = clock.TickMs;
            LoadGrants();
            EstablishReplayState();
        }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        public long Duplicates { get; private set; }

        /// <summary>Refusals and repeated answers not given because of the rate limit.</summary>
        public long RejectionsSuppressed { get; private set; }

        public long GrantsAccepted { get; private set; }

        public long GrantsRejected { get; private set; }

        /// <summary>Why the last grant was refused, for logs.</summary>
        public string LastGrantProblem { get; private set; }

        /// <summary>Writes of the replay state or of a grant record that failed (the store is full or broken).</summary>
        public long StorageFaults { get; private set; }

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
                    HandleGrant(OpenAmi.Text.Ascii.GetString(topic, start, topicLength - start), payload, payloadLength);
                }
            }
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
                else if (TakeAnswerToken())
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
                StorageFaults++;
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

        // CommandReason.None when the command may run, else the code of the reason it may not.
        private int Decide(string meter, string op, long issuedAt, long expires, JsonValue p)
        {
            if (expires <= issuedAt || expires - issuedAt > _options.MaxLifetimeSeconds)
            {
                return CommandReason.MalformedCode;
            }

            long now = _clock.UtcNowUnix;
            if (_clock.IsTrusted)
            {
                if (now >= expires || issuedAt > now + _options.ClockSkewSeconds)
                {
                    return CommandReason.ExpiredCode;
                }
            }
            else if (CommandOperation.IsDestructive(op))
            {
                return CommandReason.UntrustedClockCode;
            }

            if (!CommandOperation.IsKnown(op) || (CommandOperation.NeedsGrant(op) && !_actions.HasRelay))
            {
                return CommandReason.UnsupportedCode;
            }

            if (op == CommandOperation.ReadNow && !_runtime.KnowsMeter(meter))
            {
                return CommandReason.UnknownMeterCode;
            }

            if (CommandOperation.NeedsGrant(op))
            {
                _grants.Purge(now); // relay commands need a trusted clock, checked above
                int grant = _grants.Check(meter, op, now);
                if (grant == GrantStore.NoneActive)
                {
                    return CommandReason.NoSessionCode;
                }

                if (grant == GrantStore.NotCovered)
                {
                    return CommandReason.OutOfScopeCode;
                }
            }

            if (op == CommandOperation.SetInterval)
            {
                JsonValue args = p.Member("args");
                long seconds;
                if (args == null || args.Kind != JsonValue.KindObject || !args.TryNumberMember("seconds", out seconds) || seconds < 0 || seconds > 86400)
                {
                    return CommandReason.MalformedCode;
                }
            }

            return CommandReason.None;
        }

        private void Act(string meter, string op, JsonValue p)
        {
            if (op == CommandOperation.ReadNow)
            {
                _runtime.ReportAllNow();
            }
            else if (op == CommandOperation.SetInterval)
            {
                long seconds;
                p.Member("args").TryNumberMember("seconds", out seconds);
                _runtime.SetInterval((int)seconds);
            }
            else if (op == CommandOperation.Resync)
            {
                _runtime.RepublishStatus();
                _runtime.ReportAllNow();
            }
            else if (op == CommandOperation.Reboot)
            {
                _actions.Reboot();
            }
            else
            {
                _actions.SetRelay(meter, op == CommandOperation.RelayConnect);
            }
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
                StorageFaults++;
            }
        }

        private void Reject(string meter, string commandId, string op, int reason, bool duplicate)
        {
            Rejected++;
            if (TakeAnswerToken())
            {
                Answer(meter, commandId, op, reason, duplicate);
            }
        }

        // The rate limit of answers nobody is owed a new one for (refusals, repeated answers): a burst, then one
        // every RejectionRefillSeconds. Each answer is an outbox write, so this also bounds flash wear.
        private bool TakeAnswerToken()
        {
            long tick = _clock.TickMs;
            _answerTokens += (tick - _answerTokensTickMs) / (1000.0 * _options.RejectionRefillSeconds);
            _answerTokensTickMs = tick;
            if (_answerTokens > _options.RejectionBurst)
            {
                _answerTokens = _options.RejectionBurst;
            }

            if (_answerTokens < 1)
            {
                RejectionsSuppressed++;
                return false;
            }

            _answerTokens -= 1;
            return true;
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

        // ---- session grants ----

        private void HandleGrant(string session, byte[] payload, int length)
        {
            if (Topics.CheckSegment(session, "sessionId") != null)
            {
                GrantsRejected++;
                return;
            }

            long counter;
            int reason = TakeGrant(session, payload, 0, length, out counter);
            if (reason == Held)
            {
                return; // the grant held, delivered again (a retained message after a reconnect): nothing new
            }

            if (reason == CommandReason.None)
            {
                GrantsAccepted++;
            }
            else
            {
                GrantsRejected++;
                if (!TakeAnswerToken())
                {
                    return;
                }
            }

            long seq = _runtime.NextSeq();
            if (_result.Grant(_clock.UtcNowUnix, session, counter, reason, seq))
            {
                byte[] topic = new byte[_sessionPrefix.Length + session.Length + ResultSuffix.Length];
                System.Array.Copy(_sessionPrefix, topic, _sessionPrefix.Length);
                for (int i = 0; i < session.Length; i++)
                {
                    topic[_sessionPrefix.Length + i] = (byte)session[i];
                }

                System.Array.Copy(ResultSuffix, 0, topic, topic.Length - ResultSuffix.Length, ResultSuffix.Length);
                _runtime.PublishMessage(topic, seq, _result.Buffer, _result.Length);
            }
        }

        // TakeGrant's answer for the very grant held, delivered again.
        private const int Held = -1;

        // Verifies a grant and offers it to the store: CommandReason.None when taken, Held, or a reason code.
        private int TakeGrant(string session, byte[] payload, int offset, int length, out long counter)
        {
            counter = 0;
            int opened = _signed.Open(payload, offset, length, _options.Keys);
            if (opened != SignedMessage.Opened)
            {
                LastGrantProblem = opened == SignedMessage.BadSignature ? CommandReason.BadSignature : CommandReason.Malformed;
                return opened == SignedMessage.BadSignature ? CommandReason.BadSignatureCode : CommandReason.MalformedCode;
            }

            string problem;
            SessionGrant grant = SessionGrant.FromPayload(_signed.Payload, out problem);
            if (grant == null)
            {
                LastGrantProblem = CommandReason.Malformed + ": " + problem;
                return CommandReason.MalformedCode;
            }

            counter = grant.Counter;
            if ((session != null && grant.SessionId != session) || grant.GatewayId != _options.GatewayId || grant.FeederId != _options.FeederId)
            {
                LastGrantProblem = CommandReason.OutOfScope;
                return CommandReason.OutOfScopeCode;
            }

            int taken = _grants.Offer(grant, payload, offset, length, _clock.UtcNowUnix, _clock.IsTrusted);
            if (_grants.TakeWriteFailure())
            {
                StorageFaults++;
            }

            int reason = taken == GrantStore.Taken ? CommandReason.None
                : taken == GrantStore.AlreadyHeld ? Held
                : taken == GrantStore.Full ? CommandReason.StoreFullCode
                : taken == GrantStore.Expired ? CommandReason.ExpiredCode
                : CommandReason.ReplayCode;
            if (reason > 0)
            {
                LastGrantProblem = CommandReason.Text(reason);
            }

            return reason;
        }

        // The records kept on flash, each verified again as if it had just arrived.
        private void LoadGrants()
        {
            for (int slot = 0; slot < GrantStore.Capacity; slot++)
            {
                long keepUntil;
                int length = _grants.Read(slot, out keepUntil);
                if (length == 0 || _signed.Open(_grants.Scratch, GrantStore.TokenOffset, length, _options.Keys) != SignedMessage.Opened)
                {
                    continue;
                }

                string problem;
                SessionGrant grant = SessionGrant.FromPayload(_signed.Payload, out problem);
                if (grant != null && grant.GatewayId == _options.GatewayId && grant.FeederId == _options.FeederId)
                {
                    _grants.Restore(slot, grant, keepUntil, length);
                }
            }

            if (_clock.IsTrusted)
            {
                _grants.Purge(_clock.UtcNowUnix);
            }
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
