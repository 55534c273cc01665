using System.Net;
using System.Numerics;
using System.Text.Json;
using Alba;
using Marten;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Read from the OpenAPI document the service serves: every route and query parameter of every operation declares its bounds
/// (an integer its <c>minimum</c> and <c>maximum</c>, a string its <c>maxLength</c> unless a <c>format</c> or an enum bounds it,
/// a list its <c>maxItems</c>), so a parameter added without them fails here by name — as <see cref="InputBoundsTests"/> does for
/// request bodies. Then every declared bound is tried: a value just past it is a 400 problem naming the parameter, and an
/// integer at its bounds is not refused for it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ParameterBoundsTests(TalentPoolFixture fixture)
{
    private sealed record Parameter(string Method, string Route, string Name, bool InPath, JsonElement Schema)
    {
        public override string ToString() => $"{Method} {Route} {(InPath ? "path" : "query")} '{Name}'";

        /// <summary>The operation's URL with this parameter set to <paramref name="value"/> and every other path parameter filled validly.</summary>
        public string Url(string value) => string.Join('/', Route.Split('/').Select(segment => segment switch
        {
            _ when InPath && segment == $"{{{Name}}}" => Uri.EscapeDataString(value),
            "{month}" => "2026-03",
            "{scope}" => "partners",
            _ when segment.StartsWith('{') => Guid.NewGuid().ToString(),
            _ => segment,
        })) + (InPath ? "" : $"?{Name}={Uri.EscapeDataString(value)}");
    }

    [Fact]
    public async Task Every_route_and_query_parameter_of_every_operation_declares_its_bounds()
    {
        var (document, parameters) = await DocumentAndParameters();
        var unbounded = parameters.Select(p => Unbounded(document, p) is { } why ? $"{p}: {why}" : null).OfType<string>().ToList();

        parameters.Count(p => !p.InPath).ShouldBeGreaterThan(50);
        unbounded.ShouldBeEmpty("Declare these parameters' bounds on the endpoint method's parameter ([Range] for an integer, " +
            "[StringLength] and [RegularExpression] for a string, with a constant of InputLimits or Paging): Hosting/BoundedParameters.cs enforces them");
    }

    [Fact]
    public async Task A_value_just_past_each_declared_bound_is_a_400_problem_naming_the_parameter()
    {
        var (document, parameters) = await DocumentAndParameters();
        var tried = 0;
        foreach (var parameter in parameters)
        {
            var schema = Resolve(document, parameter.Schema);
            if (Text(schema, "maximum") is { } maximum)
            {
                await Expect(parameter, (BigInteger.Parse(maximum) + 1).ToString(), refused: true);
                if (!parameter.InPath) await Expect(parameter, maximum, refused: false);
                tried++;
            }
            if (Text(schema, "minimum") is { } minimum)
            {
                await Expect(parameter, (BigInteger.Parse(minimum) - 1).ToString(), refused: true);
                if (!parameter.InPath) await Expect(parameter, minimum, refused: false);
                tried++;
            }
            if (Number(schema, "maxLength") is { } maxLength)
            {
                await Expect(parameter, new string('a', maxLength + 1), refused: true);
                tried++;
            }
            if (Number(schema, "minLength") is { } minLength and > 1)
            {
                await Expect(parameter, new string('a', minLength - 1), refused: true);
                tried++;
            }
            if (Text(schema, "pattern") is { } pattern)
            {
                // Within any length bound, outside the pattern: every pattern here is of letters, digits and '-'/'_'.
                System.Text.RegularExpressions.Regex.IsMatch("!", pattern).ShouldBeFalse(parameter.ToString());
                await Expect(parameter, "!", refused: true);
                tried++;
            }
        }
        tried.ShouldBeGreaterThan(60);
    }

    private async Task Expect(Parameter parameter, string value, bool refused)
    {
        using var client = fixture.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.AdminToken());
        var eventsBefore = await EventCount();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(parameter.Method), parameter.Url(value)));
        var text = await response.Content.ReadAsStringAsync();
        var context = $"{parameter} = '{value}' → {(int)response.StatusCode} {text[..Math.Min(text.Length, 400)]}";

        var named = response.StatusCode == HttpStatusCode.BadRequest && ErrorNames(text).Contains(parameter.Name);
        named.ShouldBe(refused, context);
        if (!refused) return;
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", context);
        (await EventCount()).ShouldBe(eventsBefore, $"{context} appended events");
    }

    /// <summary>Why the parameter's schema is not bounded, or null when it is.</summary>
    private static string? Unbounded(JsonElement document, Parameter parameter)
    {
        var schema = Resolve(document, parameter.Schema);
        if (schema.TryGetProperty("enum", out _)) return null;
        var types = Types(schema);
        if (types.Contains("integer") || types.Contains("number"))
            return Text(schema, "minimum") is null || Text(schema, "maximum") is null ? "a number without minimum and maximum" : null;
        if (types.Contains("string"))
            return schema.TryGetProperty("format", out _) || Number(schema, "maxLength") is not null ? null : "a string without maxLength (or a format)";
        if (types.Contains("array"))
            return Number(schema, "maxItems") is null ? "a list without maxItems"
                : Unbounded(document, parameter with { Schema = schema.GetProperty("items") }) is { } items ? $"its items: {items}" : null;
        return types.Contains("boolean") ? null : $"a schema of type [{string.Join(", ", types)}] the test does not know";
    }

    /// <summary>The schema without its "or null", and a reference followed to its component.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var oneOf)) schema = oneOf.EnumerateArray().Single(s => !Types(s).SequenceEqual(["null"]));
        return schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
    }

    private static string[] Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];

    private static int? Number(JsonElement schema, string keyword) => schema.TryGetProperty(keyword, out var value) ? value.GetInt32() : null;

    /// <summary>A keyword's value as written (<c>minimum</c> and <c>maximum</c> may be numbers or, past a double's precision, exact).</summary>
    private static string? Text(JsonElement schema, string keyword) => schema.TryGetProperty(keyword, out var value)
        ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
        : null;

    private static IEnumerable<string> ErrorNames(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.TryGetProperty("errors", out var errors) ? [.. errors.EnumerateObject().Select(e => e.Name)] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private async Task<(JsonElement Document, List<Parameter> Parameters)> DocumentAndParameters()
    {
        var result = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        var document = JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
        var parameters = new List<Parameter>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("parameters", out var declared)) continue;
                parameters.AddRange(declared.EnumerateArray()
                    .Where(p => p.GetProperty("in").GetString() is "query" or "path")
                    .Select(p => new Parameter(operation.Name.ToUpperInvariant(), path.Name, p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString() == "path", p.GetProperty("schema"))));
            }
        }
        return (document, parameters);
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.RegionSession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
