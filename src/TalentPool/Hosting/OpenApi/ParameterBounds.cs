using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Http;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Writes each route and query parameter's bounds into its schema — <c>minimum</c>/<c>maximum</c>, <c>minLength</c>/<c>maxLength</c>,
/// <c>pattern</c> — from the attributes <see cref="BoundedParameters"/> enforces, so the document states exactly what is refused.
/// (Wolverine's API description gives Swashbuckle no parameter info to read them from itself.)
/// </summary>
internal sealed class ParameterBounds : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor is not WolverineActionDescriptor { Chain: { } chain } || operation.Parameters is null) return;
        var declared = BoundedParameters.Of(chain).ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            if (parameter.In is not (ParameterLocation.Query or ParameterLocation.Path) || parameter.Name is null
                || !declared.TryGetValue(parameter.Name, out var bounds) || parameter.Schema is not OpenApiSchema schema) continue;
            var bounded = (OpenApiSchema)schema.CreateShallowCopy();
            bounded.Minimum = bounds.Minimum?.ToString(CultureInfo.InvariantCulture) ?? bounded.Minimum;
            bounded.Maximum = bounds.Maximum?.ToString(CultureInfo.InvariantCulture) ?? bounded.Maximum;
            bounded.MinLength = bounds.MinLength ?? bounded.MinLength;
            bounded.MaxLength = bounds.MaxLength ?? bounded.MaxLength;
            bounded.Pattern = bounds.Pattern?.Pattern ?? bounded.Pattern;
            parameter.Schema = bounded;
        }
    }
}
