using OpenAmi.P1.Dlms;
using System.Diagnostics;
using OpenAmi.Iec62056;
using OpenAmi.P1.Framing;

namespace OpenAmi.Desktop.Sources;

/// <summary>
/// One IEC 62056-21 mode C readout through a serial device: the core's requester driven by a monotonic clock.
/// Returns the readout rendered as P1 text with its BCC verdict, or null with the reason.
/// </summary>
public static class IecReadout
{
    public sealed record Result(byte[]? Text, CrcStatus Check, int Baud, string Identification, string? Error);

    /// <summary>Runs one readout of at most <paramref name="limit"/>; opening the device may throw an <see cref="IOException"/>.</summary>
    public static Result Run(string device, int maxBaud, byte[]? address, TimeSpan limit, CancellationToken cancel = default)
    {
        using var line = new SerialIecLine(device);
        var sink = new Sink();
        var requester = new ModeCRequester(line, sink, ReadoutFramer.DefaultCapacity) { MaxBaudRate = maxBaud };
        sink.Requester = requester;
        requester.SetAddress(address);
        var clock = Stopwatch.StartNew();
        requester.Start(clock.ElapsedMilliseconds);
        while (clock.Elapsed < limit && !cancel.IsCancellationRequested)
        {
            int state = requester.Poll(clock.ElapsedMilliseconds);
            if (state == ModeCRequester.StateDone || state == ModeCRequester.StateFailed)
            {
                break;
            }

            cancel.WaitHandle.WaitOne(10); // the requester is polled: bytes wait in the line's buffer meanwhile
        }

        byte[] source = sink.Text ?? requester.Framer.Buffer;
        string identification = sink.Text != null || requester.Framer.IdentificationLength > 0
            ? System.Text.Encoding.ASCII.GetString(source, 0, IdentificationLength(source))
            : "";
        if (sink.Text == null)
        {
            string why = cancel.IsCancellationRequested ? "stopped before the readout ended"
                : requester.State == ModeCRequester.StateWaitIdentification || identification.Length == 0
                ? "no answer to the sign-on (check the optical head's position and wiring)"
                : "the data message did not arrive whole";
            return new Result(null, CrcStatus.Bad, requester.BaudRate, identification, why);
        }

        return new Result(sink.Text, sink.Check, sink.Baud, identification, null);
    }

    private static int IdentificationLength(byte[] text)
    {
        int n = 0;
        while (n < text.Length && text[n] != 13 && text[n] != 10)
        {
            n++;
        }

        return n;
    }

    private sealed class Sink : IP1FrameSink
    {
        public byte[]? Text;
        public CrcStatus Check;
        public int Baud;
        public ModeCRequester? Requester;

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            Text = frame[..length];
            Check = crc;
            Baud = Requester?.BaudRate ?? 0;
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
        }
    }
}
