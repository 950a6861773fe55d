namespace OpenAmi.Capture
{
    /// <summary>
    /// Where a support capture keeps the last telegrams of each port: a ring of <see cref="Slots"/> slots per port,
    /// each written from its start while a telegram arrives and closed by a trailer that makes it valid. Files on the
    /// device's flash (one per slot: a telegram costs one file rewrite, spread by LittleFS, and only while a capture
    /// is on), files in a directory on Linux. A slot whose trailer is missing or does not check is ignored.
    /// </summary>
    public interface ICaptureStore
    {
        /// <summary>Slots per port: how many telegrams are kept.</summary>
        int Slots { get; }

        /// <summary>Empties slot <paramref name="slot"/> of <paramref name="port"/> for a new telegram.</summary>
        void Begin(int port, int slot);

        /// <summary>Appends bytes of the telegram being captured.</summary>
        void Append(int port, int slot, byte[] data, int offset, int count);

        /// <summary>Closes the slot: its telegram and trailer are complete (a device store closes its file here).</summary>
        void End(int port, int slot);

        /// <summary>Reads the last <paramref name="count"/> bytes of a slot (its trailer); returns how many were read.</summary>
        int ReadTail(int port, int slot, byte[] buffer, int count);

        /// <summary>Reads a whole slot (telegram and trailer) into <paramref name="buffer"/>; returns its length, 0 when empty.</summary>
        int Read(int port, int slot, byte[] buffer);
    }

    /// <summary>Where an export goes: a file, the device's console.</summary>
    public interface ICaptureWriter
    {
        void Write(byte[] data, int offset, int count);
    }
}
