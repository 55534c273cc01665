using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TalentPool.Hosting;

public static class OpenApiConfiguration
{
    public const string BearerScheme = "Bearer";

    public static void AddTalentPoolOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TalentPool API",
                Version = "v1",
                Description = "Shared talent recruitment for a region's partners and municipalities. Errors are RFC 9457 problem details.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with a 'role' claim (admin, partner, municipality, recruiter, talent); mint one locally with `dotnet run --project src/TalentPool -- token admin`.",
            });
            options.OperationFilter<SecurityAndErrorResponses>();
            options.SupportNonNullableReferenceTypes();
            options.UseAllOfToExtendReferenceSchemas();
        });
    }

    /// <summary>
    /// States on every operation what every endpoint can answer: 401/403 and the bearer requirement
    /// where a token is needed, and 500 everywhere. Endpoint-specific errors are declared on the endpoint.
    /// </summary>
    private sealed class SecurityAndErrorResponses : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= new OpenApiResponses();
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);

            if (!metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                });
                AddProblem(operation, problem, "401", "No valid bearer token was sent.");
                AddProblem(operation, problem, "403", "The token's role or identity may not call this endpoint for this resource.");
            }
            AddProblem(operation, problem, "500", "An unexpected error; the body holds no internals.");
        }

        private static void AddProblem(OpenApiOperation operation, IOpenApiSchema schema, string status, string description)
        {
            if (operation.Responses!.ContainsKey(status)) return;
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
            };
        }
    }
}
