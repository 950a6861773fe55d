using OpenAmi.Northbound;

namespace OpenAmi.Commands
{
    /// <summary>
    /// A Session Information Protocol grant (the profile's "SIP"; spelled out because the acronym clashes with
    /// RFC 3261): who takes part, which meters of which feeder it covers, which operations it allows, when it is
    /// valid, and a counter so a newer grant can replace or revoke it. It arrives signed like a command.
    /// </summary>
    /// <remarks>
    /// Payload: {"sessionId":…,"participants":[…],"feederScope":{"feederId":…,"meters":["…"|"*"]},"gatewayId":…,
    /// "operations":["relay_connect","relay_disconnect"],"validFrom":"ISO","validTo":"ISO","ctr":N[,"revoked":true]}.
    /// The profile's "signature" field is the JWS signature of the message.
    /// </remarks>
    public sealed class SessionGrant
    {
        public string SessionId;
        public string GatewayId;
        public string FeederId;
        public string[] Meters;
        public string[] Operations;
        public string[] Participants;
        public long ValidFrom;
        public long ValidTo;
        public long Counter;
        public bool Revoked;

        /// <summary>Reads a grant from its verified payload; null (with <paramref name="problem"/>) when a field is missing or wrong.</summary>
        public static SessionGrant FromPayload(JsonValue payload, out string problem)
        {
            problem = null;
            var g = new SessionGrant();
            g.SessionId = payload.StringMember("sessionId");
            g.GatewayId = payload.StringMember("gatewayId");
            g.Participants = payload.StringArrayMember("participants");
            g.Operations = payload.StringArrayMember("operations");
            JsonValue scope = payload.Member("feederScope");
            if (scope != null && scope.Kind == JsonValue.KindObject)
            {
                g.FeederId = scope.StringMember("feederId");
                g.Meters = scope.StringArrayMember("meters");
            }

            JsonValue revoked = payload.Member("revoked");
            g.Revoked = revoked != null && revoked.Kind == JsonValue.KindBool && revoked.Bool;
            if (g.SessionId == null || g.GatewayId == null || g.FeederId == null || g.Meters == null || g.Operations == null
                || g.Participants == null || !payload.TryNumberMember("ctr", out g.Counter) || g.Counter <= 0)
            {
                problem = "a grant needs sessionId, gatewayId, participants, feederScope {feederId, meters}, operations and ctr";
                return null;
            }

            if (!IsoTimeText.TryParse(payload.StringMember("validFrom"), out g.ValidFrom)
                || !IsoTimeText.TryParse(payload.StringMember("validTo"), out g.ValidTo) || g.ValidTo <= g.ValidFrom)
            {
                problem = "validFrom and validTo must be ISO-8601 UTC times (2026-06-22T14:30:00Z), validFrom first";
                return null;
            }

            return g;
        }

        /// <summary>True while the grant is in force at <paramref name="now"/>.</summary>
        public bool IsActive(long now)
        {
            return !Revoked && ValidFrom <= now && now < ValidTo;
        }

        /// <summary>True when the grant covers <paramref name="meterSerial"/> ("*" covers every meter of the feeder).</summary>
        public bool CoversMeter(string meterSerial)
        {
            for (int i = 0; i < Meters.Length; i++)
            {
                if (Meters[i] != null && (Meters[i] == "*" || Meters[i] == meterSerial))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the grant allows <paramref name="operation"/>.</summary>
        public bool Allows(string operation)
        {
            for (int i = 0; i < Operations.Length; i++)
            {
                if (Operations[i] != null && Operations[i] == operation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
