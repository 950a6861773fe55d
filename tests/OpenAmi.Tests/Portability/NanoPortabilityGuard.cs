using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.Portability;

/// <summary>
/// Proves code stays runnable on nanoFramework 1.x. It is compiled as C# 9 against the real mscorlib.dll of the
/// NuGet package nanoFramework.CoreLibrary (the version the packages.config files pin, copied next to the test
/// binaries) instead of the desktop BCL, plus the declared API surfaces of tests/NanoSurface for the other
/// packages a packages.config names. Then two walks look for what compiles but does not run on nanoCLR:
/// <see cref="UnsupportedSyntaxWalker"/> (generics, multi-dimensional arrays, iterators, …) and
/// <see cref="DeviceHazardWalker"/> (string[] slot comparisons, NUL in strings, instance state in test classes).
/// </summary>
public static class NanoPortabilityGuard
{
    public const string CoreLibraryPackage = "nanoFramework.CoreLibrary";

    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.CSharp9, DocumentationMode.Parse, SourceCodeKind.Regular, ["NANOFRAMEWORK_1_0"]);

    /// <summary>The real mscorlib.dll of nanoFramework.CoreLibrary, restored by the test project (PackageDownload).</summary>
    public static string MscorlibPath => Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll");

    private static readonly Lazy<MetadataReference> Mscorlib = new(() =>
    {
        if (!File.Exists(MscorlibPath))
        {
            throw new InvalidOperationException($"{MscorlibPath} is missing: the test project copies it from the nanoFramework.CoreLibrary package at build time");
        }

        return MetadataReference.CreateFromFile(MscorlibPath);
    });

    /// <summary>Packages named in a packages.config, as NuGet ids.</summary>
    public static string[] PackagesOf(string packagesConfig) =>
        XDocument.Load(packagesConfig).Root!.Elements("package").Select(p => (string)p.Attribute("id")!).ToArray();

    /// <summary>The version a packages.config pins for <paramref name="package"/>, or null.</summary>
    public static string? VersionOf(string packagesConfig, string package) =>
        XDocument.Load(packagesConfig).Root!.Elements("package")
            .Where(p => (string)p.Attribute("id")! == package).Select(p => (string?)p.Attribute("version")).FirstOrDefault();

    /// <summary>The assembly version of the real mscorlib the guard compiles against.</summary>
    public static Version MscorlibVersion()
    {
        var compilation = CSharpCompilation.Create("probe", [], [Mscorlib.Value]);
        return ((IAssemblySymbol)compilation.GetAssemblyOrModuleSymbol(Mscorlib.Value)!).Identity.Version;
    }

    /// <summary>All .cs files below <paramref name="folder"/>, bin and obj excluded.</summary>
    public static List<(string Path, string Text)> SourcesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f)))
            .ToList();

    /// <summary>Every violation found in <paramref name="sources"/> when built against <paramref name="packages"/>.</summary>
    public static List<string> Check(IEnumerable<(string Path, string Text)> sources, IEnumerable<string> packages)
    {
        var violations = new List<string>();
        var trees = new List<SyntaxTree>();
        foreach (var (path, text) in sources)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path);
            trees.Add(tree);
            var walker = new UnsupportedSyntaxWalker(path);
            walker.Visit(tree.GetRoot());
            violations.AddRange(walker.Violations);
        }

        var references = new List<MetadataReference> { Mscorlib.Value };
        MetadataReference? surfaces = SurfacesFor(packages);
        if (surfaces != null)
        {
            references.Add(surfaces);
        }

        var compilation = CSharpCompilation.Create(
            "PortableUnderTest",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        // Emitted, not only bound: some errors come at emit only (a volatile field needs IsVolatile, which the real
        // mscorlib lacks: CS0518), and the device's build emits.
        using var image = new MemoryStream();
        foreach (Diagnostic d in compilation.Emit(image).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            violations.Add(Describe(d));
        }

        var arrays = new StringArraySources(compilation);
        foreach (SyntaxTree tree in trees)
        {
            var hazards = new DeviceHazardWalker(tree.FilePath, compilation.GetSemanticModel(tree), arrays);
            hazards.Visit(tree.GetRoot());
            violations.AddRange(hazards.Violations);
        }

        return violations.Distinct().ToList();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference?> Surfaces = new();

    private static MetadataReference? SurfacesFor(IEnumerable<string> packages)
    {
        var wanted = new SortedSet<string>(packages, StringComparer.Ordinal);
        wanted.Remove(CoreLibraryPackage); // the real assembly, never a declared surface
        return Surfaces.GetOrAdd(string.Join(";", wanted), _ => BuildSurfaces(wanted));
    }

    /// <summary>The declared surfaces of <paramref name="wanted"/>, compiled against the real mscorlib.</summary>
    private static MetadataReference? BuildSurfaces(SortedSet<string> wanted)
    {
        string folder = Path.Combine(RepoPaths.Root, "tests", "NanoSurface");
        var trees = new List<SyntaxTree>();
        foreach (string package in wanted)
        {
            string file = Path.Combine(folder, package + ".cs");
            if (File.Exists(file))
            {
                trees.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(file), ParseOptions, file));
            }
        }

        if (trees.Count == 0)
        {
            return null;
        }

        var surface = CSharpCompilation.Create(
            "nanoFramework.PackageSurfaces",
            trees,
            [Mscorlib.Value],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = surface.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("tests/NanoSurface does not compile against the real mscorlib:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe)));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static string Describe(Diagnostic d)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}";
    }

    /// <summary>"path:line: what" for a finding at <paramref name="node"/>.</summary>
    internal static string At(string path, SyntaxNode node, string what) =>
        $"{path}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {what}";
}
