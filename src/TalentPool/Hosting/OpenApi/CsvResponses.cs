using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using TalentPool.Metrics;
using TalentPool.Metrics.Csv;

namespace TalentPool.Hosting.OpenApi;

/// <summary>
/// Documents what <c>[ProducesCsv]</c> adds to a metric endpoint (Metrics/Csv/MetricAnswer.cs): its 200 is also
/// <c>text/csv</c>, with a <c>Content-Disposition</c> naming the file; an <c>Accept</c> allowing neither JSON nor CSV is a
/// 406; and an answer read from an async read model carries its freshness in <c>X-Read-Model-*</c> headers.
/// Runs before <see cref="ResponseContracts"/>, which makes the 406 a problem like every other 4xx.
/// </summary>
internal sealed class CsvResponses : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ProducesCsvAttribute>().Any()) return;
        var responses = operation.Responses ??= [];
        if (responses.TryGetValue("200", out var ok) && ok is OpenApiResponse success)
        {
            success.Content ??= new Dictionary<string, IOpenApiMediaType>();
            success.Content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "RFC 4180 CSV in UTF-8 (with a byte order mark, for Excel): a header row, CRLF line ends; "
                        + "numbers with '.' decimals, dates yyyy-MM-dd, money as an amount and a currency column; a text cell "
                        + "starting with = + - @ is prefixed with an apostrophe.",
                },
            };
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            success.Headers["Content-Disposition"] = Header("With text/csv: `attachment; filename=\"….csv\"`, a name telling "
                + "the subject, the metric and the period or day.", JsonSchemaType.String, required: false);
            var answerType = context.ApiDescription.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == 200)?.Type;
            if (answerType?.GetProperties().Any(p => p.PropertyType == typeof(ReadModelFreshness)) == true) AddFreshness(success.Headers);
        }
        responses["406"] = new OpenApiResponse { Description = "The Accept header allows neither application/json nor text/csv." };
    }

    private static void AddFreshness(IDictionary<string, IOpenApiHeader> headers)
    {
        headers[ReadModelHeaders.Sequence] = Header("`freshness.sequence`: the last event the read model reflects.", JsonSchemaType.Integer, true);
        headers[ReadModelHeaders.SequenceRecordedAt] = Header("`freshness.sequenceRecordedAt` (ISO 8601, UTC); absent when "
            + "the read model reflects no event yet.", JsonSchemaType.String, false, "date-time");
        headers[ReadModelHeaders.LatestSequence] = Header("`freshness.latestSequence`: the last event stored when answered.", JsonSchemaType.Integer, true);
        headers[ReadModelHeaders.IsCurrent] = Header("`freshness.isCurrent`: true or false.", JsonSchemaType.Boolean, true);
        headers[ReadModelHeaders.Wait] = Header("`freshness.wait` (Reached or TimedOut); there only with `waitForWrites=true`.", JsonSchemaType.String, false);
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type, bool required, string? format = null) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = type, Format = format ?? (type == JsonSchemaType.Integer ? "int64" : null) },
    };
}
