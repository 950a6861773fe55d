using OpenAmi.Meters;
using OpenAmi.P1.Framing;
using OpenAmi.P1.Values;

namespace OpenAmi.Desktop.Telegrams;

/// <summary>
/// What a tool prints about a frame besides its objects: the format it came in, its link check, the meter's
/// notification time (DLMS pushes), and which objects hold strings (DLMS pushes carry them as hex). Taken while
/// the decoder delivers the frame.
/// </summary>
public sealed class FrameInfo
{
    private readonly HashSet<int> _strings = new();

    public int Format { get; private set; }

    public CrcStatus Check { get; private set; }

    public P1Timestamp? Notification { get; private set; }

    public string FormatName => MeterFormat.NameOf(Format);

    public string CheckName => Check switch
    {
        CrcStatus.Ok => "ok",
        CrcStatus.Bad => "bad",
        _ => "none",
    };

    public bool IsString(int objectIndex) => _strings.Contains(objectIndex);

    /// <summary>Fills this from <paramref name="decoder"/> during its sink's OnFrame.</summary>
    public void Take(MeterStreamDecoder decoder, CrcStatus check, int objects)
    {
        Format = decoder.Format;
        Check = check;
        Notification = null;
        _strings.Clear();
        if (decoder.Han == null)
        {
            return;
        }

        if (decoder.Han.TryGetNotificationTime(out P1Timestamp stamp))
        {
            Notification = stamp;
        }

        for (int i = 0; i < objects; i++)
        {
            if (decoder.Han.IsStringObject(i))
            {
                _strings.Add(i);
            }
        }
    }
}
