namespace OpenAmi.Tests.Support;

/// <summary>Locates the repository root (the folder with OpenAmi.Firmware.sln) from the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "OpenAmi.Firmware.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("OpenAmi.Firmware.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures", "p1");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);
}
