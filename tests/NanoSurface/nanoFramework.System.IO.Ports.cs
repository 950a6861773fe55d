// nanoFramework.System.IO.Ports 1.1.139 (assembly System.IO.Ports).
// Source: nanoframework/System.IO.Ports tag v1.1.139, System.IO.Ports/SerialPort.cs, Parity.cs (no Mark, no Space),
// StopBits.cs (no None), Handshake.cs, SerialData.cs, SerialMode.cs, SerialDataReceivedEventArgs.cs.
// InvertSignalLevels since PR #57 (2022).
namespace System.IO.Ports
{
    public enum Parity { None = 0, Odd = 1, Even = 2 }

    public enum StopBits { One = 1, Two = 2, OnePointFive = 3 }

    public enum Handshake { None, XOnXOff, RequestToSend, RequestToSendXOnXOff }

    public enum SerialData { Chars = 1, WatchChar = 2 }

    public enum SerialMode { Normal, RS485 }

    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs() { }
        public SerialData EventType { get { throw null; } }
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }
        public int BaudRate { get { throw null; } set { } }
        public Parity Parity { get { throw null; } set { } }
        public int DataBits { get { throw null; } set { } }
        public StopBits StopBits { get { throw null; } set { } }
        public Handshake Handshake { get { throw null; } set { } }
        public SerialMode Mode { get { throw null; } set { } }
        public string NewLine { get { throw null; } set { } }
        public Stream BaseStream { get { throw null; } }
        public int ReadTimeout { get { throw null; } set { } }
        public int WriteTimeout { get { throw null; } set { } }
        public int ReadBufferSize { get { throw null; } set { } }
        public int WriteBufferSize { get { throw null; } set { } }
        public int ReceivedBytesThreshold { get { throw null; } set { } }
        public char WatchChar { get { throw null; } set { } }
        public bool InvertSignalLevels { get { throw null; } set { } }
        public int BytesToRead { get { throw null; } }
        public bool IsOpen { get { throw null; } }
        public string PortName { get { throw null; } }
        public event SerialDataReceivedEventHandler DataReceived { add { } remove { } }
        public void Open() { }
        public void Close() { }
        public void Dispose() { }
        public static string[] GetPortNames() { throw null; }
        public int Read(byte[] buffer, int offset, int count) { throw null; }
        public int ReadByte() { throw null; }
        public string ReadExisting() { throw null; }
        public string ReadLine() { throw null; }
        public void Write(byte[] buffer, int offset, int count) { }
        public void WriteByte(byte value) { }
        public void Write(string text) { }
        public void WriteLine(string text) { }
    }
}
