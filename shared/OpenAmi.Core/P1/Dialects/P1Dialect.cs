namespace OpenAmi.P1.Dialects
{
    /// <summary>The P1 dialects the parser reads. All share one grammar; they differ in objects and details.</summary>
    public enum P1Dialect
    {
        Unknown = 0,

        /// <summary>Dutch DSMR 2.2 and 3: no CRC, 9600 7E1, gas reading on the line after 0-n:24.3.0.</summary>
        Dsmr2And3,

        /// <summary>Dutch DSMR 4.x: CRC, 115200 7E1 or 8N1, version 40/42.</summary>
        Dsmr4,

        /// <summary>Dutch DSMR 5.x: CRC, 115200 8N1, version 50.</summary>
        Dsmr5,

        /// <summary>Belgian eMUCS-P1 (Fluvius): 96.1.4 version, capacity-tariff demand, 24.2.3 gas.</summary>
        BelgiumEmucs,

        /// <summary>Luxembourg Smarty: 42.0.0 device name, usually GCM-encrypted.</summary>
        LuxembourgSmarty,

        /// <summary>Sweden (Kamstrup and others): totals and reactive per phase, no tariffs.</summary>
        Sweden,

        /// <summary>Austria (Sagemcom T210-D-r): Wh/W/varh units, usually GCM-encrypted.</summary>
        Austria,

        /// <summary>Hungary E.ON: four tariffs, quadrant reactive energy, power factors, frequency.</summary>
        HungaryEon,

        /// <summary>Ireland Iskra IE.x: DSMR-like objects, 1-0:0.0.0 meter number.</summary>
        IrelandIskra,

        /// <summary>German EasyMeter Q3D: OBIS with *255, no CRC, gateway lines after '!'.</summary>
        EasyMeterQ3D,

        /// <summary>DLMS/COSEM push on a customer interface (HAN: HDLC or M-Bus), rendered as "/DLMS" text.</summary>
        DlmsPush,
    }
}
