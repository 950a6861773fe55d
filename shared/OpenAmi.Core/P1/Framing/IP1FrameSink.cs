using OpenAmi.P1.Dlms;

namespace OpenAmi.P1.Framing
{
    /// <summary>Receives what a <see cref="P1StreamDecoder"/> finds in a byte stream.</summary>
    public interface IP1FrameSink
    {
        /// <summary>
        /// A complete frame, '/' through '!', in a buffer that is reused after this call returns. A frame with
        /// <see cref="CrcStatus.Bad"/> is reported so it can be counted; it must not be used as data.
        /// </summary>
        void OnFrame(byte[] frame, int length, CrcStatus crc, bool wasEncrypted);

        /// <summary>An encrypted frame could not be opened; <paramref name="status"/> says why.</summary>
        void OnEncryptedFrameRejected(DlmsStatus status);
    }
}
