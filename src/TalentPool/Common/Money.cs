namespace TalentPool.Common;

/// <summary>
/// An exact amount in one currency. The one rounding rule of the platform lives here: an amount
/// that is billed (a statement line) is rounded once, to 2 decimals, half away from zero;
/// totals are sums of rounded lines and are never rounded again. On the wire: { "amount": 1234.50, "currency": "NOK" }.
/// </summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static readonly IReadOnlySet<string> Currencies = new HashSet<string> { "NOK", "SEK", "EUR" };

    public static Money Zero(string currency) => new(0.00m, currency);

    /// <summary>A billed amount from an exact one: the only place money is rounded.</summary>
    public static Money Billed(decimal exactAmount, string currency) =>
        // Adding 0.00m gives the amount two decimals of scale, so it is written 1250.00, not 1250.
        new(decimal.Round(exactAmount, 2, MidpointRounding.AwayFromZero) + 0.00m, currency);

    /// <summary>A total: the sum of amounts already billed (so nothing is rounded here).</summary>
    public static Money Sum(IEnumerable<Money> amounts, string currency) => amounts.Aggregate(Zero(currency), (total, amount) => total + amount);

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount, SameCurrency(a, b));
    public static Money operator -(Money a, Money b) => new(a.Amount - b.Amount, SameCurrency(a, b));
    public static Money operator -(Money a) => a with { Amount = -a.Amount };

    public override string ToString() => $"{Amount:0.00} {Currency}";

    private static string SameCurrency(Money a, Money b) => a.Currency == b.Currency
        ? a.Currency
        : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
