// nanoFramework.System.IO.Ports 1.1.139 (assembly System.IO.Ports).
// Source: nanoframework/System.IO.Ports System.IO.Ports/SerialPort.cs, Parity.cs, StopBits.cs, Handshake.cs,
// SerialDataReceivedEventArgs.cs, as quoted in ../shared/notes/nanoframework.md section 2 and "Exact public API
// signatures". InvertSignalLevels since PR #57 (2022).
namespace System.IO.Ports
{
    public enum Parity { None = 0, Odd = 1, Even = 2, Mark = 3, Space = 4 }

    public enum StopBits { None = 0, One = 1, Two = 2, OnePointFive = 3 }

    public enum Handshake { None, XOnXOff, RequestToSend, RequestToSendXOnXOff }

    public enum SerialData { Chars = 1, WatchChar = 2 }

    public class SerialDataReceivedEventArgs : EventArgs
    {
        public SerialData EventType { get { throw null; } }
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }
        public int BaudRate { get { throw null; } set { } }
        public Parity Parity { get { throw null; } set { } }
        public int DataBits { get { throw null; } set { } }
        public StopBits StopBits { get { throw null; } set { } }
        public Handshake Handshake { get { throw null; } set { } }
        public int ReadTimeout { get { throw null; } set { } }
        public int WriteTimeout { get { throw null; } set { } }
        public int ReadBufferSize { get { throw null; } set { } }
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
        public void Write(byte[] buffer, int offset, int count) { }
        public void WriteByte(byte value) { }
        public void Write(string text) { }
    }
}
