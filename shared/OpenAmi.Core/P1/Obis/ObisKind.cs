namespace OpenAmi.P1.Obis
{
    /// <summary>What a known OBIS object means, which decides how its value groups are read.</summary>
    public enum ObisKind
    {
        /// <summary>Not in the catalog; the raw groups are kept.</summary>
        Unknown = 0,

        /// <summary>P1 or eMUCS version number (1-3:0.2.8, 0-0:96.1.4).</summary>
        Version,

        /// <summary>The meter clock (0-0:1.0.0).</summary>
        Clock,

        /// <summary>An identifier, usually hex-encoded ASCII (96.1.1, 96.1.0, 42.0.0, EAN 96.1.2).</summary>
        Identifier,

        /// <summary>Free text, usually hex-encoded (96.13.0).</summary>
        Text,

        /// <summary>Active tariff indicator (96.14.0).</summary>
        Tariff,

        /// <summary>A cumulative register that only grows (x.8.y energy).</summary>
        Energy,

        /// <summary>Instantaneous power (x.7.0).</summary>
        Power,

        /// <summary>Instantaneous voltage.</summary>
        Voltage,

        /// <summary>Instantaneous current.</summary>
        Current,

        /// <summary>Mains frequency.</summary>
        Frequency,

        /// <summary>Power factor.</summary>
        PowerFactor,

        /// <summary>A demand register: current average (1.4.0) or this month's peak with its time (1.6.0).</summary>
        Demand,

        /// <summary>A growing event counter (power failures, sags, swells).</summary>
        Counter,

        /// <summary>A configured threshold (limiter 17.0.0, fuse supervision 31.4.0).</summary>
        Threshold,

        /// <summary>A switch state: breaker, virtual relay or gas valve (0 off, 1 on, 2 ready to reconnect).</summary>
        SwitchState,

        /// <summary>Profile-generic buffer: power-failure log (99.97.0) or 13-month maximum demand (98.1.0).</summary>
        ProfileBuffer,

        /// <summary>M-Bus device type (24.1.0): 3 gas, 7 water, 4 heat.</summary>
        MbusDeviceType,

        /// <summary>M-Bus reading with its capture time (24.2.1, 24.2.3).</summary>
        MbusReading,

        /// <summary>DSMR 2.2/3 gas reading (24.3.0) whose value may sit on the next line.</summary>
        MbusLegacyReading,

        /// <summary>A status word or configuration value.</summary>
        Status,
    }
}
