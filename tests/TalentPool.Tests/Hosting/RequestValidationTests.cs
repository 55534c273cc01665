using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Request bodies are validated synchronously (the cheap path); a validator with an asynchronous rule still validates,
/// asynchronously, every time — the first request included.
/// </summary>
public sealed class RequestValidationTests
{
    public sealed record Named(string Name);

    private sealed class SynchronousRules : AbstractValidator<Named>
    {
        public SynchronousRules() => RuleFor(x => x.Name).NotEmpty();
    }

    private sealed class AsynchronousRules : AbstractValidator<Named>
    {
        public AsynchronousRules() => RuleFor(x => x.Name).MustAsync(async (name, cancellation) =>
        {
            await Task.Yield();
            return name != "taken";
        }).WithMessage("'Name' is taken.");
    }

    [Fact]
    public async Task A_valid_body_continues_and_an_invalid_one_is_a_400_naming_the_field()
    {
        (await RequestValidation.ValidateAsync(new SynchronousRules(), new Named("Priya"))).ShouldBeOfType<WolverineContinue>();
        Refused(await RequestValidation.ValidateAsync(new SynchronousRules(), new Named(""))).ShouldContainKey("name");
    }

    [Fact]
    public async Task A_validator_with_an_asynchronous_rule_is_run_asynchronously_from_its_first_request_on()
    {
        for (var request = 0; request < 3; request++)
        {
            (await RequestValidation.ValidateAsync(new AsynchronousRules(), new Named("Priya"))).ShouldBeOfType<WolverineContinue>();
            Refused(await RequestValidation.ValidateAsync(new AsynchronousRules(), new Named("taken")))["name"].ShouldBe(["'Name' is taken."]);
        }
    }

    public enum Colour { Red, Green }

    public sealed record Painted(Colour Colour);

    private sealed class NamedValueRule : AbstractValidator<Painted>
    {
        public NamedValueRule() => RuleFor(x => x.Colour).IsNamedValue();
    }

    private sealed class InEnumRule : AbstractValidator<Painted>
    {
        public InEnumRule() => RuleFor(x => x.Colour).IsInEnum();
    }

    [Fact]
    public void An_enum_value_that_is_none_of_its_names_is_refused_as_IsInEnum_refuses_it()
    {
        new NamedValueRule().Validate(new Painted(Colour.Green)).IsValid.ShouldBeTrue();
        var refused = new NamedValueRule().Validate(new Painted((Colour)7)).Errors.ShouldHaveSingleItem();
        refused.ErrorMessage.ShouldBe(new InEnumRule().Validate(new Painted((Colour)7)).Errors.ShouldHaveSingleItem().ErrorMessage);
    }

    private static IDictionary<string, string[]> Refused(IResult result)
    {
        var problem = result.ShouldBeOfType<ProblemHttpResult>();
        problem.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        return problem.ProblemDetails.ShouldBeOfType<Microsoft.AspNetCore.Http.HttpValidationProblemDetails>().Errors;
    }
}
