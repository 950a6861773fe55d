using System.Reflection;
using System.Reflection.Emit;

namespace OpenAmi.Tests.Support;

/// <summary>Reads a method's IL, opcode by opcode, to find what it does at run time (here: string literals).</summary>
public static class IlScanner
{
    private static readonly Dictionary<short, OpCode> Codes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(c => c.Value);

    /// <summary>True when the method body holds a <c>ldstr</c> (on nanoCLR every executed one allocates a string).</summary>
    public static bool LoadsAString(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il == null)
        {
            return false;
        }

        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            OpCode code = Codes[value];
            i += code.Size;
            if (code == OpCodes.Ldstr)
            {
                return true;
            }

            i += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }

        return false;
    }
}
