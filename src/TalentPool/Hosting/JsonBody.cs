using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace TalentPool.Hosting;

/// <summary>
/// The JSON body of a request to an endpoint that reads one is read into memory first, bounded in size
/// (a larger body is a 413 before anything else happens). Wolverine then reads it from there; and when
/// the serializer refuses it, <see cref="Refusal"/> reads it once more to learn the exact path of the
/// property at fault, which Wolverine's own answer leaves out. Only refused bodies are read twice.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 256 * 1024;
    private const string ItemKey = "talentpool.json-body";

    public static void UseBoundedJsonBodies(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is null || !http.Request.HasJsonContentType())
        {
            await next(http);
            return;
        }

        var bytes = await ReadAtMostAsync(http.Request.Body, MaxBytes + 1, http.RequestAborted);
        if (bytes.Length > MaxBytes)
        {
            await Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                detail: $"The body is larger than {MaxBytes / 1024} KiB; no request of this API needs that much.").ExecuteAsync(http);
            return;
        }
        if (NulCharacters.InJson(bytes) is { } field)
        {
            await NulCharacters.Refuse(field, http);
            return;
        }
        http.Items[ItemKey] = bytes;
        http.Request.Body = new MemoryStream(bytes, writable: false);
        await next(http);
    });

    /// <summary>Why the serializer refused this request's body, with the exact path; null if it did not.</summary>
    public static (JsonException Exception, Type RequestType)? Refusal(HttpContext http)
    {
        var requestType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || http.Items[ItemKey] is not byte[] bytes) return null;
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            JsonSerializer.Deserialize(bytes, requestType, options);
            return null;
        }
        catch (JsonException exception)
        {
            return (exception, requestType);
        }
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), cancellation)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
