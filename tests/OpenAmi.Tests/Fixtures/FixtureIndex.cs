using OpenAmi.Tests.Support;

namespace OpenAmi.Tests.Fixtures;

/// <summary>One row of the "Text telegrams" table in tests/fixtures/p1/INDEX.md.</summary>
public sealed record FixtureRow(
    string File, string Crc, string Header, string Version, string Import1, string Import2, string Power, string EquipmentId)
{
    public bool IsNegative => File.Contains("negative-");

    public override string ToString() => File;
}

/// <summary>Reads INDEX.md, so the tests check every telegram against what the corpus says of it.</summary>
public static class FixtureIndex
{
    private static readonly Lazy<List<FixtureRow>> AllRows = new(Load);

    public static IReadOnlyList<FixtureRow> Rows => AllRows.Value;

    public static FixtureRow Row(string file) => Rows.Single(r => r.File == file);

    public static IEnumerable<object[]> TextFixtures() => Rows.Select(r => new object[] { r.File });

    private static List<FixtureRow> Load()
    {
        var rows = new List<FixtureRow>();
        bool inText = false;
        foreach (string line in System.IO.File.ReadAllLines(Path.Combine(RepoPaths.Fixtures, "INDEX.md")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inText = line.Contains("Text telegrams");
                continue;
            }

            if (!inText || !line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| file", StringComparison.Ordinal) || line.StartsWith("|---", StringComparison.Ordinal))
            {
                continue;
            }

            string[] cells = line.Split(" | ");
            // file | bytes | source | spec | CRC | header | version | 1.8.1 | 1.8.2 | 1.7.0 | equipment id | gas | notes
            rows.Add(new FixtureRow(
                cells[0].TrimStart('|', ' '), cells[4], cells[5], cells[6], cells[7], cells[8], cells[9], cells[10]));
        }

        return rows;
    }
}
