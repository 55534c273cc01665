using Marten;
using Marten.Services.BatchQuerying;
using TalentPool.Hosting;

namespace TalentPool.Regions;

/// <summary>Reading the installation's counties from a region's session (counties live in the installation's tenant).</summary>
public static class Counties
{
    public static Task<IReadOnlyList<County>> InstallationCounty(this IBatchedQuery batch, Guid countyId) =>
        batch.Query<County>().Where(c => c.TenantIsOneOf(RegionTenancy.InstallationTenant) && c.Id == countyId).ToList();
}
