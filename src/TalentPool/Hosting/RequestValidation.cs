using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace TalentPool.Hosting;

/// <summary>
/// Runs the FluentValidation validator of an endpoint's request body, when one is registered, before
/// the endpoint and before any data is loaded: a refused request costs no database round trip.
/// Every endpoint with a body declares the 400 it gives for a body that is not valid JSON or fails validation.
/// </summary>
public sealed class RequestValidationPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(chain => chain.RequestType is not null && chain.RequestType != typeof(void)))
        {
            var requestType = chain.RequestType!;
            chain.Metadata.ProducesValidationProblem();
            var validated = container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(requestType));

            var validate = typeof(RequestValidation)
                .GetMethod(validated ? nameof(RequestValidation.ValidateAsync) : nameof(RequestValidation.RequireBody))!
                .MakeGenericMethod(requestType);
            var call = new MethodCall(typeof(RequestValidation), validate) { CommentText = "Validate the request body" };
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class RequestValidation
{
    public const int MaxReportedFields = 20;

    private static readonly Task<IResult> Continue = Task.FromResult<IResult>(WolverineContinue.Result());

    /// <summary>
    /// Synchronously when the validator has no asynchronous rule (every validator today): FluentValidation's asynchronous
    /// path builds a state machine per rule and list item, which a profile put at 6 % of a registration's CPU. A validator
    /// that has one is found out on its first request and validated asynchronously from then on.
    /// </summary>
    public static Task<IResult> ValidateAsync<T>(IValidator<T> validator, T? request)
    {
        if (request is null) return Task.FromResult(RequireBody(request));
        if (ValidatesAsynchronously<T>.Known) return ValidateAsynchronouslyAsync(validator, request);
        ValidationResult result;
        try
        {
            result = validator.Validate(request);
        }
        catch (AsyncValidatorInvokedSynchronouslyException)
        {
            ValidatesAsynchronously<T>.Known = true;
            return ValidateAsynchronouslyAsync(validator, request);
        }
        return result.IsValid ? Continue : Task.FromResult(Refusal(result));
    }

    private static async Task<IResult> ValidateAsynchronouslyAsync<T>(IValidator<T> validator, T request)
    {
        var result = await validator.ValidateAsync(request);
        return result.IsValid ? WolverineContinue.Result() : Refusal(result);
    }

    private static class ValidatesAsynchronously<T>
    {
        public static volatile bool Known;
    }

    private static IResult Refusal(ValidationResult result)
    {
        var fields = result.Errors.GroupBy(error => FieldName(error.PropertyName)).ToList();
        // A list of thousands of bad items must not become an answer of thousands of errors: the first ones say enough.
        var errors = fields.Take(MaxReportedFields)
            .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).Distinct().ToArray());
        var more = fields.Count - errors.Count;
        return Results.Problem(Problems.Invalid(errors,
            more > 0 ? $"{Problems.CorrectTheFields} ({more} more fields are invalid and not listed)" : Problems.CorrectTheFields));
    }

    /// <summary>The JSON literal <c>null</c> is valid JSON, but not a request.</summary>
    public static IResult RequireBody<T>(T? request) => request is not null
        ? WolverineContinue.Result()
        : Results.Problem(Problems.Invalid(InvalidInput.Body, "The body must be a JSON object, not null."));

    // Field names as the client wrote them in JSON: "accompanyingPartner.occupation", "languages[0]".
    private static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
}
