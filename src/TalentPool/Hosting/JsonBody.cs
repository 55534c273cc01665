using System.Buffers;
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

        var bytes = await ReadAtMostAsync(http.Request.Body, http.Request.ContentLength, MaxBytes + 1, http.RequestAborted);
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

    /// <summary>
    /// The body's bytes, at most <paramref name="limit"/> of them (a longer body is cut there, which the caller refuses).
    /// With a Content-Length (what clients send) one array of that size is filled; otherwise the body is gathered in a
    /// pooled buffer and copied out once. Either way no 16 KiB chunk and no growing stream per request.
    /// </summary>
    private static async Task<byte[]> ReadAtMostAsync(Stream body, long? length, int limit, CancellationToken cancellation)
    {
        if (length is { } declared && declared < limit)
        {
            var exact = new byte[declared];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await body.ReadAsync(exact.AsMemory(filled), cancellation)) > 0) filled += read;
            // Kestrel ends the body at Content-Length; a shorter body is an aborted request, answered like any truncated JSON.
            return filled == exact.Length ? exact : exact[..filled];
        }

        var buffer = ArrayPool<byte>.Shared.Rent(4 * 1024);
        try
        {
            var total = 0;
            int count;
            while (total < limit && (count = await body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length - total, limit - total)), cancellation)) > 0)
            {
                total += count;
                if (total == buffer.Length && total < limit)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
