using System.Reflection;

namespace OpenAmi.Tests.Support;

/// <summary>
/// Estimates what an object graph holds on the 32-bit nanoCLR heap, by reflection, with the costs measured on the
/// real interpreter (shared/notes/nanoframework.md, section 12): an object is 12 bytes plus 12 per field whatever its
/// type; a primitive array is compact (byte[1000] 1,020 B, short[1000] 2,028 B, int[1000] 4,020 B, long[1000]
/// 8,028 B); an array of references 12 B a slot; an array of structs about 48 B an element. Static fields are not
/// counted (they are shared by every port); objects for which <paramref name="exclude"/> says so are not walked.
/// </summary>
public static class NanoHeapModel
{
    public static long Estimate(object root, Func<object, bool> exclude)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        long total = 0;
        while (pending.Count > 0)
        {
            object o = pending.Pop();
            if (!seen.Add(o) || exclude(o))
            {
                continue;
            }

            Type type = o.GetType();
            if (o is Array array)
            {
                Type element = type.GetElementType()!;
                total += ArrayBytes(element, array.Length);
                if (!element.IsValueType)
                {
                    foreach (object? item in array)
                    {
                        if (item != null)
                        {
                            pending.Push(item);
                        }
                    }
                }

                continue;
            }

            if (o is string s)
            {
                total += 12 + s.Length + 1 + 11; // 10 characters measured 24 B
                continue;
            }

            FieldInfo[] fields = InstanceFields(type);
            total += 12 + (12L * fields.Length);
            foreach (FieldInfo field in fields)
            {
                if (!field.FieldType.IsValueType && field.GetValue(o) is object child)
                {
                    pending.Push(child);
                }
            }
        }

        return total;
    }

    private static long ArrayBytes(Type element, int length)
    {
        if (!element.IsValueType)
        {
            return 24 + (12L * length);
        }

        if (!element.IsPrimitive && !element.IsEnum)
        {
            return 24 + (48L * length);
        }

        return SizeOf(element.IsEnum ? Enum.GetUnderlyingType(element) : element) switch
        {
            1 => 20 + length,
            2 => 28 + (2L * length),
            4 => 20 + (4L * length),
            _ => 28 + (8L * length),
        };
    }

    private static int SizeOf(Type t) =>
        t == typeof(byte) || t == typeof(sbyte) || t == typeof(bool) ? 1
        : t == typeof(short) || t == typeof(ushort) || t == typeof(char) ? 2
        : t == typeof(int) || t == typeof(uint) || t == typeof(float) ? 4
        : 8;

    private static FieldInfo[] InstanceFields(Type type)
    {
        var fields = new List<FieldInfo>();
        for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            fields.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
        }

        return [.. fields];
    }
}
