using System.Globalization;
using System.Text;
using System.Text.Json;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace TalentPool.Metrics.Csv;

/// <summary>
/// A metric answer in JSON or, when the client asks with <c>Accept: text/csv</c>, as CSV for a spreadsheet.
/// <para>
/// <b>How a metric endpoint adopts it</b> (two lines):
/// <code>
/// [ProducesCsv]                                                  // on the endpoint method, beside [ProducesResponseType&lt;T&gt;]
/// return MetricAnswer.Rows(answer, a => a.Months, $"region_{regionId}_retention_{from}_{to}");   // instead of Results.Ok(answer)
/// </code>
/// <c>Rows</c> for a series (one CSV row per item: per month, per country …; columns are the item's JSON properties),
/// <c>Figures</c> for a dashboard (a long table: <c>figure,breakdown,value,currency</c>) — see <see cref="CsvShapes"/>.
/// The file name is what a spreadsheet user sees in their downloads: the subject and its id, the metric, the period
/// or day (".csv" is added). The OpenAPI document then lists <c>text/csv</c> for the 200 and the 406 (Hosting/OpenApi/CsvResponses.cs),
/// and an answer with a <see cref="ReadModelFreshness"/> property carries it in <c>X-Read-Model-*</c> headers, in both formats.
/// Nothing else to do: the endpoint keeps its JSON answer type, its problems and its access rules.
/// </para>
/// <para>
/// Negotiation (RFC 9110 §12.5.1): no <c>Accept</c>, <c>*/*</c> or <c>application/json</c> give JSON; <c>text/csv</c> (or
/// <c>text/*</c>) gives CSV; when both are allowed the higher quality wins, JSON on a tie; an <c>Accept</c> allowing
/// neither is a 406 before anything is read. Problems (400, 403, 404, 406 …) are always <c>application/problem+json</c>.
/// </para>
/// </summary>
public static class MetricAnswer
{
    public static IResult Rows<TAnswer, TRow>(TAnswer answer, Func<TAnswer, IEnumerable<TRow>> rows, string fileName) =>
        new MetricAnswer<TAnswer>(answer, options => CsvShapes.Rows(rows(answer), options), fileName);

    public static IResult Figures<TAnswer, TFigures>(TAnswer answer, Func<TAnswer, TFigures> figures, string fileName) =>
        new MetricAnswer<TAnswer>(answer, options => CsvShapes.Figures(figures(answer), options), fileName);
}

/// <summary>A metric answer's CSV file, as <c>Accept: text/csv</c> is answered: what the <c>export</c> command writes too.</summary>
public interface ICsvFile
{
    /// <summary>The file's name, ".csv" included, as <c>Content-Disposition</c> gives it.</summary>
    string FileName { get; }

    /// <summary>The file's bytes: UTF-8 with a byte order mark, RFC 4180.</summary>
    byte[] Body(JsonSerializerOptions options);
}

/// <summary>The answer written in the format the client accepts; see <see cref="MetricAnswer"/>.</summary>
public sealed class MetricAnswer<TAnswer>(TAnswer answer, Func<JsonSerializerOptions, CsvTable> csv, string fileName) : IResult, ICsvFile
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    // Found once per answer type: the answer's freshness, when it is read from an async read model.
    private static readonly Func<TAnswer, ReadModelFreshness?>? FreshnessOf =
        typeof(TAnswer).GetProperties().FirstOrDefault(p => p.PropertyType == typeof(ReadModelFreshness)) is { } property
            ? answer => (ReadModelFreshness?)property.GetValue(answer)
            : null;

    public TAnswer Answer { get; } = answer;

    public async Task ExecuteAsync(HttpContext http)
    {
        var format = ContentNegotiation.Choose(http.Request);
        if (format == AnswerFormat.Neither)
        {
            await ContentNegotiation.NotAcceptable().ExecuteAsync(http);
            return;
        }

        http.Response.Headers.Vary = HeaderNames.Accept;
        if (FreshnessOf?.Invoke(Answer) is { } freshness) ReadModelHeaders.Write(http.Response.Headers, freshness);
        if (format == AnswerFormat.Json)
        {
            await Results.Ok(Answer).ExecuteAsync(http);
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = Body(options);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = CsvContentType;
        http.Response.ContentLength = body.Length;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    public string FileName => $"{SafeFileName(fileName)}.csv";

    // The byte order mark tells Excel the file is UTF-8 (without it, æ, ø and å come out garbled); LibreOffice,
    // Google Sheets and pandas read it as such.
    public byte[] Body(JsonSerializerOptions options) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv(options).ToString())];

    // Ids, dates and words only: nothing a file system or a header could misread.
    private static string SafeFileName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
}

public enum AnswerFormat { Json, Csv, Neither }

/// <summary>Chooses between JSON and CSV from the request's <c>Accept</c> header; see <see cref="MetricAnswer"/>.</summary>
public static class ContentNegotiation
{
    public static AnswerFormat Choose(HttpRequest request)
    {
        var accept = request.Headers.Accept;
        // An Accept header that cannot be read is disregarded, as RFC 9110 allows: the default answer, JSON.
        if (accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0) return AnswerFormat.Json;
        var json = Quality(ranges, "application", "json");
        var csv = Quality(ranges, "text", "csv");
        if (json <= 0 && csv <= 0) return AnswerFormat.Neither;
        return csv > json ? AnswerFormat.Csv : AnswerFormat.Json;
    }

    /// <summary>Wolverine middleware of <see cref="ProducesCsvAttribute"/>: a 406 before the endpoint reads anything.</summary>
    public static IResult RefuseUnacceptable(HttpContext httpContext) =>
        Choose(httpContext.Request) == AnswerFormat.Neither ? NotAcceptable() : WolverineContinue.Result();

    public static IResult NotAcceptable() => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status406NotAcceptable,
        Detail = "This answer is written as application/json or text/csv: send an Accept header that allows one of them, or none.",
    });

    // The quality given by the most specific range that matches the media type (text/csv over text/* over */*); 0 if none.
    private static double Quality(IList<MediaTypeHeaderValue> ranges, string type, string subtype)
    {
        var (specificity, quality) = (-1, 0d);
        foreach (var range in ranges)
        {
            var typeMatches = range.Type.Equals(type, StringComparison.OrdinalIgnoreCase);
            var rangeSpecificity = range.MatchesAllTypes ? 0
                : typeMatches && range.MatchesAllSubTypes ? 1
                : typeMatches && range.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (rangeSpecificity > specificity) (specificity, quality) = (rangeSpecificity, range.Quality ?? 1d);
        }
        return quality;
    }
}

/// <summary>
/// Declares that an endpoint also answers <c>text/csv</c> (see <see cref="MetricAnswer"/>): refuses, before the endpoint
/// runs, a request whose <c>Accept</c> allows neither JSON nor CSV (406), and marks the operation for the OpenAPI document.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducesCsvAttribute : ModifyHttpChainAttribute
{
    public override void Modify(HttpChain chain, GenerationRules rules)
    {
        var refuse = new MethodCall(typeof(ContentNegotiation), nameof(ContentNegotiation.RefuseUnacceptable))
        {
            CommentText = "406 unless the Accept header allows JSON or CSV",
        };
        chain.Middleware.InsertRange(0, [refuse, new MaybeEndWithResultFrame(refuse.ReturnVariable!)]);
    }
}

/// <summary>
/// An async read model's freshness as response headers, so a CSV answer (which has no <c>freshness</c> object) tells it
/// too: the same values as the JSON <c>freshness</c>, which carries them as well.
/// </summary>
public static class ReadModelHeaders
{
    public const string Sequence = "X-Read-Model-Sequence";
    public const string SequenceRecordedAt = "X-Read-Model-Sequence-Recorded-At";
    public const string LatestSequence = "X-Read-Model-Latest-Sequence";
    public const string IsCurrent = "X-Read-Model-Is-Current";
    public const string Wait = "X-Read-Model-Wait";

    public static void Write(IHeaderDictionary headers, ReadModelFreshness freshness)
    {
        headers[Sequence] = freshness.Sequence.ToString(CultureInfo.InvariantCulture);
        if (freshness.SequenceRecordedAt is { } at) headers[SequenceRecordedAt] = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        headers[LatestSequence] = freshness.LatestSequence.ToString(CultureInfo.InvariantCulture);
        headers[IsCurrent] = freshness.IsCurrent ? "true" : "false";
        if (freshness.Wait is { } wait) headers[Wait] = wait.ToString();
    }
}
