using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Billing;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Hires;

/// <summary>
/// What recording a hire reads, in one batch: the talent, the partner and its region, the talent's hires and the
/// partners they were made by (whether one is still a member on the hire date decides whether the hire is internal),
/// the vacancy, and the region's billing settlement (how many billing events the region has: billing stamps the fee
/// with it). What follows from the partner or the hires is found by a subquery in the same batch (Marten's
/// <c>Include</c> would create two temporary tables per hire).
/// </summary>
public sealed class HireContextQuery(RecordHire command) : IBatchQueryPlan<HireContext>
{
    public async Task<HireContext> Fetch(IBatchedQuery batch)
    {
        var partners = Table<Partner>(batch);
        var talent = batch.Load<Talent>(command.TalentId);
        var partner = batch.Load<Partner>(command.PartnerId);
        var region = batch.Query<Region>($"where id = (select cast(data ->> 'regionId' as uuid) from {partners} where id = ?)", command.PartnerId);
        // The statement LINQ would send (the session's tenant and the talent, on the talent index), without parsing a LINQ
        // expression per hire.
        var hires = batch.Query<Hire>("where d.tenant_id = ? and cast(d.data ->> 'talentId' as uuid) = ?", batch.Parent.TenantId, command.TalentId);
        var employers = batch.Query<Partner>(
            $"where id in (select cast(data ->> 'partnerId' as uuid) from {Table<Hire>(batch)} where cast(data ->> 'talentId' as uuid) = ?)",
            command.TalentId);
        var vacancy = command.VacancyId is { } vacancyId ? batch.Load<VacancyView>(vacancyId) : Task.FromResult<VacancyView?>(null);
        // The settlement's id is derived from the region's in .NET (RegionBilling.StreamIdFor): found by its region instead.
        var settlement = batch.Query<RegionSettlement>(
            $"where data ->> 'regionId' = (select data ->> 'regionId' from {partners} where id = ?)", command.PartnerId);

        var loadedTalent = await talent;
        return new HireContext(
            loadedTalent is null ? null : new TalentHistory(loadedTalent, await hires, await employers),
            await partner,
            (await region).SingleOrDefault(),
            await vacancy,
            (await settlement).SingleOrDefault()?.Changes ?? 0);
    }

    private static string Table<T>(IBatchedQuery batch) => ((IReadOnlyStoreOptions)batch.Parent.Options).Schema.For<T>();
}
