using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Municipalities;

public sealed record ChangeLicencePayer(LicencePayer PaidBy, DateOnly EffectiveFrom);

public sealed class ChangeLicencePayerValidator : AbstractValidator<ChangeLicencePayer>
{
    public ChangeLicencePayerValidator()
    {
        RuleFor(x => x.PaidBy).IsInEnum();
        RuleFor(x => x.EffectiveFrom).NotEmpty();
    }
}

public static class ChangeLicencePayerEndpoint
{
    [EndpointSummary("Who pays the licence from a date")]
    [EndpointDescription("Who pays the licence from a date: the municipality or its regional council.")]
    [WolverinePost("/api/v1/municipalities/{municipalityId}/payer", OperationId = "ChangeLicencePayer"), Tags("Municipalities"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedAggregate, Events) Payer(ChangeLicencePayer command, [WriteAggregate("municipalityId")] Municipality municipality) =>
        (new UpdatedAggregate(), [new MunicipalityPayerChanged(municipality.Id, command.PaidBy, command.EffectiveFrom)]);
}
