using System.Text.RegularExpressions;
using OpenAmi.Gateway;
using OpenAmi.Tests.Support;
using Xunit;

namespace OpenAmi.Tests.Architecture;

/// <summary>
/// docs/gateway.md's table of event types and the <see cref="EventTypes"/> table say the same: every type the
/// gateway publishes is documented, and the documentation names no type the gateway does not publish.
/// </summary>
public class EventTypesDocumentedTests
{
    [Fact]
    public void EveryEventTypeIsDocumented()
    {
        HashSet<string> documented = DocumentedTypes();
        for (int t = 0; t < EventTypes.Count; t++)
        {
            Assert.True(documented.Contains(EventTypes.NameOf(t)), $"event type {EventTypes.NameOf(t)} is missing from docs/gateway.md's table of events");
        }
    }

    [Fact]
    public void EveryDocumentedTypeIsPublished()
    {
        HashSet<string> published = [];
        for (int t = 0; t < EventTypes.Count; t++)
        {
            published.Add(EventTypes.NameOf(t));
        }

        foreach (string type in DocumentedTypes())
        {
            Assert.True(published.Contains(type), $"docs/gateway.md documents event type {type}, which EventTypes does not have");
        }
    }

    [Fact]
    public void EventTypesNamesAreDistinctAndJsonMatchesTheName()
    {
        HashSet<string> seen = [];
        for (int t = 0; t < EventTypes.Count; t++)
        {
            string name = EventTypes.NameOf(t);
            Assert.True(seen.Add(name), $"event type {name} appears twice in EventTypes");
            Assert.Equal("\"" + name + "\"", System.Text.Encoding.ASCII.GetString(EventTypes.JsonOf(t)));
        }
    }

    // The names in the first column of the table under "## Events" (a cell may name several: `voltage_sag`, `voltage_swell`).
    private static HashSet<string> DocumentedTypes()
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "gateway.md"));
        int at = Array.IndexOf(lines, "## Events");
        Assert.True(at >= 0, "docs/gateway.md has no \"## Events\" section");
        HashSet<string> types = [];
        bool inTable = false;
        for (int i = at + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                if (inTable)
                {
                    break; // the first table of the section is the list of types
                }

                continue;
            }

            inTable = true;
            string first = line.Split('|')[1];
            foreach (Match m in Regex.Matches(first, "`([a-z_]+)`"))
            {
                types.Add(m.Groups[1].Value);
            }
        }

        Assert.True(types.Count > 0, "docs/gateway.md's \"## Events\" section has no table of types");
        return types;
    }
}
