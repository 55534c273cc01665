using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Http;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Declares the <c>Region-Id</c> header (Hosting/RegionTenancy.cs) on every region-scoped operation whose route does not
/// name the region: how an anonymous registration and the installation's administrator say which region a request is in
/// (a token of a region needs none). Required where no token can name it: the anonymous registration.
/// </summary>
internal sealed class RegionHeaders : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<NotTenantedAttribute>().Any() || metadata.OfType<MaybeTenantedAttribute>().Any()) return;
        if (context.ApiDescription.RelativePath?.Contains($"{{{RegionTenancy.RouteArgument}}}") == true) return;

        var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = RegionTenancy.HeaderName,
            In = ParameterLocation.Header,
            Required = anonymous,
            Description = anonymous
                ? "The region the request is in (its id)."
                : "The region the request is in (its id), for a token that names none (the installation's administrator); "
                  + "a token of a region needs none, and naming another region is a 403.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        });
    }
}
