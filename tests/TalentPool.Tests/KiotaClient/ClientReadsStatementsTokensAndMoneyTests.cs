using System.Text.Json;
using Alba;
using Microsoft.Kiota.Abstractions.Serialization;
using TalentPool.Client;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// The rest of what a C# client reads: statements (months as "2026-03", money with decimals), closed months,
/// a talent's renewed token; every number as an exact number; and every kind of resource the document
/// declares, read by some tour.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClientReadsStatementsTokensAndMoneyTests(TalentPoolFixture fixture)
{
    private readonly ClientTour _tour = new(fixture);

    [Fact]
    public async Task Statements_a_closed_month_and_a_correction_arrive_whole_in_the_generated_client()
    {
        await _tour.BillingAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_talents_renewed_access_token_arrives_whole_in_the_generated_client()
    {
        await _tour.AccessTokenAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_regions_hires_per_month_and_its_freshness_arrive_whole_in_the_generated_client()
    {
        await _tour.MetricsAsync();
        await _tour.WebhooksAsync();

        _tour.Losses.ShouldBeEmpty();
    }

    [Fact]
    public void The_generated_client_holds_every_number_as_an_integer_or_a_decimal_never_a_binary_float()
    {
        var floats = typeof(TalentPoolClient).Assembly.GetTypes()
            .Where(type => typeof(IParsable).IsAssignableFrom(type))
            .SelectMany(type => type.GetProperties().Where(p => IsBinaryFloat(p.PropertyType)).Select(p => $"{type.Name}.{p.Name}"))
            .ToList();

        floats.ShouldBeEmpty("The service sends money and rates as decimals; a double rounds them and adds up wrong");
    }

    [Fact]
    public async Task Every_kind_of_resource_a_success_response_declares_is_read_whole_by_a_client_tour()
    {
        await _tour.RegionsAndMembersAsync();
        await _tour.TalentsAndTheSharedBaseAsync();
        await _tour.RecruitingAsync();
        await _tour.BillingAsync();
        await _tour.AccessTokenAsync();
        await _tour.MetricsAsync();
        await _tour.WebhooksAsync();
        await _tour.SyncAsync();

        _tour.Losses.ShouldBeEmpty();
        var read = _tour.ModelsRead.Select(type => Comparable(type.Name)).ToHashSet();
        var unread = (await ResourcesSentAsync()).Where(sent => !read.Contains(Comparable(sent.Key)))
            .Select(sent => $"{sent.Key} (sent by {sent.Value})");

        unread.ShouldBeEmpty("No ClientTour reads these through the generated client; add the calls to a tour");
    }

    private static bool IsBinaryFloat(Type type)
    {
        var element = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        return element == typeof(double) || element == typeof(float);
    }

    /// <summary>Every object schema a 2xx response of the live document can carry, with the first operation that sends it.</summary>
    private async Task<Dictionary<string, string>> ResourcesSentAsync()
    {
        var text = await (await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"))).ReadAsTextAsync();
        using var document = JsonDocument.Parse(text);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var sent = new Dictionary<string, string>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("responses", out _)))
        foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
        {
            if (!response.Value.TryGetProperty("content", out var content)) continue;
            foreach (var media in content.EnumerateObject().Where(m => m.Value.TryGetProperty("schema", out _)))
            {
                CollectObjectSchemas(media.Value.GetProperty("schema"), schemas, sent, $"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }
        return sent;
    }

    private static void CollectObjectSchemas(JsonElement schema, JsonElement schemas, Dictionary<string, string> found, string operation)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            var target = schemas.GetProperty(name);
            if (found.ContainsKey(name) || !IsObject(target)) return;
            found[name] = operation;
            CollectObjectSchemas(target, schemas, found, operation);
            return;
        }
        foreach (var nested in schema.EnumerateObject())
        {
            var children = nested.Name switch
            {
                "properties" => nested.Value.EnumerateObject().Select(p => p.Value),
                "items" or "additionalProperties" => [nested.Value],
                "allOf" or "oneOf" or "anyOf" => nested.Value.EnumerateArray(),
                _ => [],
            };
            foreach (var child in children) CollectObjectSchemas(child, schemas, found, operation);
        }
    }

    private static bool IsObject(JsonElement schema) =>
        !schema.TryGetProperty("enum", out _)
        && (schema.TryGetProperty("properties", out _)
            || (schema.TryGetProperty("type", out var type) && type.GetRawText().Contains("\"object\"")));

    /// <summary>Kiota names a model after its schema, first letter upper-cased and symbols removed.</summary>
    private static string Comparable(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}
