using Microsoft.AspNetCore.Mvc;

namespace TalentPool.Hosting;

/// <summary>The problem details endpoints return from their Validate steps.</summary>
public static class Problems
{
    public static ProblemDetails NotFound(string detail) =>
        new() { Status = StatusCodes.Status404NotFound, Title = "Not Found", Detail = detail };

    public static ProblemDetails Conflict(string detail) =>
        new() { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = detail };

    public static ProblemDetails Forbidden(string detail) =>
        new() { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = detail };
}
