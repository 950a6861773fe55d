using OpenAmi.Commands;

namespace OpenAmi.Firmware.Hardware
{
    /// <summary>The command state (replay window, grants) as small files on internal flash, replaced atomically.</summary>
    public sealed class FlashBlobStore : IBlobStore
    {
        private readonly string _folder;

        public FlashBlobStore(string folder)
        {
            _folder = folder;
            FlashFiles.EnsureDirectory(folder);
        }

        public int Read(string name, byte[] buffer)
        {
            return FlashFiles.ReadAll(_folder + "\\" + name + ".bin", buffer);
        }

        public void Write(string name, byte[] buffer, int count)
        {
            FlashFiles.Replace(_folder + "\\" + name + ".bin", buffer, count);
        }
    }
}
