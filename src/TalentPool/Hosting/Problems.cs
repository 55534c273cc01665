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

    public const string CorrectTheFields = "Correct the fields listed in 'errors' and send the request again.";

    /// <summary>The one shape of a 400: each property, as the client wrote it, with what is wrong with it.</summary>
    public static HttpValidationProblemDetails Invalid(IDictionary<string, string[]> errors, string detail = CorrectTheFields) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Detail = detail };

    public static HttpValidationProblemDetails Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
