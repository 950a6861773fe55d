using OpenAmi.Han.Axdr;
using OpenAmi.P1.Obis;

namespace OpenAmi.Han.Lists
{
    /// <summary>
    /// Recognising a list's shape before it is read: whether capture-object descriptors come first, which row of
    /// <see cref="ListScalerTable"/> or <see cref="PositionalListTable"/> fits, where the meter id sits, and what
    /// kind of value each node holds.
    /// </summary>
    public sealed partial class PushListReader
    {
        // The number of top-level elements when the list starts with its capture-object descriptors, else 0.
        private int DescribedCount(int count)
        {
            AxdrNodes nodes = _nodes;
            if (nodes.TypeOf(0) != AxdrType.Structure || count < 2 || nodes.TypeOf(1) != AxdrType.Array || nodes.LengthOf(1) != count)
            {
                return 0;
            }

            int descriptor = 2;
            for (int i = 0; i < count; i++)
            {
                if (descriptor >= nodes.Count || nodes.TypeOf(descriptor) != AxdrType.Structure || nodes.LengthOf(descriptor) != 4
                    || nodes.TypeOf(descriptor + 1) != AxdrType.LongUnsigned || !nodes.IsObis(descriptor + 2))
                {
                    return 0;
                }

                descriptor = nodes.Skip(descriptor);
            }

            return count;
        }

        private int FindDescribedScalerRow(int count, int makerOffset, long pushSetup)
        {
            // The device name (0-0:42.0.0, e.g. "LGZ1030653520967") names the maker; else the system title does.
            AxdrNodes nodes = _nodes;
            int value = nodes.Skip(1);
            int descriptor = nodes.Skip(2);
            for (int p = 1; p < count; p++)
            {
                if (nodes.ObisKeyOf(descriptor + 2) == DeviceName && AxdrType.IsString(nodes.TypeOf(value)))
                {
                    return ListScalerTable.Find(_data, nodes.StartOf(value), nodes.LengthOf(value), false, pushSetup);
                }

                value = nodes.Skip(value);
                descriptor = nodes.Skip(descriptor);
            }

            return makerOffset >= 0 ? ListScalerTable.Find(_data, makerOffset, 3, false, pushSetup) : -1;
        }

        private int MatchPositional(int first, int count)
        {
            for (int row = 0; row < PositionalListTable.Count; row++)
            {
                if (PositionalListTable.PositionsOf(row) != count)
                {
                    continue;
                }

                int n = first;
                int p = 0;
                while (p < count && Fits(PositionalListTable.SignatureAt(row, p), KindOf(n)))
                {
                    n = _nodes.Skip(n);
                    p++;
                }

                if (p < count)
                {
                    continue;
                }

                int idNode = IdNodeOfRow(row, first);
                if (idNode < 0 || PositionalListTable.IdMatches(row, _data, _nodes.StartOf(idNode), _nodes.LengthOf(idNode)))
                {
                    return row;
                }
            }

            return -1;
        }

        private int IdNodeOfRow(int row, int first)
        {
            int position = PositionalListTable.IdPositionOf(row);
            if (position < 0)
            {
                return -1;
            }

            int n = first;
            for (int p = 0; p < position; p++)
            {
                n = _nodes.Skip(n);
            }

            return n;
        }

        // A list's identifier: a printable string first in the list, or the value of 1-1:0.2.129 first in it.
        private int ListIdNode(int first, int count)
        {
            AxdrNodes nodes = _nodes;
            if (count == 0 || first >= nodes.Count)
            {
                return -1;
            }

            if (IsPrintable(first))
            {
                return first;
            }

            if (nodes.TypeOf(first) == AxdrType.Structure && nodes.LengthOf(first) >= 2 && nodes.IsObis(first + 1)
                && nodes.ObisKeyOf(first + 1) == ListVersion)
            {
                int value = nodes.Skip(first + 1);
                return IsPrintable(value) ? value : -1;
            }

            return -1;
        }

        private static bool Fits(byte wanted, char kind)
        {
            if (wanted == (byte)'S')
            {
                return kind == 'S' || kind == 'O';
            }

            return wanted == (byte)kind;
        }

        // N number, O a 6-byte octet string (an OBIS code), T a date-time, S another string, X anything else.
        private char KindOf(int node)
        {
            AxdrNodes nodes = _nodes;
            int type = nodes.TypeOf(node);
            if (AxdrType.IsInteger(type))
            {
                return 'N';
            }

            if (type == AxdrType.DateTime)
            {
                return 'T';
            }

            if (!AxdrType.IsString(type))
            {
                return 'X';
            }

            int length = nodes.LengthOf(node);
            if (type == AxdrType.OctetString && length == 6)
            {
                return 'O';
            }

            if (type == AxdrType.OctetString && length == DlmsDateTime.Length && DlmsDateTime.LooksLike(_data, nodes.StartOf(node)))
            {
                return 'T';
            }

            return 'S';
        }

        private bool IsScalerUnit(int node)
        {
            AxdrNodes nodes = _nodes;
            return node < nodes.Count && nodes.TypeOf(node) == AxdrType.Structure && nodes.LengthOf(node) == 2
                && node + 2 < nodes.Count && nodes.TypeOf(node + 1) == AxdrType.Integer && nodes.TypeOf(node + 2) == AxdrType.Enum;
        }

        private bool IsPrintable(int node)
        {
            AxdrNodes nodes = _nodes;
            if (!AxdrType.IsString(nodes.TypeOf(node)))
            {
                return false;
            }

            int length = nodes.LengthOf(node);
            int start = nodes.StartOf(node);
            if (length == 0 || length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                byte b = _data[start + i];
                if (b < 0x20 || b > 0x7E)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
