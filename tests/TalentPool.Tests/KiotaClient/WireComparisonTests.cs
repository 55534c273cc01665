using System.Runtime.Serialization;
using System.Text.Json;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// The comparison that the client tests rely on finds what Kiota loses, and nothing else. It is tried on a model
/// written the way Kiota writes them, so these tests do not change when the document does.
/// </summary>
public sealed class WireComparisonTests
{
    [Fact]
    public void Values_that_arrive_are_no_loss_numbers_by_value_instants_by_instant_dates_and_enums_by_their_text()
    {
        var losses = LossesReading("""
            { "amount": 20000.00, "at": "2026-11-25T12:00:00+01:00", "on": "2026-03-10", "colour": "dark-red",
              "tags": ["a", "b"], "inner": { "amount": 1774.19, "inner": null }, "data": { "x": [1, "two", true, null, { "y": 2.5 }] } }
            """);

        losses.ShouldBeEmpty();
    }

    [Fact]
    public void A_property_the_client_does_not_know_is_a_loss_even_when_Kiota_keeps_it_in_AdditionalData()
    {
        var losses = LossesReading("""{ "amount": 1, "currency": "NOK" }""");

        losses.ShouldBe(["$.currency: sent \"NOK\", the client does not know it (kept untyped in AdditionalData)"]);
    }

    [Fact]
    public void A_month_string_where_the_client_expects_an_object_and_an_enum_value_it_does_not_know_are_losses()
    {
        var losses = LossesReading("""{ "inner": "2026-03", "colour": "blue", "tags": ["a"], "at": "2026-11-25T11:00:00Z" }""",
            read => read.At = read.At!.Value.AddTicks(1));

        losses.ShouldBe(
        [
            "$.inner: sent \"2026-03\", the client read an object of type Probe",
            "$.colour: sent \"blue\", the client read nothing",
            "$.at: sent \"2026-11-25T11:00:00Z\", the client read 2026-11-25T11:00:00.0000001+00:00",
        ]);
    }

    private static IReadOnlyList<string> LossesReading(string json, Action<Probe>? tamper = null)
    {
        using var document = JsonDocument.Parse(json);
        var read = new JsonParseNode(document.RootElement).GetObjectValue(Probe.Create);
        tamper?.Invoke(read);
        return WireComparison.Of(document.RootElement, read).Losses;
    }

    private enum Colour
    {
        [EnumMember(Value = "dark-red")] DarkRed,
    }

    /// <summary>A model the way Kiota generates one: nullable properties, a field map by JSON name, AdditionalData.</summary>
    private sealed class Probe : IParsable, IAdditionalDataHolder
    {
        public IDictionary<string, object> AdditionalData { get; set; } = new Dictionary<string, object>();
        public double? Amount { get; set; }
        public DateTimeOffset? At { get; set; }
        public Date? On { get; set; }
        public Colour? Colour { get; set; }
        public List<string>? Tags { get; set; }
        public Probe? Inner { get; set; }
        public UntypedNode? Data { get; set; }

        public static Probe Create(IParseNode _) => new();

        public IDictionary<string, Action<IParseNode>> GetFieldDeserializers() => new Dictionary<string, Action<IParseNode>>
        {
            ["amount"] = n => Amount = n.GetDoubleValue(),
            ["at"] = n => At = n.GetDateTimeOffsetValue(),
            ["on"] = n => On = n.GetDateValue(),
            ["colour"] = n => Colour = n.GetEnumValue<Colour>(),
            ["tags"] = n => Tags = n.GetCollectionOfPrimitiveValues<string>()?.ToList(),
            ["inner"] = n => Inner = n.GetObjectValue(Create),
            ["data"] = n => Data = n.GetObjectValue(UntypedNode.CreateFromDiscriminatorValue),
        };

        public void Serialize(ISerializationWriter writer) => throw new NotSupportedException("Only read in these tests.");
    }
}
