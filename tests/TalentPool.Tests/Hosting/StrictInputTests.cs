using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Every endpoint, found from the running service, is sent broken input built from its valid sample body and
/// its request type: an unknown property, each required property left out, each property with a value of the
/// wrong JSON type or null where it may not be, an enum as a number or an unknown name, a duplicate key, the
/// body <c>null</c>; and every typed query parameter an unparseable value. Each must answer a 400 problem whose
/// <c>errors</c> names the property as the client wrote it, in words without .NET type names, and append nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class StrictInputTests(TalentPoolFixture fixture)
{
    private sealed record Endpoint(string Method, string Route, Type? Body, IReadOnlyList<(string Name, Type Type)> Query)
    {
        public override string ToString() => $"{Method} {Route}";

        public string Url(string query = "") => string.Join('/', Route.Split('/').Select(segment => segment switch
        {
            "{month}" => "2026-03",
            "{scope}" => "partners",
            _ when segment.StartsWith('{') => Guid.NewGuid().ToString(),
            _ => segment,
        })) + query;
    }

    private List<Endpoint> Endpoints() => fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>()
        .ApiDescriptionGroups.Items.SelectMany(group => group.Items)
        .Where(api => api.RelativePath?.StartsWith("api/") == true)
        .Select(api => new Endpoint(api.HttpMethod!, "/" + api.RelativePath!,
            api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type,
            api.ParameterDescriptions.Where(p => p.Source == BindingSource.Query && p.Type is not null).Select(p => (p.Name, p.Type!)).ToList()))
        .ToList();

    /// <summary>One broken request: its body text or query string, and the property <c>errors</c> must name.</summary>
    private sealed record Breakage(string What, string Field, string? Body = null, string Query = "");

    [Fact]
    public async Task Every_endpoint_refuses_broken_bodies_with_a_400_naming_the_property_and_appends_nothing()
    {
        var endpoints = Endpoints().Where(e => e.Body is not null).ToList();
        endpoints.Count.ShouldBeGreaterThan(20);
        var checkedBreakages = 0;
        foreach (var endpoint in endpoints)
        {
            var sample = JsonSerializer.SerializeToNode(EndpointMatrixTests.SampleFor(endpoint.Body), Json.Options)!.AsObject();
            foreach (var breakage in BodyBreakages(endpoint.Body!, sample))
            {
                await ExpectNamed(endpoint, breakage);
                checkedBreakages++;
            }
        }
        checkedBreakages.ShouldBeGreaterThan(300);
    }

    [Fact]
    public async Task Every_typed_query_parameter_refuses_a_value_it_cannot_read()
    {
        var endpoints = Endpoints().Where(e => e.Query.Any(q => q.Type != typeof(string))).ToList();
        endpoints.ShouldNotBeEmpty();
        foreach (var endpoint in endpoints)
        {
            foreach (var (name, type) in endpoint.Query.Where(q => q.Type != typeof(string)))
            {
                await ExpectNamed(endpoint, new Breakage("unparseable", name, Query: $"?{name}=not-a-value"));
                if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum)
                {
                    await ExpectNamed(endpoint, new Breakage("enum as a number", name, Query: $"?{name}=1"));
                }
            }
        }
        await ExpectNamed(Endpoints().Single(e => e.ToString() == "GET /api/v1/vacancies"), new Breakage("too large", "limit", Query: "?limit=201"));
        await ExpectNamed(Endpoints().Single(e => e.ToString() == "GET /api/v1/shared-talents"), new Breakage("too small", "limit", Query: "?limit=0"));
    }

    [Fact]
    public async Task An_enum_in_the_route_is_read_by_its_name_only()
    {
        var talent = await new Api(fixture).TalentAsync();
        foreach (var scope in new[] { "7", "0", "Everyone", "Partners,Municipalities" })
        {
            using var client = Client();
            var response = await client.DeleteAsync($"/api/v1/talents/{talent}/consents/{scope}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, scope);
            await ErrorsOf(response, "scope");
        }
    }

    /// <summary>
    /// Generated clients (Kiota among them) leave a null property out rather than send it: so whatever may be null
    /// in a request must also be optional, or such a client could never send it.
    /// </summary>
    [Fact]
    public void Every_property_of_a_request_that_may_be_null_may_also_be_left_out()
    {
        var violations = new List<string>();
        var seen = new HashSet<Type>();
        void Visit(Type type)
        {
            if (!seen.Add(type) || type.Assembly != typeof(Program).Assembly || !type.IsClass) return;
            var nullability = new NullabilityInfoContext();
            foreach (var parameter in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
            {
                var nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                    || nullability.Create(parameter).WriteState == NullabilityState.Nullable;
                if (nullable && !parameter.HasDefaultValue) violations.Add($"{type.Name}.{parameter.Name}");
                var element = parameter.ParameterType.IsGenericType ? parameter.ParameterType.GetGenericArguments()[0] : parameter.ParameterType;
                Visit(Nullable.GetUnderlyingType(element) ?? element);
            }
        }
        foreach (var body in Endpoints().Select(e => e.Body).OfType<Type>()) Visit(body);
        seen.Count.ShouldBeGreaterThan(20);
        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_hire_without_its_idempotency_key_is_a_400_naming_the_header()
    {
        using var client = Client();
        var body = new StringContent(JsonSerializer.Serialize(new TalentPool.Hires.RecordHire(Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 3, 1)), Json.Options),
            Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/api/v1/hires", body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ErrorsOf(response, "Idempotency-Key");
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_its_bound_is_a_400_naming_the_header_and_records_nothing()
    {
        using var client = Client();
        var events = await EventCount();
        var hire = new StringContent(JsonSerializer.Serialize(new TalentPool.Hires.RecordHire(Guid.NewGuid(), Guid.NewGuid(), new DateOnly(2026, 3, 1)), Json.Options),
            Encoding.UTF8, "application/json");
        hire.Headers.Add("Idempotency-Key", new string('k', Common.InputLimits.IdempotencyKey + 1));
        var response = await client.PostAsync("/api/v1/hires", hire);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ErrorsOf(response, "Idempotency-Key");

        var email = $"{Guid.NewGuid():N}@example.org";
        var registration = new StringContent(JsonSerializer.Serialize(Talents.TalentRequests.Registration() with { Email = email }, Json.Options),
            Encoding.UTF8, "application/json");
        registration.Headers.Add("Idempotency-Key", new string('k', Common.InputLimits.IdempotencyKey + 1));
        response = await client.PostAsync("/api/v1/talents", registration);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await ErrorsOf(response, "Idempotency-Key");
        (await EventCount()).ShouldBe(events);

        // The same registration with a key at the bound is recorded: the bound refused the key, nothing else.
        registration = new StringContent(JsonSerializer.Serialize(Talents.TalentRequests.Registration() with { Email = email }, Json.Options),
            Encoding.UTF8, "application/json");
        registration.Headers.Add("Idempotency-Key", new string('k', Common.InputLimits.IdempotencyKey - 36) + Guid.NewGuid());
        (await client.PostAsync("/api/v1/talents", registration)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("a b\nc@example.org")]
    [InlineData("priya@example")]
    [InlineData("priya@@example.org")]
    [InlineData("priya example.org")]
    public async Task An_e_mail_address_needs_one_at_a_domain_with_a_dot_and_no_whitespace(string email)
    {
        var endpoint = Endpoints().Single(e => e.ToString() == "POST /api/v1/talents");
        var body = JsonSerializer.Serialize(Talents.TalentRequests.Registration() with { Email = email }, Json.Options);
        await ExpectNamed(endpoint, new Breakage("implausible e-mail", "email", body));
    }

    private static IEnumerable<Breakage> BodyBreakages(Type requestType, JsonObject sample)
    {
        yield return new Breakage("body null", "$", "null");
        yield return new Breakage("body an array", "$", "[]");
        yield return new Breakage("not JSON", "$", "{,");
        yield return new Breakage("unknown property", "unexpectedProperty", With(sample, o => o["unexpectedProperty"] = 1));

        var first = sample.First().Key;
        var text = sample.ToJsonString(Json.Options);
        var firstValue = sample[first]?.ToJsonString(Json.Options) ?? "null";
        yield return new Breakage("duplicate key", first, $"{{\"{first}\":{firstValue},{text[1..]}");
        yield return new Breakage("key in another case", first.ToUpperInvariant(), $"{{\"{first.ToUpperInvariant()}\":{firstValue},{text[1..]}");

        foreach (var breakage in PropertyBreakages(requestType, sample, "")) yield return breakage;
    }

    private static IEnumerable<Breakage> PropertyBreakages(Type type, JsonObject sample, string prefix)
    {
        var parameters = type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters();
        var nullability = new NullabilityInfoContext();
        foreach (var parameter in parameters)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var field = prefix + name;
            var propertyType = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var nullable = nullability.Create(parameter).WriteState == NullabilityState.Nullable || Nullable.GetUnderlyingType(parameter.ParameterType) is not null;

            if (!parameter.HasDefaultValue) yield return new Breakage("missing", field, Nested(prefix, sample, o => o.Remove(name)));
            if (!nullable) yield return new Breakage("null", field, Nested(prefix, sample, o => o[name] = null));
            yield return new Breakage("wrong JSON type", field, Nested(prefix, sample, o => o[name] = WrongKind(propertyType)));
            if (propertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType))
            {
                yield return new Breakage("null in an array", field, Nested(prefix, sample, o => o[name] = new JsonArray((JsonNode?)null)));
            }
            if (propertyType.IsEnum)
            {
                yield return new Breakage("enum as a number", field, Nested(prefix, sample, o => o[name] = 1));
                yield return new Breakage("unknown enum name", field, Nested(prefix, sample, o => o[name] = "NotAValue"));
            }
            if (propertyType != typeof(string) && propertyType.IsClass && propertyType.Assembly == typeof(Program).Assembly
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType) && NestedObject(sample, prefix)?[name] is JsonObject)
            {
                foreach (var inner in PropertyBreakages(propertyType, sample, $"{field}.")) yield return inner;
            }
        }
    }

    private static JsonObject? NestedObject(JsonObject root, string prefix) =>
        prefix.Split('.', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode?)root, (node, part) => node?[part]) as JsonObject;

    private static string Nested(string prefix, JsonObject sample, Action<JsonObject> change) =>
        With(sample, root => change(NestedObject(root, prefix)!));

    private static string With(JsonObject sample, Action<JsonObject> change)
    {
        var copy = sample.DeepClone().AsObject();
        change(copy);
        return copy.ToJsonString(Json.Options);
    }

    /// <summary>A JSON value of another kind than the type is written as.</summary>
    private static JsonNode WrongKind(Type type) => type switch
    {
        _ when type == typeof(string) || type.IsEnum || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(DateTimeOffset) => 12345,
        _ when type == typeof(int) || type == typeof(decimal) || type == typeof(long) => "12",
        _ when type == typeof(bool) => "true",
        _ => "a string",
    };

    private async Task ExpectNamed(Endpoint endpoint, Breakage breakage)
    {
        var eventsBefore = await EventCount();
        using var client = Client();
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(breakage.Query));
        if (breakage.Body is not null) request.Content = new StringContent(breakage.Body, Encoding.UTF8, "application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await client.SendAsync(request);

        var context = $"{endpoint} with {breakage.What} '{breakage.Field}': {breakage.Body}{breakage.Query}";
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, context);
        await ErrorsOf(response, breakage.Field, context);
        (await EventCount()).ShouldBe(eventsBefore, $"{context} appended events");
    }

    private static async Task ErrorsOf(HttpResponseMessage response, string field, string? context = null)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", context);
        var body = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(body);
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(400, context);
        problem.RootElement.GetProperty("type").GetString().ShouldBe("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1", context);
        var errors = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        errors.ShouldContain(name => name == field || name.StartsWith(field + "[") || name.StartsWith(field + "."), $"{context} → {body}");
        DotNetTypeName().IsMatch(body).ShouldBeFalse($"{context} → the problem names .NET types: {body}");
    }

    [GeneratedRegex(@"\b(System|TalentPool|Microsoft)\.[A-Z]")]
    private static partial Regex DotNetTypeName();

    private HttpClient Client()
    {
        var client = fixture.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", fixture.AdminToken());
        return client;
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.RegionSession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
