using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Xml;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// What a response carried that a generated Kiota model did not take in. Every non-null JSON value must be in the
/// model, under the JSON name of Kiota's own field map, with the same value: numbers by value, instants by instant,
/// dates and enums by their wire text. A property the client does not know is a loss even where Kiota kept it in
/// AdditionalData, since no typed code reads it there. The model is walked by reflection rather than re-serialised,
/// because Kiota's Serialize leaves read-only properties out.
/// </summary>
public sealed class WireComparison
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo> Properties = new();

    private readonly List<string> _losses = [];
    private readonly HashSet<Type> _modelsRead = [];

    private WireComparison() { }

    /// <summary>Each value sent and not received, as "$.path: sent …, the client read …".</summary>
    public IReadOnlyList<string> Losses => _losses;

    /// <summary>The generated model types that received a JSON object.</summary>
    public IReadOnlySet<Type> ModelsRead => _modelsRead;

    public static WireComparison Of(JsonElement sent, object? received)
    {
        var comparison = new WireComparison();
        comparison.Compare(sent, received, "$");
        return comparison;
    }

    private void Compare(JsonElement sent, object? received, string path)
    {
        if (sent.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return;
        received = received is UntypedNode node ? ValueOf(node) : received;
        if (received is null)
        {
            Lose(path, sent, "the client read nothing");
            return;
        }

        switch (sent.ValueKind)
        {
            case JsonValueKind.Object when received is IComposedTypeWrapper wrapper:
                CompareWithChosenMember(sent, wrapper, path);
                break;
            case JsonValueKind.Object when received is IParsable model:
                CompareObject(sent, model, path);
                break;
            case JsonValueKind.Object when received is IDictionary<string, UntypedNode> members:
                foreach (var property in sent.EnumerateObject())
                {
                    Compare(property.Value, members.TryGetValue(property.Name, out var member) ? member : null, $"{path}.{property.Name}");
                }
                break;
            case JsonValueKind.Array when received is IEnumerable items and not string and not IParsable:
                CompareItems(sent, items.Cast<object?>().ToList(), path);
                break;
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                if (!SameValue(sent, received)) Lose(path, sent, $"the client read {Describe(received)}");
                break;
            default:
                Lose(path, sent, $"the client read {Describe(received)}");
                break;
        }
    }

    private void CompareObject(JsonElement sent, IParsable model, string path)
    {
        _modelsRead.Add(model.GetType());
        var fields = model.GetFieldDeserializers();
        var additionalData = (model as IAdditionalDataHolder)?.AdditionalData ?? new Dictionary<string, object>();
        var isMap = fields.Count == 0 && model is IAdditionalDataHolder; // a schema with additionalProperties only
        foreach (var property in sent.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (fields.ContainsKey(property.Name)) Compare(property.Value, PropertyFor(model.GetType(), property.Name).GetValue(model), at);
            else if (isMap && additionalData.ContainsKey(property.Name)) continue;
            else if (additionalData.ContainsKey(property.Name)) Lose(at, property.Value, "the client does not know it (kept untyped in AdditionalData)");
            else Lose(at, property.Value, "the client does not know it and dropped it");
        }
    }

    private void CompareWithChosenMember(JsonElement sent, IComposedTypeWrapper wrapper, string path)
    {
        var chosen = wrapper.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0).Select(p => p.GetValue(wrapper)).Where(v => v is not null).ToList();
        if (chosen.Count == 1) Compare(sent, chosen[0], path);
        else Lose(path, sent, $"the client's {wrapper.GetType().Name} holds {chosen.Count} of its alternatives");
    }

    private void CompareItems(JsonElement sent, IReadOnlyList<object?> received, string path)
    {
        if (sent.GetArrayLength() != received.Count)
        {
            Lose(path, sent, $"the client read {received.Count} items instead of {sent.GetArrayLength()}");
            return;
        }
        var index = 0;
        foreach (var item in sent.EnumerateArray())
        {
            Compare(item, received[index], $"{path}[{index}]");
            index++;
        }
    }

    private static bool SameValue(JsonElement sent, object received) => sent.ValueKind switch
    {
        JsonValueKind.Number => sent.TryGetDecimal(out var number) && AsDecimal(received) == number,
        JsonValueKind.True or JsonValueKind.False => received is bool flag && flag == sent.GetBoolean(),
        _ => SameText(sent.GetString()!, received),
    };

    private static bool SameText(string sent, object received) => received switch
    {
        string text => text == sent,
        Guid id => Guid.TryParse(sent, out var parsed) && parsed == id,
        DateTimeOffset instant => DateTimeOffset.TryParse(sent, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                                  && parsed == instant,
        Date date => DateOnly.TryParseExact(sent, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                     && parsed == new DateOnly(date.Year, date.Month, date.Day),
        Time time => TimeOnly.TryParse(sent, CultureInfo.InvariantCulture, out var parsed)
                     && parsed == new TimeOnly(time.Hour, time.Minute, time.Second),
        TimeSpan duration => TryDuration(sent) == duration,
        Enum value => WireName(value) == sent,
        byte[] bytes => sent == Convert.ToBase64String(bytes),
        _ => false,
    };

    private static decimal? AsDecimal(object received)
    {
        try
        {
            return received switch
            {
                int or long or short or byte or sbyte or uint or ulong or ushort or decimal or double or float =>
                    Convert.ToDecimal(received, CultureInfo.InvariantCulture),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static TimeSpan? TryDuration(string text)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string WireName(Enum value)
    {
        var name = value.ToString();
        return value.GetType().GetField(name)?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? name;
    }

    /// <summary>The property Kiota reads a JSON name into: its name is the JSON name with the first letter upper-cased and symbols removed.</summary>
    private static PropertyInfo PropertyFor(Type model, string jsonName) => Properties.GetOrAdd((model, jsonName), key =>
    {
        var wanted = Normalised(key.Item2);
        var matches = key.Item1.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name is not nameof(IAdditionalDataHolder.AdditionalData) and not "BackingStore" && Normalised(p.Name) == wanted)
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"Cannot tell which property of {key.Item1.Name} Kiota reads '{key.Item2}' into.");
    });

    private static string Normalised(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private static object? ValueOf(UntypedNode node) => node switch
    {
        UntypedObject o => o.GetValue(),
        UntypedArray a => a.GetValue(),
        UntypedString s => s.GetValue(),
        UntypedBoolean b => b.GetValue(),
        UntypedInteger i => i.GetValue(),
        UntypedLong l => l.GetValue(),
        UntypedDecimal d => d.GetValue(),
        UntypedDouble d => d.GetValue(),
        UntypedFloat f => f.GetValue(),
        _ => null,
    };

    private static string Describe(object received) => received switch
    {
        string text => $"\"{text}\"",
        IParsable model => $"an object of type {model.GetType().Name}",
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        _ => received.ToString() ?? received.GetType().Name,
    };

    private void Lose(string path, JsonElement sent, string what)
    {
        var text = sent.GetRawText();
        _losses.Add($"{path}: sent {(text.Length > 80 ? text[..77] + "..." : text)}, {what}");
    }
}
