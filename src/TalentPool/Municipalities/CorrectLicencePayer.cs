using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

/// <summary>Replace the payer recorded from <c>EffectiveFrom</c>, which was wrong: its own route and event, with a reason.</summary>
public sealed record CorrectLicencePayer(LicencePayer PaidBy, DateOnly EffectiveFrom, string Reason);

public sealed class CorrectLicencePayerValidator : AbstractValidator<CorrectLicencePayer>
{
    public CorrectLicencePayerValidator()
    {
        RuleFor(x => x.PaidBy).IsNamedValue();
        RuleFor(x => x.EffectiveFrom).NotEmpty();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(InputLimits.Reason);
    }
}

public static class CorrectLicencePayerEndpoint
{
    [EndpointSummary("Correct who pays the licence from a date")]
    [EndpointDescription("Correct who pays the licence from a date (the join day or a later change), with a reason. 409: no payer is recorded from that day.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/payer/corrections", OperationId = "CorrectLicencePayer"), Tags("Municipalities")]
    [Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Post(CorrectLicencePayer command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.CorrectPayer(municipality, command)]);
}
