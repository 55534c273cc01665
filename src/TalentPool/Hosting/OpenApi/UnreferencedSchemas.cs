using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Removes the component schemas nothing refers to any more, such as the one generated for an <see cref="IResult"/>
/// response that ResponseContracts dropped: a schema no operation uses describes nothing the service does.
/// </summary>
internal sealed class UnreferencedSchemas : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (document.Components?.Schemas is not { } schemas) return;

        var operations = document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []).ToList();
        var roots = operations.SelectMany(operation =>
                (operation.Parameters ?? []).Select(parameter => parameter.Schema)
                .Concat((operation.RequestBody?.Content?.Values.AsEnumerable() ?? []).Select(media => media.Schema))
                .Concat((operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(response =>
                    (response.Content?.Values.AsEnumerable() ?? []).Select(media => media.Schema)
                    .Concat((response.Headers?.Values.AsEnumerable() ?? []).Select(header => header.Schema)))))
            .OfType<IOpenApiSchema>();

        var used = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>(roots);
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && used.Add(id) && schemas.TryGetValue(id, out var target)) pending.Push(target);
                continue;
            }
            foreach (var child in Children(schema)) pending.Push(child);
        }

        foreach (var id in schemas.Keys.Where(id => !used.Contains(id)).ToList()) schemas.Remove(id);
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        (schema.Properties?.Values.AsEnumerable() ?? [])
        .Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? [])
        .Append(schema.Items).Append(schema.AdditionalProperties).Append(schema.Not)
        .OfType<IOpenApiSchema>();
}
