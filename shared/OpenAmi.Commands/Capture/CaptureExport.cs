using OpenAmi.Commands;
using OpenAmi.P1.Framing;
using OpenAmi.Text;

namespace OpenAmi.Capture
{
    /// <summary>
    /// Writes a support capture as one file that <c>openami parse</c> reads back: a few comment lines that say what was
    /// redacted and what each port holds, then each port's telegrams, oldest first, redacted by
    /// <see cref="CaptureRedactor"/>. The same capture and key always give the same bytes: nothing in it depends on
    /// when it is exported.
    /// </summary>
    /// <remarks>
    /// The comment lines hold no '/', '!' or parentheses, which would start or shape a frame for the parser. A cold
    /// path: it allocates its buffer and texts when asked, never while the gateway runs.
    /// </remarks>
    public static class CaptureExport
    {
        private const string Preamble =
            "# OpenAMI P1 Gateway support capture. Read it back with: openami parse FILE\r\n"
            + "# Redacted: equipment identifiers, 96.1.x on any channel but the 96.1.4 version, so M-Bus meters' ids too, 42.0.0 and 1-0:0.0.0,\r\n"
            + "#   and text messages, 96.13.x. Each value is replaced by a keyed hash of itself of the same length, HMAC-SHA256 with this\r\n"
            + "#   installation's capture key, so one meter keeps one pseudonym. CRCs are recomputed: a good CRC stays good, a bad one stays bad.\r\n"
            + "# Not redacted: every other byte, as the meter sent it, including the identification line at the start of each telegram,\r\n"
            + "#   where a few meters put their serial number: look at it before you share this file.\r\n";

        /// <summary>
        /// Writes the export of ports 0 to <paramref name="ports"/> - 1 of <paramref name="store"/> to <paramref name="writer"/>;
        /// returns the telegrams written.
        /// </summary>
        public static int Write(ICaptureStore store, int ports, byte[] key, IHmacSha256 hmac, ICaptureWriter writer)
        {
            byte[] buffer = new byte[TelegramCapture.MaxTelegramBytes + TelegramCapture.TrailerBytes];
            var redactor = new CaptureRedactor(key, hmac);
            Say(writer, Preamble);
            int written = 0;
            for (int port = 0; port < ports; port++)
            {
                int[] order = Ordered(store, port, buffer);
                int bad = 0;
                int cut = 0;
                for (int k = 0; k < order.Length; k++)
                {
                    long sequence;
                    int flags;
                    int length = TelegramCapture.Check(buffer, store.Read(port, order[k], buffer), out sequence, out flags);
                    bad += length > 0 && IsBadCrc(buffer, length) ? 1 : 0;
                    cut += (flags & TelegramCapture.FlagCut) != 0 ? 1 : 0;
                }

                Say(writer, "# Port " + (port + 1) + ": " + order.Length + " telegram(s), " + bad + " with a bad CRC, " + cut + " cut off.\r\n");
                for (int k = 0; k < order.Length; k++)
                {
                    long sequence;
                    int flags;
                    int length = TelegramCapture.Check(buffer, store.Read(port, order[k], buffer), out sequence, out flags);
                    if (length <= 0)
                    {
                        continue;
                    }

                    redactor.Redact(buffer, length);
                    writer.Write(buffer, 0, length);
                    if (buffer[length - 1] != 10)
                    {
                        Say(writer, "\r\n"); // a cut-off telegram: the next one starts on its own line
                    }

                    written++;
                }
            }

            return written;
        }

        /// <summary>Whether the telegram in <paramref name="t"/> states a CRC that does not match it.</summary>
        public static bool IsBadCrc(byte[] t, int length)
        {
            for (int i = 1; i < length; i++)
            {
                if (t[i] != (byte)'!' || t[i - 1] != 10)
                {
                    continue;
                }

                int stated = 0;
                int digits = 0;
                for (int at = i + 1; at < length && digits < 4; at++)
                {
                    int v = t[at] >= '0' && t[at] <= '9' ? t[at] - '0' : (t[at] >= 'A' && t[at] <= 'F' ? t[at] - 'A' + 10 : (t[at] >= 'a' && t[at] <= 'f' ? t[at] - 'a' + 10 : -1));
                    if (v < 0)
                    {
                        break;
                    }

                    stated = (stated << 4) | v;
                    digits++;
                }

                return digits > 0 && stated != Crc16Arc.Compute(t, 0, i + 1);
            }

            return false;
        }

        // The valid slots of a port, oldest first.
        private static int[] Ordered(ICaptureStore store, int port, byte[] buffer)
        {
            int slots = store.Slots;
            long[] sequences = new long[slots];
            int[] order = new int[slots];
            int count = 0;
            for (int s = 0; s < slots; s++)
            {
                long sequence;
                int flags;
                if (TelegramCapture.Check(buffer, store.Read(port, s, buffer), out sequence, out flags) >= 0)
                {
                    int at = count++;
                    while (at > 0 && sequences[at - 1] > sequence)
                    {
                        sequences[at] = sequences[at - 1];
                        order[at] = order[at - 1];
                        at--;
                    }

                    sequences[at] = sequence;
                    order[at] = s;
                }
            }

            int[] result = new int[count];
            System.Array.Copy(order, result, count);
            return result;
        }

        private static void Say(ICaptureWriter writer, string text)
        {
            byte[] bytes = Ascii.GetBytes(text);
            writer.Write(bytes, 0, bytes.Length);
        }
    }
}
