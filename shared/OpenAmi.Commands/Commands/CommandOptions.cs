namespace OpenAmi.Commands
{
    /// <summary>Who the gateway is, its keys, and the limits of command checking.</summary>
    public sealed class CommandOptions
    {
        public string FeederId;
        public string GatewayId;
        public CommandKeys Keys;

        /// <summary>Longest validity (exp − iat) a command may claim, in seconds.</summary>
        public int MaxLifetimeSeconds = 300;

        /// <summary>How far a command's iat may be ahead of the gateway clock.</summary>
        public int ClockSkewSeconds = 60;

        /// <summary>Rejections answered in a burst before the rate limit holds them back…</summary>
        public int RejectionBurst = 10;

        /// <summary>…and how many seconds it takes to earn one more answer.</summary>
        public int RejectionRefillSeconds = 2;
    }
}
