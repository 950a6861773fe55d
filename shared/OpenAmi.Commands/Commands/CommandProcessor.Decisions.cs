using OpenAmi.Gateway;

namespace OpenAmi.Commands
{
    /// <summary>
    /// Whether a verified command may run (its validity window, the clock's trust, the operation, the meter and
    /// the session grant), and what each operation does.
    /// </summary>
    public sealed partial class CommandProcessor
    {
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

            if (op == CommandOperation.ReadNow && !KnowsMeter(meter))
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
    }
}
