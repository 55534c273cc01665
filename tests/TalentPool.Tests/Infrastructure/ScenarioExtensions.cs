using System.Text;
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

    public const string CsvContentType = "text/csv; charset=utf-8";

    public static Scenario AcceptingCsv(this Scenario scenario)
    {
        scenario.WithRequestHeader("Accept", "text/csv");
        return scenario;
    }

    /// <summary>Reads a CSV answer after checking it was sent as one: UTF-8 after a byte order mark; the text without the mark.</summary>
    public static async Task<string> ReadCsvAsync(this IScenarioResult result)
    {
        result.Context.Response.ContentType.ShouldBe(CsvContentType);
        var body = result.Context.Response.Body;
        using var bytes = new MemoryStream();
        await body.CopyToAsync(bytes);
        var content = bytes.ToArray();
        content.Take(3).ShouldBe(Encoding.UTF8.GetPreamble());
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content, 3, content.Length - 3);
    }

    /// <summary>The answer's CSV lines, each ended by CRLF as RFC 4180 asks (the last line too).</summary>
    public static async Task<string[]> ReadCsvLinesAsync(this IScenarioResult result)
    {
        var csv = await result.ReadCsvAsync();
        csv.ShouldEndWith("\r\n");
        return csv[..^2].Split("\r\n");
    }

    public static string Header(this IScenarioResult result, string name) => result.Context.Response.Headers[name].ToString();
}
