using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// States on every operation who may call it: the bearer requirement with its 401 and 403 where a token is
/// needed, an explicit empty requirement (<c>security: []</c>) where anyone may call, and 500 everywhere.
/// Endpoint-specific errors are declared on the endpoint.
/// </summary>
internal sealed class SecurityRequirements : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var anonymous = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= [];
        var bearer = new OpenApiSecuritySchemeReference(OpenApiConfiguration.BearerScheme, context.Document);
        operation.Security = anonymous ? [] : [new OpenApiSecurityRequirement { [bearer] = [] }];

        if (!anonymous)
        {
            Declare(operation, "401", "No valid bearer token was sent.");
            Declare(operation, "403", "The token's role or identity may not call this endpoint for this resource.");
        }
        Declare(operation, "500", "An unexpected error; the body holds no internals.");
    }

    // ResponseContracts gives every problem response its schema and media type.
    private static void Declare(OpenApiOperation operation, string status, string description) =>
        operation.Responses!.TryAdd(status, new OpenApiResponse { Description = description });
}
