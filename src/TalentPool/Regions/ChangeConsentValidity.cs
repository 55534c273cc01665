using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Common;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

public sealed record ChangeConsentValidity(int Months);

public sealed class ChangeConsentValidityValidator : AbstractValidator<ChangeConsentValidity>
{
    public ChangeConsentValidityValidator() => RuleFor(x => x.Months).InclusiveBetween(1, 120);
}

public static class ChangeConsentValidityEndpoint
{
    [EndpointSummary("Set how many months a talent's consent lasts in the region (admin; default 24)")]
    [WolverinePost("/api/v1/regions/{regionId}/consent-validity", OperationId = "ChangeConsentValidity"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedReadModel<RegionDetails>, Events) Post(ChangeConsentValidity command, [WriteAggregate("regionId")] Region region) =>
        (new UpdatedReadModel<RegionDetails>(), [new ConsentValidityChanged(region.Id, command.Months)]);
}
