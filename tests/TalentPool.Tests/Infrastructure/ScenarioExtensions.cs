using Alba;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace TalentPool.Tests.Infrastructure;

public static class ScenarioExtensions
{
    public static Scenario As(this Scenario scenario, string? token)
    {
        if (!string.IsNullOrEmpty(token)) scenario.WithRequestHeader("Authorization", $"Bearer {token}");
        return scenario;
    }

    /// <summary>Reads an RFC 9457 body, after checking it was sent as one.</summary>
    public static async Task<ProblemDetails> ReadProblemAsync(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        return (await result.ReadAsJsonAsync<ProblemDetails>()).ShouldNotBeNull();
    }

    public static async Task<HttpValidationProblemDetails> ReadValidationProblemAsync(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldStartWith("application/problem+json");
        return (await result.ReadAsJsonAsync<HttpValidationProblemDetails>()).ShouldNotBeNull();
    }
}
