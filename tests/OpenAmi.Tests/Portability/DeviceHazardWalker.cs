using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenAmi.Tests.Portability;

/// <summary>
/// Code that compiles for nanoFramework and runs on desktop .NET, but fails on the device (notes on nanoframework.md
/// section 12 and the team brief):
/// - comparing an element of a string[] (==, !=, string.Equals, switch) or searching a string[] with Array.IndexOf:
///   a never-assigned slot crashes nanoCLR. Not flagged where the guard can see it is safe: the array variable only
///   ever holds arrays created with an initializer (every slot assigned, <see cref="StringArraySources"/>), or the
///   same element was checked against null first (<c>a[i] != null &amp;&amp; a[i] == s</c>,
///   <c>if (a[i] == null) continue;</c>, <c>if (a[i] != null) { … a[i] == s … }</c>);
/// - '\0' inside a string literal: strings end at the first NUL on the device;
/// - instance state (fields, auto-properties, field-like events) in a [TestClass]: the real launcher calls test
///   methods with no instance.
/// </summary>
internal sealed class DeviceHazardWalker(string path, SemanticModel model, StringArraySources arrays) : CSharpSyntaxWalker
{
    public List<string> Violations { get; } = [];

    public override void VisitBinaryExpression(BinaryExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.EqualsExpression) || node.IsKind(SyntaxKind.NotEqualsExpression))
        {
            ExpressionSyntax left = Unwrap(node.Left);
            ExpressionSyntax right = Unwrap(node.Right);
            if (!IsNullLiteral(left) && !IsNullLiteral(right))
            {
                foreach (ExpressionSyntax side in new[] { left, right })
                {
                    if (IsRiskySlot(side) && !NullCheckedBefore(node, side))
                    {
                        Report(node, $"'{node}' compares a string[] slot (a never-assigned slot crashes nanoCLR: assign every slot or check it against null first)");
                        break;
                    }
                }
            }
        }

        base.VisitBinaryExpression(node);
    }

    public override void VisitInvocationExpression(InvocationExpressionSyntax node)
    {
        if (model.GetSymbolInfo(node).Symbol is IMethodSymbol method)
        {
            string type = method.ContainingType?.ToDisplayString() ?? "";
            if (type == "string" && method.Name == "Equals")
            {
                var operands = node.ArgumentList.Arguments.Select(a => Unwrap(a.Expression)).ToList();
                if (node.Expression is MemberAccessExpressionSyntax access && !method.IsStatic)
                {
                    operands.Add(Unwrap(access.Expression));
                }

                if (operands.Any(o => IsRiskySlot(o) && !NullCheckedBefore(node, o)))
                {
                    Report(node, $"'{node}' compares a string[] slot (a never-assigned slot crashes nanoCLR: assign every slot or check it against null first)");
                }
            }
            else if (type == "System.Array" && method.Name == "IndexOf" && node.ArgumentList.Arguments.Count > 0
                && IsStringArray(model.GetTypeInfo(node.ArgumentList.Arguments[0].Expression).Type)
                && !arrays.EverySlotAssigned(model, node.ArgumentList.Arguments[0].Expression))
            {
                Report(node, $"'{node}' searches a string[] (compares every slot; a never-assigned one crashes nanoCLR: loop and check each slot against null)");
            }
        }

        base.VisitInvocationExpression(node);
    }

    public override void VisitSwitchStatement(SwitchStatementSyntax node)
    {
        if (IsRiskySlot(Unwrap(node.Expression)) && !NullCheckedBefore(node.Expression, Unwrap(node.Expression)))
        {
            Report(node, $"switch on the string[] slot '{node.Expression}' (a never-assigned slot crashes nanoCLR: check it against null first)");
        }

        base.VisitSwitchStatement(node);
    }

    public override void VisitMemberAccessExpression(MemberAccessExpressionSyntax node)
    {
        if (node.Name.Identifier.Text == "Empty" && model.GetSymbolInfo(node).Symbol is IFieldSymbol { ContainingType.SpecialType: SpecialType.System_String }
            && InStaticInitializer(node))
        {
            Report(node, "string.Empty in a static initializer (it reads as null there on nanoCLR: write \"\")");
        }

        base.VisitMemberAccessExpression(node);
    }

    // Code that runs in a type's static constructor: a static field's initializer, or the static constructor itself.
    private static bool InStaticInitializer(SyntaxNode node)
    {
        foreach (SyntaxNode ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case FieldDeclarationSyntax field:
                    return field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword);
                case ConstructorDeclarationSyntax ctor:
                    return ctor.Modifiers.Any(SyntaxKind.StaticKeyword);
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    public override void VisitLiteralExpression(LiteralExpressionSyntax node)
    {
        if (node.IsKind(SyntaxKind.StringLiteralExpression) && node.Token.ValueText.Contains('\0'))
        {
            Report(node, "'\\0' inside a string literal (strings end at the first NUL on the device: keep binary data in byte[])");
        }

        base.VisitLiteralExpression(node);
    }

    public override void VisitInterpolatedStringText(InterpolatedStringTextSyntax node)
    {
        if (node.TextToken.ValueText.Contains('\0'))
        {
            Report(node, "'\\0' inside a string literal (strings end at the first NUL on the device: keep binary data in byte[])");
        }

        base.VisitInterpolatedStringText(node);
    }

    public override void VisitClassDeclaration(ClassDeclarationSyntax node)
    {
        if (node.AttributeLists.SelectMany(l => l.Attributes).Any(IsTestClassAttribute))
        {
            foreach (MemberDeclarationSyntax member in node.Members)
            {
                string? state = InstanceState(member);
                if (state != null)
                {
                    Report(member, $"instance {state} in [TestClass] '{node.Identifier}' (the nanoFramework launcher calls test methods with no instance: use locals or static state reset explicitly)");
                }
            }
        }

        base.VisitClassDeclaration(node);
    }

    private static string? InstanceState(MemberDeclarationSyntax member)
    {
        if (member.Modifiers.Any(SyntaxKind.StaticKeyword) || member.Modifiers.Any(SyntaxKind.ConstKeyword))
        {
            return null;
        }

        switch (member)
        {
            case FieldDeclarationSyntax field:
                return $"field '{string.Join(", ", field.Declaration.Variables.Select(v => v.Identifier.Text))}'";
            case EventFieldDeclarationSyntax evt:
                return $"event '{string.Join(", ", evt.Declaration.Variables.Select(v => v.Identifier.Text))}'";
            case PropertyDeclarationSyntax property when property.ExpressionBody == null
                && property.AccessorList != null
                && property.AccessorList.Accessors.All(a => a.Body == null && a.ExpressionBody == null):
                return $"auto-property '{property.Identifier}'";
            default:
                return null;
        }
    }

    private static bool IsTestClassAttribute(AttributeSyntax attribute)
    {
        string name = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.Text,
            AliasQualifiedNameSyntax a => a.Name.Identifier.Text,
            SimpleNameSyntax s => s.Identifier.Text,
            _ => attribute.Name.ToString(),
        };
        return name == "TestClass" || name == "TestClassAttribute";
    }

    /// <summary>An element of a string[] that may hold never-assigned slots, as far as the guard can tell.</summary>
    private bool IsRiskySlot(ExpressionSyntax expression) =>
        expression is ElementAccessExpressionSyntax access
        && IsStringArray(model.GetTypeInfo(access.Expression).Type)
        && !arrays.EverySlotAssigned(model, access.Expression);

    internal static bool IsStringArray(ITypeSymbol? type) =>
        type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String };

    /// <summary>
    /// True when <paramref name="element"/> is known not to be a never-assigned slot where <paramref name="use"/>
    /// runs: checked against null to its left in the same &amp;&amp; chain (<c>a[i] != null &amp;&amp; a[i] == s</c>)
    /// or || chain (<c>a[i] == null || a[i] == s</c>), in the condition of an enclosing if or ?: whose true branch
    /// holds the use, or by an earlier <c>if (a[i] == null) continue;</c> (or break, return, throw) in an enclosing block.
    /// </summary>
    private static bool NullCheckedBefore(SyntaxNode use, ExpressionSyntax element)
    {
        SyntaxNode current = use;
        while (current.Parent != null && current.Parent is not MemberDeclarationSyntax)
        {
            SyntaxNode parent = current.Parent;
            switch (parent)
            {
                case BinaryExpressionSyntax chain when chain.Right == current:
                    if (chain.IsKind(SyntaxKind.LogicalAndExpression) && Asserts(chain.Left, element, SyntaxKind.NotEqualsExpression))
                    {
                        return true;
                    }

                    if (chain.IsKind(SyntaxKind.LogicalOrExpression) && Asserts(chain.Left, element, SyntaxKind.EqualsExpression))
                    {
                        return true;
                    }

                    break;
                case ConditionalExpressionSyntax conditional when conditional.WhenTrue == current:
                    if (Asserts(conditional.Condition, element, SyntaxKind.NotEqualsExpression))
                    {
                        return true;
                    }

                    break;
                case IfStatementSyntax branch when branch.Statement == current:
                    if (Asserts(branch.Condition, element, SyntaxKind.NotEqualsExpression))
                    {
                        return true;
                    }

                    break;
                case BlockSyntax block when current is StatementSyntax statement:
                    foreach (StatementSyntax earlier in block.Statements.TakeWhile(s => s != statement))
                    {
                        if (earlier is IfStatementSyntax guard && Leaves(guard.Statement) && Asserts(guard.Condition, element, SyntaxKind.EqualsExpression, orChain: true))
                        {
                            return true;
                        }
                    }

                    break;
            }

            current = parent;
        }

        return false;
    }

    // True when the condition holds "element op null": as a whole, or as one operand of its top && chain (|| chain
    // when orChain: "if (a[i] == null || x) continue;" leaves for a null slot too).
    private static bool Asserts(ExpressionSyntax condition, ExpressionSyntax element, SyntaxKind op, bool orChain = false)
    {
        condition = Unwrap(condition);
        SyntaxKind chainKind = orChain ? SyntaxKind.LogicalOrExpression : SyntaxKind.LogicalAndExpression;
        if (condition is BinaryExpressionSyntax chain && chain.IsKind(chainKind))
        {
            return Asserts(chain.Left, element, op, orChain) || Asserts(chain.Right, element, op, orChain);
        }

        return condition is BinaryExpressionSyntax b && b.IsKind(op)
            && ((IsNullLiteral(Unwrap(b.Right)) && SyntaxFactory.AreEquivalent(Unwrap(b.Left), element))
                || (IsNullLiteral(Unwrap(b.Left)) && SyntaxFactory.AreEquivalent(Unwrap(b.Right), element)));
    }

    private static bool Leaves(StatementSyntax statement)
    {
        while (statement is BlockSyntax { Statements.Count: > 0 } block)
        {
            statement = block.Statements.Last();
        }

        return statement is ContinueStatementSyntax or BreakStatementSyntax or ReturnStatementSyntax or ThrowStatementSyntax;
    }

    private static ExpressionSyntax Unwrap(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax p)
        {
            expression = p.Expression;
        }

        return expression;
    }

    private static bool IsNullLiteral(ExpressionSyntax expression) => expression.IsKind(SyntaxKind.NullLiteralExpression);

    private void Report(SyntaxNode node, string what) => Violations.Add(NanoPortabilityGuard.At(path, node, what));
}
