using nanoFramework.TestFramework;
using OpenAmi.P1.Values;

namespace OpenAmi.Tests.Portable
{
    [TestClass]
    public class P1DecimalTests
    {
        [TestMethod]
        public void PrintsExactlyWithoutLeadingZeros()
        {
            Assert.AreEqual("1842.5", new P1Decimal(18425, 1).ToString());
            Assert.AreEqual("0.005", new P1Decimal(5, 3).ToString());
            Assert.AreEqual("0", new P1Decimal(0, 0).ToString());
            Assert.AreEqual("0.000", new P1Decimal(0, 3).ToString());
            Assert.AreEqual("-12.30", new P1Decimal(-1230, 2).ToString());
            Assert.AreEqual("32549.5061662", new P1Decimal(325495061662L, 7).ToString());

            // The digit count of a 32-bit mantissa is found without divisions up to four digits: every boundary.
            Assert.AreEqual("9", new P1Decimal(9, 0).ToString());
            Assert.AreEqual("10", new P1Decimal(10, 0).ToString());
            Assert.AreEqual("9.9", new P1Decimal(99, 1).ToString());
            Assert.AreEqual("0.100", new P1Decimal(100, 3).ToString());
            Assert.AreEqual("0.0999", new P1Decimal(999, 4).ToString());
            Assert.AreEqual("100.0", new P1Decimal(1000, 1).ToString());
            Assert.AreEqual("9999", new P1Decimal(9999, 0).ToString());
            Assert.AreEqual("1.0000", new P1Decimal(10000, 4).ToString());
            Assert.AreEqual("-12345.6", new P1Decimal(-123456, 1).ToString());
            Assert.AreEqual("2147483647", new P1Decimal(int.MaxValue, 0).ToString());
            Assert.AreEqual("2147483.648", new P1Decimal(int.MaxValue + 1L, 3).ToString());
            Assert.AreEqual("-2147483648", new P1Decimal(int.MinValue, 0).ToString());
            Assert.AreEqual("0.000000000000001", new P1Decimal(1, 15).ToString());
        }

        [TestMethod]
        public void SumOfTariffsIsExact()
        {
            P1Decimal t1 = new P1Decimal(3808351, 3);
            P1Decimal t2 = new P1Decimal(29488, 1);
            P1Decimal sum = P1Decimal.Add(t1, t2);
            Assert.AreEqual("6757.151", sum.ToString());
            Assert.AreEqual("0.3", P1Decimal.Add(new P1Decimal(1, 1), new P1Decimal(2, 1)).ToString());
        }

        [TestMethod]
        public void UnitConversionsAreExact()
        {
            Assert.AreEqual("134.904", new P1Decimal(134904, 0).DivideByPowerOfTen(3).ToString());
            Assert.AreEqual("1193", new P1Decimal(1193, 3).MultiplyByPowerOfTen(3).ToString());
            Assert.AreEqual("1193.5", new P1Decimal(11935, 4).MultiplyByPowerOfTen(3).ToString());
            Assert.AreEqual("2000", new P1Decimal(2, 0).MultiplyByPowerOfTen(3).ToString());
        }

        [TestMethod]
        public void CompareAcrossScales()
        {
            Assert.AreEqual(0, P1Decimal.Compare(new P1Decimal(15, 1), new P1Decimal(1500, 3)));
            Assert.AreEqual(-1, P1Decimal.Compare(new P1Decimal(1499, 3), new P1Decimal(15, 1)));
            Assert.AreEqual(1, P1Decimal.Compare(new P1Decimal(2, 0), new P1Decimal(1999, 3)));
        }

        [TestMethod]
        public void NumberTextCountsPaddingZerosAsDigits()
        {
            AssertNumber("2533.967", 1, "002533.967*kWh");
            AssertNumber("0", 0, "0");
            AssertNumber("0", 0, "00000");
            AssertNumber("0.5", 0, "0.5");
            AssertNumber("0.000", 3, "00.000*kW");
            AssertNumber("-0.30", 0, "-00.30");
            AssertNumber("1", 0, "000000000000000001", "18 digits with the zeros: the most read");
            AssertNotNumber("0000000000000000001", "19 digits with the zeros");
            AssertNotNumber("00x", "not a number after the zeros");
            AssertNotNumber("00.0.0", "a second point");
        }

        private static void AssertNumber(string expected, int unit, string text, string because = "")
        {
            byte[] bytes = OpenAmi.Text.Ascii.GetBytes(text);
            P1Decimal value;
            int readUnit;
            Assert.IsTrue(P1NumberText.TryRead(bytes, 0, bytes.Length, out value, out readUnit), text + " " + because);
            Assert.AreEqual(expected, value.ToString(), text);
            Assert.AreEqual(unit == 1 ? P1Unit.KilowattHour : (unit == 3 ? P1Unit.Kilowatt : P1Unit.None), readUnit, text);
        }

        private static void AssertNotNumber(string text, string because)
        {
            byte[] bytes = OpenAmi.Text.Ascii.GetBytes(text);
            P1Decimal value;
            int readUnit;
            Assert.IsFalse(P1NumberText.TryRead(bytes, 0, bytes.Length, out value, out readUnit), text + " " + because);
        }
    }
}
