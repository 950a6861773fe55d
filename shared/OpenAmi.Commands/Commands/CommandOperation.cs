namespace OpenAmi.Commands
{
    /// <summary>The operations a command may ask for, and which of them change the world.</summary>
    public static class CommandOperation
    {
        public const string ReadNow = "read_now";
        public const string SetInterval = "set_interval";
        public const string Resync = "resync";
        public const string Reboot = "reboot";
        public const string RelayConnect = "relay_connect";
        public const string RelayDisconnect = "relay_disconnect";

        private static readonly string[] All = { ReadNow, SetInterval, Resync, Reboot, RelayConnect, RelayDisconnect };

        /// <summary>True for an operation this gateway knows.</summary>
        public static bool IsKnown(string op)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i] == op)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Reboot and the relay change the world; with an untrusted clock they are refused.</summary>
        public static bool IsDestructive(string op)
        {
            return op == Reboot || op == RelayConnect || op == RelayDisconnect;
        }

        /// <summary>The relay operations, which also need an active session grant.</summary>
        public static bool NeedsGrant(string op)
        {
            return op == RelayConnect || op == RelayDisconnect;
        }
    }
}
