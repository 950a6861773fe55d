using OpenAmi.Gateway;
using OpenAmi.Mqtt;
using OpenAmi.Northbound;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Accepts only commands a head end signed for this gateway (HS256 JWS with the gateway's key), refuses replays
    /// and stale commands, performs relay actions only inside an active session grant that covers the meter, and
    /// answers every command on the meter's event topic with a signed command_result.
    /// </summary>
    /// <remarks>
    /// Order of checks: the signature over the exact bytes received; the payload's fields; the binding of feeder,
    /// gateway and meter to the topic and the configuration; a redelivered command id (answered again, never run
    /// again); the counter window; the validity window (with a trusted clock; without one only non-destructive
    /// operations pass); the operation; the session grant. The replay state is persisted before anything is done.
    /// A command id seen again while the command is still valid is a redelivery and gets its first answer again
    /// (marked duplicate); the same bytes after it expired are a replay.
    /// Rejections are rate-limited so a flood cannot saturate the uplink.
    /// </remarks>
    public sealed class CommandProcessor : ICommandHandler
    {
        private readonly object _sync = new object();
        private readonly CommandOptions _options;
        private readonly GatewayRuntime _runtime;
        private readonly IGatewayClock _clock;
        private readonly IHmacSha256 _hmac;
        private readonly IDeviceActions _actions;
        private readonly SignedMessage _signed;
        private readonly ReplayGuard _replay;
        private readonly GrantStore _grants;
        private readonly MessageWriter _result = new MessageWriter(1024);
        private readonly byte[] _mac = new byte[32];
        private readonly byte[] _macText = new byte[48];
        private readonly string _commandPrefix;
        private readonly string _sessionPrefix;
        private double _rejectionTokens;
        private long _rejectionTokensTickMs;

        public CommandProcessor(CommandOptions options, GatewayRuntime runtime, IGatewayClock clock, IHmacSha256 hmac, IBlobStore store, IDeviceActions actions)
        {
            _options = options;
            _runtime = runtime;
            _clock = clock;
            _hmac = hmac;
            _actions = actions;
            _signed = new SignedMessage(hmac);
            _replay = new ReplayGuard(store);
            _grants = new GrantStore(store);
            string root = Topics.GatewayRoot(options.FeederId, options.GatewayId);
            _commandPrefix = root + "/meter/";
            _sessionPrefix = root + "/session/";
            _rejectionTokens = options.RejectionBurst;
            _rejectionTokensTickMs = clock.TickMs;
            LoadGrants();
        }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        public long Duplicates { get; private set; }

        /// <summary>Rejections not answered because of the rate limit.</summary>
        public long RejectionsSuppressed { get; private set; }

        public long GrantsAccepted { get; private set; }

        public long GrantsRejected { get; private set; }

        /// <summary>Why the last grant was refused, for logs.</summary>
        public string LastGrantProblem { get; private set; }

        /// <summary>Grants held now.</summary>
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
            link.Subscribe(_commandPrefix + "+/command");
            link.Subscribe(_sessionPrefix + "+");
        }

        public void OnMessage(byte[] topic, int topicLength, byte[] payload, int payloadLength)
        {
            string t = OpenAmi.Text.Ascii.GetString(topic, 0, topicLength);
            lock (_sync)
            {
                if (t.StartsWith(_commandPrefix) && t.EndsWith("/command"))
                {
                    string meter = t.Substring(_commandPrefix.Length, t.Length - _commandPrefix.Length - "/command".Length);
                    if (meter.Length > 0 && meter.IndexOf('/') < 0)
                    {
                        HandleCommand(meter, payload, payloadLength);
                    }
                }
                else if (t.StartsWith(_sessionPrefix))
                {
                    string session = t.Substring(_sessionPrefix.Length);
                    if (session.Length > 0 && session.IndexOf('/') < 0 && payloadLength > 0)
                    {
                        HandleGrant(session, payload, payloadLength);
                    }
                }
            }
        }

        // ---- commands ----

        private void HandleCommand(string meter, byte[] payload, int length)
        {
            int opened = _signed.Open(payload, 0, length, _options.Keys);
            if (opened != SignedMessage.Opened)
            {
                string claimed = _signed.UnverifiedPayload != null ? _signed.UnverifiedPayload.StringMember("cmdId") : null;
                Reject(meter, claimed, null, opened == SignedMessage.BadSignature ? CommandReason.BadSignature : CommandReason.Malformed, false);
                return;
            }

            JsonValue p = _signed.Payload;
            string commandId = p.StringMember("cmdId");
            string op = p.StringMember("op");
            long counter;
            long issuedAt;
            long expires;
            if (commandId == null || commandId.Length == 0 || commandId.Length > 64 || op == null
                || !p.TryNumberMember("ctr", out counter) || !p.TryNumberMember("iat", out issuedAt) || !p.TryNumberMember("exp", out expires))
            {
                Reject(meter, commandId, op, CommandReason.Malformed, false);
                return;
            }

            if (p.StringMember("feederId") != _options.FeederId || p.StringMember("gatewayId") != _options.GatewayId
                || p.StringMember("meterSerial") != meter)
            {
                Reject(meter, commandId, op, CommandReason.OutOfScope, false);
                return;
            }

            int recent = _replay.FindRecent(commandId);
            if (recent >= 0 && (!_clock.IsTrusted || _clock.UtcNowUnix < expires))
            {
                // A QoS 1 redelivery (or the head end asking again) while the command is still valid: the same
                // answer, and nothing done twice. After it expired, the same bytes are a replay, refused below.
                Duplicates++;
                string earlier = _replay.RecentReason(recent);
                if (earlier == null)
                {
                    Answer(meter, commandId, op, null, true);
                }
                else
                {
                    Reject(meter, commandId, op, earlier, true);
                }

                return;
            }

            if (!_replay.IsFresh(counter))
            {
                Reject(meter, commandId, op, CommandReason.Replay, false);
                return;
            }

            _replay.MarkUsed(counter);
            string reason = Decide(meter, op, issuedAt, expires, p);
            _replay.Remember(commandId, reason);
            _replay.Persist(); // before acting: a power cut now cannot make the command run twice

            if (reason != null)
            {
                Reject(meter, commandId, op, reason, false);
                return;
            }

            Accepted++;
            Answer(meter, commandId, op, null, false);
            Act(meter, op, p);
        }

        // Null when the command may run, else the reason it may not.
        private string Decide(string meter, string op, long issuedAt, long expires, JsonValue p)
        {
            if (expires <= issuedAt || expires - issuedAt > _options.MaxLifetimeSeconds)
            {
                return CommandReason.Malformed;
            }

            long now = _clock.UtcNowUnix;
            if (_clock.IsTrusted)
            {
                if (now >= expires || issuedAt > now + _options.ClockSkewSeconds)
                {
                    return CommandReason.Expired;
                }
            }
            else if (CommandOperation.IsDestructive(op))
            {
                return CommandReason.UntrustedClock;
            }

            if (!CommandOperation.IsKnown(op) || (CommandOperation.NeedsGrant(op) && !_actions.HasRelay))
            {
                return CommandReason.Unsupported;
            }

            if (CommandOperation.NeedsGrant(op))
            {
                _grants.Purge(now);
                string session;
                int grant = _grants.Check(meter, op, now, out session);
                if (grant == GrantStore.NoneActive)
                {
                    return CommandReason.NoSession;
                }

                if (grant == GrantStore.NotCovered)
                {
                    return CommandReason.OutOfScope;
                }
            }

            if (op == CommandOperation.SetInterval)
            {
                JsonValue args = p.Member("args");
                long seconds;
                if (args == null || args.Kind != JsonValue.KindObject || !args.TryNumberMember("seconds", out seconds) || seconds < 0 || seconds > 86400)
                {
                    return CommandReason.Malformed;
                }
            }

            return null;
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

        private void Reject(string meter, string commandId, string op, string reason, bool duplicate)
        {
            Rejected++;
            long tick = _clock.TickMs;
            _rejectionTokens += (tick - _rejectionTokensTickMs) / (1000.0 * _options.RejectionRefillSeconds);
            _rejectionTokensTickMs = tick;
            if (_rejectionTokens > _options.RejectionBurst)
            {
                _rejectionTokens = _options.RejectionBurst;
            }

            if (_rejectionTokens < 1)
            {
                RejectionsSuppressed++;
                return;
            }

            _rejectionTokens -= 1;
            Answer(meter, commandId, op, reason, duplicate);
        }

        // The command_result event, signed with the gateway's current key: sig = HMAC over every byte before ,"sig".
        private void Answer(string meter, string commandId, string op, string reason, bool duplicate)
        {
            if (Topics.CheckSegment(meter, "meterSerial") != null)
            {
                return;
            }

            byte[] serial = MessageSigner.Ascii(meter);
            long seq = _runtime.NextSeq();
            _result.BeginEvent(_clock.UtcNowUnix, _options.FeederId, _options.GatewayId, serial, serial.Length, "command_result");
            if (commandId != null)
            {
                _result.Field("cmdId", commandId);
            }

            if (op != null)
            {
                _result.Field("op", op);
            }

            _result.Field("status", reason == null ? "accepted" : "rejected");
            if (reason != null)
            {
                _result.Field("reason", reason);
            }

            JsonBuffer j = _result.Json;
            if (duplicate)
            {
                j.Raw(",\"duplicate\":true");
            }

            j.Raw("},\"seq\":");
            j.Number(seq);
            j.Raw(",\"kid\":");
            j.String(_options.Keys.CurrentId);
            _hmac.Compute(_options.Keys.Current, j.Buffer, 0, j.Length, _mac);
            int n = Base64Url.Encode(_mac, 0, 32, _macText, 0);
            j.Raw(",\"sig\":");
            j.String(_macText, 0, n);
            j.Raw('}');
            if (!j.Overflowed)
            {
                _runtime.PublishEvent(meter, seq, j.Buffer, j.Length);
            }
        }

        // ---- session grants ----

        private void HandleGrant(string session, byte[] payload, int length)
        {
            string problem = TakeGrant(session, payload, 0, length);
            if (problem == null)
            {
                GrantsAccepted++;
                _grants.Persist();
            }
            else
            {
                GrantsRejected++;
                LastGrantProblem = problem;
            }
        }

        private string TakeGrant(string session, byte[] payload, int offset, int length)
        {
            int opened = _signed.Open(payload, offset, length, _options.Keys);
            if (opened != SignedMessage.Opened)
            {
                return opened == SignedMessage.BadSignature ? CommandReason.BadSignature : CommandReason.Malformed;
            }

            string problem;
            SessionGrant grant = SessionGrant.FromPayload(_signed.Payload, out problem);
            if (grant == null)
            {
                return CommandReason.Malformed + ": " + problem;
            }

            if ((session != null && grant.SessionId != session) || grant.GatewayId != _options.GatewayId || grant.FeederId != _options.FeederId)
            {
                return CommandReason.OutOfScope;
            }

            grant.Token = OpenAmi.Text.Ascii.GetString(payload, offset, length);
            if (!_grants.Accept(grant, _clock.UtcNowUnix))
            {
                return CommandReason.Replay;
            }

            return null;
        }

        private void LoadGrants()
        {
            string[] tokens = _grants.LoadTokens();
            for (int i = 0; i < tokens.Length; i++)
            {
                if (tokens[i] != null)
                {
                    byte[] bytes = MessageSigner.Ascii(tokens[i]);
                    TakeGrant(null, bytes, 0, bytes.Length);
                }
            }
        }
    }
}
