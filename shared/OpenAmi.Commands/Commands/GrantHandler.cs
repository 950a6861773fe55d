using OpenAmi.Gateway;
using OpenAmi.Northbound;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Session grants as they arrive on {topicRoot}/session/{sessionId}: verified like commands, offered to the
    /// <see cref="GrantStore"/>, and answered with a signed grant_result on {topicRoot}/session/{sessionId}/result.
    /// At start the stored records are verified again.
    /// </summary>
    internal sealed class GrantHandler
    {
        // What Take answers for the very grant held, delivered again: nothing to say.
        private const int Held = -1;

        private static readonly byte[] ResultSuffix = OpenAmi.Text.Ascii.GetBytes("/result");

        private readonly CommandOptions _options;
        private readonly GatewayRuntime _runtime;
        private readonly IGatewayClock _clock;
        private readonly SignedMessage _signed;
        private readonly GrantStore _store;
        private readonly ResultWriter _result;
        private readonly AnswerLimiter _limiter;
        private readonly byte[] _sessionPrefix;

        public GrantHandler(CommandOptions options, GatewayRuntime runtime, IGatewayClock clock, SignedMessage signed, GrantStore store,
            ResultWriter result, AnswerLimiter limiter, byte[] sessionPrefix)
        {
            _options = options;
            _runtime = runtime;
            _clock = clock;
            _signed = signed;
            _store = store;
            _result = result;
            _limiter = limiter;
            _sessionPrefix = sessionPrefix;
        }

        public GrantStore Store
        {
            get { return _store; }
        }

        public long Accepted { get; private set; }

        public long Rejected { get; private set; }

        /// <summary>Why the last grant was refused, for logs.</summary>
        public string LastProblem { get; private set; }

        /// <summary>Grant records whose write failed (they then live in memory only).</summary>
        public long StorageFaults { get; private set; }

        /// <summary>A message on the session topic of <paramref name="session"/> (not empty: an empty one clears a retained grant).</summary>
        public void Handle(string session, byte[] payload, int length)
        {
            if (Topics.CheckSegment(session, "sessionId") != null)
            {
                Rejected++; // no topic to answer on
                return;
            }

            long counter;
            int reason = Take(session, payload, 0, length, out counter);
            if (reason == Held)
            {
                return; // the grant held, delivered again (a retained message after a reconnect): nothing new
            }

            if (reason == CommandReason.None)
            {
                Accepted++;
            }
            else
            {
                Rejected++;
                if (!_limiter.Take())
                {
                    return;
                }
            }

            long seq = _runtime.NextSeq();
            if (_result.Grant(_clock.UtcNowUnix, session, counter, reason, seq))
            {
                byte[] topic = new byte[_sessionPrefix.Length + session.Length + ResultSuffix.Length];
                System.Array.Copy(_sessionPrefix, topic, _sessionPrefix.Length);
                char[] chars = session.ToCharArray();
                for (int i = 0; i < chars.Length; i++)
                {
                    topic[_sessionPrefix.Length + i] = (byte)chars[i];
                }

                System.Array.Copy(ResultSuffix, 0, topic, topic.Length - ResultSuffix.Length, ResultSuffix.Length);
                _runtime.PublishMessage(topic, seq, _result.Buffer, _result.Length);
            }
        }

        /// <summary>The records kept on flash, each verified again as if it had just arrived.</summary>
        public void Load()
        {
            for (int slot = 0; slot < GrantStore.Capacity; slot++)
            {
                long keepUntil;
                int length = _store.Read(slot, out keepUntil);
                if (length == 0 || _signed.Open(_store.Scratch, GrantStore.TokenOffset, length, _options.Keys) != SignedMessage.Opened)
                {
                    continue;
                }

                string problem;
                SessionGrant grant = SessionGrant.FromPayload(_signed.Payload, out problem);
                if (grant != null && grant.GatewayId == _options.GatewayId && grant.FeederId == _options.FeederId)
                {
                    _store.Restore(slot, grant, keepUntil, length);
                }
            }

            if (_clock.IsTrusted)
            {
                _store.Purge(_clock.UtcNowUnix);
            }
        }

        // Verifies a grant and offers it to the store: CommandReason.None when taken, Held, or a reason code.
        private int Take(string session, byte[] payload, int offset, int length, out long counter)
        {
            counter = 0;
            int opened = _signed.Open(payload, offset, length, _options.Keys);
            if (opened != SignedMessage.Opened)
            {
                int code = opened == SignedMessage.BadSignature ? CommandReason.BadSignatureCode : CommandReason.MalformedCode;
                LastProblem = CommandReason.Text(code);
                return code;
            }

            string problem;
            SessionGrant grant = SessionGrant.FromPayload(_signed.Payload, out problem);
            if (grant == null)
            {
                LastProblem = CommandReason.Malformed + ": " + problem;
                return CommandReason.MalformedCode;
            }

            counter = grant.Counter;
            if (grant.SessionId != session || grant.GatewayId != _options.GatewayId || grant.FeederId != _options.FeederId)
            {
                LastProblem = CommandReason.OutOfScope;
                return CommandReason.OutOfScopeCode;
            }

            int taken = _store.Offer(grant, payload, offset, length, _clock.UtcNowUnix, _clock.IsTrusted);
            if (_store.TakeWriteFailure())
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
                LastProblem = CommandReason.Text(reason);
            }

            return reason;
        }
    }
}
