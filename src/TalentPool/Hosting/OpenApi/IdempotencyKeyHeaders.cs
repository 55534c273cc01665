using Microsoft.OpenApi;
using TalentPool.Common;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Attributes;
using Wolverine.Http;
using Wolverine.Persistence;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Declares the idempotency-key header of every endpoint Wolverine deduplicates (<c>[DeduplicatedWithResponse]</c>,
/// <c>[Deduplicated]</c>), read from the endpoint's metadata: the header's name and whether it is required.
/// </summary>
internal sealed class IdempotencyKeyHeaders : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var (name, required) in Of(context.ApiDescription.ActionDescriptor.EndpointMetadata))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Required = required,
                Description = "The client's key for this request: a retry with the same key and the same request is answered "
                    + "with the first response and changes nothing; the same key with another request is a 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = InputLimits.IdempotencyKey },
            });
        }
    }

    /// <summary>The idempotency-key headers an endpoint reads (its name, whether required), from its metadata.</summary>
    public static IEnumerable<(string Name, bool Required)> Of(IEnumerable<object> metadata) =>
        metadata.OfType<DeduplicatedWithResponseAttribute>().Select(a => HeaderKey(a.Source, a.Key, a.Required))
            .Concat(metadata.OfType<DeduplicatedAttribute>().Select(a => HeaderKey(a.Source, a.Key, a.Required)))
            .OfType<(string Name, bool Required)>();

    // Only a key sent as a header is a parameter of its own; one taken from the body, route or query is documented there.
    private static (string Name, bool Required)? HeaderKey(ValueSource source, string? key, bool required) => source switch
    {
        ValueSource.Anything => (DeduplicationRequirement.DefaultHeaderName, required),
        ValueSource.Header when !string.IsNullOrEmpty(key) => (key, required),
        _ => null,
    };
}
