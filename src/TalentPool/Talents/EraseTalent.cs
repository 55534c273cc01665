using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Talents;

public static class EraseTalentEndpoint
{
    [EndpointSummary("Erase a talent (the talent itself or an admin)")]
    [EndpointDescription("Erase a talent (the talent itself or an admin): a `talent_erased` fact without personal data is recorded, every read model forgets the person, and the personal details inside the talent's stored events are masked in place, and so is the free text members wrote about the talent in the talent's candidacies and hires (rejection, cancellation and ending reasons, the accompanying partner's occupation). Hires, candidacies and billing keep their anonymous facts. Erasing again is harmless: it masks again and answers 204.")]
    [WolverinePost("/api/v1/talents/{talentId}/erasure", OperationId = "EraseTalent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(
        Guid talentId, ClaimsPrincipal user, IDocumentSession session, IDocumentStore store, TimeProvider clock, CancellationToken cancellation)
    {
        var stream = await session.Events.FetchStreamStateAsync(talentId, cancellation);
        if (stream is null || (stream.AggregateType is not null && stream.AggregateType != typeof(Talent))) return Results.Problem(Problems.NotFound($"No talent {talentId}."));

        if (await session.LoadAsync<Talent>(talentId, cancellation) is not null)
        {
            var requestedBy = user.IsAdmin() ? ErasureRequester.Admin : ErasureRequester.Talent;
            session.Events.Append(talentId, new TalentErased(talentId, requestedBy, clock.GetUtcNow()));
            await session.SaveChangesAsync(cancellation);
        }

        // After the erasure is committed, so a failure here is mended by erasing again. First a fact in each of the talent's
        // candidacies and hires: from then on a reason written there is stored masked (a write that loaded the stream before
        // the fact is refused as concurrent); then the masking, which reaches every text written before the fact.
        var candidacies = await session.Query<Candidacy>().Where(c => c.TalentId == talentId).ToListAsync(cancellation);
        var hires = await session.Query<Hire>().Where(h => h.TalentId == talentId).ToListAsync(cancellation);
        var now = clock.GetUtcNow();
        foreach (var candidacy in candidacies.Where(c => !c.TalentErased))
        {
            session.Events.Append(candidacy.Id, new CandidacyTextErased(candidacy.Id, candidacy.EmployerKind, candidacy.EmployerId, now));
        }
        foreach (var hire in hires.Where(h => !h.TalentErased))
        {
            session.Events.Append(hire.Id, new HireTextErased(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, hire.WorkplaceMunicipality, now));
        }
        await session.SaveChangesAsync(cancellation);

        await store.Advanced.ApplyEventDataMasking(masking =>
        {
            // The talent's region: Marten masks the streams of one tenant.
            masking.ForTenant(session.TenantId);
            masking.IncludeStream(talentId);
            foreach (var stream in candidacies.Select(c => c.Id).Concat(hires.Select(h => h.Id))) masking.IncludeStream(stream);
        }, cancellation);
        return Results.NoContent();
    }
}
