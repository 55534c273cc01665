using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace TalentPool.Hosting;

/// <summary>
/// Enums in routes and query strings are read by their names only. Wolverine parses them with
/// <c>Enum.TryParse</c>, which also takes "7" or "1": <c>DELETE …/consents/7</c> would withdraw a consent
/// nobody named. This check runs first in every endpoint that takes an enum from its route or query.
/// </summary>
public sealed class StrictParameterPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var routeParameters = chain.RoutePattern?.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            var enums = chain.Method.Method.GetParameters()
                .Where(p => (Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType).IsEnum && p.ParameterType != chain.RequestType)
                .ToList();
            foreach (var parameter in enums)
            {
                var enumType = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                var check = typeof(StrictParameters).GetMethod(routeParameters.Contains(parameter.Name!)
                    ? nameof(StrictParameters.CheckRouteEnum) : nameof(StrictParameters.CheckQueryEnum))!.MakeGenericMethod(enumType);
                var call = new MethodCall(typeof(StrictParameters), check) { CommentText = $"Read '{parameter.Name}' by its name only" };
                call.Arguments[1] = Constant.ForString(parameter.Name!);
                chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
            }
        }
    }
}

public static class StrictParameters
{
    public static IResult CheckRouteEnum<T>(HttpContext httpContext, string name) where T : struct, Enum =>
        Check<T>(name, httpContext.GetRouteValue(name)?.ToString());

    public static IResult CheckQueryEnum<T>(HttpContext httpContext, string name) where T : struct, Enum =>
        httpContext.Request.Query.TryGetValue(name, out var values)
            ? values.Select(value => Check<T>(name, value)).FirstOrDefault(result => result is not WolverineContinue) ?? WolverineContinue.Result()
            : WolverineContinue.Result();

    private static IResult Check<T>(string name, string? value) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value) || IsName<T>(value)) return WolverineContinue.Result();
        return Results.Problem(Problems.Invalid(name, $"'{value}' is not a valid '{name}': it must be {InvalidInput.Describe(typeof(T))}."));
    }

    /// <summary>One defined name of the enum, in any case; never a number, nor a comma-separated combination.</summary>
    public static bool IsName<T>(string value) where T : struct, Enum =>
        value.All(char.IsAsciiLetter) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed);
}
