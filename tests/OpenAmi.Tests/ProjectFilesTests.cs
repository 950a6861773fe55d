using System.Text.RegularExpressions;
using System.Xml.Linq;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests;

/// <summary>
/// The nanoFramework projects cannot be built here, so their files are checked: the same sources as the desktop
/// projects, the package versions pinned in the notes, and a solution that holds them without tripping dotnet.
/// </summary>
public class ProjectFilesTests
{
    // Versions from ../shared/notes/nanoframework.md ("Package versions seen in nanoframework/Samples").
    private static readonly Dictionary<string, string> PinnedVersions = new()
    {
        ["nanoFramework.CoreLibrary"] = "1.17.11",
        ["nanoFramework.System.Text"] = "1.3.42",
        ["nanoFramework.System.Collections"] = "1.5.75",
        ["nanoFramework.TestFramework"] = "3.0.80",
        ["nanoFramework.Hardware.Esp32"] = "1.6.40",
        ["nanoFramework.System.IO.Ports"] = "1.1.139",
        ["nanoFramework.System.IO.Streams"] = "1.1.96",
        ["nanoFramework.Runtime.Events"] = "1.11.37",
        ["nanoFramework.Runtime.Native"] = "1.7.11",
        ["nanoFramework.System.Net"] = "1.11.60",
        ["nanoFramework.System.Threading"] = "1.1.52",
        ["nanoFramework.System.Device.Gpio"] = "1.1.62",
        // Not in the notes' list: the version nanoframework/Samples pins beside CoreLibrary 1.17.11 (tag v1.1.29).
        ["nanoFramework.System.Device.I2c"] = "1.1.29",
        ["nanoFramework.System.Device.Wifi"] = "1.5.149",
        ["nanoFramework.Networking.Sntp"] = "1.6.42",
        ["nanoFramework.System.IO.FileSystem"] = "1.1.93",
        ["nanoFramework.M2Mqtt"] = "5.1.220",
        // Not in the notes' list: the latest release (tag v1.0.43, 2026-03-02), built on CoreLibrary 1.17.11.
        ["nanoFramework.System.Security.Cryptography"] = "1.0.43",
    };

    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    [Theory]
    [InlineData("OpenAmi.Core")]
    [InlineData("OpenAmi.Commands")]
    [InlineData("OpenAmi.Meters")]
    public void SharedNfprojCompilesExactlyTheFilesTheDesktopProjectCompiles(string library)
    {
        string folder = Path.Combine(RepoPaths.Root, "shared", library);
        var listed = CompileItems(Path.Combine(folder, library + ".nfproj"), folder);
        var onDisk = CsFiles(folder);
        Assert.Equal(onDisk, listed);

        // The desktop project compiles the folder by its default glob; nothing may be taken out of it.
        string csproj = File.ReadAllText(Path.Combine(folder, library + ".csproj"));
        Assert.DoesNotContain("Compile Remove", csproj);
        Assert.DoesNotContain("EnableDefaultCompileItems", csproj);

        // A library other than the core builds on the core, on both sides.
        if (library != "OpenAmi.Core")
        {
            Assert.Contains("OpenAmi.Core.csproj", csproj);
            Assert.Contains("OpenAmi.Core.nfproj", File.ReadAllText(Path.Combine(folder, library + ".nfproj")));
        }
    }

    [Theory]
    [InlineData("OpenAmi.Firmware")]
    [InlineData("OpenAmi.DeviceBench")]
    public void FirmwareNfprojCompilesEveryFileOfItsFolderAndIsADeployableApp(string project)
    {
        string folder = Path.Combine(RepoPaths.Root, "firmware", project);
        string nfproj = Path.Combine(folder, project + ".nfproj");
        Assert.Equal(CsFiles(folder), CompileItems(nfproj, folder));
        XDocument doc = XDocument.Load(nfproj);
        Assert.Equal("Exe", doc.Descendants(Msbuild + "OutputType").Single().Value);
        Assert.Contains(doc.Descendants(Msbuild + "ProjectReference"), r => r.Attribute("Include")!.Value.EndsWith("OpenAmi.Core.nfproj"));
    }

    [Fact]
    public void NanoTestProjectsCompileEveryPortableTestOnce()
    {
        // Four test projects, a folder of tests/Portable each, all with the shared TestData; the firmware's also with
        // its App layer. Every portable source is in exactly one of them (a test in no folder would never run on nanoCLR).
        string root = Path.Combine(RepoPaths.Root, "tests", "OpenAmi.NanoTests");
        string portable = Path.Combine(RepoPaths.Root, "tests", "Portable");
        var compiled = new List<string>();
        foreach (string group in new[] { "Core", "Gateway", "Meters", "Firmware" })
        {
            string folder = Path.Combine(root, group);
            var listed = CompileItems(Path.Combine(folder, "NFUnitTest.nfproj"), folder);
            var expected = CsFiles(Path.Combine(portable, group)).Concat(CsFiles(Path.Combine(portable, "TestData")));
            if (group == "Firmware")
            {
                expected = expected.Concat(CsFiles(Path.Combine(RepoPaths.Root, "firmware", "OpenAmi.Firmware", "App")));
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), listed.Order(StringComparer.Ordinal).ToList());
            compiled.AddRange(listed.Where(f => !f.Contains($"{Path.DirectorySeparatorChar}TestData{Path.DirectorySeparatorChar}")));

            XDocument doc = XDocument.Load(Path.Combine(folder, "NFUnitTest.nfproj"));
            Assert.Equal("NFUnitTest", doc.Descendants(Msbuild + "AssemblyName").Single().Value);
            Assert.Equal("true", doc.Descendants(Msbuild + "IsTestProject").Single().Value);
            Assert.Contains(doc.Descendants(Msbuild + "ProjectReference"), r => r.Attribute("Include")!.Value.EndsWith("OpenAmi.Core.nfproj"));
            Assert.True(File.Exists(Path.Combine(folder, "nano.runsettings")));
        }

        var tests = CsFiles(portable).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}TestData{Path.DirectorySeparatorChar}"));
        Assert.Equal(tests.Order(StringComparer.Ordinal).ToList(), compiled.Where(f => f.StartsWith(portable)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void SharedTestDataNeedsNoFirmware()
    {
        // TestData goes into every nano test project, but only the firmware's has the App layer: a helper that uses
        // it (a simulated modem) belongs in tests/Portable/Firmware, or the Core, Gateway and Meters projects fail to build.
        foreach (string file in CsFiles(Path.Combine(RepoPaths.Root, "tests", "Portable", "TestData")))
        {
            Assert.False(File.ReadAllText(file).Contains("OpenAmi.Firmware"), Path.GetFileName(file) + " uses the firmware's App layer: move it to tests/Portable/Firmware");
        }
    }

    [Theory]
    [InlineData("shared/OpenAmi.Core")]
    [InlineData("shared/OpenAmi.Commands")]
    [InlineData("shared/OpenAmi.Meters")]
    [InlineData("tests/OpenAmi.NanoTests/Core")]
    [InlineData("tests/OpenAmi.NanoTests/Gateway")]
    [InlineData("tests/OpenAmi.NanoTests/Meters")]
    [InlineData("tests/OpenAmi.NanoTests/Firmware")]
    [InlineData("firmware/OpenAmi.Firmware")]
    [InlineData("firmware/OpenAmi.DeviceBench")]
    public void PackagesArePinnedToTheNotedVersionsAndReferencedByHintPath(string project)
    {
        string folder = Path.Combine(RepoPaths.Root, project);
        string nfproj = Directory.GetFiles(folder, "*.nfproj").Single();
        var packages = XDocument.Load(Path.Combine(folder, "packages.config")).Root!.Elements("package").ToList();
        Assert.NotEmpty(packages);
        string text = File.ReadAllText(nfproj);
        foreach (XElement package in packages)
        {
            string id = (string)package.Attribute("id")!;
            string version = (string)package.Attribute("version")!;
            Assert.Equal(PinnedVersions[id], version);
            Assert.Equal("netnano1.0", (string)package.Attribute("targetFramework")!);
            Assert.Contains($@"packages\{id}.{version}\lib\", text);
        }

        // Every HintPath names a package of packages.config, at its version.
        foreach (Match m in Regex.Matches(text, @"packages\\([A-Za-z.]+?)\.(\d+\.\d+\.\d+)\\lib"))
        {
            Assert.Contains(packages, p => (string)p.Attribute("id")! == m.Groups[1].Value && (string)p.Attribute("version")! == m.Groups[2].Value);
        }
    }

    [Fact]
    public void NfprojFilesUseTheNanoFrameworkProjectSystem()
    {
        foreach (string nfproj in Directory.GetFiles(RepoPaths.Root, "*.nfproj", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(nfproj);
            Assert.Contains("{11A8DD76-328B-46DF-9F39-F559912D0360}", text);
            Assert.Contains(@"$(MSBuildExtensionsPath)\nanoFramework\v1.0\", text);
            Assert.Contains("NFProjectSystem.CSharp.targets", text);
            Assert.Contains("<TargetFrameworkVersion>v1.0</TargetFrameworkVersion>", text);
            Assert.Contains("<LangVersion>9.0</LangVersion>", text);
        }
    }

    [Fact]
    public void SolutionHoldsEveryProjectAndTheDesktopFilterLeavesOutTheNanoFrameworkOnes()
    {
        string sln = File.ReadAllText(Path.Combine(RepoPaths.Root, "OpenAmi.Firmware.sln"));
        var inSolution = Regex.Matches(sln, "\"([^\"]+\\.(?:csproj|nfproj))\"").Select(m => m.Groups[1].Value.Replace('\\', '/')).ToHashSet();
        var onDisk = Directory.GetFiles(RepoPaths.Root, "*.*proj", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".csproj") || p.EndsWith(".nfproj"))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .ToHashSet();
        Assert.Equal(onDisk.Order(), inSolution.Order());

        string filter = File.ReadAllText(Path.Combine(RepoPaths.Root, "OpenAmi.Desktop.slnf"));
        var filtered = Regex.Matches(filter, "\"([^\"]+proj)\"").Select(m => m.Groups[1].Value.Replace("\\\\", "/")).ToHashSet();
        Assert.Equal(onDisk.Where(p => p.EndsWith(".csproj")).Order(), filtered.Order());
    }

    private static List<string> CompileItems(string project, string projectFolder)
    {
        return XDocument.Load(project).Descendants(Msbuild + "Compile")
            .Select(c => Path.GetFullPath(Path.Combine(projectFolder, c.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar))))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static List<string> CsFiles(string folder)
    {
        return NanoFiles(folder).Order(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<string> NanoFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(Path.GetFullPath);

    [Fact]
    public void DeviceBenchCarriesTheBenchSamplesByteForByte()
    {
        // scripts/gen-bench-inputs.py writes BenchInputs.cs from samples/bench; this fails when they drift apart.
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, "firmware", "OpenAmi.DeviceBench", "Bench", "BenchInputs.cs"));
        foreach (var (name, file) in new[] { ("Dsmr5", "dsmr5-1phase-sagemcom-xs210.p1"), ("Belgian", "belgium-3phase-13month-fluvius.p1"), ("Luxembourg", "luxembourg-smarty-encrypted.bin") })
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "samples", "bench", file));
            Match array = Regex.Match(text, "byte\\[\\] " + name + " =\\s*\\{([^}]*)\\}");
            Assert.True(array.Success, name);
            byte[] embedded = Regex.Matches(array.Groups[1].Value, "0x([0-9A-F]{2})").Select(m => Convert.ToByte(m.Groups[1].Value, 16)).ToArray();
            Assert.True(expected.SequenceEqual(embedded), $"{name} differs from samples/bench/{file}: run python3 scripts/gen-bench-inputs.py");
        }
    }
}
