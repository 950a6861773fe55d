using System.Reflection;
using System.Reflection.Emit;
using nanoFramework.TestFramework;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// Runs every [TestClass] of tests/Portable under xunit exactly as nanoFramework.UnitTestLauncher runs it on
/// nanoCLR: one row per class; [Setup] once before the class's first test and [Cleanup] once after its last; every
/// [TestMethod] called with no instance (this is null), so a test that keeps state in instance fields fails here as
/// it does on the device.
/// </summary>
public class PortableTestsRunner
{
    public static IEnumerable<object[]> Classes()
    {
        foreach (Type type in TestClasses())
        {
            yield return [type.Name];
        }
    }

    [Fact]
    public void PortableTestsAreFound()
    {
        int methods = TestClasses().Sum(t => TestMethods(t).Count());
        Xunit.Assert.True(methods >= 30, "the portable suite should hold the framer, CRC, parser and GCM tests");
    }

    [Fact]
    public void TestsRunWithoutAnInstanceAsOnTheDevice()
    {
        // The launcher's semantics, proven on a class of this file: instance state is never there.
        List<string> failures = RunClass(typeof(InstanceStateProbe));
        Xunit.Assert.Single(failures);
        Xunit.Assert.Contains(nameof(InstanceStateProbe.UsesAnInstanceField), failures[0]);
        Xunit.Assert.Equal(1, InstanceStateProbe.SetupRuns);
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Run(string className)
    {
        Type type = TestClasses().Single(t => t.Name == className);
        List<string> failures = RunClass(type);
        Xunit.Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private static List<string> RunClass(Type type)
    {
        var failures = new List<string>();
        foreach (MethodInfo setup in Marked(type, typeof(SetupAttribute)))
        {
            CallWithoutInstance(setup);
        }

        foreach (MethodInfo method in TestMethods(type))
        {
            try
            {
                CallWithoutInstance(method);
            }
            catch (Exception e)
            {
                failures.Add($"{type.Name}.{method.Name}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }

        foreach (MethodInfo cleanup in Marked(type, typeof(CleanupAttribute)))
        {
            CallWithoutInstance(cleanup);
        }

        return failures;
    }

    // Instance methods are entered with a null 'this' through a plain IL call, as the launcher does.
    private static void CallWithoutInstance(MethodInfo method)
    {
        var call = new DynamicMethod("call_" + method.Name, null, Type.EmptyTypes, typeof(PortableTestsRunner).Module, skipVisibility: true);
        ILGenerator il = call.GetILGenerator();
        if (!method.IsStatic)
        {
            il.Emit(OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Call, method);
        il.Emit(OpCodes.Ret);
        var invoke = (Action)call.CreateDelegate(typeof(Action));
        invoke();
    }

    private static IEnumerable<Type> TestClasses() =>
        typeof(PortableTestsRunner).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<TestClassAttribute>() != null && t != typeof(InstanceStateProbe))
            .OrderBy(t => t.Name);

    private static IEnumerable<MethodInfo> TestMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<TestMethodAttribute>() != null)
            .OrderBy(m => m.MetadataToken);

    private static IEnumerable<MethodInfo> Marked(Type type, Type attribute) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.GetCustomAttribute(attribute) != null);

    /// <summary>A test class that keeps state the way the device does not allow, to prove the runner's semantics.</summary>
    [TestClass]
    public class InstanceStateProbe
    {
        public static int SetupRuns;

        private int _field;

        [Setup]
        public void Setup()
        {
            SetupRuns++;
        }

        [TestMethod]
        public void UsesAnInstanceField()
        {
            _field++;
        }

        [TestMethod]
        public void UsesNoInstanceState()
        {
            SetupRuns += 0;
        }
    }
}
