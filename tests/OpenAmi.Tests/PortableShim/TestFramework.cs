// Desktop stand-in for the part of nanoFramework.TestFramework (3.0.x) that the portable tests use, so the
// same test sources compile for nanoCLR (against the real package) and here (against this file). Each member
// mirrors the real signature; failures surface as xunit assertion failures.
using System.Collections;

namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetupAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CleanupAttribute : Attribute
    {
    }

    public static class OutputHelper
    {
        public static void WriteLine(string message)
        {
            Console.WriteLine(message);
        }
    }

    public static class Assert
    {
        public static void AreEqual(int expected, int actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(long expected, long actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(ulong expected, ulong actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(uint expected, uint actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(byte expected, byte actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(bool expected, bool actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(char expected, char actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(string expected, string actual, string message = "") => Xunit.Assert.True(expected == actual, Describe(expected, actual, message));

        public static void AreEqual(object expected, object actual, string message = "") => Xunit.Assert.True(Equals(expected, actual), Describe(expected, actual, message));

        public static void AreNotEqual(int notExpected, int actual, string message = "") => Xunit.Assert.True(notExpected != actual, $"did not expect {actual}. {message}");

        public static void IsTrue(bool condition, string message = "") => Xunit.Assert.True(condition, message);

        public static void IsFalse(bool condition, string message = "") => Xunit.Assert.False(condition, message);

        public static void IsNull(object? value, string message = "") => Xunit.Assert.True(value is null, message);

        public static void IsNotNull(object? value, string message = "") => Xunit.Assert.True(value is not null, message);

        public static void ThrowsException(Type exceptionType, Action action, string message = "")
        {
            try
            {
                action();
            }
            catch (Exception e) when (exceptionType.IsInstanceOfType(e))
            {
                return;
            }

            Xunit.Assert.Fail($"expected {exceptionType.Name}. {message}");
        }

        private static string Describe(object? expected, object? actual, string message) => $"expected <{expected}> but was <{actual}>. {message}";
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            Xunit.Assert.Equal(expected.Cast<object>(), actual.Cast<object>());
        }
    }
}
