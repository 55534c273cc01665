using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Http;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// An endpoint without <c>[EndpointDescription]</c> is described by Wolverine with the name of its generated code
/// file (<c>POST_api_v1_counties</c>), which tells a client nothing and ends up in every generated client's comments:
/// such an operation has its summary only.
/// </summary>
internal sealed class CodeFileDescriptions : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor is WolverineActionDescriptor { Chain: { } chain }
            && operation.Description == chain.Description)
        {
            operation.Description = null;
        }
    }
}
