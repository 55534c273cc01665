using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Http;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Makes each operation's responses say what the service really answers, from the endpoint's metadata:
/// <list type="bullet">
/// <item>An <see cref="IResult"/> return type says nothing about the body: it is dropped, and the endpoint
/// declares its real success with <c>[ProducesResponseType&lt;T&gt;]</c> (or 204).</item>
/// <item>Wolverine documents an empty 404 for any endpoint returning a resource, for when it is null. Without a
/// path parameter there is no resource to be missing (a list is never null), so that 404 is dropped.</item>
/// <item>A 201 is a <see cref="CreationResponse"/>: it carries <c>Location</c>. A 429 carries <c>Retry-After</c>.</item>
/// <item>Every 400 is validation problem details (<c>errors</c> names each field); every other 4xx and 5xx is
/// problem details; both as <c>application/problem+json</c>, the only media type the service writes them in.</item>
/// </list>
/// </summary>
internal sealed class ResponseContracts : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var responses = operation.Responses ??= [];
        var declared = context.ApiDescription.SupportedResponseTypes.ToDictionary(r => r.StatusCode.ToString());
        var hasPathParameter = context.ApiDescription.ParameterDescriptions.Any(p => p.Source == BindingSource.Path);

        foreach (var (status, response) in responses.ToList())
        {
            declared.TryGetValue(status, out var metadata);
            if (metadata?.Type is { } type && type.IsAssignableTo(typeof(IResult)))
            {
                responses.Remove(status);
            }
            else if (status == "404" && !hasPathParameter && metadata?.Type is null)
            {
                responses.Remove(status);
            }
            else if (status.StartsWith('4') || status.StartsWith('5'))
            {
                responses[status] = Problem(response, status, metadata?.Type, context);
            }
            else if (status == "201" && metadata?.Type?.IsAssignableTo(typeof(CreationResponse)) == true)
            {
                AddHeader(response, "Location", "Where the created resource is read with GET: a path such as /api/v1/hires/{id}.",
                    new OpenApiSchema { Type = JsonSchemaType.String });
            }
        }
        if (responses.TryGetValue("429", out var tooMany))
        {
            AddHeader(tooMany, "Retry-After", "Seconds to wait before trying again.", new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = "0",
            });
        }

        // In status order, as a reader looks them up.
        foreach (var (status, response) in responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList())
        {
            responses.Remove(status);
            responses.Add(status, response);
        }
    }

    private static IOpenApiResponse Problem(IOpenApiResponse response, string status, Type? declaredType, OperationFilterContext context)
    {
        // A 400 is always answered with `errors` (invalid JSON, unknown, missing or mistyped fields, bad query values,
        // failed validation), whatever an endpoint declared; another status keeps a more specific problem type if declared.
        var type = status == "400" ? typeof(HttpValidationProblemDetails)
            : declaredType is not null && declaredType.IsAssignableTo(typeof(ProblemDetails)) ? declaredType
            : typeof(ProblemDetails);
        var schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
        return new OpenApiResponse
        {
            Description = response.Description,
            Headers = response.Headers,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }

    private static void AddHeader(IOpenApiResponse response, string name, string description, OpenApiSchema schema)
    {
        if (response is not OpenApiResponse concrete) return;
        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers[name] = new OpenApiHeader { Description = description, Required = true, Schema = schema };
    }
}
