using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// Runs every [TestClass]/[TestMethod] of tests/Portable under xunit, one theory row per method, with the
/// class's [Setup] before and [Cleanup] after, as the nanoFramework launcher does on nanoCLR.
/// </summary>
public class PortableTestsRunner
{
    public static IEnumerable<object[]> Methods()
    {
        foreach (Type type in typeof(PortableTestsRunner).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<TestClassAttribute>() == null)
            {
                continue;
            }

            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                if (method.GetCustomAttribute<TestMethodAttribute>() != null)
                {
                    yield return [type.Name + "." + method.Name];
                }
            }
        }
    }

    [Fact]
    public void PortableTestsAreFound()
    {
        Xunit.Assert.True(Methods().Count() >= 30, "the portable suite should hold the framer, CRC, parser and GCM tests");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Run(string name)
    {
        string[] parts = name.Split('.');
        Type type = typeof(PortableTestsRunner).Assembly.GetTypes().Single(t => t.Name == parts[0] && t.GetCustomAttribute<TestClassAttribute>() != null);
        object? instance = Activator.CreateInstance(type);
        Invoke(type, instance, typeof(SetupAttribute));
        try
        {
            MethodInfo method = type.GetMethod(parts[1])!;
            try
            {
                method.Invoke(method.IsStatic ? null : instance, null);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
        finally
        {
            Invoke(type, instance, typeof(CleanupAttribute));
        }
    }

    private static void Invoke(Type type, object? instance, Type attribute)
    {
        foreach (MethodInfo m in type.GetMethods())
        {
            if (m.GetCustomAttribute(attribute) != null)
            {
                m.Invoke(m.IsStatic ? null : instance, null);
            }
        }
    }
}
