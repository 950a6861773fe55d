using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpenAmi.Tests.Portability;

/// <summary>
/// Every value the code under test stores into each string[] variable (field, local, auto-property): declaration
/// initializers and assignments, across the whole compilation. A variable whose every value is an array created
/// with an initializer (<c>{ "a", "b" }</c>, <c>new string[] { … }</c>, <c>new[] { … }</c>) has no never-assigned
/// slot; anything else (<c>new string[n]</c>, a parameter, a method result, a ref/out argument) may have.
/// </summary>
internal sealed class StringArraySources
{
    private readonly Dictionary<ISymbol, List<ExpressionSyntax>> _values = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _passedByReference = new(SymbolEqualityComparer.Default);

    public StringArraySources(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SyntaxNode node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: not null } declarator:
                        Add(model.GetDeclaredSymbol(declarator), declarator.Initializer.Value);
                        break;
                    case PropertyDeclarationSyntax { Initializer: not null } property:
                        Add(model.GetDeclaredSymbol(property), property.Initializer.Value);
                        break;
                    case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression):
                        Add(model.GetSymbolInfo(assignment.Left).Symbol, assignment.Right);
                        break;
                    case ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument:
                        ISymbol? target = model.GetSymbolInfo(argument.Expression).Symbol?.OriginalDefinition;
                        if (target != null)
                        {
                            _passedByReference.Add(target);
                        }

                        break;
                }
            }
        }
    }

    /// <summary>True when <paramref name="array"/> names a variable that only ever holds fully initialized arrays.</summary>
    public bool EverySlotAssigned(SemanticModel model, ExpressionSyntax array)
    {
        ISymbol? symbol = model.GetSymbolInfo(array).Symbol?.OriginalDefinition;
        if (symbol is not (IFieldSymbol or ILocalSymbol or IPropertySymbol) || _passedByReference.Contains(symbol)
            || !_values.TryGetValue(symbol, out List<ExpressionSyntax>? values))
        {
            return false;
        }

        return values.All(v => v is InitializerExpressionSyntax or ImplicitArrayCreationExpressionSyntax
            || v is ArrayCreationExpressionSyntax { Initializer: not null });
    }

    private void Add(ISymbol? symbol, ExpressionSyntax value)
    {
        ITypeSymbol? type = symbol switch
        {
            IFieldSymbol f => f.Type,
            ILocalSymbol l => l.Type,
            IPropertySymbol p => p.Type,
            _ => null,
        };
        if (symbol == null || !DeviceHazardWalker.IsStringArray(type))
        {
            return;
        }

        symbol = symbol.OriginalDefinition;
        if (!_values.TryGetValue(symbol, out List<ExpressionSyntax>? values))
        {
            _values[symbol] = values = [];
        }

        values.Add(value);
    }
}
