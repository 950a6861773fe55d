using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenAmi.Tests.HomeAssistant;

/// <summary>
/// What Home Assistant documents about MQTT discovery configs, written down from its documentation (not from its
/// code) so that every payload the gateway publishes can be checked against it:
/// <list type="bullet">
/// <item>home-assistant.io source/_integrations/mqtt.markdown (commit 0a314403): the discovery topic
/// <c>&lt;discovery_prefix&gt;/&lt;component&gt;/[&lt;node_id&gt;/]&lt;object_id&gt;/config</c> with ids of
/// <c>[a-zA-Z0-9_-]</c>, removal by an empty retained payload, the origin keys (name required);</item>
/// <item>sensor.mqtt.markdown (commit 9e4a69ab) and binary_sensor.mqtt.markdown (commit fbc3a3b3): the configuration
/// variables of each platform, the device map's keys ("at least one of identifiers or connections"), entity_category
/// "must be diagnostic for sensors";</item>
/// <item>sensor.markdown (commit 7450caca) and binary_sensor.markdown (commit 1e6bb74f): the device classes and
/// the units each sensor class takes;</item>
/// <item>developers.home-assistant.io docs/core/entity/sensor.md (commit 30def446): the state classes, and that a
/// measurement's device class must not be energy, gas or monetary; enum takes neither state class nor unit.</item>
/// </list>
/// </summary>
public static class HomeAssistantDocumented
{
    public static readonly HashSet<string> Availability = ["payload_available", "payload_not_available", "topic", "value_template"];

    private static readonly string[] Common =
    [
        "availability", "availability_mode", "availability_template", "availability_topic", "device", "device_class",
        "enabled_by_default", "encoding", "entity_category", "entity_picture", "expire_after", "force_update", "icon",
        "json_attributes_template", "json_attributes_topic", "name", "object_id", "payload_available", "payload_not_available",
        "platform", "qos", "state_topic", "unique_id", "value_template", "origin",
    ];

    public static readonly HashSet<string> SensorKeys =
        [.. Common, "last_reset_value_template", "options", "suggested_display_precision", "state_class", "unit_of_measurement"];

    public static readonly HashSet<string> BinarySensorKeys = [.. Common, "off_delay", "payload_off", "payload_on"];

    public static readonly HashSet<string> DeviceKeys =
    [
        "configuration_url", "connections", "hw_version", "identifiers", "manufacturer", "model", "model_id", "name",
        "serial_number", "suggested_area", "sw_version", "via_device",
    ];

    public static readonly HashSet<string> OriginKeys = ["name", "sw_version", "support_url"];

    public static readonly HashSet<string> StateClasses = ["measurement", "total", "total_increasing"];

    /// <summary>Sensor device classes and the units each takes (null: a class that has no unit, or any unit).</summary>
    public static readonly Dictionary<string, string[]?> SensorClasses = new()
    {
        ["apparent_power"] = ["VA"],
        ["current"] = ["A", "mA"],
        ["energy"] = ["J", "kJ", "MJ", "GJ", "mWh", "Wh", "kWh", "MWh", "GWh", "TWh", "cal", "kcal", "Mcal", "Gcal"],
        ["enum"] = null,
        ["frequency"] = ["Hz", "kHz", "MHz", "GHz"],
        ["gas"] = ["m³", "ft³", "CCF"],
        ["power"] = ["mW", "W", "kW", "MW", "GW", "TW"],
        ["power_factor"] = ["%"],
        ["reactive_power"] = ["var"],
        ["timestamp"] = null,
        ["voltage"] = ["V", "mV", "µV", "kV", "MV"],
        ["volume"] = ["L", "mL", "gal", "fl. oz.", "m³", "ft³", "CCF"],
        ["water"] = ["L", "gal", "m³", "ft³", "CCF"],
    };

    public static readonly HashSet<string> BinarySensorClasses =
    [
        "battery", "battery_charging", "carbon_monoxide", "cold", "connectivity", "door", "garage_door", "gas", "heat", "light",
        "lock", "moisture", "motion", "moving", "occupancy", "opening", "plug", "power", "presence", "problem", "running",
        "safety", "smoke", "sound", "tamper", "update", "vibration", "window",
    ];

    private static readonly Regex Topic = new(@"^(?<prefix>.+)/(?<component>sensor|binary_sensor)/(?:[a-zA-Z0-9_-]+/)?(?<object>[a-zA-Z0-9_-]+)/config$");

    /// <summary>Every way <paramref name="payload"/> on <paramref name="topic"/> departs from the documentation (empty: none).</summary>
    public static List<string> Problems(string topic, string payload, string prefix = "homeassistant")
    {
        var problems = new List<string>();
        Match m = Topic.Match(topic);
        if (!m.Success || m.Groups["prefix"].Value != prefix)
        {
            problems.Add($"{topic}: not <prefix>/<component>/[<node_id>/]<object_id>/config with ids of [a-zA-Z0-9_-]");
            return problems;
        }

        if (payload.Length == 0)
        {
            return problems; // a removal
        }

        bool binary = m.Groups["component"].Value == "binary_sensor";
        JsonElement config;
        try
        {
            config = JsonDocument.Parse(payload).RootElement;
        }
        catch (JsonException e)
        {
            problems.Add($"{topic}: not JSON: {e.Message}");
            return problems;
        }

        HashSet<string> keys = binary ? BinarySensorKeys : SensorKeys;
        foreach (JsonProperty p in config.EnumerateObject())
        {
            if (!keys.Contains(p.Name))
            {
                problems.Add($"{topic}: '{p.Name}' is not a documented {(binary ? "binary sensor" : "sensor")} key");
            }
        }

        string? Text(string key) => config.TryGetProperty(key, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        if (Text("state_topic") is not { Length: > 0 })
        {
            problems.Add($"{topic}: state_topic is required");
        }

        if (Text("unique_id") is not { Length: > 0 } uniqueId)
        {
            problems.Add($"{topic}: unique_id is needed for a device");
        }
        else if (m.Groups["object"].Value != uniqueId)
        {
            problems.Add($"{topic}: best practice is object_id = unique_id ({uniqueId})");
        }

        if (config.TryGetProperty("availability_topic", out _) && config.TryGetProperty("availability", out _))
        {
            problems.Add($"{topic}: availability and availability_topic must not be used together");
        }

        if (Text("entity_category") is string category && category != "diagnostic")
        {
            problems.Add($"{topic}: entity_category must be diagnostic for sensors, not {category}");
        }

        if (config.TryGetProperty("qos", out JsonElement qos) && (qos.ValueKind != JsonValueKind.Number || qos.GetInt32() is < 0 or > 2))
        {
            problems.Add($"{topic}: qos is 0, 1 or 2");
        }

        string? deviceClass = Text("device_class");
        string? stateClass = Text("state_class");
        string? unit = Text("unit_of_measurement");
        if (binary)
        {
            if (deviceClass != null && !BinarySensorClasses.Contains(deviceClass))
            {
                problems.Add($"{topic}: '{deviceClass}' is not a binary sensor device class");
            }
        }
        else
        {
            if (deviceClass != null && !SensorClasses.ContainsKey(deviceClass))
            {
                problems.Add($"{topic}: '{deviceClass}' is not a sensor device class");
            }

            if (deviceClass != null && SensorClasses.TryGetValue(deviceClass, out string[]? units) && units != null && (unit == null || !units.Contains(unit)))
            {
                problems.Add($"{topic}: device class {deviceClass} takes {string.Join(", ", units)}, not '{unit}'");
            }

            if (stateClass != null && !StateClasses.Contains(stateClass))
            {
                problems.Add($"{topic}: '{stateClass}' is not a state class");
            }

            if (stateClass == "measurement" && deviceClass is "energy" or "gas" or "monetary")
            {
                problems.Add($"{topic}: a measurement must not have device class {deviceClass}");
            }

            if (deviceClass is "enum" or "timestamp" && (stateClass != null || unit != null))
            {
                problems.Add($"{topic}: device class {deviceClass} takes no state class and no unit");
            }
        }

        if (!config.TryGetProperty("device", out JsonElement device))
        {
            problems.Add($"{topic}: no device");
        }
        else
        {
            foreach (JsonProperty p in device.EnumerateObject())
            {
                if (!DeviceKeys.Contains(p.Name))
                {
                    problems.Add($"{topic}: '{p.Name}' is not a documented device key");
                }
            }

            if (!device.TryGetProperty("identifiers", out JsonElement ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0)
            {
                problems.Add($"{topic}: the device needs identifiers");
            }
        }

        if (config.TryGetProperty("origin", out JsonElement origin))
        {
            foreach (JsonProperty p in origin.EnumerateObject())
            {
                if (!OriginKeys.Contains(p.Name))
                {
                    problems.Add($"{topic}: '{p.Name}' is not a documented origin key");
                }
            }

            if (!origin.TryGetProperty("name", out _))
            {
                problems.Add($"{topic}: the origin needs a name");
            }
        }

        return problems;
    }
}
