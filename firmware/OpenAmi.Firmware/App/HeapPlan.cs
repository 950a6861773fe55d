namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// What a configuration needs of the managed heap, so that the firmware refuses at start, with a clear message,
    /// a configuration its board cannot hold, rather than failing later with OutOfMemoryException.
    /// </summary>
    /// <remarks>
    /// Figures, in bytes, and where each comes from:
    /// - boot: the static tables of OpenAmi.Core, OpenAmi.Commands and OpenAmi.Meters plus the interpreter's tables for
    ///   them, held from boot (nanoCLR runs every static constructor when it loads an assembly): 31.8 KB measured as
    ///   free heap on nanoCLR with and without the three assemblies (StaticTablesBudgetTests holds the tables);
    /// - one port's runtime: decoder with GCM, telegram, mapping, readings, writers, gateway runtime, outbox, command
    ///   processor, 32 KB at most (HeapBudgetTests), and 8 KB for each further port;
    /// - Home Assistant discovery: 5 KB (HomeAssistantBudgetTests);
    /// - the SIM7080 link: 16 KB (CellularBudgetTests);
    /// - the firmware app, the MQTT client and the network stack: not measured on a device yet; 11 KB are reserved.
    /// The board's heap is what nanoFramework reports free after boot on that module (boards/*.md).
    /// </remarks>
    public static class HeapPlan
    {
        public const int BootBytes = 32 * 1024;
        public const int FirstPortBytes = 32 * 1024;
        public const int FurtherPortBytes = 8 * 1024;
        public const int DiscoveryBytes = 5 * 1024;
        public const int CellularLinkBytes = 16 * 1024;
        public const int AppAndNetworkBytes = 11 * 1024;

        /// <summary>Bytes of managed heap the configuration needs.</summary>
        public static int Need(int ports, bool discovery, bool cellular)
        {
            int need = BootBytes + AppAndNetworkBytes + FirstPortBytes + ((ports - 1) * FurtherPortBytes);
            if (discovery)
            {
                need += DiscoveryBytes;
            }

            if (cellular)
            {
                need += CellularLinkBytes;
            }

            return need;
        }

        /// <summary>Null when the configuration fits the board, else what to change.</summary>
        public static string Check(BoardProfile board, int ports, bool discovery, bool cellular)
        {
            int need = Need(ports, discovery, cellular);
            if (need <= board.HeapBytes)
            {
                return null;
            }

            return "this configuration needs about " + (need / 1024) + " KB of heap and " + board.Id + " has about "
                + (board.HeapBytes / 1024) + " KB (boot tables 32, first port 32, each further port 8, Home Assistant 5, "
                + "network 11): " + (ports > 1 ? "use ports = 1, " : "") + (discovery ? "turn ha_discovery off, " : "")
                + "or use a board with PSRAM (boards/README.md)";
        }
    }
}
