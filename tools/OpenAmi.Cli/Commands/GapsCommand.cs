using System.CommandLine;
using System.Text;
using OpenAmi.Cli.Options;
using OpenAmi.Meters;
using OpenAmi.P1.Framing;
using OpenAmi.Vmrs;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami gaps</c>: the VMRS gap matrix. One row per meter model (its identification header), one column per
/// VMRS register, each cell present, derived or absent, and how many of the required registers the model covers.
/// </summary>
public static class GapsCommand
{
    /// <summary>Models kept in the matrix; frames of further models are counted and reported, so memory stays bounded.</summary>
    public const int MaxModels = 1000;

    public const string Present = "present";
    public const string Derived = "derived";
    public const string Absent = "absent";

    private sealed class ModelRow(string model)
    {
        public string Model { get; } = model;

        public int Frames { get; set; }

        public string[] Cells { get; } = Enumerable.Repeat(Absent, VmrsCatalog.Count).ToArray();

        public int RequiredCovered => Enumerable.Range(0, VmrsCatalog.Count)
            .Count(r => VmrsCatalog.RequiredOf(r) == VmrsCatalog.RequiredYes && Cells[r] != Absent);
    }

    public static Command Create(CliIO io)
    {
        var command = new Command("gaps", "The VMRS gap matrix: per meter model, which VMRS registers are present, derived or absent.");
        var format = new Typed<string?>("--format", "md|csv|json", "Output format of the matrix [default: md] (the captures' own format is --input-format)",
            Parsers.Choice("md (default), csv or json", "md", "csv", "json"), "md", "csv", "json");
        command.Add(format.Option);
        Typed<int?> inputFormat = MeterFormats.Option("--input-format");
        command.Add(inputFormat.Option);
        DecryptionArgs decryption = DecryptionArgs.AddTo(command);
        Argument<string[]> inputs = Inputs.AddTo(command, stdin: true);
        Help.Examples(
            command,
            "openami gaps captures/*.p1",
            "openami gaps --format csv captures/*.p1 > gaps.csv",
            "openami gaps --input-format han captures/*.bin          # DLMS pushes (detected anyway; this forces it)");
        command.SetAction(r => Run(r.GetValue(inputs)!, r.ValueIfGiven(format.Option) ?? "md", decryption.Read(r), io.In, io.Out, io.Err,
            r.ValueIfGiven(inputFormat.Option) ?? MeterFormat.Auto));
        return command;
    }

    public static int Run(IReadOnlyList<string> inputs, string format, DecryptionOptions decryption, Func<Stream> stdin, TextWriter stdout, TextWriter stderr,
        int inputFormat = MeterFormat.Auto)
    {
        var mapper = new VmrsMapper(new MappingOptions());
        var readings = new[] { new MeterReading() };
        var rows = new List<ModelRow>();
        var rowsByModel = new Dictionary<string, ModelRow>(StringComparer.Ordinal);
        int framesNotShown = 0;
        var streams = new TelegramStreams(
            telegram =>
            {
                if (telegram.Crc == CrcStatus.Bad)
                {
                    return;
                }

                string model = telegram.GetHeaderText();
                if (!rowsByModel.TryGetValue(model, out ModelRow? row))
                {
                    if (rows.Count == MaxModels)
                    {
                        framesNotShown++;
                        return;
                    }

                    row = new ModelRow(model);
                    rows.Add(row);
                    rowsByModel.Add(model, row);
                }

                row.Frames++;
                mapper.Map(telegram, 0, false, readings);
                MeterReading reading = readings[0];
                for (int r = 0; r < VmrsCatalog.Count; r++)
                {
                    int entry = reading.FindVmrs(r);
                    if (entry < 0)
                    {
                        continue;
                    }

                    // A register the meter sends in any frame is present; derived only if never sent directly.
                    string cell = reading.IsDerived(entry) ? Derived : Present;
                    if (row.Cells[r] != Present)
                    {
                        row.Cells[r] = cell;
                    }
                }
            },
            stderr)
        {
            Format = inputFormat,
        };
        streams.ReadAll(inputs, stdin, decryption);
        stderr.WriteLine(streams.Summary());
        if (framesNotShown > 0)
        {
            stderr.WriteLine($"openami gaps: only the first {MaxModels} models are shown; {framesNotShown} frame(s) of further models are not");
        }

        stdout.Write(format switch
        {
            "csv" => Csv(rows),
            "json" => Json(rows),
            _ => Markdown(rows),
        });
        return rows.Count > 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static int RequiredTotal => Enumerable.Range(0, VmrsCatalog.Count).Count(r => VmrsCatalog.RequiredOf(r) == VmrsCatalog.RequiredYes);

    private static string Markdown(List<ModelRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| model | frames |");
        for (int r = 0; r < VmrsCatalog.Count; r++)
        {
            sb.Append(' ').Append(VmrsCatalog.KeyOf(r)).Append(RequiredMark(r)).Append(" |");
        }

        sb.Append(" required covered |\n|---|---:|");
        for (int r = 0; r < VmrsCatalog.Count; r++)
        {
            sb.Append("---|");
        }

        sb.Append("---:|\n");
        foreach (ModelRow row in rows)
        {
            sb.Append("| `").Append(row.Model).Append("` | ").Append(row.Frames).Append(" |");
            foreach (string cell in row.Cells)
            {
                sb.Append(' ').Append(cell).Append(" |");
            }

            sb.Append(' ').Append(row.RequiredCovered).Append('/').Append(RequiredTotal).Append(" |\n");
        }

        sb.Append("\n* required by VMRS v0.1; † required for prepaid meters. present: the meter sends it; derived: computed ")
            .Append("exactly from registers it sends (1.8.0 = sum of tariffs); absent: not available over this meter's P1 port.\n");
        return sb.ToString();
    }

    private static string Csv(List<ModelRow> rows)
    {
        var sb = new StringBuilder("model,frames");
        for (int r = 0; r < VmrsCatalog.Count; r++)
        {
            sb.Append(',').Append(VmrsCatalog.KeyOf(r));
        }

        sb.Append(",required_covered,required_total\n");
        foreach (ModelRow row in rows)
        {
            sb.Append('"').Append(row.Model.Replace("\"", "\"\"")).Append("\",").Append(row.Frames);
            foreach (string cell in row.Cells)
            {
                sb.Append(',').Append(cell);
            }

            sb.Append(',').Append(row.RequiredCovered).Append(',').Append(RequiredTotal).Append('\n');
        }

        return sb.ToString();
    }

    private static string Json(List<ModelRow> rows)
    {
        var sb = new StringBuilder("{\"models\":[");
        for (int i = 0; i < rows.Count; i++)
        {
            ModelRow row = rows[i];
            sb.Append(i > 0 ? "," : "").Append("{\"model\":");
            Output.JsonText.AppendString(sb, row.Model);
            sb.Append(",\"frames\":").Append(row.Frames).Append(",\"registers\":{");
            for (int r = 0; r < VmrsCatalog.Count; r++)
            {
                sb.Append(r > 0 ? "," : "").Append('"').Append(VmrsCatalog.KeyOf(r)).Append("\":\"").Append(row.Cells[r]).Append('"');
            }

            sb.Append("},\"requiredCovered\":").Append(row.RequiredCovered).Append(",\"requiredTotal\":").Append(RequiredTotal).Append('}');
        }

        sb.Append("]}\n");
        return sb.ToString();
    }

    private static string RequiredMark(int register) => VmrsCatalog.RequiredOf(register) switch
    {
        VmrsCatalog.RequiredYes => "*",
        VmrsCatalog.RequiredIfPrepaid => "†",
        _ => "",
    };
}
