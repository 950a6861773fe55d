namespace OpenAmi.Firmware.App
{
    /// <summary>
    /// What a configuration needs of the managed heap, so that the firmware refuses a configuration its board cannot
    /// hold with a clear message, rather than failing later with OutOfMemoryException. Checked twice: when the
    /// configuration is read, against the board's heap (<see cref="Check"/>), and at start, against the heap the
    /// image really left free after boot (<see cref="CheckFree"/>), which also catches an image with less heap than the
    /// board doc plans for.
    /// </summary>
    /// <remarks>
    /// Figures, in bytes, and where each comes from:
    /// - boot: the static tables of OpenAmi.Core, OpenAmi.Commands and OpenAmi.Meters and the interpreter's tables for
    ///   them, held from boot (nanoCLR runs every static constructor when it loads an assembly): 24,756 B measured as
    ///   free heap on nanoCLR with and without the three assemblies. Tables a feature alone needs (Home Assistant,
    ///   HAN lists, GCM, command answers) are built on first use and counted with that feature;
    ///   StaticTablesBudgetTests holds the rest;
    /// - one port's runtime: decoder, telegram, mapping, readings, writers, gateway runtime, outbox: 25,440 B for
    ///   plaintext in VMRS mode, plus 2,172 B for full mode, 1,728 B for decryption and 2,736 B for commands
    ///   (HeapBudgetTests estimates each and holds these figures above them); 8 KB for each further port;
    /// - Home Assistant discovery: 5 KB (HomeAssistantBudgetTests);
    /// - the firmware app around the runtime (configuration, board, host loop): 2.9 KB (HeapBudgetTests);
    /// - the MQTT client, M2Mqtt 5.1.220 connected: its objects, socket and the stacks of its four threads, 7.6 KB
    ///   estimated from its source (not yet measured on a device); and each message in flight, which M2Mqtt holds
    ///   until its PUBACK: the link's copy of the message and about 420 B of M2Mqtt's objects. The window is 8
    ///   messages on a board with PSRAM and 2 without (<see cref="MqttWindow"/>); a message is at most 3 KB in full
    ///   mode, 1.5 KB in VMRS mode. The IP stack and TLS live in native memory, not on this heap;
    /// - on the cellular board the SIM7080 link instead of the MQTT client: 16 KB (CellularBudgetTests).
    /// </remarks>
    public static class HeapPlan
    {
        public const int BootBytes = 25 * 1024;
        public const int PortBytes = 25 * 1024 + 512;
        public const int FullModeBytes = 2304;
        public const int DecryptionBytes = 1792;
        public const int CommandsBytes = 2816;
        public const int FurtherPortBytes = 8 * 1024;
        public const int DiscoveryBytes = 5 * 1024;
        public const int AppBytes = 3 * 1024;
        public const int MqttClientBytes = 8 * 1024;
        public const int InflightOverheadBytes = 512;
        public const int FullModeMessageBytes = 3 * 1024;
        public const int VmrsMessageBytes = 1536;
        public const int CellularLinkBytes = 16 * 1024;

        /// <summary>
        /// Messages the MQTT link keeps in flight at most on <paramref name="board"/>: each is held in full until the
        /// broker acknowledges it, so a board without PSRAM sends two at a time (the outbox keeps the rest, on flash).
        /// </summary>
        public static int MqttWindow(BoardProfile board)
        {
            return board.HasPsram ? 8 : 2;
        }

        /// <summary>Bytes the first port's runtime needs with these features.</summary>
        public static int FirstPort(bool fullMode, bool decryption, bool commands)
        {
            return PortBytes + (fullMode ? FullModeBytes : 0) + (decryption ? DecryptionBytes : 0) + (commands ? CommandsBytes : 0);
        }

        /// <summary>Bytes the link to the broker needs: the MQTT client and its window, or the cellular modem's link.</summary>
        public static int Link(BoardProfile board, bool fullMode, bool cellular)
        {
            if (cellular)
            {
                return CellularLinkBytes;
            }

            return MqttClientBytes + (MqttWindow(board) * ((fullMode ? FullModeMessageBytes : VmrsMessageBytes) + InflightOverheadBytes));
        }

        /// <summary>Bytes the configuration needs once the firmware has booted: everything but the boot tables.</summary>
        public static int AfterBoot(BoardProfile board, int ports, bool fullMode, bool decryption, bool commands, bool discovery, bool cellular)
        {
            int need = AppBytes + FirstPort(fullMode, decryption, commands) + ((ports - 1) * FurtherPortBytes) + Link(board, fullMode, cellular);
            return discovery ? need + DiscoveryBytes : need;
        }

        /// <summary>Bytes of managed heap the configuration needs, boot tables included.</summary>
        public static int Need(BoardProfile board, int ports, bool fullMode, bool decryption, bool commands, bool discovery, bool cellular)
        {
            return BootBytes + AfterBoot(board, ports, fullMode, decryption, commands, discovery, cellular);
        }

        /// <summary>Null when the configuration fits the board's planned heap, else what to change.</summary>
        public static string Check(BoardProfile board, int ports, bool fullMode, bool decryption, bool commands, bool discovery, bool cellular)
        {
            int need = Need(board, ports, fullMode, decryption, commands, discovery, cellular);
            if (need <= board.HeapBytes)
            {
                return null;
            }

            return "this configuration needs about " + Kb(need) + " KB of heap and " + board.Id + " has about "
                + Kb(board.HeapBytes) + " KB (" + Parts(true, board, ports, fullMode, decryption, commands, cellular) + "): "
                + Advice(ports, fullMode, discovery);
        }

        /// <summary>
        /// Null when <paramref name="freeBytes"/>, the heap free after boot as the image reports it, holds the
        /// configuration; else what to change. The boot tables are already loaded then, so they are not counted again.
        /// </summary>
        public static string CheckFree(long freeBytes, BoardProfile board, int ports, bool fullMode, bool decryption, bool commands, bool discovery, bool cellular)
        {
            int need = AfterBoot(board, ports, fullMode, decryption, commands, discovery, cellular);
            if (freeBytes >= need)
            {
                return null;
            }

            return "this image leaves " + Kb((int)freeBytes) + " KB of heap free after boot and this configuration needs about "
                + Kb(need) + " KB of it (" + Parts(false, board, ports, fullMode, decryption, commands, cellular) + "): "
                + (board.HeapAdvice != null ? board.HeapAdvice + "; or " : "") + Advice(ports, fullMode, discovery);
        }

        private static string Parts(bool boot, BoardProfile board, int ports, bool fullMode, bool decryption, bool commands, bool cellular)
        {
            return (boot ? "boot tables " + Kb(BootBytes) + ", " : "") + "first port " + Kb(FirstPort(fullMode, decryption, commands))
                + (ports > 1 ? ", each further port " + Kb(FurtherPortBytes) : "") + ", Home Assistant " + Kb(DiscoveryBytes)
                + " if on, app " + Kb(AppBytes) + ", " + (cellular ? "modem link " : "MQTT client and its window ") + Kb(Link(board, fullMode, cellular));
        }

        private static string Advice(int ports, bool fullMode, bool discovery)
        {
            return (ports > 1 ? "use ports = 1, " : "") + (discovery ? "turn ha_discovery off, " : "")
                + (fullMode ? "use mode = vmrs, " : "") + "or use a board with PSRAM (boards/README.md)";
        }

        private static int Kb(int bytes)
        {
            return (bytes + 1023) / 1024;
        }
    }
}
