using nanoFramework.TestFramework;
using OpenAmi.Firmware.App.Cellular;

namespace OpenAmi.Tests.Portable
{
    /// <summary>
    /// The LilyGO board's AXP2101 bring-up against a simulated register file with the chip's power-on values: the
    /// modem's supplies set and switched on, nothing else touched, a missing or failing chip reported.
    /// </summary>
    [TestClass]
    public class Axp2101SetupTests
    {
        [TestMethod]
        public void PowersTheModemWithDcdc3At3VoltAndBldo2At3Point3Volt()
        {
            var chip = new FakeAxp2101();
            Assert.IsTrue(Axp2101Setup.PowerModem(chip));

            Assert.AreEqual(102, chip.Registers[Axp2101Setup.Dcdc3Voltage] & 0x7F, "3.0 V on DCDC3");
            Assert.AreEqual(0x80, chip.Registers[Axp2101Setup.Dcdc3Voltage] & 0x80, "the reserved bit kept");
            Assert.AreEqual(28, chip.Registers[Axp2101Setup.Bldo2Voltage] & 0x1F, "3.3 V on BLDO2");
            Assert.AreEqual(0x1F, chip.Registers[Axp2101Setup.DcdcEnable], "DCDC3 on, DCDC1, 2, 4 and 5 as they were");
            Assert.AreEqual(0x21, chip.Registers[Axp2101Setup.LdoEnable], "BLDO2 on, ALDO1 as it was");
            Assert.AreEqual(0, chip.Registers[Axp2101Setup.AdcChannels] & Axp2101Setup.TsMeasureBit, "the TS pin is no thermistor");
            Assert.AreEqual(0x10, chip.Registers[Axp2101Setup.TsPinControl] & 0x1F);

            // Voltages first: the modem never sees DCDC3's power-on default.
            Assert.IsTrue(chip.WriteIndex(Axp2101Setup.Dcdc3Voltage) < chip.WriteIndex(Axp2101Setup.DcdcEnable));
            Assert.IsTrue(chip.WriteIndex(Axp2101Setup.Bldo2Voltage) < chip.WriteIndex(Axp2101Setup.LdoEnable));
        }

        [TestMethod]
        public void TheSupplySwitchTouchesDcdc3Only()
        {
            var chip = new FakeAxp2101();
            Assert.IsTrue(Axp2101Setup.PowerModem(chip));
            Assert.IsTrue(Axp2101Setup.SetModemSupply(chip, false));
            Assert.AreEqual(0x1B, chip.Registers[Axp2101Setup.DcdcEnable]);
            Assert.IsTrue(Axp2101Setup.SetModemSupply(chip, true));
            Assert.AreEqual(0x1F, chip.Registers[Axp2101Setup.DcdcEnable]);
        }

        [TestMethod]
        public void AMissingOrFailingChipIsReportedAndNothingIsSwitched()
        {
            var absent = new FakeAxp2101();
            absent.Answers = false;
            Assert.IsFalse(Axp2101Setup.PowerModem(absent));
            Assert.IsFalse(Axp2101Setup.SetModemSupply(absent, false));
            Assert.AreEqual(0, absent.Writes);

            var other = new FakeAxp2101();
            other.Registers[Axp2101Setup.ChipIdRegister] = 0x03; // an AXP192, say
            Assert.IsFalse(Axp2101Setup.PowerModem(other));
            Assert.AreEqual(0, other.Writes);

            var failing = new FakeAxp2101();
            failing.FailWritesTo = Axp2101Setup.Bldo2Voltage;
            Assert.IsFalse(Axp2101Setup.PowerModem(failing));
            Assert.AreEqual(0, failing.Registers[Axp2101Setup.DcdcEnable] & Axp2101Setup.Dcdc3Bit, "not switched on after a failed step");
        }

        [TestMethod]
        public void VoltageCodesFollowTheDatasheetSteps()
        {
            Assert.AreEqual(88, Axp2101Setup.Dcdc3Code(1600));
            Assert.AreEqual(106, Axp2101Setup.Dcdc3Code(3400));
            Assert.AreEqual(0, Axp2101Setup.Bldo2Code(500));
            Assert.AreEqual(30, Axp2101Setup.Bldo2Code(3500));
        }

        /// <summary>An AXP2101's registers at power-on (DCDC1, 2, 4, 5 and ALDO1 on; DCDC3 off), recording its writes.</summary>
        private sealed class FakeAxp2101 : IRegisterBus
        {
            public readonly int[] Registers = new int[256];
            public readonly int[] WriteOrder = new int[256];
            public bool Answers = true;
            public int FailWritesTo = -1;
            public int Writes;

            public FakeAxp2101()
            {
                Registers[Axp2101Setup.ChipIdRegister] = Axp2101Setup.ChipId;
                Registers[Axp2101Setup.DcdcEnable] = 0x1B;
                Registers[Axp2101Setup.Dcdc3Voltage] = 0x80 | 0x12;
                Registers[Axp2101Setup.LdoEnable] = 0x01;
                Registers[Axp2101Setup.Bldo2Voltage] = 0x00;
                Registers[Axp2101Setup.AdcChannels] = 0x0B;
                Registers[Axp2101Setup.TsPinControl] = 0x07;
            }

            public int Read(int register)
            {
                return Answers ? Registers[register] : -1;
            }

            public bool Write(int register, int value)
            {
                if (!Answers || register == FailWritesTo)
                {
                    return false;
                }

                Registers[register] = value & 0xFF;
                WriteOrder[register] = ++Writes;
                return true;
            }

            public int WriteIndex(int register)
            {
                return WriteOrder[register];
            }
        }
    }
}
