// nanoFramework.TestFramework 3.0.80, the subset the portable tests use.
// Source: nanoframework/nanoFramework.TestFramework (d4fa55e) source/TestFramework/*.cs and
// source/TestFrameworkShared/*.cs, as summarised in ../shared/notes/nanoframework.md section 6.
namespace nanoFramework.TestFramework
{
    using System;
    using System.Collections;

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class SetupAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class CleanupAttribute : Attribute { }

    public static class OutputHelper
    {
        public static void WriteLine(string message) { }
    }

    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "") { }
        public static void AreEqual(byte expected, byte actual, string message = "") { }
        public static void AreEqual(char expected, char actual, string message = "") { }
        public static void AreEqual(int expected, int actual, string message = "") { }
        public static void AreEqual(uint expected, uint actual, string message = "") { }
        public static void AreEqual(long expected, long actual, string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { }
        public static void AreEqual(string expected, string actual, string message = "") { }
        public static void AreEqual(object expected, object actual, string message = "") { }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { }
        public static void IsTrue(bool condition, string message = "") { }
        public static void IsFalse(bool condition, string message = "") { }
        public static void IsNull(object value, string message = "") { }
        public static void IsNotNull(object value, string message = "") { }
        public static void ThrowsException(Type exceptionType, Action action, string message = "") { }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") { }
    }
}
