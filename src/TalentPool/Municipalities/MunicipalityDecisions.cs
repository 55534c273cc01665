using TalentPool.Common;

namespace TalentPool.Municipalities;

public static class MunicipalityDecisions
{
    public static MunicipalityLeft Leave(Municipality municipality, LeaveMunicipalityMembership command)
    {
        if (!municipality.IsMember) throw new RuleViolation($"{municipality.Name} is not a member.");
        var from = municipality.Terms[^1].From;
        if (command.LeftOn <= from) throw new RuleViolation($"{municipality.Name} can leave after its membership began on {from:yyyy-MM-dd}.");
        return new MunicipalityLeft(municipality.Id, command.LeftOn, command.Reason.Trim());
    }

    public static MunicipalityRejoined Rejoin(Municipality municipality, RejoinMunicipality command)
    {
        if (municipality.IsMember) throw new RuleViolation($"{municipality.Name} is a member already.");
        var left = municipality.Terms[^1].Until!.Value;
        if (command.RejoinedOn < left) throw new RuleViolation($"{municipality.Name} can rejoin from {left:yyyy-MM-dd}, when it left.");
        return new MunicipalityRejoined(municipality.Id, command.RejoinedOn);
    }
}
