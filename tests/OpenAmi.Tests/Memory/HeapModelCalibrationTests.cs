using Xunit;

namespace OpenAmi.Tests.Memory;

/// <summary>The heap model gives the figures measured on the real 32-bit interpreter (notes section 12).</summary>
public class HeapModelCalibrationTests
{
    private struct LongAndInt
    {
        public long A;
        public int B;
    }

    private sealed class TenInts
    {
        public int A, B, C, D, E, F, G, H, I, J;
    }

    private sealed class OneField
    {
        public int A;
    }

    private sealed class Empty
    {
    }

    public static TheoryData<string, object, long> Measured() => new()
    {
        { "byte[1000]", new byte[1000], 1020 },
        { "bool[1000]", new bool[1000], 1020 },
        { "short[1000]", new short[1000], 2028 },
        { "char[1000]", new char[1000], 2028 },
        { "int[1000]", new int[1000], 4020 },
        { "long[1000]", new long[1000], 8028 },
        { "object[1000]", new object[1000], 12024 },
        { "string[1000]", new string[1000], 12024 },
        { "struct{long;int}[1000]", new LongAndInt[1000], 48024 },
        { "class with 10 int fields", new TenInts(), 132 },
        { "class with 1 field", new OneField(), 24 },
        { "empty class", new Empty(), 12 },
        { "10-character string", "abcdefghij", 24 },
    };

    [Theory]
    [MemberData(nameof(Measured))]
    public void ModelGivesTheInterpretersFigures(string what, object value, long bytes)
    {
        var model = new NanoHeapModel(_ => false);
        Assert.True(bytes == model.Add(value), $"{what}: model {model.Total} B, nanoCLR {bytes} B");
    }
}
