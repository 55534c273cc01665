using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Regions;

/// <summary>The region's long-range goal: this many hires to date by the end of the month <c>By</c> (yyyy-MM).</summary>
public sealed record SetLongRangeGoal(int Hires, string By);

public sealed class SetLongRangeGoalValidator : AbstractValidator<SetLongRangeGoal>
{
    public const int MostHires = 10_000_000;

    public SetLongRangeGoalValidator()
    {
        RuleFor(x => x.Hires).InclusiveBetween(1, MostHires);
        RuleFor(x => x.By).Cascade(CascadeMode.Stop)
            .MaximumLength(InputLimits.Month).WithMessage(x => BillingMonth.NotAMonth(x.By))
            .Must(by => BillingMonth.TryParse(by, out _)).WithMessage(x => BillingMonth.NotAMonth(x.By));
    }
}

public static class SetLongRangeGoalEndpoint
{
    [EndpointSummary("Set the region's long-range goal: hires to date by a month (admin; default 10,000 by 2030-12)")]
    [EndpointDescription(
        "The goal the region's goals metric measures hires to date against, with the monthly rate needed to reach it. " +
        "`hires`: 1 to 10,000,000; `by`: the month (yyyy-MM) by whose end they should be reached. Until set, a region's goal is " +
        "10,000 hires by 2030-12 (T10's figure: 10,000 jobs by 2030). Answers the region as it now is.")]
    [WolverinePost("/api/v1/regions/{regionId}/long-range-goal", OperationId = "SetLongRangeGoal"), Tags("Regions"), Authorize(Roles = Roles.Admin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static (UpdatedReadModel<RegionDetails>, Events) Post(SetLongRangeGoal command, [WriteAggregate("regionId")] Region region)
    {
        BillingMonth.TryParse(command.By, out var by);
        return (new UpdatedReadModel<RegionDetails>(), [new LongRangeGoalSet(region.Id, command.Hires, by)]);
    }
}
