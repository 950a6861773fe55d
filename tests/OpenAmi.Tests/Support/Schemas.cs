using System.Text.Json;
using Json.Schema;

namespace OpenAmi.Tests.Support;

/// <summary>
/// The project's JSON Schemas (schemas/), loaded once with JsonSchema.Net into a registry of their own, and a
/// validation that returns one readable line per error (empty when the message is valid).
/// </summary>
public static class Schemas
{
    private static readonly Lazy<JsonSchema> TelemetrySchema = new(() => Load("openami-telemetry-envelope-v0.1.schema.json"));
    private static readonly Lazy<JsonSchema> EventSchema = new(() => Load("openami-event-v0.1.schema.json"));
    private static readonly Lazy<JsonSchema> StatusSchema = new(() => Load("openami-status-v0.1.schema.json"));

    /// <summary>Errors of a telemetry envelope (…/meter/{serial}/telemetry).</summary>
    public static List<string> Telemetry(string json) => Validate(TelemetrySchema.Value, json);

    /// <summary>Errors of a meter event (…/meter/{serial}/event).</summary>
    public static List<string> Event(string json) => Validate(EventSchema.Value, json);

    /// <summary>Errors of a gateway status message, birth or will (…/{gatewayId}/status).</summary>
    public static List<string> Status(string json) => Validate(StatusSchema.Value, json);

    /// <summary>Errors of the message on <paramref name="topic"/>, by the topic's last segment.</summary>
    public static List<string> ForTopic(string topic, string json) => topic[(topic.LastIndexOf('/') + 1)..] switch
    {
        "telemetry" => Telemetry(json),
        "event" => Event(json),
        "status" => Status(json),
        _ => [$"no schema for topic {topic}"],
    };

    private static JsonSchema Load(string file)
    {
        string path = Path.Combine(RepoPaths.Root, "schemas", file);
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.FromText(File.ReadAllText(path), options, new Uri("https://openami.invalid/schemas/" + file));
    }

    private static List<string> Validate(JsonSchema schema, string json)
    {
        JsonElement instance;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            instance = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }

        EvaluationResults results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        foreach (EvaluationResults node in new[] { results }.Concat(results.Details ?? []))
        {
            foreach (var (keyword, message) in node.Errors ?? [])
            {
                errors.Add($"{node.InstanceLocation} ({keyword}): {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid"];
    }
}
