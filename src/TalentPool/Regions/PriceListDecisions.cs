using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>A region's price list is a timeline of versions, one per <c>effectiveFrom</c>.</summary>
public static class PriceListDecisions
{
    public static PriceListPublished Publish(Region region, PriceList version)
    {
        if (region.PriceLists.Any(p => p.EffectiveFrom == version.EffectiveFrom))
        {
            throw new RuleViolation($"A price list in force from {version.EffectiveFrom:yyyy-MM-dd} is published already. To replace it, " +
                $"correct it with a reason (POST /api/v1/regions/{region.Id}/price-lists/corrections).");
        }
        return new PriceListPublished(region.Id, version);
    }

    public static PriceListCorrected Correct(Region region, CorrectPriceList command)
    {
        if (region.PriceLists.All(p => p.EffectiveFrom != command.PriceList.EffectiveFrom))
        {
            throw new RuleViolation($"No price list is in force from {command.PriceList.EffectiveFrom:yyyy-MM-dd}, so there is nothing to correct; " +
                $"a new version is published with POST /api/v1/regions/{region.Id}/price-lists.");
        }
        return new PriceListCorrected(region.Id, command.PriceList, command.Reason.Trim());
    }
}
