using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Makes <c>required</c> and null exact, from the contract System.Text.Json itself reads and writes with the
/// service's options — not from a second reading of the C# types that could drift from it:
/// <list type="bullet">
/// <item>What the service reads (request bodies and everything in them): a property is required exactly when the
/// reader refuses a body without it (a constructor parameter without a default value, under
/// <c>RespectRequiredConstructorParameters</c>); it may be null exactly when the reader accepts null
/// (a nullable annotation, under <c>RespectNullableAnnotations</c>).</item>
/// <item>What the service writes (every response body): every property it always writes is required
/// (<c>DefaultIgnoreCondition.Never</c>: nulls are written too), and may be null exactly when its type is
/// annotated nullable (which the writer enforces under <c>RespectNullableAnnotations</c>). A property written
/// only when not null (problem details' <c>detail</c> …) is optional and never null.</item>
/// </list>
/// A type that is both read and written (a price list inside a region registration and inside a region …) gets one
/// schema when both readings agree. When they do not — an optional request field is still always written — one
/// schema cannot be exact both ways: required would force clients to send what may be left out, optional would make
/// them check for what is always there. So the written form keeps the type's name and the read form becomes
/// <c>{Name}Input</c>, which request bodies (and other read forms) refer to.
/// The read form also carries the length and item-count bounds the request validators enforce (<see cref="RequestBounds"/>):
/// they bound what a client may send, not what the service has stored and writes back.
/// </summary>
internal sealed class DirectionalSchemas(IOptions<JsonOptions> jsonOptions, IServiceProvider services) : IDocumentFilter
{
    public const string InputSuffix = "Input";

    private enum Direction { Read, Write }

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var json = jsonOptions.Value.SerializerOptions;
        var schemas = document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>();

        var bodiesRead = context.ApiDescriptions.SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body).Select(p => p.Type);
        var bodiesWritten = context.ApiDescriptions.SelectMany(d => d.SupportedResponseTypes).Select(r => r.Type).OfType<Type>();
        var bounds = RequestBounds.Of(services, bodiesRead);
        var readForms = ComponentsReached(json, context, Direction.Read, bodiesRead)
            .ToDictionary(c => c.Key, c => Form(schemas[c.Key], json.GetTypeInfo(c.Value), json, Direction.Read, bounds));
        var writtenForms = ComponentsReached(json, context, Direction.Write, bodiesWritten)
            .ToDictionary(c => c.Key, c => Form(schemas[c.Key], json.GetTypeInfo(c.Value), json, Direction.Write, new Dictionary<(Type, string), PropertyBounds>()));

        var shared = readForms.Keys.Where(writtenForms.ContainsKey).ToList();
        var twins = shared.Where(id => Text(writtenForms[id]) != Text(readForms[id])).ToHashSet();
        // A read form that refers to a twin must itself refer to the twin's read form, so it differs too.
        bool RefersToTwin(string id) => !twins.Contains(id) && References(readForms[id]).Any(twins.Contains);
        while (shared.Where(RefersToTwin).ToList() is { Count: > 0 } referring) twins.UnionWith(referring);

        foreach (var (id, form) in writtenForms) schemas[id] = form;
        foreach (var (id, form) in readForms)
        {
            if (!writtenForms.ContainsKey(id)) schemas[id] = ToReadForms(form, twins);
            else if (twins.Contains(id))
            {
                if (!schemas.TryAdd(id + InputSuffix, ToReadForms(form, twins)))
                    throw new InvalidOperationException($"Schema {id}{InputSuffix} exists already: rename one of the types.");
            }
        }
        foreach (var media in RequestBodies(document)) media.Schema = media.Schema is null ? null : ToReadForms(media.Schema, twins);
    }

    /// <summary>The component schemas (by id, with their type) the service reads or writes through the given roots.</summary>
    private static Dictionary<string, Type> ComponentsReached(
        JsonSerializerOptions json, DocumentFilterContext context, Direction direction, IEnumerable<Type> roots)
    {
        var reached = new Dictionary<string, Type>();
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type == typeof(void) || type.IsAssignableTo(typeof(IResult))) continue;

            var info = json.GetTypeInfo(type);
            var isComponent = context.SchemaRepository.TryLookupByType(type, out var reference);
            if (isComponent && info.Kind == JsonTypeInfoKind.Object) reached[reference!.Reference.Id!] = type;
            if (isComponent && info.Kind == JsonTypeInfoKind.None && type.GetCustomAttributes<JsonConverterAttribute>(true).Any())
            {
                throw new InvalidOperationException(
                    $"{type.Name} is written by its own JSON converter, not as its C# properties: map its schema in OpenApiConfiguration.");
            }

            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    foreach (var property in info.Properties.Where(p => Facts(p, json, direction) is not null))
                        pending.Push(property.PropertyType);
                    break;
                case JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary:
                    pending.Push(info.ElementType!);
                    break;
            }
        }
        return reached;
    }

    /// <summary>One direction's form of a component: its properties in that direction, each required and nullable as there.</summary>
    private static OpenApiSchema Form(IOpenApiSchema component, JsonTypeInfo info, JsonSerializerOptions json, Direction direction,
        IReadOnlyDictionary<(Type Owner, string Property), PropertyBounds> bounds)
    {
        var byName = info.Properties.Where(p => !p.IsExtensionData).ToDictionary(p => p.Name);
        var properties = new Dictionary<string, IOpenApiSchema>();
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, schema) in component.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!byName.TryGetValue(name, out var property))
                throw new InvalidOperationException($"{info.Type.Name}.{name} is in the schema but not in the JSON contract.");
            if (Facts(property, json, direction) is not var (isRequired, nullable)) continue;

            var bounded = property.AttributeProvider is MemberInfo member && bounds.TryGetValue((info.Type, member.Name), out var bound)
                ? bound.AppliedTo(schema) : schema;
            properties[name] = WithNull(bounded, nullable);
            if (isRequired) required.Add(name);
        }
        var form = Copy(component);
        form.Properties = properties;
        form.Required = required;
        return form;
    }

    /// <summary>Whether a property is part of a direction, and if so whether it is required there and may be null.</summary>
    private static (bool Required, bool Nullable)? Facts(JsonPropertyInfo property, JsonSerializerOptions json, Direction direction)
    {
        if (property.IsExtensionData) return null;
        var canBeNull = !property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null;

        if (direction == Direction.Read)
        {
            if (property.Set is null && property.AssociatedParameter is null) return null;
            var annotatedNullable = property.AssociatedParameter?.IsNullable ?? property.IsSetNullable;
            return (property.IsRequired, canBeNull && (annotatedNullable || !json.RespectNullableAnnotations));
        }

        if (property.Get is null) return null;
        var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true)
            .OfType<JsonIgnoreAttribute>().FirstOrDefault()?.Condition ?? json.DefaultIgnoreCondition;
        return ignore switch
        {
            JsonIgnoreCondition.Never when property.ShouldSerialize is null => (true, canBeNull && property.IsGetNullable),
            JsonIgnoreCondition.WhenWritingNull when !canBeNull => (true, false),
            JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault => (false, false),
            JsonIgnoreCondition.Always or JsonIgnoreCondition.WhenWriting => null,
            _ => (false, canBeNull && property.IsGetNullable),
        };
    }

    /// <summary>
    /// The property's schema, admitting null or not: <c>type: [x, "null"]</c>, or for a reference
    /// <c>oneOf: [$ref, {type: "null"}]</c> (which Kiota and openapi-typescript both read as a nullable reference).
    /// </summary>
    private static IOpenApiSchema WithNull(IOpenApiSchema schema, bool nullable)
    {
        if (schema is OpenApiSchemaReference reference)
            return nullable ? new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] } : reference;
        if (schema.OneOf is { Count: > 0 } oneOf && oneOf.Any(IsNull))
            return nullable ? schema : oneOf.Single(s => !IsNull(s));
        if (schema.Type is not { } type) return schema; // no type (an `object` property): any JSON value, null included

        var copy = Copy(schema);
        copy.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
        return copy;
    }

    private static OpenApiSchema Copy(IOpenApiSchema schema) => (OpenApiSchema)schema.CreateShallowCopy();

    private static bool IsNull(IOpenApiSchema schema) => schema.Type == JsonSchemaType.Null;

    /// <summary>The schema with every reference to a twin pointed at the twin's read form.</summary>
    private static IOpenApiSchema ToReadForms(IOpenApiSchema schema, IReadOnlySet<string> twins)
    {
        if (schema is OpenApiSchemaReference reference)
            return reference.Reference.Id is { } id && twins.Contains(id) ? new OpenApiSchemaReference(id + InputSuffix) : reference;
        if (schema is not OpenApiSchema concrete || !References(concrete).Any(twins.Contains)) return schema;

        var copy = Copy(concrete);
        copy.Properties = concrete.Properties?.ToDictionary(p => p.Key, p => ToReadForms(p.Value, twins));
        copy.Items = concrete.Items is null ? null : ToReadForms(concrete.Items, twins);
        copy.AdditionalProperties = concrete.AdditionalProperties is null ? null : ToReadForms(concrete.AdditionalProperties, twins);
        copy.OneOf = concrete.OneOf?.Select(s => ToReadForms(s, twins)).ToList();
        copy.AnyOf = concrete.AnyOf?.Select(s => ToReadForms(s, twins)).ToList();
        copy.AllOf = concrete.AllOf?.Select(s => ToReadForms(s, twins)).ToList();
        return copy;
    }

    /// <summary>The ids of the components a schema refers to, without following them.</summary>
    private static IEnumerable<string> References(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Reference.Id is { } id) yield return id;
            yield break;
        }
        var children = (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? [])
            .Concat(schema.AllOf ?? []).Append(schema.Items).Append(schema.AdditionalProperties).OfType<IOpenApiSchema>();
        foreach (var child in children)
        foreach (var id in References(child))
            yield return id;
    }

    private static IEnumerable<OpenApiMediaType> RequestBodies(OpenApiDocument document) => document.Paths.Values
        .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
        .Select(operation => operation.RequestBody?.Content)
        .SelectMany(content => content?.Values ?? [])
        .OfType<OpenApiMediaType>();

    private static string Text(IOpenApiSchema schema)
    {
        using var text = new StringWriter();
        schema.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }
}
