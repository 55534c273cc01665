using System.Collections;
using FluentValidation;
using FluentValidation.Validators;

namespace TalentPool.Common;

/// <summary>
/// How long a string and how many items a list in a request may be: every request bounds every string and
/// list it reads with one of these (a test generated from the OpenAPI document holds it to that), and the
/// document declares them as <c>maxLength</c>/<c>maxItems</c>, read from the same validator rules.
/// Each is well above anything a real user writes, and far below what would make a request costly.
/// A list's items are checked only when the list is within its bound (<c>DependentRules</c>): a list of
/// fifty thousand bad items costs one error, not fifty thousand. A code with a format (a country, a municipality
/// number …) is checked for its format only within its bound (<c>Cascade(CascadeMode.Stop)</c>): one error, not two.
/// </summary>
public static class InputLimits
{
    /// <summary>A person's, an organisation's, a region's, a county's or a municipality's name; a vacancy's title; an occupation.</summary>
    public const int Name = 200;

    /// <summary>An e-mail address (RFC 5321's limit on a forward path).</summary>
    public const int Email = 254;

    public const int Phone = 30;

    /// <summary>Why something was cancelled, corrected, rejected or reopened: a few sentences.</summary>
    public const int Reason = 500;

    /// <summary>A short free-text note, such as where a talent heard about the region.</summary>
    public const int Note = 500;

    /// <summary>What a talent writes about themselves: about a page.</summary>
    public const int About = 4000;

    /// <summary>A vacancy's description: a few pages.</summary>
    public const int VacancyDescription = 10_000;

    public const int CompetenceArea = 100;

    /// <summary>A client's <c>Idempotency-Key</c>: room for a UUID or a client's own composite key, never a body's worth.</summary>
    public const int IdempotencyKey = 255;

    /// <summary>Years of experience a talent states, a vacancy asks for, or a search filters on: a working life.</summary>
    public const int YearsOfExperience = 70;

    /// <summary>Competence areas a talent names.</summary>
    public const int CompetenceAreas = 20;

    /// <summary>Languages a talent speaks, or a vacancy requires.</summary>
    public const int Languages = 20;

    /// <summary>An ISO 639-1 or 639-2 language code: two or three letters.</summary>
    public const int LanguageCode = 3;

    /// <summary>An ISO 3166-1 alpha-2 country code.</summary>
    public const int CountryCode = 2;

    /// <summary>An ISO 4217 currency code.</summary>
    public const int CurrencyCode = 3;

    /// <summary>A municipality number, such as 3403.</summary>
    public const int MunicipalityNumber = 4;

    /// <summary>A national organisation number (9 digits in Norway, 10 in Sweden), with room for spaces and dashes.</summary>
    public const int OrganisationNumber = 20;

    /// <summary>Municipalities a talent would like to live in: a whole county of the largest (about 50) twice over.</summary>
    public const int PreferredMunicipalities = 100;

    /// <summary>Municipalities of a county or a region: no country has a county or region of more than a few hundred.</summary>
    public const int Municipalities = 500;

    /// <summary>A month written yyyy-MM.</summary>
    public const int Month = 7;

    /// <summary>Population bands of a price list.</summary>
    public const int PriceBands = 20;

    /// <summary>A webhook endpoint's URL (browsers' and most servers' practical limit).</summary>
    public const int Url = 2000;

    /// <summary>The event kinds one webhook subscribes to (there are only a few).</summary>
    public const int WebhookEventKinds = 10;

    /// <summary>A saved search's free text (web-search syntax over the shared base): a few words, a phrase or two.</summary>
    public const int SearchText = 200;

    /// <summary>Other regions a talent names to be seen in (every region is one flag, not a list).</summary>
    public const int OtherRegions = 100;

    /// <summary>At most <paramref name="max"/> items; a list that is not there is left to other rules.</summary>
    public static IRuleBuilderOptions<T, TList> MaximumItems<T, TList>(this IRuleBuilder<T, TList> rule, int max)
        where TList : IEnumerable? => rule.SetValidator(new MaximumItemsValidator<T, TList>(max));
}

/// <summary>A list of at most <see cref="Max"/> items: read by the OpenAPI document as <c>maxItems</c>.</summary>
public sealed class MaximumItemsValidator<T, TList>(int max) : PropertyValidator<T, TList>
    where TList : IEnumerable?
{
    public int Max { get; } = max;

    public override string Name => "MaximumItemsValidator";

    public override bool IsValid(ValidationContext<T> context, TList value)
    {
        var count = value switch
        {
            null => 0,
            ICollection collection => collection.Count,
            _ => value.Cast<object?>().Count(),
        };
        if (count <= Max) return true;
        context.MessageFormatter.AppendArgument("MaxItems", Max).AppendArgument("TotalItems", count);
        return false;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) =>
        "'{PropertyName}' must have at most {MaxItems} items. You gave {TotalItems}.";
}
