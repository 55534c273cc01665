using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;

namespace TalentPool.Hosting;

/// <summary>
/// Turns the 400s that Wolverine writes for a body System.Text.Json refused, or a query value it could
/// not parse, into the same validation problem every other 400 is: <c>errors</c> maps each property, as
/// the client wrote it ("details.positions", "languages[0]"), to what is wrong with it. The serializer's
/// own messages name .NET types; these name what the client must send instead. Wolverine passes on only
/// the message, not the path, so the refused body is read once more (see <see cref="JsonBody"/>).
/// </summary>
public static partial class InvalidInput
{
    /// <summary>The key of <c>errors</c> for a problem with the body as a whole.</summary>
    public const string Body = "$";

    public static void Describe(ProblemDetails problem, HttpContext http)
    {
        if (problem is HttpValidationProblemDetails) return;

        var errors = problem.Title switch
        {
            "Invalid JSON format" => BodyErrors(JsonBody.Refusal(http)),
            "Invalid query string value" => QueryErrors(problem.Detail ?? "", (problem.Extensions.TryGetValue("parameter", out var parameter) ? parameter : null) as string),
            _ when problem.Extensions.ContainsKey("errors") => null,
            // Wolverine's refusal of a [DeduplicatedWithResponse] request without its key header.
            _ when RequiredHeader().Match(problem.Detail ?? "") is { Success: true } header =>
                One(header.Groups["name"].Value, $"Send the '{header.Groups["name"].Value}' header: a value unique to this request, the same when you retry it."),
            _ => new Dictionary<string, string[]> { [Body] = [problem.Detail ?? "The request is invalid."] },
        };
        if (errors is null) return;

        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Extensions.Remove("parameter");
        problem.Extensions["errors"] = errors;
        problem.Detail = Problems.CorrectTheFields;
    }

    /// <summary>What the serializer refused in a body, keyed by the path of the property as the client wrote it.</summary>
    public static Dictionary<string, string[]> BodyErrors((JsonException Exception, Type RequestType)? refusal)
    {
        if (refusal is not var (exception, requestType)) return One(Body, "The body is not valid JSON for this request.");
        var message = exception.Message;
        var field = FieldName(exception.Path);

        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            return One(field, $"'{unknown.Groups["name"].Value}' is not a property of this request. Property names are camelCase, as documented.");
        }
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            var prefix = field == Body ? "" : field + ".";
            return Quoted().Matches(missing.Groups["names"].Value)
                .Select(name => name.Groups[1].Value)
                .ToDictionary(name => prefix + name, name => new[] { $"'{name}' is required." });
        }
        if (DuplicateProperty().Match(message) is { Success: true } duplicate)
        {
            return One(field, $"'{duplicate.Groups["name"].Value}' appears more than once; send each property once.");
        }
        if (message.Contains("doesn't allow null values", StringComparison.Ordinal)) return One(field, $"'{field}' must not be null.");
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return field == Body
                ? One(Body, "The body must be a JSON object.")
                : One(field, $"'{field}' must be {Describe(TypeAt(requestType, exception.Path ?? "$"))}.");
        }

        // A syntax error: say where, in the terms of a text editor (lines and columns from 1).
        var position = Position().Match(message);
        var sentence = position.Success ? message[..position.Index].Trim() : "it cannot be read.";
        return One(Body, $"The body is not valid JSON: {sentence} (line {exception.LineNumber + 1}, column {exception.BytePositionInLine + 1}).");
    }

    public static Dictionary<string, string[]> QueryErrors(string message, string? parameter)
    {
        var name = parameter ?? "query";
        var parsed = QueryValue().Match(message);
        if (!parsed.Success) return One(name, $"'{name}' has a value that cannot be read.");
        var typeName = parsed.Groups["type"].Value;
        var expected = CSharpAliases.GetValueOrDefault(typeName) ?? typeof(InvalidInput).Assembly.GetType(typeName) ?? Type.GetType(typeName);
        return One(name, $"'{parsed.Groups["value"].Value}' is not a valid '{name}': it must be {Describe(expected)}.");
    }

    /// <summary>What a client must send for a value of this type, in the terms of the JSON it writes.</summary>
    public static string Describe(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "a value of the documented type",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number (a JSON number, not a string)",
            _ when type == typeof(decimal) || type == typeof(double) => "a number (a JSON number, not a string)",
            _ when type == typeof(Guid) => "an id, such as 01a2127c-8316-7220-9f9c-5c900e07f8d5",
            _ when type == typeof(DateOnly) => BusinessDates.Describe + ", such as 2026-03-01",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an instant in ISO 8601, such as 2026-03-01T09:30:00Z",
            _ when type == typeof(BillingMonth) => $"a month written yyyy-MM from {BusinessDates.Earliest:yyyy-MM} to {BusinessDates.Latest:yyyy-MM}, such as 2026-03",
            _ when type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
    }

    private static readonly Dictionary<string, Type> CSharpAliases = new()
    {
        ["int"] = typeof(int), ["long"] = typeof(long), ["short"] = typeof(short), ["bool"] = typeof(bool),
        ["decimal"] = typeof(decimal), ["double"] = typeof(double), ["string"] = typeof(string),
    };

    private static Dictionary<string, string[]> One(string field, string message) => new() { [field] = [message] };

    /// <summary>"$.details.languageRequirements[0]" → "details.languageRequirements[0]"; the whole body is "$".</summary>
    private static string FieldName(string? jsonPath) => jsonPath is null or "$" or "" ? Body : jsonPath.TrimStart('$').TrimStart('.');

    /// <summary>The .NET type of the value at a JSON path of the request ("$.details.positions").</summary>
    private static Type? TypeAt(Type? root, string jsonPath)
    {
        var type = root;
        foreach (Match segment in PathSegment().Matches(jsonPath))
        {
            if (type is null) return null;
            if (segment.Groups["index"].Success) { type = Element(type).Type; continue; }
            var name = segment.Groups["name"].Value;
            type = JsonProperties(Nullable.GetUnderlyingType(type) ?? type).FirstOrDefault(p => JsonName(p) == name)?.PropertyType;
        }
        return type;
    }

    private static IEnumerable<PropertyInfo> JsonProperties(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static (Type Type, bool Array) Element(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return (type, false);
        var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(object);
        return (element, true);
    }

    [GeneratedRegex(@"^The JSON property '(?<name>.+?)' could not be mapped to any \.NET member contained in type '(?<type>.+?)'\.")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^JSON deserialization for type '(?<type>.+?)' was missing required properties including: (?<names>.+)\.")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"^Duplicate property '(?<name>.+?)' encountered during deserialization of type '(?<type>.+?)'\.")]
    private static partial Regex DuplicateProperty();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"Path: (?<path>\S*) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)\.")]
    private static partial Regex Position();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();

    [GeneratedRegex(@"^This endpoint requires a '(?<name>[^']+)'")]
    private static partial Regex RequiredHeader();

    [GeneratedRegex(@"has the value '(?<value>.*)' which cannot be parsed to the expected type (?<type>\S+)$")]
    private static partial Regex QueryValue();
}
