using System.Text.Json;

namespace TalentPool.Hosting;

/// <summary>
/// The NUL character (<c>\u0000</c>) is valid in JSON and in a URL, but PostgreSQL refuses it in text: let
/// through, it fails the write with a 500 and a log line quoting the text around it, personal data included.
/// It is refused here, as a 400 naming where it was, before anything reaches the database or a log.
/// </summary>
public static class NulCharacters
{
    public static void UseNoNulCharacters(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        // (A path with %00 never gets here: the server itself refuses it.)
        var inQuery = http.Request.Query.FirstOrDefault(q => q.Key.Contains('\0') || q.Value.Any(v => v?.Contains('\0') == true)).Key;
        if (inQuery is { } name)
        {
            await Refuse(name.Replace("\0", "\\u0000"), http);
            return;
        }
        await next(http);
    });

    public static Task Refuse(string field, HttpContext http) => Results.Problem(
        Problems.Invalid(field, $"'{field}' contains the NUL character (\\u0000), which no text of this API may contain.")).ExecuteAsync(http);

    /// <summary>Where in a JSON body a NUL character stands ("about", "languages[1]"), or null when there is none.</summary>
    public static string? InJson(byte[] body)
    {
        if (body.AsSpan().IndexOf("\\u0000"u8) < 0) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return Find(document.RootElement, "");
        }
        catch (JsonException)
        {
            return null; // not JSON at all: the reader refuses it with its own 400
        }
    }

    private static string? Find(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains('\0') ? (path == "" ? InvalidInput.Body : path) : null,
        JsonValueKind.Object => element.EnumerateObject()
            .Select(property => property.Name.Contains('\0')
                ? Join(path, property.Name.Replace("\0", "\\u0000"))
                : Find(property.Value, Join(path, property.Name)))
            .FirstOrDefault(found => found is not null),
        JsonValueKind.Array => element.EnumerateArray()
            .Select((item, index) => Find(item, $"{(path == "" ? InvalidInput.Body : path)}[{index}]"))
            .FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static string Join(string path, string name) => path == "" ? name : $"{path}.{name}";
}
