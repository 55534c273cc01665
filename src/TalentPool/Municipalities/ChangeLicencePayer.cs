using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record ChangeLicencePayer(LicencePayer PaidBy, DateOnly EffectiveFrom);

public sealed class ChangeLicencePayerValidator : AbstractValidator<ChangeLicencePayer>
{
    public ChangeLicencePayerValidator()
    {
        RuleFor(x => x.PaidBy).IsNamedValue();
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

public static class ChangeLicencePayerEndpoint
{
    [EndpointSummary("Who pays the licence from a date")]
    [EndpointDescription("Who pays the licence from a date: the municipality or its regional council. A back-dated change takes its place in the history and leaves later changes alone. 409: a payer is recorded from that day already (correct it with `/payer/corrections`).")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/payer", OperationId = "ChangeLicencePayer"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<MunicipalityDetails>, Events) Payer(ChangeLicencePayer command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedReadModel<MunicipalityDetails>(), [MunicipalityDecisions.ChangePayer(municipality, command)]);
}
