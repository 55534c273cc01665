using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>
/// A payer's statement of a month that changed (<c>id</c> = <c>{payerId}/{month}</c>): as the statements read it now
/// (<c>Upsert</c>; for a municipality, its own licence lines of that payer's statement), or none any more (<c>Tombstone</c>:
/// forget it — the month bills that payer nothing the caller sees).
/// </summary>
public sealed record StatementChange(string Id, Guid PayerId, BillingMonth Month, ChangeKind Kind, Statement? Statement);

/// <summary>
/// A page of the statements' change feed; read the next with <c>after</c> = <c>next</c>. <c>CoveredThrough</c>: the latest
/// month the feed covers (every month up to it, the current month once the feed has been read in it); null before any.
/// </summary>
public sealed record StatementChangePage(
    IReadOnlyList<StatementChange> Items, string Next, bool HasMore, BillingMonth? CoveredThrough, ReadModelFreshness Freshness);

public static class StatementChangesEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) =>
        ChangeCursor.Check(SyncList.Statements, after, limit);

    [EndpointSummary("What changed in the caller's statements since a cursor")]
    [EndpointDescription("Statements as a change feed: each (payer, month) statement that may have changed after the cursor `after` "
        + "(a hire or cancellation, a membership, tier, population, payer or price-list fact from its date on, a county rate, a month "
        + "closed or reopened, a month begun), once, as the statements read it now, oldest change first: an `Upsert` with the "
        + "statement, or a `Tombstone` (no statement with lines for the caller). No `after`: from the beginning. Keep `next` and "
        + "pass it as `after`; `hasMore` says another page is ready. The feed covers every month up to `coveredThrough` (the current "
        + "month, recorded by the service within a minute of its beginning); later months are read live. Admins follow every payer of the region "
        + "(`GET /api/v1/regions/{regionId}/statements/{month}`), a partner its own statement, a municipality its licence lines "
        + "(`GET /api/v1/municipalities/{municipalityId}/statements/{month}`). `waitForWrites=true` waits (at most 5 s) for the events "
        + "stored before the request. See README \"Incremental sync\".")]
    [WolverineGet("/api/v1/changes/statements", OperationId = "ListStatementChanges"), Tags("Sync")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<StatementChangePage> Get(
        ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress,
        CancellationToken cancellation, [StringLength(ChangeCursor.MaxLength), RegularExpression(ChangeCursor.Pattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var regionId = RegionTenancy.RegionOf(session);
        var partnerId = user.PartnerId();
        var municipalityId = user.MunicipalityId();
        var audience = (partnerId ?? municipalityId)?.ToString() ?? StatementChanges.RegionAudience;
        // Regions on several databases: the other databases' county-rate facts stored before the request are first recorded here
        // (CountyRateRelay), so waiting for this database's feed then waits for their rows too.
        var relayed = waitForWrites ? await CountyRateRelay.WaitForOtherDatabasesAsync(session, progress, cancellation) : null;
        var page = await ChangeFeed.ReadAsync(session, progress, SyncList.Statements, audience, after, limit, waitForWrites, cancellation);
        var freshness = relayed is { Wait: WaitOutcome.TimedOut } && page.Freshness.Wait == WaitOutcome.Reached ? relayed : page.Freshness;

        // Each month's statements as the statement reads compute them now: every month on the page read in the round trips of one.
        var ledgers = await BillingFactsLoader.LoadMonthsAsync(session, regionId, [.. page.Rows.Select(r => r.Month).OfType<BillingMonth>().Distinct()], cancellation);
        var statements = ledgers.ToDictionary(ledger => ledger.Key, ledger => BillingLedger.StatementsFor(ledger.Key, ledger.Value));

        var items = page.Rows.Select(row =>
        {
            var month = row.Month!.Value;
            var statement = statements.GetValueOrDefault(month)?.FirstOrDefault(s => s.PayerId == row.ItemId);
            if (partnerId is { } partner && row.ItemId != partner) statement = null;
            if (municipalityId is { } municipality && statement is not null)
                statement = statement.WithLines(statement.Lines.Where(line => line.MemberId == municipality).ToList());
            return statement is { Lines.Count: > 0 }
                ? new StatementChange($"{row.ItemId}/{month}", row.ItemId, month, ChangeKind.Upsert, statement)
                : new StatementChange($"{row.ItemId}/{month}", row.ItemId, month, ChangeKind.Tombstone, null);
        }).ToList();
        var state = await session.LoadAsync<StatementFeedState>(regionId, cancellation);
        return new StatementChangePage(items, page.Next, page.HasMore, state?.CoveredThrough, freshness);
    }
}
