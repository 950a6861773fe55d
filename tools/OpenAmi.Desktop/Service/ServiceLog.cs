namespace OpenAmi.Desktop.Service;

/// <summary>
/// The gateway's log lines on stderr. Under systemd (JOURNAL_STREAM set) each line starts with its syslog priority,
/// "&lt;3&gt;" for errors, "&lt;4&gt;" for warnings, "&lt;6&gt;" for information, which journald stores as the
/// line's priority (journalctl -p warning shows only the problems).
/// </summary>
public sealed class ServiceLog(TextWriter stderr, bool journald)
{
    public const int Error = 3;
    public const int Warning = 4;
    public const int Info = 6;

    public TextWriter Writer { get; } = stderr;

    /// <summary>True when lines carry priorities for journald.</summary>
    public bool Journald { get; } = journald;

    /// <summary>True when systemd connected stderr to the journal.</summary>
    public static bool UnderJournald() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("JOURNAL_STREAM"));

    public void Write(int priority, string line)
    {
        lock (Writer)
        {
            Writer.WriteLine(Journald ? $"<{priority}>{line}" : line);
            Writer.Flush();
        }
    }

    public void Failure(string line) => Write(Error, line);

    public void Warn(string line) => Write(Warning, line);

    public void Note(string line) => Write(Info, line);
}
