using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace OpenAmi.Tests.Memory;

/// <summary>
/// Estimates what an object graph built on desktop .NET would hold on the 32-bit nanoCLR heap, by reflection, with
/// the costs measured on the real interpreter (../shared/notes/nanoframework.md, section 12):
/// every heap block is 12 bytes; an object is a 12-byte header plus 12 bytes per field whatever its type; a struct
/// held in a field or an array element is a boxed object of its own (so a struct array costs about 48 B an element);
/// a primitive array is a 20-byte header plus its elements, rounded up to whole blocks; a reference array is 12 B a
/// slot; a string is a header plus its UTF-8 bytes and a terminator.
/// </summary>
/// <remarks>
/// Calibration against the interpreter's figures: byte[1000] 1,020 B, short[1000] 2,028 B, int[1000] 4,020 B,
/// long[1000] 8,028 B, object[1000] 12,024 B, struct{long;int}[1000] 48,024 B, a class with 10 int fields 132 B,
/// a 10-character string 24 B (HeapModelCalibrationTests checks each).
/// </remarks>
public sealed class NanoHeapModel
{
    public const int Block = 12;
    private const int ArrayHeader = 20;

    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Type> _staticsSeen = new();
    private readonly Func<object, bool> _isAdapter;
    private readonly Dictionary<string, long> _byType = new();
    private readonly Dictionary<object, string> _labels = new(ReferenceEqualityComparer.Instance);

    /// <param name="isAdapter">True for objects that are not part of the measured runtime (platform adapters,
    /// test doubles): they are neither counted nor walked into.</param>
    public NanoHeapModel(Func<object, bool> isAdapter)
    {
        _isAdapter = isAdapter;
    }

    /// <summary>Bytes counted so far, instance objects and reachable static tables together.</summary>
    public long Total { get; private set; }

    /// <summary>Bytes held by static fields (tables shared by every port), included in <see cref="Total"/>.</summary>
    public long Statics { get; private set; }

    /// <summary>Adds everything reachable from <paramref name="root"/> that was not counted yet; returns the bytes added.</summary>
    public long Add(object? root)
    {
        long before = Total;
        var stack = new Stack<object>();
        Push(root, stack, root?.GetType().Name ?? "?");
        while (stack.Count > 0)
        {
            object o = stack.Pop();
            long size = SizeOf(o, stack);
            Total += size;
            string name = _labels.TryGetValue(o, out string? label) ? label : o.GetType().Name;
            _byType[name] = _byType.GetValueOrDefault(name) + size;
        }

        return Total - before;
    }

    private void AddLabelled(object value, string label)
    {
        if (!_seen.Contains(value))
        {
            _labels[value] = label;
        }

        var stack = new Stack<object>();
        Push(value, stack, label);
        while (stack.Count > 0)
        {
            object o = stack.Pop();
            long size = SizeOf(o, stack);
            Total += size;
            string name = _labels.TryGetValue(o, out string? l) ? l : o.GetType().Name;
            _byType[name] = _byType.GetValueOrDefault(name) + size;
        }
    }

    /// <summary>What holds the most bytes (by owner type and field, or type), largest first.</summary>
    public string Breakdown(int rows)
    {
        var text = new StringBuilder();
        foreach (var pair in _byType.OrderByDescending(p => p.Value).Take(rows))
        {
            text.AppendLine($"  {pair.Value,8:N0} B  {pair.Key}");
        }

        return text.ToString();
    }

    /// <summary>The nanoCLR size of one array or object, without what it references.</summary>
    public static long ShallowSize(object o)
    {
        Type type = o.GetType();
        if (o is string s)
        {
            return RoundUp(Block + Encoding.UTF8.GetByteCount(s) + 1);
        }

        if (type.IsArray)
        {
            var array = (Array)o;
            Type element = type.GetElementType()!;
            return RoundUp(ArrayHeader + (array.Length * (long)ElementCost(element)));
        }

        return Block + (InstanceFields(type).Count() * (long)Block);
    }

    public static long RoundUp(long bytes) => (bytes + Block - 1) / Block * Block;

    private long SizeOf(object o, Stack<object> stack)
    {
        Type type = o.GetType();
        long size = ShallowSize(o);
        if (o is string)
        {
            return size;
        }

        if (type.IsArray)
        {
            Type element = type.GetElementType()!;
            var array = (Array)o;
            if (!element.IsValueType)
            {
                foreach (object? item in array)
                {
                    Push(item, stack, _labels.GetValueOrDefault(o, "?") + "[]");
                }
            }
            else if (!element.IsPrimitive && !element.IsEnum)
            {
                foreach (object? item in array)
                {
                    PushFieldsOf(item!, element, stack);
                }
            }

            return size;
        }

        size += StructFieldExtras(type);
        PushFieldsOf(o, type, stack);
        AddStatics(type, stack);
        return size;
    }

    // A struct in a field is a boxed object of its own: its header and fields come on top of the field's slot.
    private static long StructFieldExtras(Type type)
    {
        long extra = 0;
        foreach (FieldInfo f in InstanceFields(type))
        {
            if (IsStruct(f.FieldType))
            {
                extra += BoxedSize(f.FieldType);
            }
        }

        return extra;
    }

    private static long BoxedSize(Type structType) => Block + (InstanceFields(structType).Count() * (long)Block) + StructFieldExtras(structType);

    private static int ElementCost(Type element)
    {
        if (element.IsEnum)
        {
            element = Enum.GetUnderlyingType(element);
        }

        if (element == typeof(byte) || element == typeof(sbyte) || element == typeof(bool))
        {
            return 1;
        }

        if (element == typeof(short) || element == typeof(ushort) || element == typeof(char))
        {
            return 2;
        }

        if (element == typeof(int) || element == typeof(uint) || element == typeof(float))
        {
            return 4;
        }

        if (element == typeof(long) || element == typeof(ulong) || element == typeof(double))
        {
            return 8;
        }

        return IsStruct(element) ? Block + (int)BoxedSize(element) : Block;
    }

    private static bool IsStruct(Type t) => t.IsValueType && !t.IsPrimitive && !t.IsEnum;

    private void AddStatics(Type type, Stack<object> stack)
    {
        for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            if (!_staticsSeen.Add(t) || !IsProjectType(t))
            {
                continue;
            }

            RuntimeHelpers.RunClassConstructor(t.TypeHandle);
            foreach (FieldInfo f in t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (f.IsLiteral)
                {
                    continue; // a const is metadata, not heap
                }

                object? value = f.GetValue(null);
                if (value == null || f.FieldType.IsPrimitive || f.FieldType.IsEnum)
                {
                    continue;
                }

                long before = Total;
                AddLabelled(value, "static " + t.Name + "." + f.Name);
                Statics += Total - before;
            }
        }
    }

    private void PushFieldsOf(object o, Type type, Stack<object> stack)
    {
        foreach (FieldInfo f in InstanceFields(type))
        {
            if (f.FieldType.IsPrimitive || f.FieldType.IsEnum || f.FieldType.IsPointer)
            {
                continue;
            }

            object? value = f.GetValue(o);
            if (value == null)
            {
                continue;
            }

            if (IsStruct(f.FieldType))
            {
                PushFieldsOf(value, f.FieldType, stack);
            }
            else
            {
                Push(value, stack, type.Name + "." + f.Name);
            }
        }
    }

    private void Push(object? o, Stack<object> stack, string label)
    {
        if (o == null || o is Type || o is MemberInfo || o is Delegate || o is Thread || _isAdapter(o) || !_seen.Add(o))
        {
            return;
        }

        _labels[o] = o.GetType().IsArray || o is string ? label : o.GetType().Name;
        stack.Push(o);
    }

    private static bool IsProjectType(Type t) => t.Namespace != null && t.Namespace.StartsWith("OpenAmi", StringComparison.Ordinal);

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        for (Type? t = type; t != null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
        {
            foreach (FieldInfo f in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                yield return f;
            }
        }
    }
}
