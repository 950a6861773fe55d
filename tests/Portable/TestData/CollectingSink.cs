using OpenAmi.P1.Dlms;
using System.Collections;
using OpenAmi.P1.Framing;

namespace OpenAmi.Tests.Portable
{
    /// <summary>Keeps a copy of every frame a decoder delivers, for tests to inspect.</summary>
    public sealed class CollectingSink : IP1FrameSink
    {
        private readonly ArrayList _frames = new ArrayList();
        private readonly ArrayList _crcs = new ArrayList();
        private readonly ArrayList _encrypted = new ArrayList();
        private readonly ArrayList _rejections = new ArrayList();

        public int Count
        {
            get { return _frames.Count; }
        }

        public int RejectionCount
        {
            get { return _rejections.Count; }
        }

        public byte[] Frame(int index)
        {
            return (byte[])_frames[index];
        }

        public CrcStatus Crc(int index)
        {
            return (CrcStatus)_crcs[index];
        }

        public bool WasEncrypted(int index)
        {
            return (bool)_encrypted[index];
        }

        public DlmsStatus Rejection(int index)
        {
            return (DlmsStatus)(int)_rejections[index];
        }

        public void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted)
        {
            byte[] copy = new byte[length];
            System.Array.Copy(frame, 0, copy, 0, length);
            _frames.Add(copy);
            _crcs.Add(crc);
            _encrypted.Add(wasEncrypted);
        }

        public void OnEncryptedFrameRejected(DlmsStatus status)
        {
            _rejections.Add((int)status);
        }
    }
}
