namespace OpenAmi.Han.Axdr
{
    /// <summary>A-XDR data type tags (IEC 62056-6-2) that push lists use, and the size of the fixed ones.</summary>
    public static class AxdrType
    {
        public const byte Null = 0x00;
        public const byte Array = 0x01;
        public const byte Structure = 0x02;
        public const byte Boolean = 0x03;
        public const byte BitString = 0x04;
        public const byte DoubleLong = 0x05;
        public const byte DoubleLongUnsigned = 0x06;
        public const byte OctetString = 0x09;
        public const byte VisibleString = 0x0A;
        public const byte Utf8String = 0x0C;
        public const byte Bcd = 0x0D;
        public const byte Integer = 0x0F;
        public const byte Long = 0x10;
        public const byte Unsigned = 0x11;
        public const byte LongUnsigned = 0x12;
        public const byte Long64 = 0x14;
        public const byte Long64Unsigned = 0x15;
        public const byte Enum = 0x16;
        public const byte Float32 = 0x17;
        public const byte Float64 = 0x18;
        public const byte DateTime = 0x19;
        public const byte Date = 0x1A;
        public const byte Time = 0x1B;

        /// <summary>Bytes of a fixed-size value of type <paramref name="type"/>; -1 for variable or unknown types.</summary>
        public static int FixedSize(int type)
        {
            switch (type)
            {
                case Null: return 0;
                case Boolean:
                case Bcd:
                case Integer:
                case Unsigned:
                case Enum: return 1;
                case Long:
                case LongUnsigned: return 2;
                case DoubleLong:
                case DoubleLongUnsigned:
                case Float32:
                case Time: return 4;
                case Date: return 5;
                case Long64:
                case Long64Unsigned:
                case Float64: return 8;
                case DateTime: return 12;
                default: return -1;
            }
        }

        /// <summary>True for the integer types, whose value <see cref="AxdrNodes.ReadInteger"/> reads.</summary>
        public static bool IsInteger(int type)
        {
            return type == DoubleLong || type == DoubleLongUnsigned || type == Integer || type == Long
                || type == Unsigned || type == LongUnsigned || type == Long64 || type == Long64Unsigned
                || type == Enum || type == Bcd || type == Boolean;
        }

        /// <summary>True for octet, visible and UTF-8 strings.</summary>
        public static bool IsString(int type)
        {
            return type == OctetString || type == VisibleString || type == Utf8String;
        }
    }
}
