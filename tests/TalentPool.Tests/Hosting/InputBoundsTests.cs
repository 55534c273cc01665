using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;
using Marten;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Read from the OpenAPI document the service serves: every string and list a request reads declares its bound
/// (<c>maxLength</c>, <c>maxItems</c>, and <c>maxLength</c> of a list's strings), so a request added without bounds
/// fails here by name. Then every declared bound is tried on every endpoint whose sample body reaches it, starting
/// from that sample: one over the bound is a 400 naming the property and appends nothing; at the bound the property
/// passes validation (the request may still be refused for other reasons: a 404 for the made-up ids in the route, a
/// 409 …, but not a 400 naming it); one under a declared minimum is a 400 naming it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InputBoundsTests(TalentPoolFixture fixture)
{
    /// <summary>A bounded property: where it is in a body, and the schema that declares its bounds.</summary>
    private sealed record Bounded(string Schema, string[] Path, JsonElement Declared)
    {
        public string Field => string.Join('.', Path).Replace(".[", "[");
        public override string ToString() => $"{Schema} {Field}";
    }

    /// <summary>
    /// Valid values for what the sample bodies leave null, or where a list of items must be more than copies
    /// of its first item to be valid: keyed by schema and property.
    /// </summary>
    private static readonly Dictionary<string, Func<int, JsonNode>> Values = new()
    {
        ["RegisterTalent.municipalityOfResidence"] = _ => "3403",
        ["UpdateTalentProfile.municipalityOfResidence"] = _ => "3403",
        ["RecordHire.workplaceMunicipality"] = _ => "3403",
        ["GiveOtherRegionsConsent.regions"] = count => new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)Guid.NewGuid().ToString())]),
        ["RegisterWebhook.eventKinds"] = count => new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)Enum.GetNames<TalentPool.Webhooks.WebhookEventKind>()[i % 4])]),
        ["PriceListInput.municipalityBands"] = count => new JsonArray([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject
        {
            ["monthlyLicence"] = 1000,
            ["upToPopulation"] = i == count ? null : i * 1000,
        })]),
    };

    [Fact]
    public async Task Every_string_and_list_of_every_request_declares_its_bound()
    {
        var (document, endpoints) = await DocumentAndEndpoints();
        var unbounded = new List<string>();
        var seen = new HashSet<string>();
        foreach (var endpoint in endpoints) Visit(document, endpoint.Schema, endpoint.Schema, [], seen, unbounded, _ => { });

        seen.Count.ShouldBeGreaterThan(20);
        unbounded.ShouldBeEmpty("Bound these in their request's validator with a limit from InputLimits " +
            "(MaximumLength for a string, MaximumItems for a list, RuleForEach(…).MaximumLength for a list's strings)");
    }

    [Fact]
    public async Task Every_declared_bound_is_enforced_with_a_400_naming_the_property_one_over_it_and_not_at_it()
    {
        var (document, endpoints) = await DocumentAndEndpoints();
        var declared = new HashSet<string>();
        var trials = new List<(Endpoint Endpoint, Bounded Property, string What, string Body, bool Refused)>();
        foreach (var endpoint in endpoints)
        {
            var sample = JsonSerializer.SerializeToNode(EndpointMatrixTests.SampleFor(endpoint.Body), Json.Options)!.AsObject();
            var bounded = new List<Bounded>();
            Visit(document, endpoint.Schema, endpoint.Schema, [], [], [], bounded.Add);
            foreach (var property in bounded)
            {
                declared.Add(property.ToString());
                foreach (var (what, value, refused) in Trials(property, sample))
                {
                    if (With(sample, property.Path, value) is { } body) trials.Add((endpoint, property, what, body, refused));
                }
            }
        }
        declared.Count.ShouldBeGreaterThan(40);
        declared.Except(trials.Select(t => t.Property.ToString())).ShouldBeEmpty("No sample body reaches these: add a valid value for them to Values");

        // Refusals first: a request accepted at the bound may leave work behind that appends events later.
        foreach (var trial in trials.OrderByDescending(t => t.Refused)) await Expect(trial.Endpoint, trial.Property, trial.What, trial.Body, trial.Refused);
    }

    /// <summary>For each declared bound of a property: a value at it (accepted) and one past it (refused).</summary>
    private static IEnumerable<(string What, JsonNode? Value, bool Refused)> Trials(Bounded property, JsonObject sample)
    {
        var valid = Values.GetValueOrDefault($"{property.Schema}.{property.Path[^1]}");
        var current = At(sample, property.Path);
        var declared = property.Declared;
        // Without a valid value to start from, the property is not tried from this sample (and the test says so if no sample reaches it).
        if (valid is null && current is null or JsonArray { Count: 0 }) yield break;

        if (Number(declared, "maxLength") is { } maxLength)
        {
            var text = valid?.Invoke(maxLength).GetValue<string>() ?? current!.GetValue<string>();
            yield return ($"{maxLength} characters", Text(text, maxLength), false);
            yield return ($"{maxLength + 1} characters", Text(text, maxLength + 1), true);
        }
        if (Number(declared, "minLength") is { } minLength)
        {
            var text = valid?.Invoke(minLength).GetValue<string>() ?? current!.GetValue<string>();
            yield return ($"{minLength - 1} characters", Text(text, minLength - 1), true);
        }
        if (Number(declared, "maxItems") is { } maxItems)
        {
            yield return ($"{maxItems} items", Items(current, valid, maxItems), false);
            yield return ($"{maxItems + 1} items", Items(current, valid, maxItems + 1), true);
        }
        if (Number(declared, "minItems") is { } minItems)
        {
            yield return ($"{minItems - 1} items", Items(current, valid, minItems - 1), true);
        }
    }

    private async Task Expect(Endpoint endpoint, Bounded property, string what, string body, bool refused)
    {
        var eventsBefore = await EventCount();
        using var client = fixture.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.AdminToken());
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url())
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        var context = $"{endpoint} with {property.Field} of {what} → {(int)response.StatusCode} {text[..Math.Min(text.Length, 600)]}";
        var named = response.StatusCode == HttpStatusCode.BadRequest && ErrorNames(text).Any(name =>
            name == property.Field || name.StartsWith(property.Field + "[") || name.StartsWith(property.Field + "."));
        if (!refused)
        {
            named.ShouldBeFalse(context);
            return;
        }
        named.ShouldBeTrue(context);
        (await EventCount()).ShouldBe(eventsBefore, $"{context} appended events");
    }

    /// <summary>
    /// Walks a schema and everything it refers to: every string and array property is reported to
    /// <paramref name="bounded"/> with its declared bounds, or added to <paramref name="unbounded"/> without them.
    /// A string with a format (a date, an id) or a pattern of its own (a month), and an enum, are bounded by what they are.
    /// </summary>
    private static void Visit(JsonElement document, string root, string schemaName, string[] path, HashSet<string> seen,
        List<string> unbounded, Action<Bounded> bounded)
    {
        var schema = Component(document, schemaName);
        if (!schema.TryGetProperty("properties", out var properties)) return;
        foreach (var property in properties.EnumerateObject())
        {
            var propertyPath = (string[])[.. path, property.Name];
            var value = NonNull(property.Value);
            if (value.TryGetProperty("$ref", out var reference))
            {
                var name = RefName(reference);
                if (!Component(document, name).TryGetProperty("enum", out _) && seen.Add($"{root}→{name}"))
                    Visit(document, root, name, propertyPath, seen, unbounded, bounded);
                continue;
            }
            seen.Add($"{schemaName}.{property.Name}");
            if (IsFreeString(value))
            {
                if (value.TryGetProperty("maxLength", out _)) bounded(new Bounded(schemaName, propertyPath, value));
                else unbounded.Add($"{schemaName}.{property.Name}: a string without maxLength");
            }
            if (Types(value).Contains("array"))
            {
                if (value.TryGetProperty("maxItems", out _)) bounded(new Bounded(schemaName, propertyPath, value));
                else unbounded.Add($"{schemaName}.{property.Name}: a list without maxItems");
                var items = NonNull(value.GetProperty("items"));
                if (IsFreeString(items))
                {
                    if (items.TryGetProperty("maxLength", out _)) bounded(new Bounded(schemaName, [.. propertyPath, "[0]"], items));
                    else unbounded.Add($"{schemaName}.{property.Name}: a list of strings without maxLength on its items");
                }
                if (items.TryGetProperty("$ref", out var itemReference) && seen.Add($"{root}→{RefName(itemReference)}[]"))
                    Visit(document, root, RefName(itemReference), [.. propertyPath, "[0]"], seen, unbounded, bounded);
            }
        }
    }

    private static bool IsFreeString(JsonElement schema) => Types(schema).Contains("string")
        && !schema.TryGetProperty("format", out _) && !schema.TryGetProperty("enum", out _) && !schema.TryGetProperty("pattern", out _);

    private static string[] Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];

    /// <summary>The schema without its "or null": <c>oneOf: [$ref, {type: null}]</c> is the reference.</summary>
    private static JsonElement NonNull(JsonElement schema) =>
        schema.TryGetProperty("oneOf", out var oneOf) ? oneOf.EnumerateArray().Single(s => !Types(s).SequenceEqual(["null"])) : schema;

    private static JsonElement Component(JsonElement document, string name) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string RefName(JsonElement reference) => reference.GetString()!.Split('/')[^1];

    private static int? Number(JsonElement schema, string keyword) => schema.TryGetProperty(keyword, out var value) ? value.GetInt32() : null;

    /// <summary>A text of exactly <paramref name="length"/> characters made from a valid one: cut, or its last character repeated.</summary>
    private static JsonNode Text(string valid, int length) =>
        valid.Length >= length ? valid[..length] : valid + new string(valid[^1], length - valid.Length);

    /// <summary>
    /// A list of <paramref name="count"/> valid, distinct items made from a valid list's first item: numbers counted up
    /// from it in as many digits, codes as other letters in as many letters, other texts numbered.
    /// </summary>
    private static JsonNode Items(JsonNode? current, Func<int, JsonNode>? valid, int count)
    {
        if (valid is not null) return valid(count);
        var first = current!.AsArray()[0]!;
        if (first.GetValueKind() != JsonValueKind.String) return new JsonArray([.. Enumerable.Range(0, count).Select(_ => first.DeepClone())]);
        var text = first.GetValue<string>().Trim();
        return new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)Variant(text, i))]);
    }

    private static string Variant(string text, int index)
    {
        if (text.All(char.IsAsciiDigit)) return ((long.Parse(text) + index) % (long)Math.Pow(10, text.Length)).ToString().PadLeft(text.Length, '0');
        if (text.Length <= 3 && text.All(char.IsAsciiLetter))
        {
            var letters = new char[text.Length];
            for (int i = letters.Length - 1, rest = index; i >= 0; i--, rest /= 26) letters[i] = (char)('a' + rest % 26);
            return new string(letters);
        }
        return $"{text} {index}";
    }

    private static JsonNode? At(JsonObject sample, string[] path) =>
        path.Aggregate((JsonNode?)sample, (node, part) => part == "[0]" ? node?.AsArray().FirstOrDefault() : node?[part]);

    /// <summary>The sample with the value at the path replaced; null when the sample does not reach that far.</summary>
    private static string? With(JsonObject sample, string[] path, JsonNode? value)
    {
        var copy = sample.DeepClone().AsObject();
        var parent = At(copy, path[..^1]);
        switch (parent, path[^1])
        {
            case (JsonArray list, "[0]") when list.Count > 0:
                list[0] = value;
                break;
            case (JsonObject holder, var name):
                holder[name] = value;
                break;
            default:
                return null;
        }
        return copy.ToJsonString(Json.Options);
    }

    private static IEnumerable<string> ErrorNames(string problem)
    {
        using var document = JsonDocument.Parse(problem);
        return document.RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
    }

    private sealed record Endpoint(string Method, string Route, Type Body, string Schema)
    {
        public override string ToString() => $"{Method} {Route}";

        public string Url() => string.Join('/', Route.Split('/').Select(segment => segment switch
        {
            "{month}" => "2026-03",
            _ when segment.StartsWith('{') => Guid.NewGuid().ToString(),
            _ => segment,
        }));
    }

    private async Task<(JsonElement Document, List<Endpoint> Endpoints)> DocumentAndEndpoints()
    {
        var result = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        var document = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
        var endpoints = fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>()
            .ApiDescriptionGroups.Items.SelectMany(group => group.Items)
            .Where(api => api.RelativePath?.StartsWith("api/") == true)
            .Select(api => (api, body: api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type))
            .Where(e => e.body is not null)
            .Select(e =>
            {
                var route = "/" + e.api.RelativePath!;
                var schema = document.GetProperty("paths").GetProperty(route).GetProperty(e.api.HttpMethod!.ToLowerInvariant())
                    .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                return new Endpoint(e.api.HttpMethod!, route, e.body!, RefName(schema.GetProperty("$ref")));
            })
            .ToList();
        endpoints.Count.ShouldBeGreaterThan(20);
        return (document, endpoints);
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.RegionSession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
