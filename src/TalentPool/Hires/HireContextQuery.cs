using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Billing;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Hires;

/// <summary>
/// What recording a hire reads, in one batch: the talent, the partner with its region, the talent's hires with the
/// partners they were made by (whether one is still a member on the hire date decides whether the hire is internal),
/// the vacancy, and the region's billing settlement (how many billing events the region has: billing stamps the fee
/// with it). The region and the settlement follow from the partner inside the same batch (an include, a subquery).
/// </summary>
public sealed class HireContextQuery(RecordHire command) : IBatchQueryPlan<HireContext>
{
    // The settlement's id is derived from the region's id in .NET (RegionBilling.StreamIdFor): found by its region instead.
    private const string SettlementOfPartnersRegion =
        $"where data ->> 'regionId' = (select data ->> 'regionId' from {DatabaseConfiguration.SchemaName}.mt_doc_partner where id = ?)";

    public async Task<HireContext> Fetch(IBatchedQuery batch)
    {
        var regions = new List<Region>();
        var employers = new List<Partner>();
        var talent = batch.Load<Talent>(command.TalentId);
        var partner = batch.Query<Partner>().Where(p => p.Id == command.PartnerId).Include(p => p.RegionId, regions).ToList();
        var hires = batch.Query<Hire>().Where(h => h.TalentId == command.TalentId).Include(h => h.PartnerId, employers).ToList();
        var vacancy = command.VacancyId is { } vacancyId ? batch.Load<VacancyView>(vacancyId) : Task.FromResult<VacancyView?>(null);
        var settlement = batch.Query<RegionSettlement>(SettlementOfPartnersRegion, command.PartnerId);

        var loadedTalent = await talent;
        var loadedPartner = (await partner).SingleOrDefault();
        var loadedHires = await hires;
        return new HireContext(
            loadedTalent is null ? null : new TalentHistory(loadedTalent, loadedHires, employers),
            loadedPartner,
            regions.SingleOrDefault(r => r.Id == loadedPartner?.RegionId),
            await vacancy,
            (await settlement).SingleOrDefault()?.Changes ?? 0);
    }
}
