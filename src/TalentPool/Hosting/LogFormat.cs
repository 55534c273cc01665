using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace TalentPool.Hosting;

/// <summary>
/// How the console logs read: <c>Logging:Format</c> = <c>json</c> (the default in Production: one JSON object a line,
/// for a log collector) or <c>text</c> (the default elsewhere: ASP.NET Core's readable console lines).
/// </summary>
public static class LogFormat
{
    public static void AddTalentPoolLogFormat(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration["Logging:Format"] ?? (builder.Environment.IsProduction() ? "json" : "text");
        switch (format.ToLowerInvariant())
        {
            case "json":
                builder.Logging.AddConsoleFormatter<JsonLogLines, ConsoleFormatterOptions>();
                builder.Logging.AddConsole(console => console.FormatterName = JsonLogLines.FormatterName);
                break;
            case "text":
                break;
            default:
                throw new InvalidOperationException($"Logging:Format is '{format}': use 'json' or 'text'.");
        }
    }
}

/// <summary>
/// One JSON object per log line: <c>timestamp</c>, <c>level</c>, <c>category</c>, <c>eventId</c>, <c>message</c>, the
/// W3C <c>traceId</c> and <c>spanId</c> of the request or operation (the trace id is also the correlation id the audit
/// trail stores with a request's events), the message's named values under <c>properties</c>, and <c>exception</c>.
/// Scopes are left out on purpose: ASP.NET Core's request scope carries the raw path, ids included, which the request
/// log (<see cref="RequestLog"/>) replaces with the route template.
/// </summary>
public sealed class JsonLogLines() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "talentpool-json";

    // Readable letters (æ, ø, å) as they are; control characters and quotes are still escaped.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (message is null && entry.Exception is null) return;

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow);
            json.WriteString("level", entry.LogLevel.ToString());
            json.WriteString("category", entry.Category);
            if (entry.EventId.Id != 0) json.WriteNumber("eventId", entry.EventId.Id);
            json.WriteString("message", message);
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(IsNamedValue))
            {
                json.WriteStartObject("properties");
                foreach (var (name, value) in values.Where(IsNamedValue)) WriteValue(json, name, value);
                json.WriteEndObject();
            }
            if (entry.Exception is { } exception) json.WriteString("exception", exception.ToString());
            json.WriteEndObject();
        }
        textWriter.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write(Environment.NewLine);
    }

    private static bool IsNamedValue(KeyValuePair<string, object?> value) => value.Key != "{OriginalFormat}";

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: json.WriteNull(name); break;
            case bool flag: json.WriteBoolean(name, flag); break;
            case int number: json.WriteNumber(name, number); break;
            case long number: json.WriteNumber(name, number); break;
            case double number when double.IsFinite(number): json.WriteNumber(name, number); break;
            case decimal number: json.WriteNumber(name, number); break;
            default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }
}
