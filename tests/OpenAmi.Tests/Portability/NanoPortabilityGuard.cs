using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.Portability;

/// <summary>
/// Proves code stays runnable on nanoFramework 1.x: it is compiled as C# 9 against the declared API surfaces of
/// tests/NanoSurface (one file per nanoFramework package, chosen by the project's packages.config) instead of the
/// desktop BCL, and its syntax is checked for what nanoFramework accepts at compile time but cannot run
/// (generics, iterators, multi-dimensional arrays).
/// </summary>
public static class NanoPortabilityGuard
{
    private static readonly CSharpParseOptions ParseOptions = new(
        LanguageVersion.CSharp9, DocumentationMode.Parse, SourceCodeKind.Regular, ["NANOFRAMEWORK_1_0"]);

    /// <summary>Packages named in a packages.config, as NuGet ids.</summary>
    public static string[] PackagesOf(string packagesConfig) =>
        XDocument.Load(packagesConfig).Root!.Elements("package").Select(p => (string)p.Attribute("id")!).ToArray();

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

        var compilation = CSharpCompilation.Create(
            "PortableUnderTest",
            trees,
            [SurfaceFor(packages)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        foreach (Diagnostic d in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            violations.Add(Describe(d));
        }

        return violations.Distinct().ToList();
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, MetadataReference> Surfaces = new();

    private static MetadataReference SurfaceFor(IEnumerable<string> packages)
    {
        var wanted = new SortedSet<string>(packages, StringComparer.Ordinal) { "nanoFramework.CoreLibrary" };
        return Surfaces.GetOrAdd(string.Join(";", wanted), _ => BuildSurface(wanted));
    }

    private static MetadataReference BuildSurface(SortedSet<string> wanted)
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

        // The surface is compiled as the corlib itself: with no references, the code under test sees nothing else.
        var corlib = CSharpCompilation.Create(
            "mscorlib",
            trees,
            [],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        var result = corlib.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("tests/NanoSurface does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Describe)));
        }

        return MetadataReference.CreateFromImage(image.ToArray());
    }

    private static string Describe(Diagnostic d)
    {
        FileLinePositionSpan span = d.Location.GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}";
    }

    /// <summary>Syntax that compiles for nanoFramework but does not run there, or needs types it does not have.</summary>
    private sealed class UnsupportedSyntaxWalker(string path) : CSharpSyntaxWalker
    {
        public List<string> Violations { get; } = [];

        public override void VisitTypeParameterList(TypeParameterListSyntax node)
        {
            Report(node, "generic declaration (nanoFramework 1.x has no generics)");
            base.VisitTypeParameterList(node);
        }

        public override void VisitGenericName(GenericNameSyntax node)
        {
            Report(node, $"generic type or method '{node}' (nanoFramework 1.x has no generics)");
            base.VisitGenericName(node);
        }

        public override void VisitTupleType(TupleTypeSyntax node)
        {
            Report(node, "tuple type (no ValueTuple on nanoFramework)");
            base.VisitTupleType(node);
        }

        public override void VisitTupleExpression(TupleExpressionSyntax node)
        {
            Report(node, "tuple expression (no ValueTuple on nanoFramework)");
            base.VisitTupleExpression(node);
        }

        public override void VisitQueryExpression(QueryExpressionSyntax node)
        {
            Report(node, "LINQ query (no LINQ on nanoFramework)");
            base.VisitQueryExpression(node);
        }

        public override void VisitYieldStatement(YieldStatementSyntax node)
        {
            Report(node, "iterator 'yield' (needs generic IEnumerator<T>)");
            base.VisitYieldStatement(node);
        }

        public override void VisitAwaitExpression(AwaitExpressionSyntax node)
        {
            Report(node, "await (no async on nanoFramework)");
            base.VisitAwaitExpression(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            if (node.Modifiers.Any(SyntaxKind.AsyncKeyword))
            {
                Report(node, $"async method '{node.Identifier}' (no async on nanoFramework)");
            }

            if (node.Modifiers.Any(SyntaxKind.UnsafeKeyword))
            {
                Report(node, "unsafe code");
            }

            base.VisitMethodDeclaration(node);
        }

        public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
        {
            if (node.Rank > 1)
            {
                Report(node, "multi-dimensional array (crashes the nanoFramework interpreter; use jagged arrays)");
            }

            base.VisitArrayRankSpecifier(node);
        }

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
        {
            Report(node, $"record '{node.Identifier}' (records do not run on nanoFramework)");
            base.VisitRecordDeclaration(node);
        }

        public override void VisitNullableType(NullableTypeSyntax node)
        {
            Report(node, $"nullable type '{node}' (no Nullable<T> on nanoFramework 1.x)");
            base.VisitNullableType(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Report(node, "stackalloc");
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.Identifier.Text == "dynamic" && node.Parent is not MemberAccessExpressionSyntax)
            {
                Report(node, "dynamic");
            }

            base.VisitIdentifierName(node);
        }

        private void Report(SyntaxNode node, string what)
        {
            int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            Violations.Add($"{path}:{line}: {what}");
        }
    }
}
