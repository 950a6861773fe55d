using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Portability;

/// <summary>The core and the portable tests stay inside nanoFramework 1.x; the guard itself can fail.</summary>
public class PortabilityGuardTests
{
    private static string CoreFolder => Path.Combine(RepoPaths.Root, "shared", "OpenAmi.Core");

    /// <summary>The portable libraries, each its own nanoFramework assembly: the core, commands, meter formats.</summary>
    public static readonly string[] SharedLibraries = ["OpenAmi.Core", "OpenAmi.Commands", "OpenAmi.Meters"];

    // Every portable library's sources: what the firmware, the bench and the portable tests compile with.
    private static List<(string Path, string Text)> SharedSources()
    {
        var sources = new List<(string Path, string Text)>();
        foreach (string library in SharedLibraries)
        {
            sources.AddRange(NanoPortabilityGuard.SourcesIn(Path.Combine(RepoPaths.Root, "shared", library)));
        }

        return sources;
    }

    [Fact]
    public void TheGuardCompilesAgainstTheRealMscorlibOfThePinnedCoreLibrary()
    {
        // The real assembly, restored from NuGet, is the one every packages.config pins; no hand-written corlib remains.
        Assert.True(File.Exists(NanoPortabilityGuard.MscorlibPath));
        string folderOfSurfaces = Path.Combine(RepoPaths.Root, "tests", "NanoSurface");
        Assert.False(File.Exists(Path.Combine(folderOfSurfaces, NanoPortabilityGuard.CoreLibraryPackage + ".cs")));
        foreach (string config in new[] { "shared/OpenAmi.Core", "shared/OpenAmi.Commands", "shared/OpenAmi.Meters", "firmware/OpenAmi.Firmware", "tests/OpenAmi.NanoTests/Core" })
        {
            string? pinned = NanoPortabilityGuard.VersionOf(Path.Combine(RepoPaths.Root, config, "packages.config"), NanoPortabilityGuard.CoreLibraryPackage);
            Assert.True(pinned != null, config);
            Version real = NanoPortabilityGuard.MscorlibVersion();
            Assert.Equal(pinned, $"{real.Major}.{real.Minor}.{real.Build}");
        }

        // Each declared surface names its package and version, as pinned by the firmware or the nano test project.
        var pins = new Dictionary<string, string>();
        foreach (string config in new[] { "firmware/OpenAmi.Firmware", "tests/OpenAmi.NanoTests/Core" })
        {
            string file = Path.Combine(RepoPaths.Root, config, "packages.config");
            foreach (string package in NanoPortabilityGuard.PackagesOf(file))
            {
                pins[package] = NanoPortabilityGuard.VersionOf(file, package)!;
            }
        }

        foreach (string surface in Directory.GetFiles(folderOfSurfaces, "*.cs"))
        {
            string package = Path.GetFileNameWithoutExtension(surface);
            Assert.True(pins.ContainsKey(package), $"{package}: no packages.config pins it");
            Assert.StartsWith($"// {package} {pins[package]}", File.ReadAllText(surface).TrimStart('\uFEFF'));
        }
    }

    [Fact]
    public void CoreUsesOnlyTheNanoFrameworkSubset()
    {
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(CoreFolder, "packages.config"));
        var sources = SharedSources();
        Assert.True(sources.Count >= 20);
        List<string> violations = NanoPortabilityGuard.Check(sources, packages);
        Assert.True(violations.Count == 0, "shared/ leaves the nanoFramework 1.x subset:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void PortableTestsUseOnlyTheNanoFrameworkSubset()
    {
        string testsProject = Path.Combine(RepoPaths.Root, "tests", "OpenAmi.NanoTests", "Core");
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(testsProject, "packages.config"));
        var sources = SharedSources();
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
        var sources = SharedSources();
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
        var sources = SharedSources();
        sources.AddRange(NanoPortabilityGuard.SourcesIn(FirmwareAppFolder));
        List<string> violations = NanoPortabilityGuard.Check(sources, ["nanoFramework.CoreLibrary"]);
        Assert.True(violations.Count == 0, "firmware/App reaches past mscorlib:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void DeviceBenchCompilesAgainstItsPackagesAndItsRunnerUsesOnlyTheCoreLibrary()
    {
        // Bench/ runs on desktop too (openami bench --device-profile): mscorlib and the core only. Program.cs measures
        // heap with Runtime.Native, the one other package the bench pins.
        string bench = Path.Combine(RepoPaths.Root, "firmware", "OpenAmi.DeviceBench");
        var runner = SharedSources();
        runner.AddRange(NanoPortabilityGuard.SourcesIn(Path.Combine(bench, "Bench")));
        List<string> violations = NanoPortabilityGuard.Check(runner, ["nanoFramework.CoreLibrary"]);
        Assert.True(violations.Count == 0, "the device bench's runner reaches past mscorlib:\n" + string.Join("\n", violations));

        var whole = SharedSources();
        whole.AddRange(NanoPortabilityGuard.SourcesIn(bench));
        Assert.Contains(whole, s => s.Path.EndsWith("Program.cs") && s.Text.Contains("GC.Run(false)"));
        violations = NanoPortabilityGuard.Check(whole, NanoPortabilityGuard.PackagesOf(Path.Combine(bench, "packages.config")));
        Assert.True(violations.Count == 0, "the device bench does not compile against its pinned packages:\n" + string.Join("\n", violations));
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
        { "ObjectDisposedException(string, string)", "class C { void M() { throw new System.ObjectDisposedException(\"o\", \"m\"); } }" },
        { "ObjectDisposedException as InvalidOperationException", "class C { System.InvalidOperationException M() { return new System.ObjectDisposedException(\"o\"); } }" },
        { "DateTimeKind.Unspecified", "class C { System.DateTimeKind M() { return System.DateTimeKind.Unspecified; } }" },
        { "Environment.TickCount64 without Runtime.Native", "class C { long M() { return System.Environment.TickCount64; } }" },
        { "Math without its package", "class C { int M(int a) { return System.Math.Abs(a); } }" },
        { "generic delegate of the real mscorlib", "class C { System.Action<int> a; }" },
        { "volatile field (no IsVolatile in the real mscorlib)", "class C { volatile bool _stop; void M() { _stop = true; } }" },
    };

    private const string TestClassAttribute = " namespace nanoFramework.TestFramework { public sealed class TestClassAttribute : System.Attribute { } }";

    // Code that compiles against the real mscorlib and runs on desktop .NET, but fails on the device: each must be
    // reported by the hazard walk itself (not by a compile error).
    public static TheoryData<string, string, string> DeviceHazards() => new()
    {
        { "instance field in a [TestClass]", "[nanoFramework.TestFramework.TestClass] public class T { private int _count; public int Count() { return _count; } }" + TestClassAttribute, "instance field '_count'" },
        { "instance auto-property in a [TestClass]", "using nanoFramework.TestFramework; [TestClass] public class T { public int Count { get; set; } }" + TestClassAttribute, "instance auto-property 'Count'" },
        { "instance event in a [TestClass]", "[nanoFramework.TestFramework.TestClassAttribute] public class T { public event System.EventHandler Changed; }" + TestClassAttribute, "instance event 'Changed'" },
        { "'\\0' in a string literal", "class C { string s = \"a\\0b\"; }", "'\\0' inside a string literal" },
        { "'\\0' in an interpolated string", "class C { string M(int i) { return $\"{i}\\u0000\"; } }", "'\\0' inside a string literal" },
        { "== on a string[] slot", "class C { bool M(string[] a, int i, string s) { return a[i] == s; } }", "compares a string[] slot" },
        { "!= on a new string[n] slot", "class C { string[] _names = new string[4]; bool M(string s) { return s != _names[0]; } }", "compares a string[] slot" },
        { "string.Equals on a string[] slot", "class C { bool M(string[] a, string s) { return string.Equals(s, a[1]); } }", "compares a string[] slot" },
        { "Equals on a string[] slot", "class C { bool M(string[] a, string s) { return s.Equals(a[1]); } }", "compares a string[] slot" },
        { "Array.IndexOf on a string[]", "class C { int M(string[] a, string s) { return System.Array.IndexOf(a, s); } }", "searches a string[]" },
        { "switch on a string[] slot", "class C { string[] _n = new string[2]; int M() { switch (_n[1]) { case \"a\": return 1; default: return 0; } } }", "switch on the string[] slot" },
        { "null check of another slot", "class C { bool M(string[] a, string s) { return a[0] != null && a[1] == s; } }", "compares a string[] slot" },
        { "null check after the comparison", "class C { string[] _n = new string[2]; bool M(string s) { return _n[0] == s || _n[0] == null; } }", "compares a string[] slot" },
        { "a table that may be replaced by new string[n]", "class C { static string[] T = { \"a\" }; static void Grow() { T = new string[8]; } bool M(string s) { return T[0] == s; } }", "compares a string[] slot" },
        { "string.Empty in a static table", "class C { static readonly string[] Names = { string.Empty, \"kWh\" }; }", "string.Empty in a static initializer" },
        { "string.Empty in a static constructor", "class C { static string _s; static C() { _s = string.Empty; } }", "string.Empty in a static initializer" },
        { "a slot of a method's result", "class C { string[] Names() { return new string[2]; } bool M(string s) { return Names()[0] == s; } }", "compares a string[] slot" },
    };

    [Theory]
    [MemberData(nameof(DeviceHazards))]
    public void GuardReportsDeviceHazards(string what, string code, string expected)
    {
        List<string> violations = NanoPortabilityGuard.Check([("known-bad.cs", code)], []);
        Assert.True(violations.Count > 0, $"the guard let {what} through");
        Assert.DoesNotContain(violations, v => v.Contains(": CS"));
        Assert.Contains(violations, v => v.Contains(expected));
    }

    [Theory]
    [MemberData(nameof(KnownBadSamples))]
    public void GuardRejectsKnownBadSamples(string what, string code)
    {
        List<string> violations = NanoPortabilityGuard.Check([("known-bad.cs", code)], []);
        Assert.True(violations.Count > 0, $"the guard let {what} through");
    }

    [Fact]
    public void GuardAcceptsStringArraySlotsCheckedAgainstNullAndStaticTestState()
    {
        const string Code = """
            namespace N
            {
                [nanoFramework.TestFramework.TestClass]
                public class T
                {
                    private const int Max = 4;
                    private static string[] _names = new string[Max];
                    public static int Find(string name)
                    {
                        for (int i = 0; i < _names.Length; i++)
                        {
                            if (_names[i] != null && _names[i] == name) { return i; }
                            if (_names[i] == null || !string.Equals(_names[i], name)) { continue; }
                        }

                        return _names[0] == null ? -1 : 0;
                    }
                    public static char Nul() { return '\0'; }
                    private static readonly string[] Table = { "a", "b" };
                    public static int InTable(string s)
                    {
                        string[] local = new[] { "x", s };
                        for (int i = 0; i < Table.Length; i++)
                        {
                            if (Table[i] == s || local[i] != s) { return i; }
                        }

                        for (int i = 0; i < _names.Length; i++)
                        {
                            if (_names[i] == null) { continue; }
                            if (_names[i] == s) { return i; }
                        }

                        return System.Array.IndexOf(Table, s) + (_names[1] != null ? (_names[1] == s ? 1 : 0) : 0);
                    }
                }
            }
            namespace nanoFramework.TestFramework { public sealed class TestClassAttribute : System.Attribute { } }
            """;
        List<string> violations = NanoPortabilityGuard.Check([("known-good.cs", Code)], []);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    // What the real packages lack or declare otherwise than the former hand-written surfaces did: each sample fails
    // (rejected) or compiles (accepted) against the firmware's packages only as the real package declares it.
    public static TheoryData<string, string> RejectedByTheRealPackages() => new()
    {
        { "GC.EnableGCMessages returns void", "class C { bool M() { return nanoFramework.Runtime.Native.GC.EnableGCMessages(true); } }" },
        { "no RebootOption.EnterBootloader", "class C { object M() { return nanoFramework.Runtime.Native.RebootOption.EnterBootloader; } }" },
        { "no Parity.Mark", "class C { object M() { return System.IO.Ports.Parity.Mark; } }" },
        { "no Parity.Space", "class C { object M() { return System.IO.Ports.Parity.Space; } }" },
        { "no StopBits.None", "class C { object M() { return System.IO.Ports.StopBits.None; } }" },
        { "MqttClient's own delegates do not type its events", "class C { void M(nanoFramework.M2Mqtt.MqttClient c) { c.MqttMsgPublished += new nanoFramework.M2Mqtt.MqttClient.MqttMsgPublishedEventHandler(H); } void H(object s, nanoFramework.M2Mqtt.Messages.MqttMsgPublishedEventArgs e) { } }" },
        { "PinValue.High is a property, not a field", "class C { void M() { ref readonly System.Device.Gpio.PinValue r = ref System.Device.Gpio.PinValue.High; } }" },
        { "SerialPort is sealed", "class C : System.IO.Ports.SerialPort { C() : base(\"COM2\") { } }" },
    };

    public static TheoryData<string, string> AcceptedByTheRealPackages() => new()
    {
        { "RebootOption values", "class C { const int Check = 1 / ((int)nanoFramework.Runtime.Native.RebootOption.EnterNanoBooter == 1 && (int)nanoFramework.Runtime.Native.RebootOption.EnterProprietaryBooter == 8 ? 1 : 0); }" },
        { "COM2_RX is 0x30201", "class C { const int Check = 1 / ((int)nanoFramework.Hardware.Esp32.DeviceFunction.COM2_RX == 0x30201 && (int)nanoFramework.Hardware.Esp32.DeviceFunction.COM3_TX == 0x30300 ? 1 : 0); }" },
        { "MqttQoSLevel and MqttReasonCode are int enums", "class C { object M() { return (nanoFramework.M2Mqtt.Messages.MqttQoSLevel)0x100 == (nanoFramework.M2Mqtt.Messages.MqttQoSLevel)0 ? (object)(nanoFramework.M2Mqtt.Messages.MqttReasonCode)0x100 : null; } }" },
        { "events use IMqttClient's delegates", "class C { void M(nanoFramework.M2Mqtt.MqttClient c) { c.MqttMsgPublished += new nanoFramework.M2Mqtt.IMqttClient.MqttMsgPublishedEventHandler(H); } void H(object s, nanoFramework.M2Mqtt.Messages.MqttMsgPublishedEventArgs e) { } }" },
        { "DictionaryEntry is a class", "class C { System.Collections.DictionaryEntry e = null; }" },
        { "Directory.CreateDirectory returns DirectoryInfo", "class C { bool M() { return System.IO.Directory.CreateDirectory(\"I:\\\\x\").Exists; } }" },
        { "IOException is mscorlib's, declared once", "class C { void M() { throw new System.IO.IOException(\"m\"); } }" },
        { "Environment.TickCount64 from Runtime.Native", "class C { long M() { return System.Environment.TickCount64; } }" },
    };

    [Theory]
    [MemberData(nameof(RejectedByTheRealPackages))]
    public void FirmwarePackageSurfacesRejectWhatTheRealPackagesLack(string what, string code)
    {
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(FirmwareFolder, "packages.config"));
        Assert.True(NanoPortabilityGuard.Check([("surface-check.cs", code)], packages).Count > 0, $"the surfaces let through: {what}");
    }

    [Theory]
    [MemberData(nameof(AcceptedByTheRealPackages))]
    public void FirmwarePackageSurfacesDeclareWhatTheRealPackagesHave(string what, string code)
    {
        string[] packages = NanoPortabilityGuard.PackagesOf(Path.Combine(FirmwareFolder, "packages.config"));
        List<string> violations = NanoPortabilityGuard.Check([("surface-check.cs", code)], packages);
        Assert.True(violations.Count == 0, what + ":\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheRuntimeNativeSurfaceProvidesTheTickCounterAndTheFirmwareReachesNoFurther()
    {
        const string Code = "class C { long M() { nanoFramework.Runtime.Native.Power.RebootDevice(nanoFramework.Runtime.Native.RebootOption.EnterNanoBooter); nanoFramework.Runtime.Native.GC.EnableGCMessages(false); return System.Environment.TickCount64; } }";
        Assert.Empty(NanoPortabilityGuard.Check([("ticks.cs", Code)], ["nanoFramework.Runtime.Native"]));
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
