using System.Reflection;
using System.Reflection.Emit;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// Finds what would allocate on nanoCLR in everything reachable from an entry point, by reading the IL: on the
/// interpreter every executed string literal (<c>ldstr</c>) makes a new string, and <c>newarr</c>, <c>newobj</c> of a
/// class and <c>box</c> make objects. The desktop allocation counters cannot see the first (desktop interns
/// literals), so the device's zero-allocation promise is checked here, statically, over every branch.
/// </summary>
/// <remarks>
/// Calls into the project's own code are followed (interface and virtual calls into every implementation in the
/// project, except the platform ports, which belong to the adapters); calls into the BCL must be on a short list of
/// methods known not to allocate. An exception being thrown is not steady state and is not reported.
/// </remarks>
public sealed class IlAllocationScanner
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    // BCL members the hot path may call: none of them allocates.
    private static readonly HashSet<string> AllowedBcl =
    [
        "System.Array.Copy", "System.Array.Clear", "System.Threading.Monitor.Enter", "System.Threading.Monitor.Exit",
        "System.Object..ctor", "System.Math.Min", "System.Math.Max", "System.Array.get_Length",
    ];

    private readonly Func<Type, bool> _isPort;
    private readonly HashSet<string> _exempt;
    private readonly Type[] _projectTypes;
    private readonly HashSet<MethodBase> _seen = new();

    /// <param name="isPort">True for the interfaces the platform implements (not followed).</param>
    /// <param name="exempt">Methods ("Type.Method") that run once per meter or at warm-up, not per telegram.</param>
    public IlAllocationScanner(Func<Type, bool> isPort, IEnumerable<string> exempt, IEnumerable<Assembly> project)
    {
        _isPort = isPort;
        _exempt = new HashSet<string>(exempt);
        _projectTypes = project.SelectMany(a => a.GetTypes()).Where(IsProject).ToArray();
    }

    /// <summary>Methods walked so far.</summary>
    public int MethodsScanned => _seen.Count;

    /// <summary>Every allocation reachable from <paramref name="entry"/>, as "Type.Method: what".</summary>
    public List<string> Scan(MethodBase entry)
    {
        var findings = new List<string>();
        var work = new Stack<MethodBase>();
        work.Push(entry);
        while (work.Count > 0)
        {
            MethodBase method = work.Pop();
            if (!_seen.Add(method) || _exempt.Contains(Name(method)))
            {
                continue;
            }

            ScanBody(method, work, findings);
        }

        return findings;
    }

    private void ScanBody(MethodBase method, Stack<MethodBase> work, List<string> findings)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il == null)
        {
            return;
        }

        Module module = method.Module;
        Type[]? typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
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
            int operand = op.OperandType == OperandType.InlineSwitch ? 4 + (4 * BitConverter.ToInt32(il, pos)) : OperandSize(op.OperandType);
            int token = operand == 4 && op.OperandType != OperandType.InlineSwitch ? BitConverter.ToInt32(il, pos) : 0;
            bool throws = pos + operand < il.Length && il[pos + operand] == OpCodes.Throw.Value;
            string where = Name(method);
            if (op == OpCodes.Ldstr)
            {
                findings.Add($"{where}: string literal \"{module.ResolveString(token)}\" (allocates each time on nanoCLR)");
            }
            else if (op == OpCodes.Newarr)
            {
                findings.Add($"{where}: new {module.ResolveType(token, typeArgs, null).Name}[]");
            }
            else if (op == OpCodes.Box)
            {
                findings.Add($"{where}: boxes a {module.ResolveType(token, typeArgs, null).Name}");
            }
            else if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
            {
                MethodBase target = module.ResolveMethod(token, typeArgs, null)!;
                if (op == OpCodes.Newobj && !target.DeclaringType!.IsValueType && !throws)
                {
                    findings.Add($"{where}: new {target.DeclaringType.Name}");
                }

                Follow(target, op == OpCodes.Callvirt, where, work, findings, throws);
            }

            pos += operand;
        }
    }

    private void Follow(MethodBase target, bool virtualCall, string where, Stack<MethodBase> work, List<string> findings, bool throws)
    {
        Type declaring = target.DeclaringType!;
        if (throws)
        {
            return;
        }

        if (!IsProject(declaring))
        {
            string name = declaring.FullName + "." + target.Name;
            if (!AllowedBcl.Contains(name) && !declaring.IsPrimitive && !declaring.IsEnum)
            {
                findings.Add($"{where}: calls {name}, which is not known to be allocation-free");
            }

            return;
        }

        if (_isPort(declaring))
        {
            return;
        }

        if (virtualCall && (declaring.IsInterface || target.IsVirtual))
        {
            foreach (MethodBase implementation in Implementations((MethodInfo)target))
            {
                work.Push(implementation);
            }
        }

        if (!target.IsAbstract)
        {
            work.Push(target);
        }
    }

    private IEnumerable<MethodBase> Implementations(MethodInfo method)
    {
        Type declaring = method.DeclaringType!;
        foreach (Type type in _projectTypes)
        {
            if (type.IsInterface || type.IsAbstract || !declaring.IsAssignableFrom(type) || type == declaring)
            {
                continue;
            }

            if (declaring.IsInterface)
            {
                InterfaceMapping map = type.GetInterfaceMap(declaring);
                int i = Array.IndexOf(map.InterfaceMethods, method);
                if (i >= 0)
                {
                    yield return map.TargetMethods[i];
                }
            }
            else
            {
                MethodInfo? over = type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                    .FirstOrDefault(m => m.GetBaseDefinition() == method.GetBaseDefinition());
                if (over != null)
                {
                    yield return over;
                }
            }
        }
    }

    // The portable core and the firmware's App layer: what runs on the device.
    private static bool IsProject(Type t) => t.Namespace != null && t.Namespace.StartsWith("OpenAmi", StringComparison.Ordinal)
        && !t.Namespace.StartsWith("OpenAmi.Tests", StringComparison.Ordinal)
        && !t.Namespace.StartsWith("OpenAmi.Desktop", StringComparison.Ordinal)
        && !t.Namespace.StartsWith("OpenAmi.Cli", StringComparison.Ordinal);

    private static string Name(MethodBase m) => m.DeclaringType!.Name + "." + m.Name;

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
