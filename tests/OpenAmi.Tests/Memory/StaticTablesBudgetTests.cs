using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// The static tables of the portable assemblies, on the device heap from boot: nanoCLR runs every static constructor
/// when it loads an assembly, whether the runtime uses the type or not, so HeapBudgetTests (which walks the runtime's
/// objects) does not see them all. Estimated with the same model; the interpreter adds its own per-assembly tables on
/// top (measured on nanoCLR as free heap with and without the three assemblies loaded: see the board docs).
/// </summary>
public class StaticTablesBudgetTests(ITestOutputHelper output)
{
    /// <summary>
    /// What the static tables of the three assemblies may hold from boot (16.2 KB today, from 33.7 KB before the
    /// OBIS names, the HAN tables, Home Assistant's, GHASH's and the command answers' were made on first use: tables
    /// only a feature needs are built when it first runs, and counted with it).
    /// </summary>
    public const long Budget = 18 * 1024;

    [Fact]
    public void StaticTablesOfThePortableAssembliesStayBounded()
    {
        // A fresh copy of the assemblies, as at boot: tables built on first use by other tests in this process are not.
        var boot = new BootContext();
        var model = new NanoHeapModel(_ => false);
        var perType = new List<(string Type, long Bytes)>();
        foreach (string name in new[] { "OpenAmi.Core", "OpenAmi.Commands", "OpenAmi.Meters" })
        {
            Assembly assembly = boot.LoadFromAssemblyName(new AssemblyName(name));
            foreach (Type type in assembly.GetTypes().Where(t => !t.IsGenericTypeDefinition))
            {
                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
                long before = model.Total;
                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsLiteral && !field.FieldType.IsPrimitive && !field.FieldType.IsEnum)
                    {
                        model.Add(field.GetValue(null));
                    }
                }

                if (model.Total > before)
                {
                    perType.Add((assembly.GetName().Name + ": " + type.FullName, model.Total - before));
                }
            }
        }

        output.WriteLine($"static tables of OpenAmi.Core, OpenAmi.Commands and OpenAmi.Meters: {model.Total:N0} B; budget {Budget:N0} B");
        foreach (var (type, bytes) in perType.OrderByDescending(p => p.Bytes).Take(25))
        {
            output.WriteLine($"  {bytes,8:N0} B  {type}");
        }

        Assert.True(model.Total <= Budget, $"the static tables hold {model.Total:N0} B, over {Budget:N0} B");
    }

    private sealed class BootContext() : AssemblyLoadContext("boot", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name) =>
            name.Name!.StartsWith("OpenAmi.", StringComparison.Ordinal) ? LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll")) : null;
    }
}
