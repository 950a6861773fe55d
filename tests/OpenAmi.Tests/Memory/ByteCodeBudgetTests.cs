using System.Reflection;
using System.Reflection.Emit;
using OpenAmi.Commands;
using OpenAmi.Gateway;
using Xunit;
using Xunit.Abstractions;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// Each portable assembly still builds for the device: the nanoFramework MetadataProcessor refuses an assembly whose
/// byte code passes 64 KB ("Byte code table overflow … impossible to compile such a large assembly"). Its byte code
/// is the IL with every metadata token (4 bytes in IL) written in 2, so it is estimated here from the desktop build.
/// </summary>
/// <remarks>
/// Checked against the real MetadataProcessor (a scratch build, not part of the repository): the core at 65,122 B by
/// this estimate converted, the same core with 1,047 B more did not.
/// </remarks>
public class ByteCodeBudgetTests(ITestOutputHelper output)
{
    /// <summary>The MetadataProcessor's limit: byte code offsets are 16 bits.</summary>
    public const int Limit = 65535;

    /// <summary>Room kept free, so that one more feature does not break the device build unnoticed.</summary>
    public const int Headroom = 4096;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static TheoryData<string> Assemblies() => ["OpenAmi.Core", "OpenAmi.Commands", "OpenAmi.Meters"];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void EachPortableAssemblyFitsTheMetadataProcessor(string name)
    {
        Assembly assembly = new[] { typeof(GatewayRuntime).Assembly, typeof(CommandProcessor).Assembly, typeof(PortDecoder).Assembly }
            .Single(a => a.GetName().Name == name);
        long bytes = EstimateByteCode(assembly);
        output.WriteLine($"{name}: about {bytes:N0} B of nanoFramework byte code; the limit is {Limit:N0} B");
        Assert.True(bytes <= Limit - Headroom, $"{name} holds about {bytes:N0} B of byte code, within {Headroom:N0} B of the MetadataProcessor's limit of {Limit:N0} B: move a part into an assembly of its own");
    }

    public static long EstimateByteCode(Assembly assembly) => EstimateByteCode(assembly.GetTypes());

    /// <summary>The firmware application is one assembly on the device too: App/ (measured here) plus Program.cs and Hardware/.</summary>
    [Fact]
    public void TheFirmwareAppFitsTheMetadataProcessor()
    {
        // App/ is compiled into this test assembly; Program.cs and Hardware/ (not built here) are given 12 KB.
        const int ProgramAndHardware = 12 * 1024;
        long bytes = EstimateByteCode(typeof(OpenAmi.Firmware.App.FirmwareHost).Assembly.GetTypes()
            .Where(t => (t.Namespace ?? "").StartsWith("OpenAmi.Firmware.App", StringComparison.Ordinal)));
        output.WriteLine($"OpenAmi.Firmware App/: about {bytes:N0} B of nanoFramework byte code (+{ProgramAndHardware:N0} B for Program.cs and Hardware/); the limit is {Limit:N0} B");
        Assert.True(bytes + ProgramAndHardware <= Limit - Headroom, $"the firmware holds about {bytes + ProgramAndHardware:N0} B of byte code: move a part into an assembly of its own");
    }

    public static long EstimateByteCode(IEnumerable<Type> types)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        long total = 0;
        foreach (Type type in types)
        {
            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il != null)
                {
                    total += ByteCodeOf(il);
                }
            }
        }

        return total;
    }

    private static int ByteCodeOf(byte[] il)
    {
        int size = il.Length;
        int pos = 0;
        while (pos < il.Length)
        {
            short value = il[pos];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[pos + 1]);
                pos++;
            }

            pos++;
            OpCode op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineString:
                case OperandType.InlineTok:
                case OperandType.InlineSig:
                    size -= 2; // a token: 4 bytes in IL, 2 in nanoFramework byte code
                    pos += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    pos += 1;
                    break;
                case OperandType.InlineVar:
                    pos += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    pos += 8;
                    break;
                case OperandType.InlineSwitch:
                    pos += 4 + (4 * BitConverter.ToInt32(il, pos));
                    break;
                default:
                    pos += 4;
                    break;
            }
        }

        return size;
    }
}
