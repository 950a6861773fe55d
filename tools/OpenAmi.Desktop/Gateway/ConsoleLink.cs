using System.Collections.Concurrent;
using System.Text;
using OpenAmi.Mqtt;

namespace OpenAmi.Desktop.Gateway;

/// <summary>
/// The link used when no broker is given: every message is printed as "topic payload" on one line and
/// acknowledged at once, so a new user sees the gateway's output without any setup.
/// </summary>
public sealed class ConsoleLink : IMqttLink
{
    private readonly TextWriter _output;
    private readonly BlockingCollection<int> _acks = [];
    private IMqttLinkListener? _listener;
    private Thread? _acker;
    private int _nextId;

    public ConsoleLink(TextWriter output)
    {
        _output = output;
    }

    public bool IsConnected { get; private set; }

    public void Start(string clientId, string willTopic, byte[] willPayload, IMqttLinkListener listener)
    {
        _listener = listener;
        IsConnected = true;
        // Acknowledgements come from another thread, as a broker's would: never inside Publish.
        _acker = new Thread(() =>
        {
            foreach (int id in _acks.GetConsumingEnumerable())
            {
                _listener.OnPublishAcknowledged(id);
            }
        })
        { IsBackground = true, Name = "console acks" };
        _acker.Start();
        listener.OnConnected();
    }

    public int Publish(byte[] topic, int topicOffset, int topicLength, byte[] payload, int offset, int count, int qos, bool retain)
    {
        lock (_output)
        {
            _output.Write(Encoding.ASCII.GetString(topic, topicOffset, topicLength));
            _output.Write(' ');
            _output.WriteLine(Encoding.UTF8.GetString(payload, offset, count));
            _output.Flush();
        }

        if (qos == 0)
        {
            return 0;
        }

        int id = Interlocked.Increment(ref _nextId) & 0xFFFF;
        id = id == 0 ? 1 : id;
        _acks.Add(id);
        return id;
    }

    public void Subscribe(string topicFilter)
    {
    }

    public void Stop()
    {
        IsConnected = false;
        _acks.CompleteAdding();
        _acker?.Join(TimeSpan.FromSeconds(2));
    }
}
