using System.CommandLine;
using OpenAmi.Capture;
using OpenAmi.Cli.Options;
using OpenAmi.Desktop.Crypto;
using OpenAmi.Desktop.Storage;

namespace OpenAmi.Cli.Commands;

/// <summary>
/// <c>openami capture export</c>: the telegrams a gateway kept with --capture-last, as one file for a bug report that
/// <c>openami parse</c> reads back, with the meters' ids and text messages replaced by a keyed hash.
/// </summary>
public static class CaptureCommand
{
    public static Command Create(CliIO io)
    {
        var command = new Command("capture", "Support captures: the last telegrams a gateway kept (openami gateway --capture-last N).");
        var export = new Command("export",
            "Write the kept telegrams of every port as one file for a bug report: ids and text messages replaced by a keyed hash, CRCs recomputed, "
            + "every other byte as received. openami parse reads it back.");
        var dir = new Option<string?>("--dir")
        {
            Description = "The capture directory the gateway named at its start [default: the default outbox's capture]",
            HelpName = "DIR",
        };
        var output = new Option<string?>("--out") { Description = "The file to write [default: standard output]", HelpName = "FILE" };
        export.Add(dir);
        export.Add(output);
        Help.Examples(
            export,
            "openami gateway --source serial:/dev/ttyUSB0 --capture-last 20 --broker mqtt://127.0.0.1:1883",
            "openami capture export --dir ~/.local/share/openami/outbox/feeder-1_myhost/capture --out capture.txt",
            "openami parse capture.txt                                   # what the file holds, as the gateway reads it");
        export.SetAction(r => Export(r.GetValue(dir) ?? DefaultDirectory(), r.GetValue(output), io.Out, io.Err));
        command.Add(export);
        return command;
    }

    public static int Export(string directory, string? output, TextWriter stdout, TextWriter stderr)
    {
        using FileCaptureStore? store = FileCaptureStore.Open(directory);
        if (store == null)
        {
            stderr.WriteLine($"openami capture export: no capture in {directory}; run the gateway with --capture-last N first (it names the directory at its start), or give --dir");
            return ExitCodes.Failed;
        }

        try
        {
            byte[] key = store.Key();
            using Stream target = output == null ? new MemoryStream() : File.Create(output);
            int telegrams = CaptureExport.Write(store, store.Ports, key, new BclHmacSha256(), new StreamWriterAdapter(target));
            if (output == null)
            {
                stdout.Write(System.Text.Encoding.Latin1.GetString(((MemoryStream)target).ToArray()));
                stdout.Flush();
            }

            stderr.WriteLine($"openami capture export: {telegrams} telegram(s) of {store.Ports} port(s){(output == null ? "" : $" written to {output}")}; "
                + $"ids and text messages replaced by a keyed hash (the key stays in {directory}); read it back with openami parse");
            return telegrams > 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"openami capture export: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    // The capture of a gateway run with the default feeder and gateway ids: with a broker, else printing.
    private static string DefaultDirectory()
    {
        string gateway = GatewayArgs.DefaultGatewayId();
        string withBroker = Path.Combine(GatewayArgs.DefaultOutbox("feeder-1", gateway, true), "capture");
        string printing = Path.Combine(GatewayArgs.DefaultOutbox("feeder-1", gateway, false), "capture");
        return Directory.Exists(withBroker) || !Directory.Exists(printing) ? withBroker : printing;
    }

    private sealed class StreamWriterAdapter(Stream stream) : ICaptureWriter
    {
        public void Write(byte[] data, int offset, int count) => stream.Write(data, offset, count);
    }
}
