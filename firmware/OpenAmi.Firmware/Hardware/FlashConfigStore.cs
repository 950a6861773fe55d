using System.Text;
using OpenAmi.Firmware.App;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>The config file on I:\ (deployed with nanoff or written by the console).</summary>
    public sealed class FlashConfigStore : IConfigStore
    {
        public const int MaxBytes = 4096;
        private readonly string _path;

        public FlashConfigStore(string path)
        {
            _path = path;
        }

        public string Read()
        {
            byte[] buffer = new byte[MaxBytes];
            int n = FlashFiles.ReadAll(_path, buffer);
            return n == 0 ? null : Encoding.UTF8.GetString(buffer, 0, n);
        }

        public void Write(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            FlashFiles.Replace(_path, bytes, bytes.Length);
        }
    }
}
