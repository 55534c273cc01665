using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using TalentPool.Common;
using TalentPool.Hosting.OpenApi;

namespace TalentPool.Hosting;

/// <summary>
/// The OpenAPI document at /swagger/v1/swagger.json, written as OpenAPI 3.1 so that a nullable value is
/// <c>type: [x, "null"]</c> and a nullable reference <c>oneOf: [$ref, {type: "null"}]</c> — no 3.0 <c>nullable</c>
/// keyword, which cannot sit beside a <c>$ref</c>. The filters in Hosting/OpenApi make it an exact contract.
/// </summary>
public static class OpenApiConfiguration
{
    public const string BearerScheme = "Bearer";
    public const string DocumentName = "v1";

    public static void AddTalentPoolOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.Configure<SwaggerOptions>(swagger =>
        {
            swagger.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            // Relative to where the document is served, so it is right behind any host name or proxy.
            swagger.PreSerializeFilters.Add((document, _) => document.Servers = [new OpenApiServer { Url = "/" }]);
        });
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
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

            // Money is exact on the wire and in the service: never a binary floating point number.
            // (A mapping covers the nullable form too; DirectionalSchemas decides where null is allowed.)
            options.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
            // BillingMonth has its own JSON converter: it is a string such as "2026-03", not its C# properties.
            options.MapType<BillingMonth>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = BillingMonth.Pattern,
                Description = "A calendar month, yyyy-MM.",
                Examples = ["2026-03"],
            });

            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<SecurityRequirements>();
            options.OperationFilter<CsvResponses>();
            options.OperationFilter<ResponseContracts>();
            options.OperationFilter<IdempotencyKeyHeaders>();
            options.OperationFilter<RegionHeaders>();
            options.OperationFilter<CodeFileDescriptions>();
            options.OperationFilter<ParameterBounds>();
            options.DocumentFilter<DirectionalSchemas>();
            options.DocumentFilter<UnreferencedSchemas>();
            options.DocumentFilter<TagDescriptions>();
        });
    }
}
