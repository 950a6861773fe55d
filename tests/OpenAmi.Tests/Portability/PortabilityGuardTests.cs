using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Portability;

/// <summary>The core and the portable tests stay inside nanoFramework 1.x; the guard itself can fail.</summary>
public class PortabilityGuardTests
{
    private static string CoreFolder => Path.Combine(RepoPaths.Root, "shared", "OpenAmi.Core");

    [Fact]
    public void CoreUsesOnlyTheNanoFrameworkSubset()
    {
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(CoreFolder, "packages.config"));
        var sources = NanoPortabilityGuard.SourcesIn(CoreFolder);
        Assert.True(sources.Count >= 20);
        List<string> violations = NanoPortabilityGuard.Check(sources, packages);
        Assert.True(violations.Count == 0, "shared/ leaves the nanoFramework 1.x subset:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void PortableTestsUseOnlyTheNanoFrameworkSubset()
    {
        string testsProject = Path.Combine(RepoPaths.Root, "tests", "OpenAmi.NanoTests");
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(testsProject, "packages.config"));
        var sources = NanoPortabilityGuard.SourcesIn(CoreFolder);
        sources.AddRange(NanoPortabilityGuard.SourcesIn(Path.Combine(RepoPaths.Root, "tests", "Portable")));
        sources.AddRange(NanoPortabilityGuard.SourcesIn(FirmwareAppFolder));
        List<string> violations = NanoPortabilityGuard.Check(sources, packages);
        Assert.True(violations.Count == 0, "tests/Portable leaves the nanoFramework 1.x subset:\n" + string.Join("\n", violations));
    }

    private static string FirmwareFolder => Path.Combine(RepoPaths.Root, "firmware", "OpenAmi.Firmware");

    private static string FirmwareAppFolder => Path.Combine(FirmwareFolder, "App");

    [Fact]
    public void FirmwareCompilesAgainstTheDeclaredNanoFrameworkPackages()
    {
        // Program.cs and Hardware/ call nanoFramework itself: they must compile against exactly the packages the
        // firmware's packages.config pins, declared in tests/NanoSurface from those packages' sources.
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(FirmwareFolder, "packages.config"));
        var sources = NanoPortabilityGuard.SourcesIn(CoreFolder);
        var firmware = NanoPortabilityGuard.SourcesIn(FirmwareFolder);
        Assert.Contains(firmware, s => s.Path.EndsWith("Program.cs"));
        Assert.Contains(firmware, s => s.Path.Contains("Hardware") && s.Text.Contains("InvertSignalLevels"));
        sources.AddRange(firmware);
        List<string> violations = NanoPortabilityGuard.Check(sources, packages);
        Assert.True(violations.Count == 0, "firmware/ does not compile against the pinned nanoFramework packages:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void FirmwareAppLayerUsesOnlyTheCoreLibrary()
    {
        // App/ runs in the desktop simulation and on nanoCLR tests, so it may use mscorlib and the core only.
        var sources = NanoPortabilityGuard.SourcesIn(CoreFolder);
        sources.AddRange(NanoPortabilityGuard.SourcesIn(FirmwareAppFolder));
        List<string> violations = NanoPortabilityGuard.Check(sources, ["nanoFramework.CoreLibrary"]);
        Assert.True(violations.Count == 0, "firmware/App reaches past mscorlib:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void FirmwareCallToAnUndeclaredPackageApiFails()
    {
        // The surface is narrow on purpose: an API the package does not have (here a desktop-only overload) fails.
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(FirmwareFolder, "packages.config"));
        var bad = new List<(string, string)>
        {
            ("Bad.cs", "class C { void M() { var p = new System.IO.Ports.SerialPort(\"COM2\"); p.DiscardInBuffer(); } }"),
            ("Bad2.cs", "class D { void M() { nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(\"32\", 1); } }"),
        };
        List<string> violations = NanoPortabilityGuard.Check(bad, packages);
        Assert.Contains(violations, v => v.Contains("DiscardInBuffer"));
        Assert.Contains(violations, v => v.StartsWith("Bad2.cs"));
    }

    public static TheoryData<string, string> KnownBadSamples() => new()
    {
        { "generic collection", "class C { System.Collections.Generic.List<int> items; }" },
        { "own generic type", "class Box<T> { T value; }" },
        { "generic method", "class C { void M<T>(T x) { } }" },
        { "LINQ", "using System.Linq; class C { int M(int[] a) { return a.Count(); } }" },
        { "LINQ query", "class C { object M(int[] a) { return from x in a select x; } }" },
        { "string.Join", "class C { string M(string[] a) { return string.Join(\",\", a); } }" },
        { "string.Replace", "class C { string M(string a) { return a.Replace(\"a\", \"b\"); } }" },
        { "char.IsDigit", "class C { bool M(char c) { return char.IsDigit(c); } }" },
        { "Math.Round with digits", "class C { double M(double d) { return System.Math.Round(d, 2); } }" },
        { "Encoding.ASCII", "class C { byte[] M(string s) { return System.Text.Encoding.ASCII.GetBytes(s); } }" },
        { "record", "record R(int A);" },
        { "file-scoped namespace (C# 10)", "namespace N; class C { }" },
        { "tuple", "class C { (int, int) M() { return (1, 2); } }" },
        { "nullable value type", "class C { int? x; }" },
        { "async", "class C { async void M() { } }" },
        { "yield", "class C { System.Collections.IEnumerable M() { yield return 1; } }" },
        { "multi-dimensional array", "class C { int[,] grid = new int[2, 2]; }" },
        { "Span", "class C { void M(byte[] b) { System.Span<byte> s = b; } }" },
        { "DateTime.Now", "class C { System.DateTime M() { return System.DateTime.Now; } }" },
        { "OverflowException", "class C { void M() { throw new System.OverflowException(); } }" },
        { "Array.Resize", "class C { void M(byte[] b) { System.Array.Resize(ref b, 3); } }" },
    };

    [Theory]
    [MemberData(nameof(KnownBadSamples))]
    public void GuardRejectsKnownBadSamples(string what, string code)
    {
        List<string> violations = NanoPortabilityGuard.Check([("known-bad.cs", code)], []);
        Assert.True(violations.Count > 0, $"the guard let {what} through");
    }

    [Fact]
    public void GuardAcceptsPlainNanoFrameworkCode()
    {
        const string Code = """
            using System;
            using System.Collections;
            namespace N
            {
                public sealed class Counter : IDisposable
                {
                    private readonly ArrayList _seen = new ArrayList();
                    private static readonly byte[] Table = { 1, 2, 3 };
                    public int Count { get; private set; }
                    public event EventHandler Changed;
                    public string Describe(int[] values, char c)
                    {
                        foreach (int v in values) { _seen.Add(v); }
                        lock (_seen) { Count = _seen.Count + Table.Length; }
                        string s = "n=" + Count + c.ToUpper();
                        switch (s) { case "a": return s.Substring(1, 2); default: return s.Trim() + $"{Count}"; }
                    }
                    public void Dispose() { if (Changed != null) { Changed(this, EventArgs.Empty); } }
                }
            }
            """;
        List<string> violations = NanoPortabilityGuard.Check([("known-good.cs", Code)], []);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void PackagesOutsideThePackagesConfigAreNotVisible()
    {
        const string Code = "class C { System.Text.StringBuilder sb = new System.Text.StringBuilder(); }";
        Assert.NotEmpty(NanoPortabilityGuard.Check([("needs-text.cs", Code)], []));
        Assert.Empty(NanoPortabilityGuard.Check([("needs-text.cs", Code)], ["nanoFramework.System.Text"]));
    }
}
