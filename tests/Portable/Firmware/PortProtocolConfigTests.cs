using nanoFramework.TestFramework;
using OpenAmi.Firmware.App;
using OpenAmi.Meters;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class PortProtocolConfigTests
    {
        private const string Base =
            "board = devkitc-wrover\nwifi_ssid = ap\nbroker = mqtt://10.0.0.1\nfeeder = f1\ngateway = g1\n";

        [TestMethod]
        public void PortsDefaultToP1WithTheP1Line()
        {
            FirmwareConfig config = FirmwareConfig.Load(Base, "fw");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.AreEqual(MeterFormat.P1, config.Protocol[0]);
            Assert.AreEqual(115200, config.LineBaud[0]);
            Assert.AreEqual('N', config.LineParity[0]);
            Assert.IsTrue(config.PortInvert[0]);
        }

        [TestMethod]
        public void HanPortsRunAt2400EvenParityWithoutInversionAndNoDefaultAad()
        {
            FirmwareConfig config = FirmwareConfig.Load(Base + "protocol = han\nkey = 0123456789abcdef0123456789abcdef\n", "fw");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.AreEqual(MeterFormat.Hdlc, config.Protocol[0]);
            Assert.AreEqual(2400, config.LineBaud[0]);
            Assert.AreEqual(8, config.LineDataBits[0]);
            Assert.AreEqual('E', config.LineParity[0]);
            Assert.AreEqual(1, config.LineStopBits[0]);
            Assert.IsFalse(config.PortInvert[0]);
            Assert.IsNull(config.MeterAad);

            FirmwareConfig kamstrup = FirmwareConfig.Load(Base + "protocol = han\nline = 2400-8N1\n", "fw");
            Assert.AreEqual(0, kamstrup.ProblemCount, kamstrup.Describe());
            Assert.AreEqual('N', kamstrup.LineParity[0]);
        }

        [TestMethod]
        public void EachPortHasItsOwnProtocolAndLine()
        {
            FirmwareConfig config = FirmwareConfig.Load(Base + "ports = 2\nprotocol = p1\nprotocol_2 = iec62056-21\niec_mode = d\n", "fw");
            Assert.AreEqual(0, config.ProblemCount, config.Describe());
            Assert.AreEqual(MeterFormat.P1, config.Protocol[0]);
            Assert.AreEqual(MeterFormat.Iec62056, config.Protocol[1]);
            Assert.AreEqual(2400, config.LineBaud[1]);
            Assert.AreEqual(7, config.LineDataBits[1]);
            Assert.IsFalse(config.IecRequest);

            FirmwareConfig modeC = FirmwareConfig.Load(Base + "protocol = iec62056-21\niec_interval_s = 300\niec_max_baud = 4800\n", "fw");
            Assert.AreEqual(0, modeC.ProblemCount, modeC.Describe());
            Assert.AreEqual(300, modeC.LineBaud[0]);
            Assert.IsTrue(modeC.IecRequest);
            Assert.AreEqual(300, modeC.IecIntervalSeconds);
            Assert.AreEqual(4800, modeC.IecMaxBaud);
        }

        [TestMethod]
        public void WrongProtocolOrLineIsNamedWithWhatToWrite()
        {
            FirmwareConfig config = FirmwareConfig.Load(Base + "protocol = dlms\nline = fast\n", "fw");
            Assert.AreEqual(2, config.ProblemCount, config.Describe());
            Assert.IsTrue(config.ProblemAt(0).IndexOf("protocol is p1") >= 0, config.ProblemAt(0));
            Assert.IsTrue(config.ProblemAt(1).IndexOf("2400-8e1") >= 0, config.ProblemAt(1));
        }
    }
}
