namespace OpenAmi.Commands
{
    /// <summary>What commands can make the device do beyond reporting: the board's relay, and a reboot.</summary>
    public interface IDeviceActions
    {
        /// <summary>True when the board drives a relay (a contactor): the P1 port itself is receive-only.</summary>
        bool HasRelay { get; }

        /// <summary>Closes (connect) or opens (disconnect) the relay of <paramref name="meterSerial"/>.</summary>
        void SetRelay(string meterSerial, bool connected);

        /// <summary>Restarts the gateway, after the result has been stored.</summary>
        void Reboot();
    }
}
