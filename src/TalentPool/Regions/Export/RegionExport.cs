using System.Security.Claims;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Metrics.Csv;

using TalentPool.Hosting;

namespace TalentPool.Regions.Export;

/// <summary>
/// A region's statements and metrics as the CSV files its endpoints answer, read by calling those endpoints' own methods (not
/// over HTTP) as an admin: the same read models, the same figures, the same bytes as <c>Accept: text/csv</c>. Statements,
/// which have no CSV answer, are written per month by <see cref="StatementCsv"/> from the region statements endpoint's answer.
/// </summary>
public sealed class RegionExport(IDocumentStore store, ReadModelProgress progress, TimeProvider clock, JsonSerializerOptions json)
{
    // The operator acts as an admin: the endpoints' own access rule lets an admin read every region.
    private static readonly ClaimsPrincipal Operator =
        new(new ClaimsIdentity([new Claim("role", Roles.Admin)], authenticationType: "operator", nameType: "sub", roleType: "role"));

    /// <summary>The files of one region and period, each as its endpoint answers it; a refusal as the endpoint words it.</summary>
    public async IAsyncEnumerable<ICsvFile> FilesAsync(Guid regionId, string? from, string? to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        // The region's own tenant: the export reads what the region's endpoints read.
        await using var session = store.QuerySession(RegionTenancy.TenantOf(regionId));
        var months = RegionMetricsRequest.MonthsOf(from, to, clock);
        var (first, last) = (months[0].ToString(), months[^1].ToString());

        foreach (var month in months)
        {
            var answer = await StatementEndpoints.ForRegion(regionId, month.ToString(), session, cancellation);
            yield return new StatementCsv(regionId, month, Value<IReadOnlyList<Statement>>(answer));
        }

        var today = clock.Today();
        var goalsDay = months[^1].LastDay < today ? months[^1].LastDay : today;
        yield return File(await GetRegionMonthlyMetricsEndpoint.Get(regionId, Operator, session, progress, clock, cancellation, first, last));
        yield return File(await GetRegionHiresPerMonthEndpoint.Get(regionId, Operator, session, progress, cancellation, first, last));
        yield return File(await GetRegionMemberChurnEndpoint.Get(regionId, Operator, session, progress, clock, cancellation, first, last));
        yield return File(await GetRegionRetentionEndpoint.Get(regionId, Operator, session, progress, clock, cancellation, first, last));
        yield return File(await GetRegionTargetMarketsEndpoint.Get(regionId, Operator, session, progress, clock, cancellation, first, last));
        yield return File(await GetRegionGoalsEndpoint.Get(regionId, Operator, session, progress, clock, cancellation, goalsDay));
    }

    public byte[] Body(ICsvFile file) => file.Body(json);

    private static ICsvFile File(IResult answer) => answer as ICsvFile ?? throw Refused(answer);

    private static T Value<T>(IResult answer) => answer is Ok<T> ok ? ok.Value! : throw Refused(answer);

    private static InvalidOperationException Refused(IResult answer) => new(answer is ProblemHttpResult problem
        ? problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Refused."
        : $"Unexpected answer {answer.GetType().Name}.");
}
