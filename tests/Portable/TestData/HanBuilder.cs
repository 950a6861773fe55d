using OpenAmi.Han.Framing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Builds link frames around test payloads with correct checks, so tests can damage exactly one thing.</summary>
    public static class HanBuilder
    {
        /// <summary>An HDLC frame type 3 (destination 0x41, source 0x0883, control 0x13) around <paramref name="info"/>.</summary>
        public static byte[] Hdlc(byte[] info, bool segmented)
        {
            int frameLength = 2 + 1 + 2 + 1 + 2 + info.Length + 2;
            byte[] f = new byte[frameLength + 2];
            f[0] = 0x7E;
            f[1] = (byte)(0xA0 | (segmented ? 0x08 : 0) | ((frameLength >> 8) & 0x07));
            f[2] = (byte)frameLength;
            f[3] = 0x41;
            f[4] = 0x08;
            f[5] = 0x83;
            f[6] = 0x13;
            int hcs = Crc16X25.Compute(f, 1, 6);
            f[7] = (byte)hcs;
            f[8] = (byte)(hcs >> 8);
            System.Array.Copy(info, 0, f, 9, info.Length);
            int fcs = Crc16X25.Compute(f, 1, 8 + info.Length);
            f[9 + info.Length] = (byte)fcs;
            f[10 + info.Length] = (byte)(fcs >> 8);
            f[f.Length - 1] = 0x7E;
            return f;
        }

        /// <summary>An unsegmented HDLC frame with the LLC header around a data-notification with body <paramref name="body"/>.</summary>
        public static byte[] HdlcPush(byte[] body)
        {
            return Hdlc(Bytes.Concat(Bytes.FromHex("E6E7000F4000000000"), body), false);
        }

        /// <summary>A wired M-Bus long frame with CI <paramref name="ci"/> and the two DLMS transport SAPs before <paramref name="data"/>.</summary>
        public static byte[] Mbus(byte[] data, int ci)
        {
            int l = 3 + 2 + data.Length;
            byte[] f = new byte[l + 6];
            f[0] = 0x68;
            f[1] = (byte)l;
            f[2] = (byte)l;
            f[3] = 0x68;
            f[4] = 0x53;
            f[5] = 0xFF;
            f[6] = (byte)ci;
            f[7] = 0x01;
            f[8] = 0x67;
            System.Array.Copy(data, 0, f, 9, data.Length);
            int sum = 0;
            for (int i = 4; i < 4 + l; i++)
            {
                sum += f[i];
            }

            f[4 + l] = (byte)sum;
            f[5 + l] = 0x16;
            return f;
        }

        /// <summary>Recomputes the FCS of the single HDLC frame in <paramref name="frame"/> after a test changed its information.</summary>
        public static void FixFcs(byte[] frame)
        {
            int fcs = Crc16X25.Compute(frame, 1, frame.Length - 4);
            frame[frame.Length - 3] = (byte)fcs;
            frame[frame.Length - 2] = (byte)(fcs >> 8);
        }
    }
}
