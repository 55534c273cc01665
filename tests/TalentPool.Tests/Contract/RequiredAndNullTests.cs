using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alba;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Contract;

/// <summary>
/// The document's <c>required</c> and null follow the rules of the C# records, checked here by plain reflection —
/// independently of the filter that writes them from System.Text.Json's contract — for every schema of our own
/// that a request or response body reaches:
/// a request field is required exactly when its constructor parameter has no default value, and may be null exactly
/// when annotated nullable; a response field is always required (every property is written, nulls included), and
/// may be null exactly when annotated nullable.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RequiredAndNullTests(TalentPoolFixture fixture)
{
    private static readonly NullabilityInfoContext Nullability = new();

    [Fact]
    public async Task Request_fields_are_required_unless_they_have_a_default_and_response_fields_always_are()
    {
        var result = await fixture.Host.Scenario(s => s.Get.Url("/swagger/v1/swagger.json"));
        using var document = JsonDocument.Parse(await result.ReadAsTextAsync());
        var paths = document.RootElement.GetProperty("paths");
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var checkedSchemas = new HashSet<(string, bool)>();

        var descriptions = fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>()
            .ApiDescriptionGroups.Items.SelectMany(g => g.Items);
        foreach (var description in descriptions)
        {
            var operation = paths.GetProperty("/" + description.RelativePath).GetProperty(description.HttpMethod!.ToLowerInvariant());
            var body = description.ParameterDescriptions.SingleOrDefault(p => p.Source == BindingSource.Body);
            if (body is not null)
            {
                var content = operation.GetProperty("requestBody").GetProperty("content");
                Check(content.GetProperty("application/json").GetProperty("schema"), body.Type, isRequest: true, schemas, checkedSchemas);
            }
            // An IResult says nothing about the body, so the document drops it (ServiceSurfaceTests checks that).
            foreach (var response in description.SupportedResponseTypes.Where(r => r.Type is not null && r.StatusCode is >= 200 and < 300
                         && !r.Type.IsAssignableTo(typeof(Microsoft.AspNetCore.Http.IResult))))
            {
                var declared = operation.GetProperty("responses").GetProperty(response.StatusCode.ToString());
                if (!declared.TryGetProperty("content", out var content)) continue;
                Check(content.GetProperty("application/json").GetProperty("schema"), response.Type!, isRequest: false, schemas, checkedSchemas);
            }
        }

        checkedSchemas.ShouldContain(("RecordHire", true));
        checkedSchemas.ShouldContain(("Statement", false));
    }

    /// <summary>Checks the component a schema refers to (directly, in an array, or nullable) against the C# type, and its contents.</summary>
    private static void Check(JsonElement schema, Type type, bool isRequest, JsonElement schemas, HashSet<(string, bool)> checkedSchemas)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (schema.TryGetProperty("items", out var items) && ElementType(type) is { } element)
        {
            Check(items, element, isRequest, schemas, checkedSchemas);
            return;
        }
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            foreach (var option in oneOf.EnumerateArray().Where(o => o.TryGetProperty("$ref", out _)))
                Check(option, type, isRequest, schemas, checkedSchemas);
            return;
        }
        if (!schema.TryGetProperty("$ref", out var reference) || type.Assembly != typeof(Program).Assembly || type.IsEnum) return;

        var id = reference.GetString()!.Split('/')[^1];
        if (!checkedSchemas.Add((id, isRequest))) return;
        var component = schemas.GetProperty(id);
        var properties = component.TryGetProperty("properties", out var p)
            ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value) : [];
        var required = component.TryGetProperty("required", out var r)
            ? r.EnumerateArray().Select(x => x.GetString()!).Order().ToArray() : [];

        var fields = isRequest ? RequestFields(type) : ResponseFields(type);
        properties.Keys.Order().ToArray().ShouldBe(fields.Select(f => f.Name).Order().ToArray(), $"{id}: the properties of {type.Name}");
        required.ShouldBe(fields.Where(f => f.Required).Select(f => f.Name).Order().ToArray(), $"{id}: what {type.Name} requires");
        foreach (var field in fields)
        {
            AdmitsNull(properties[field.Name]).ShouldBe(field.Nullable, $"{id}.{field.Name} may be null exactly when {type.Name} says so");
            Check(properties[field.Name], field.Type, isRequest, schemas, checkedSchemas);
        }
    }

    private sealed record Field(string Name, Type Type, bool Required, bool Nullable);

    private static List<Field> RequestFields(Type type)
    {
        var constructor = type.GetConstructors().SingleOrDefault(c => c.GetCustomAttribute<JsonConstructorAttribute>() is not null)
            ?? type.GetConstructors().Single(c => c.GetParameters().Length > 0);
        var parameters = constructor.GetParameters()
            .Select(p => new Field(Json(p.Name!), p.ParameterType, !p.HasDefaultValue, IsNullable(Nullability.Create(p).WriteState)))
            .ToList();
        var settable = Properties(type).Where(x => x.SetMethod?.IsPublic == true && parameters.All(f => f.Name != Json(x.Name)))
            .Select(x => new Field(Json(x.Name), x.PropertyType, false, IsNullable(Nullability.Create(x).WriteState)));
        return [.. parameters, .. settable];
    }

    private static List<Field> ResponseFields(Type type) => Properties(type)
        .Select(x => new Field(Json(x.Name), x.PropertyType, true, IsNullable(Nullability.Create(x).ReadState)))
        .ToList();

    private static IEnumerable<PropertyInfo> Properties(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(x => x.GetMethod?.IsPublic == true && x.GetIndexParameters().Length == 0)
        .Where(x => x.GetCustomAttribute<JsonIgnoreAttribute>() is null);

    private static Type? ElementType(Type type) => type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static bool AdmitsNull(JsonElement schema) =>
        (schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array
            && type.EnumerateArray().Any(t => t.GetString() == "null"))
        || (schema.TryGetProperty("oneOf", out var oneOf)
            && oneOf.EnumerateArray().Any(o => o.TryGetProperty("type", out var t) && t.GetString() == "null"));

    private static bool IsNullable(NullabilityState state) => state == NullabilityState.Nullable;

    private static string Json(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);
}
