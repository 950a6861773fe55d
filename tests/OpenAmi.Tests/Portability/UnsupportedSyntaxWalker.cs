using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenAmi.Tests.Portability;

/// <summary>
/// Syntax that compiles for nanoFramework but does not run there, or needs types it does not have. The real mscorlib
/// declares a few generic delegates (Action&lt;T&gt;, Func&lt;T&gt;) and the compiler accepts own generic types, generic
/// methods and multi-dimensional arrays: the interpreter crashes on them, so only this walk keeps them out.
/// </summary>
internal sealed class UnsupportedSyntaxWalker(string path) : CSharpSyntaxWalker
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

    private void Report(SyntaxNode node, string what) => Violations.Add(NanoPortabilityGuard.At(path, node, what));
}
