using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Wolverine.Http;

namespace TalentPool.Hosting;

/// <summary>
/// The bounds of route and query parameters, declared once on the endpoint method's parameter — <see cref="RangeAttribute"/>
/// for an integer, <see cref="StringLengthAttribute"/> and <see cref="RegularExpressionAttribute"/> for a string, each with a
/// constant of <see cref="Common.InputLimits"/>, <see cref="Paging"/> … — checked here before any endpoint runs (a 400 naming
/// the parameter), and written into the OpenAPI document from the same attributes (<see cref="OpenApi.ParameterBounds"/>).
/// Nothing else reads these attributes on parameters: Wolverine validates request bodies only, with FluentValidation here.
/// The <c>Idempotency-Key</c> header of a deduplicated endpoint is bounded here too (<see cref="Common.InputLimits.IdempotencyKey"/>).
/// A value that cannot be read at all (<c>?limit=abc</c>) is left to the endpoint's own reader, which refuses it by name.
/// </summary>
public static class BoundedParameters
{
    /// <summary>One bounded parameter of an endpoint: its name, where it is read from, and its declared bounds.</summary>
    public sealed record Bounded(string Name, bool InRoute, RangeAttribute? Range, StringLengthAttribute? Length, RegularExpressionAttribute? Pattern)
    {
        public long? Minimum => Range is null ? null : Convert.ToInt64(Range.Minimum, CultureInfo.InvariantCulture);
        public long? Maximum => Range is null ? null : Convert.ToInt64(Range.Maximum, CultureInfo.InvariantCulture);
        public int? MinLength => Length is { MinimumLength: > 0 } ? Length.MinimumLength : null;
        public int? MaxLength => Length?.MaximumLength;

        /// <summary>What is wrong with one value of the parameter as sent, or null when it is within its bounds.</summary>
        public string? Problem(string value)
        {
            if (value.Length == 0) return null;
            if (Range is not null && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                && (number < Minimum || number > Maximum))
                return $"'{Name}' must be between {Minimum} and {Maximum}.";
            if (value.Length > MaxLength) return $"'{Name}' must be at most {MaxLength} characters. You gave {value.Length}.";
            if (value.Length < MinLength) return $"'{Name}' must be at least {MinLength} characters.";
            if (Pattern is not null && !Pattern.IsValid(value))
                return Pattern.ErrorMessage is { } message ? string.Format(CultureInfo.InvariantCulture, message, Name) : $"'{Name}' must match {Pattern.Pattern}.";
            return null;
        }
    }

    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<Bounded>> Declared = new();

    // Read once per endpoint, not by walking its metadata on every request.
    private static readonly ConcurrentDictionary<HttpChain, string[]> KeyHeaders = new();

    /// <summary>The bounded route and query parameters of an endpoint, as its method declares them.</summary>
    public static IReadOnlyList<Bounded> Of(HttpChain chain) => Declared.GetOrAdd(chain.Method.Method, method =>
    {
        var routeParameters = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        return [.. method.GetParameters()
            .Select(p => new Bounded(p.Name!, routeParameters.Contains(p.Name!), p.GetCustomAttribute<RangeAttribute>(),
                p.GetCustomAttribute<StringLengthAttribute>(), p.GetCustomAttribute<RegularExpressionAttribute>()))
            .Where(b => b.Range is not null || b.Length is not null || b.Pattern is not null)];
    });

    public static void UseBoundedParameters(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { } chain)
        {
            foreach (var bounded in Of(chain))
            {
                var values = bounded.InRoute
                    ? [http.GetRouteValue(bounded.Name)?.ToString()]
                    : http.Request.Query.TryGetValue(bounded.Name, out var query) ? query.ToArray() : [];
                if (values.Select(value => value is null ? null : bounded.Problem(value)).FirstOrDefault(problem => problem is not null) is { } problem)
                {
                    await Results.Problem(Problems.Invalid(bounded.Name, problem)).ExecuteAsync(http);
                    return;
                }
            }
            // The idempotency key is kept (and indexed) with the first response: bounded like any string a request carries.
            foreach (var header in KeyHeaders.GetOrAdd(chain, _ => [.. OpenApi.IdempotencyKeyHeaders.Of(http.GetEndpoint()!.Metadata).Select(h => h.Name)]))
            {
                if (http.Request.Headers[header].Any(key => key?.Length > Common.InputLimits.IdempotencyKey))
                {
                    await Results.Problem(Problems.Invalid(header,
                        $"'{header}' must be at most {Common.InputLimits.IdempotencyKey} characters.")).ExecuteAsync(http);
                    return;
                }
            }
        }
        await next(http);
    });
}
